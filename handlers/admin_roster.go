package handlers

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/city"
)

// rosterPageData is the upload form, and after an upload what it would do.
type rosterPageData struct {
	Campaign  *app.Campaign
	Firms     int64
	Districts []city.District
	Error     string

	// After an upload (preview) or a confirmed import (Done).
	Filename     string
	Result       *app.RosterResult
	Diff         *app.RosterDiff
	Added        []rosterItemView
	Changed      []rosterItemView
	MoreAdded    int
	MoreChanged  int
	Rejected     []app.RosterRejection
	MoreRejected int
	// Skipped groups the rows read as no firm by reason; Refusal is what an
	// import would answer now (the same words as the command line's).
	Skipped     []string
	Refusal     string
	MoreHeld    int
	RevenueUnit string
	UploadID    int64
	Done        bool
}

type rosterItemView struct {
	CreditCode, Name string
	Submitted        bool
	Changes          []changeView
}

type changeView struct{ Label, Old, New string }

// shownRows bounds each list on the preview page; the counts are complete.
const shownRows = 500

// rosterPage is GET /admin/campaigns/:year/roster.
func (h *handler) rosterPage(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	return h.renderRoster(c, camp, rosterPageData{})
}

func (h *handler) renderRoster(c *fiber.Ctx, camp *app.Campaign, data rosterPageData) error {
	progress, err := h.App.Campaigns.CampaignProgresses(c.UserContext())
	if err != nil {
		return err
	}
	data.Campaign, data.Firms, data.Districts = camp, progress[camp.ID].Firms, h.City.Districts
	return h.render(c, "admin_roster", pageData{Title: fmt.Sprintf("%d 年度名录导入", camp.Year), Data: data})
}

// rosterUpload is POST /admin/campaigns/:year/roster: the file is read and
// checked, kept until confirmed, and the page shows the rejected rows, the
// doubts and what would be added and changed. Nothing is imported yet.
func (h *handler) rosterUpload(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	name, data, err := uploadedFile(c)
	if err == nil {
		u := &app.RosterUpload{CampaignID: camp.ID, CreatedBy: actor(c), Filename: name, Content: data}
		err = h.previewUpload(c, camp, u, "")
	}
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderRoster(c, camp, rosterPageData{Error: e.Message, Filename: name})
	}
	return err
}

// previewUpload checks an upload exactly as the import will (under unit, when
// the bureau chose one), keeps it when it is new, and shows the preview.
func (h *handler) previewUpload(c *fiber.Ctx, camp *app.Campaign, u *app.RosterUpload, unit string) error {
	req := app.RosterRequest{Campaign: camp, Data: u.Content, RevenueUnit: unit}
	res, diff, err := h.App.Roster.Check(c.UserContext(), req)
	if err != nil {
		return err
	}
	// Kept only when there is something to confirm or to read again under
	// another unit (a file in 亿元 under a 万元 header has no row to import).
	if u.ID == 0 && (len(res.Rows) > 0 || res.HeldCount > 0) {
		if err := h.App.Roster.Keep(c.UserContext(), u); err != nil {
			return err
		}
	}
	view := h.rosterView(res, diff)
	view.Filename, view.UploadID, view.RevenueUnit = u.Filename, u.ID, unit
	if e, ok := apperr.As(h.App.Roster.Refusal(res, req)); ok {
		view.Refusal = e.Message
	}
	return h.renderRoster(c, camp, view)
}

// uploadedFile reads the form's file field, refusing one over the limit.
func uploadedFile(c *fiber.Ctx) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return "", nil, apperr.New(apperr.Invalid, "请选择要上传的名录文件（.xlsx 或 .csv）")
	}
	name := filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
	if utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) {
		name = "名录文件"
	}
	if fh.Size > uploadLimit {
		return name, nil, apperr.New(apperr.Invalid, "文件有 %.1f MB，超过了上传名录 %s 的上限：请删去无关的工作表和列，或分成几个文件上传", float64(fh.Size)/(1<<20), app.MiB(uploadLimit))
	}
	f, err := fh.Open()
	if err != nil {
		return name, nil, fmt.Errorf("handlers: open upload: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, uploadLimit))
	if err != nil {
		return name, nil, fmt.Errorf("handlers: read upload: %w", err)
	}
	if len(data) == 0 {
		return name, nil, apperr.New(apperr.Invalid, "上传的文件是空的")
	}
	return name, data, nil
}

// rosterView lays out a checked file and its diff for the page.
func (h *handler) rosterView(res *app.RosterResult, diff *app.RosterDiff) rosterPageData {
	v := rosterPageData{Result: res, Diff: diff, Rejected: res.Rejected, MoreRejected: res.RejectedCount - len(res.Rejected)}
	if len(v.Rejected) > shownRows {
		v.Rejected, v.MoreRejected = v.Rejected[:shownRows], res.RejectedCount-shownRows
	}
	v.Skipped, v.MoreHeld = h.App.Roster.SkippedByReason(res), res.HeldCount-len(res.Held)
	for _, it := range diff.Items {
		iv := rosterItemView{CreditCode: it.CreditCode, Name: it.Name, Submitted: it.Submitted}
		for _, ch := range it.Changes {
			iv.Changes = append(iv.Changes, changeView{Label: app.RosterFieldLabels[ch.Field],
				Old: h.App.Roster.Describe(ch.Field, ch.Old), New: h.App.Roster.Describe(ch.Field, ch.New)})
		}
		switch {
		case it.Kind == app.RosterAdded && len(v.Added) < shownRows:
			v.Added = append(v.Added, iv)
		case it.Kind == app.RosterAdded:
			v.MoreAdded++
		case len(v.Changed) < shownRows:
			v.Changed = append(v.Changed, iv)
		default:
			v.MoreChanged++
		}
	}
	return v
}

// rosterConfirm is POST /admin/campaigns/:year/roster/confirm: the kept file
// is read again and imported in one transaction.
func (h *handler) rosterConfirm(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(formValue(c, "upload_id"), 10, 64)
	u, err := h.App.Roster.Upload(c.UserContext(), camp.ID, id)
	if err != nil {
		return err
	}
	unit := formValue(c, "revenue_unit")
	if formValue(c, "recheck") == "1" { // the bureau chose the suggested unit: check again
		return h.previewUpload(c, camp, u, unit)
	}
	res, diff, err := h.App.Roster.Import(c.UserContext(), app.RosterRequest{Campaign: camp, Data: u.Content, Actor: actor(c),
		Source: u.Filename, SkipInvalid: formValue(c, "skip_invalid") == "1", Confirm: formValue(c, "confirm") == "1",
		RevenueUnit: unit, UploadID: u.ID})
	if err != nil {
		return err
	}
	view := h.rosterView(res, diff)
	view.Filename, view.Done = u.Filename, true
	return h.renderRoster(c, camp, view)
}

// rosterTemplate is GET /admin/roster-template.xlsx: the roster template
// (the same as `healthcheck import --template`).
func (h *handler) rosterTemplate(c *fiber.Ctx) error {
	var buf bytes.Buffer
	if err := h.App.Roster.WriteTemplate(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, attachment("企业名录模板.xlsx"))
	return c.Send(buf.Bytes())
}

// attachment is a Content-Disposition for a download with a Chinese name.
func attachment(name string) string {
	return `attachment; filename="download` + filepath.Ext(name) + `"; filename*=UTF-8''` + url.PathEscape(name)
}
