package handlers

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/export"
	"healthcheck/models"
	"healthcheck/roster"
)

func (h *handler) importer() *roster.Importer {
	return &roster.Importer{Store: h.Store, Survey: h.Survey, City: h.City}
}

// rosterPageData is the upload form, and after an upload what it would do.
type rosterPageData struct {
	Campaign  *models.Campaign
	Firms     int64
	Districts []city.District
	Error     string

	// After an upload (preview) or a confirmed import (Done).
	Filename     string
	Result       *roster.Result
	Diff         *models.RosterDiff
	Added        []rosterItemView
	Changed      []rosterItemView
	MoreAdded    int
	MoreChanged  int
	Rejected     []roster.Rejected
	MoreRejected int
	UploadID     int64
	Done         bool
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

func (h *handler) renderRoster(c *fiber.Ctx, camp *models.Campaign, data rosterPageData) error {
	progress, err := h.Store.CampaignProgresses(c.UserContext())
	if err != nil {
		return err
	}
	data.Campaign, data.Firms, data.Districts = camp, progress[camp.ID].Firms, h.City.Districts
	return h.render(c, "admin_roster", pageData{Title: fmt.Sprintf("%d 年度名录导入", camp.Year), Data: data})
}

// rosterUpload is POST /admin/campaigns/:year/roster: the file is read and
// checked, kept until confirmed, and the page shows the rejected rows and
// what would be added and changed. Nothing is imported yet.
func (h *handler) rosterUpload(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	name, data, err := uploadedFile(c)
	if err == nil {
		var res *roster.Result
		var diff *models.RosterDiff
		if res, diff, err = h.importer().Check(c.UserContext(), camp, data); err == nil {
			u := &models.RosterUpload{CampaignID: camp.ID, CreatedBy: actor(c), Filename: name, Content: data}
			if err := h.Store.SaveUpload(c.UserContext(), u); err != nil {
				return err
			}
			view := h.rosterView(res, diff)
			view.Filename, view.UploadID = name, u.ID
			return h.renderRoster(c, camp, view)
		}
	}
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderRoster(c, camp, rosterPageData{Error: e.Message, Filename: name})
	}
	return err
}

// uploadedFile reads the form's file field.
func uploadedFile(c *fiber.Ctx) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return "", nil, apperr.New(apperr.Invalid, "请选择要上传的名录文件（.xlsx 或 .csv）")
	}
	name := filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
	if utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) {
		name = "名录文件"
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
func (h *handler) rosterView(res *roster.Result, diff *models.RosterDiff) rosterPageData {
	v := rosterPageData{Result: res, Diff: diff, Rejected: res.Rejected}
	if len(v.Rejected) > shownRows {
		v.Rejected, v.MoreRejected = v.Rejected[:shownRows], len(res.Rejected)-shownRows
	}
	for _, it := range diff.Items {
		iv := rosterItemView{CreditCode: it.CreditCode, Name: it.Name, Submitted: it.Submitted}
		for _, ch := range it.Changes {
			iv.Changes = append(iv.Changes, changeView{Label: models.RosterFieldLabels[ch.Field],
				Old: roster.Describe(h.City, ch.Field, ch.Old), New: roster.Describe(h.City, ch.Field, ch.New)})
		}
		switch {
		case it.Kind == models.RosterAdded && len(v.Added) < shownRows:
			v.Added = append(v.Added, iv)
		case it.Kind == models.RosterAdded:
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
	u, err := h.Store.Upload(c.UserContext(), camp.ID, id)
	if err != nil {
		return err
	}
	res, diff, err := h.importer().Import(c.UserContext(), roster.Request{Campaign: camp, Data: u.Content, Actor: actor(c),
		Source: u.Filename, SkipInvalid: formValue(c, "skip_invalid") == "1", UploadID: u.ID})
	if err != nil {
		return err
	}
	view := h.rosterView(res, diff)
	view.Filename, view.Done = u.Filename, true
	return h.renderRoster(c, camp, view)
}

// rosterTemplate is GET /admin/roster-template.xlsx: the contract's columns
// and, on a second sheet, what goes in them.
func (h *handler) rosterTemplate(c *fiber.Ctx) error {
	names := make([]string, len(h.City.Districts))
	for i, d := range h.City.Districts {
		names[i] = d.Name + "（" + d.Code + "）"
	}
	sheet := export.Table{Sheet: "名录", Header: []string{"统一社会信用代码", "企业名称", "所属区县", "行业代码",
		"营业收入(万元)", "从业人员", "联系人", "联系电话", "电子邮箱"}, Widths: []float64{22, 36, 12, 10, 16, 10, 10, 16, 24}}
	help := export.Table{Sheet: "填写说明", Header: []string{"列", "必填", "填写要求"}, Widths: []float64{18, 6, 90}, Rows: [][]any{
		{"统一社会信用代码", "是", "18 位，含校验位（GB 32100-2015）；请将该列设为“文本”格式，以免 Excel 把代码变成数字"},
		{"企业名称", "是", "营业执照上的名称，100 字以内"},
		{"所属区县", "是", "区县名称或 6 位代码：" + strings.Join(names, "、")},
		{"行业代码", "是", "国民经济行业分类制造业大类 C13–C43，可写 C17、17 或小类代码 1711"},
		{"营业收入(万元)", "是", "上年营业收入，单位万元，最多两位小数；表头写“营业收入(千元)”或“(元)”时按该单位换算"},
		{"从业人员", "是", "整数"},
		{"联系人 / 联系电话 / 电子邮箱", "否", "用于催报；留空时保留平台中已有的联系方式"},
		{"其他", "", "表头可在前 10 行中任一行，列的顺序不限；支持 .xlsx 和 CSV（UTF-8 或 GBK 编码）"},
	}}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, attachment("企业名录模板.xlsx"))
	return export.WriteXLSX(c, sheet, help)
}

// attachment is a Content-Disposition for a download with a Chinese name.
func attachment(name string) string {
	return `attachment; filename="download` + filepath.Ext(name) + `"; filename*=UTF-8''` + url.PathEscape(name)
}
