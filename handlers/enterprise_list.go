package handlers

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/city"
	"healthcheck/clock"
	"healthcheck/export"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// filterBar is what the filter form of officials' pages offers.
type filterBar struct {
	View       *view
	Action     string // the page the form reloads
	Districts  []city.District
	Industries []string
	List       *listQuery // the list's own filters, on the list page

	Statuses, Reviews, Sorts []option
}

type option struct{ Value, Label string }

// The list's choices, in the order people read them.
var (
	statusOptions = named(views.StatusText, app.StatusNotStarted, app.StatusDraft, app.StatusSubmitted)
	reviewOptions = named(views.ReviewText, app.ReviewPending, app.ReviewApproved, app.ReviewReturned)
	sortOptions   = []option{{"", "默认（名录顺序）"}, {"name", "企业名称"}, {"score", "总分从高到低"}, {"score_asc", "总分从低到高"},
		{"revenue", "营业收入从高到低"}, {"activity", "最近活动"}, {"progress", "填报进度从低到高"}}
)

func named(label func(string) string, values ...string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{v, label(v)}
	}
	return out
}

func (h *handler) filterBar(v *view, action string) filterBar {
	fb := filterBar{View: v, Action: action, Industries: city.Industries(),
		Statuses: statusOptions, Reviews: reviewOptions, Sorts: sortOptions}
	if v.Role == app.RoleBureau {
		fb.Districts = h.City.Districts
	}
	return fb
}

// listPageData is the list of firms in scope.
type listPageData struct {
	Filters          filterBar
	Q                *listQuery
	Rows             []listRow
	Total            int64
	From, To         int
	PrevURL, NextURL string
	ExportURL        string
}

type listRow struct {
	*app.FirmRow
	Item       enterpriseItem
	FlagLabels []string
}

// enterpriseListPage is GET /enterprises: the firms of the view, filtered,
// sorted and paged, with their survey and review state.
func (h *handler) enterpriseListPage(c *fiber.Ctx) error {
	q, rows, total, err := h.listPage(c)
	if err != nil {
		return err
	}
	fb := h.filterBar(q.view, "/enterprises")
	fb.List = q
	d := listPageData{Filters: fb, Q: q, Total: total, From: q.Offset + 1, To: q.Offset + len(rows),
		ExportURL: "/enterprises.xlsx?" + q.listQuery()}
	for i := range rows {
		it := h.itemOf(q.Def, &rows[i])
		d.Rows = append(d.Rows, listRow{FirmRow: &rows[i], Item: it, FlagLabels: flagLabels(q.Def, it.Flags)})
	}
	if q.Offset > 0 {
		d.PrevURL = "/enterprises?" + q.page(max(0, q.Offset-q.Limit))
	}
	if int64(q.Offset+q.Limit) < total {
		d.NextURL = "/enterprises?" + q.page(q.Offset+q.Limit)
	}
	return h.render(c, "enterprises", pageData{Title: "企业", Data: d})
}

// listQuery is the list's filters as query parameters (without the page).
func (q *listQuery) listQuery() string {
	s := q.view.Query()
	for _, kv := range [][2]string{{"status", q.Status}, {"review", q.Review}, {"flag", q.Flag}, {"q", q.Search}, {"sort", q.Sort}} {
		if kv[1] != "" {
			s += "&" + kv[0] + "=" + url.QueryEscape(kv[1])
		}
	}
	return s
}

func (q *listQuery) page(offset int) string {
	return q.listQuery() + "&offset=" + strconv.Itoa(offset)
}

// enterpriseListExport is GET /enterprises.xlsx: every firm the list's
// filters match, one row each, streamed.
func (h *handler) enterpriseListExport(c *fiber.Ctx) error {
	q, err := h.listQueryOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	t := export.Table{Sheet: "企业名单",
		Header: []string{"统一社会信用代码", "企业名称", "区县", "行业代码", "行业", "营业收入（万元）", "规模档", "填报状态",
			"必答完成（%）", "审核状态", "退回原因", "代填人", "总分", questionnaires.LevelName, "标记", "最近活动"},
		Widths:  []float64{22, 30, 10, 8, 24, 14, 10, 10, 10, 10, 24, 14, 8, 8, 16, 18},
		Formats: []string{"", "", "", "", "", "0.00", "", "", "0", "", "", "", "0.00"},
		Source: func(emit func([]any) error) error {
			return h.App.Figures.EachFirm(ctx, q.Scope, q.Campaign.ID, q.Filter(), func(r *app.FirmRow) error {
				it := h.itemOf(q.Def, r)
				var score, level any
				if it.Score != nil {
					score, level = it.Score.Float64(), *it.Level
				}
				return emit([]any{r.CreditCode, r.Name, h.City.DistrictName(r.District), r.Industry, views.IndustryName(r.Industry),
					r.RevenueWan.Float64(), r.Band, views.StatusText(r.Status), r.Progress, reviewCell(r.ReviewStatus),
					r.ReviewReason, r.FilledBy, score, level, strings.Join(flagLabels(q.Def, it.Flags), "、"), timeCell(r.LastActivityAt)})
			})
		}}
	return h.sendXLSX(c, "企业名单", q.view, t)
}

func reviewCell(s string) string {
	if s == "" {
		return ""
	}
	return views.ReviewText(s)
}

// timeCell is a time for a spreadsheet, in China Standard Time (a date cell
// in a book, RFC 3339 in a CSV); nil is an empty cell.
func timeCell(t *time.Time) any {
	if t == nil {
		return nil
	}
	return clock.Local(*t)
}

// timeText is a time as a page shows it, in China Standard Time.
func timeText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return clock.Local(*t).Format("2006-01-02 15:04")
}
