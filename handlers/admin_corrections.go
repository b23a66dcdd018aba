package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

// correctionView is a request as the bureau reads it.
type correctionView struct {
	app.CorrectionRow
	Label          string
	Current, Asked string // described: district and industry names
	Value, Note    string // typed into a refused form
	Error          string
	DecidedByName  string // who decided, by office and login name
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
	status := c.Query("status", app.CorrectionPending)
	if status == "all" {
		status = ""
	}
	page, offset := pageOf(c)
	rows, total, err := h.App.Corrections.List(c.UserContext(), status, pageSize, offset)
	if err != nil {
		return err
	}
	data := correctionsPageData{Status: c.Query("status", app.CorrectionPending), Pager: newPager(c, page, total),
		Notice: correctionNotices[c.Query("ok")]}
	deciders := make([]string, len(rows))
	for i, r := range rows {
		deciders[i] = r.DecidedBy
	}
	names, err := h.App.Audit.AccountNames(c.UserContext(), deciders)
	if err != nil {
		return err
	}
	for _, r := range rows {
		v := correctionView{CorrectionRow: r, Label: app.CorrectionFields[r.Field], DecidedByName: names[r.DecidedBy],
			Current: h.App.Roster.Describe(r.Field, r.CurrentValue), Asked: r.RequestedValue, Value: r.RequestedValue}
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
	id, _ := strconv.ParseInt(c.Params("id"), 10, 64)
	accept := formValue(c, "action") == "accept"
	form := correctionView{Value: formValue(c, "value"), Note: formValue(c, "note")}
	err := h.App.Corrections.Decide(c.UserContext(), app.Decision{ID: id, Accept: accept, Value: form.Value,
		Note: form.Note, Actor: actor(c)})
	if e, ok := apperr.As(err); ok && (e.Code == apperr.Invalid || e.Code == apperr.Conflict) {
		form.Error = e.Message
	} else if err != nil {
		return err
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
