package handlers

import (
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
	"healthcheck/models"
	"healthcheck/plaintext"
	"healthcheck/roster"
)

// correctionView is a request as the bureau reads it.
type correctionView struct {
	models.CorrectionRow
	Label          string
	Current, Asked string // described: district and industry names
	Value, Note    string // typed into a refused form
	Error          string
}

type correctionsPageData struct {
	Status string
	Items  []correctionView
	Pager  pager
	Notice string
	Error  string // a refused decision whose request is no longer listed
}

var correctionNotices = map[string]string{
	"accepted": "已接受更正，名录信息已更新。",
	"refused":  "已拒绝该更正申请。",
}

// correctionsPage is GET /admin/corrections.
func (h *handler) correctionsPage(c *fiber.Ctx) error {
	return h.renderCorrections(c, 0, correctionView{})
}

// renderCorrections lists requests; failed, when set, is the request whose
// form was refused, shown again with what was typed and why.
func (h *handler) renderCorrections(c *fiber.Ctx, failedID int64, failed correctionView) error {
	status := c.Query("status", models.CorrectionPending)
	if status == "all" {
		status = ""
	}
	page, offset := pageOf(c)
	rows, total, err := h.Store.Corrections(c.UserContext(), status, pageSize, offset)
	if err != nil {
		return err
	}
	data := correctionsPageData{Status: c.Query("status", models.CorrectionPending), Pager: newPager(c, page, total),
		Notice: correctionNotices[c.Query("ok")]}
	for _, r := range rows {
		v := correctionView{CorrectionRow: r, Label: models.CorrectionFields[r.Field],
			Current: roster.Describe(h.City, r.Field, r.CurrentValue), Asked: r.RequestedValue, Value: r.RequestedValue}
		if r.ID == failedID {
			v.Value, v.Note, v.Error = failed.Value, failed.Note, failed.Error
			failedID = 0
		}
		data.Items = append(data.Items, v)
	}
	if failedID != 0 {
		data.Error = failed.Error
	}
	return h.render(c, "admin_corrections", pageData{Title: "名录更正申请", Data: data})
}

// correctionDecide is POST /admin/corrections/:id: accept (with the value as
// checked by the roster's rules) or refuse (with a note).
func (h *handler) correctionDecide(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, _ := strconv.ParseInt(c.Params("id"), 10, 64)
	row, err := h.Store.CorrectionByID(ctx, id)
	if err != nil {
		return err
	}
	camp, err := h.Store.CampaignByID(ctx, row.CampaignID)
	if err != nil {
		return err
	}
	accept := formValue(c, "action") == "accept"
	form := correctionView{Value: formValue(c, "value"), Note: formValue(c, "note")}
	d := models.Decision{ID: id, Accept: accept, Note: form.Note, Actor: actor(c)}
	switch {
	case utf8.RuneCountInString(form.Note) > 200:
		form.Error = "说明不能超过 200 字"
	case plaintext.HasControl(form.Note, true) || plaintext.HasControl(form.Value, false):
		form.Error = "含有不可见的控制字符，请删除后重新填写"
	case !accept && form.Note == "":
		form.Error = "拒绝时请写明原因，企业会看到"
	case accept:
		rules, err := h.importer().Rules(camp)
		if err != nil {
			return err
		}
		d.Value, d.Band, form.Error = roster.CheckValue(row.Field, form.Value, rules)
		if d.Rescore, err = h.Survey.Rescorer(camp); err != nil {
			return err
		}
	}
	if form.Error == "" {
		err = h.Store.DecideCorrection(ctx, d)
		if e, ok := apperr.As(err); ok && e.Code == apperr.Conflict {
			form.Error = e.Message
		} else if err != nil {
			return err
		}
	}
	if form.Error != "" {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderCorrections(c, id, form)
	}
	ok := "refused"
	if accept {
		ok = "accepted"
	}
	return c.Redirect("/admin/corrections?ok="+ok, fiber.StatusSeeOther)
}
