package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/analysis"
	"healthcheck/app"
	"healthcheck/clock"
	"healthcheck/export"
	"healthcheck/figures"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// dashboardExport is GET /dashboard/export.xlsx: the current view (campaign,
// district, band and industry filters) as a book with a sheet per table of
// the page: the same snapshot, so the book and the page agree.
func (h *handler) dashboardExport(c *fiber.Ctx) error {
	d, err := h.loadDashboard(c, 0)
	if err != nil {
		return err
	}
	v, s := d.view, &d.own.Stats
	var city *analysis.Stats
	if d.city != nil {
		city = &d.city.Stats
	}
	updated := clock.Local(d.own.At)
	cs, err := h.cachedCharts(d)
	if err != nil {
		return err
	}
	tables := []export.Table{h.summarySheet(v, s, updated), progressSheet(h.progressTable(v, s, city))}
	for _, ch := range cs {
		tables = append(tables, figures.Sheet(ch.Sheet, ch.Table))
	}
	tables = append(tables, lowInvSheet(h.lowInvRows(s)), h.chaseSheet(d.chase))
	return h.sendXLSX(c, "数字化转型体检总览", v, tables...)
}

// chaseExport is GET /dashboard/chase.xlsx: every firm of the view still to
// chase, with whom to call.
func (h *handler) chaseExport(c *fiber.Ctx) error {
	d, err := h.loadDashboard(c, 0)
	if err != nil {
		return err
	}
	return h.sendXLSX(c, "待催报企业", d.view, h.chaseSheet(d.chase))
}

func (h *handler) summarySheet(v *view, s *analysis.Stats, updated time.Time) export.Table {
	filter := func(x string) string {
		if x == "" {
			return "全部"
		}
		return x
	}
	industry := filter(v.Industry)
	if v.Industry != "" {
		industry += " " + views.IndustryName(v.Industry)
	}
	rows := [][]any{
		{"年度体检", v.Campaign.Title}, {"范围", h.scopeName(v)}, {"规模档", filter(v.Band)}, {"行业", industry},
		{"数据更新于", updated},
	}
	rows = append(rows, h.catalogue(v).Summary(s)...)
	rows = append(rows, []any{"说明", figures.SummaryNote})
	return export.Table{Sheet: "概况", Header: []string{"项目", "数值"}, Rows: rows, Widths: []float64{30, 60}}
}

// num is a figure for a spreadsheet: a number, or an empty cell.
func num(v *fixed) any { return figures.Num(v) }

func progressSheet(t progressTable) export.Table {
	header := []string{t.By, "名录企业", "已提交", "填报中", "未开始", "填报率（%）"}
	if t.HasCity {
		header = append(header, "全市填报率（%）")
	}
	row := func(r progressRow) []any {
		out := []any{r.Name, r.Firms, r.Submitted, r.Drafts, r.NotStarted, num(r.Rate)}
		if t.HasCity {
			out = append(out, num(r.CityRate))
		}
		return out
	}
	et := export.Table{Sheet: "填报进度", Header: header, Widths: []float64{16, 10, 10, 10, 10, 12, 14}}
	for _, r := range t.Rows {
		et.Rows = append(et.Rows, row(r))
	}
	et.Rows = append(et.Rows, row(t.Total))
	return et
}

func lowInvSheet(rows []lowInvRow) export.Table {
	t := export.Table{Sheet: "投入不足企业",
		Header: []string{"统一社会信用代码", "企业名称", "区县", "行业代码", "行业", "规模档", "营业收入（万元）",
			"数字化投入强度（%）", "总分", questionnaires.LevelName, "最弱维度", "最弱维度得分率（%）"},
		Widths: []float64{22, 30, 10, 8, 24, 10, 14, 14, 8, 8, 12, 14}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []any{r.CreditCode, r.Name, r.DistrictName, r.Industry, r.IndustryName, r.Band,
			r.RevenueWan.Float64(), num(r.Indicator), r.Total.Float64(), r.Level, r.Weakest, r.WeakestPercent.Float64()})
	}
	return t
}

func (h *handler) chaseSheet(rows []app.ChaseRow) export.Table {
	t := export.Table{Sheet: "待催报企业",
		Header: []string{"统一社会信用代码", "企业名称", "区县", "行业", "规模档", "填报状态", "必答完成（%）", "审核状态",
			"联系人", "联系电话", "电子邮箱", "联系人来源", "最近活动", "邀请码发放"},
		Widths: []float64{22, 30, 10, 8, 10, 10, 12, 10, 12, 16, 24, 10, 18, 18}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []any{r.CreditCode, r.Name, h.City.DistrictName(r.District), r.Industry, r.Band,
			views.StatusText(r.Status), r.Progress, reviewCell(r.ReviewStatus), r.Contact.Name, r.Contact.Phone,
			r.Contact.Email, r.ContactSource, timeCell(r.LastActivityAt), timeCell(r.InviteIssuedAt)})
	}
	return t
}
