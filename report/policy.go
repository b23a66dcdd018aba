package report

import (
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"slices"

	"healthcheck/analysis"
	"healthcheck/export"
	"healthcheck/findings"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
)

// The 政策测算 chapter: what the year's support policies would cost if every
// submitted firm claimed what its answers earn. Each firm goes through
// policies.Set.Estimate, the function of its own report, so the chapter's
// totals are the sum of the firms' own estimates.

//go:embed chapter_policy.tmpl
var policyChapterSource string

func init() {
	pageTpl.Funcs(template.FuncMap{"wan": findings.Wan})
	template.Must(pageTpl.New("chapter_policy").Parse(policyChapterSource))
}

// policyFirmSheet is the 政策测算明细 sheet: every submitted firm that
// earns something, with its estimate per policy (元, exact) and its sums.
// Streaming it adds the firms into d.Budget; with no policies for the
// campaign's year the sheet says so and d.Budget stays nil.
func (g *gen) policyFirmSheet(ctx context.Context, d *Data, v *vocab) export.Table {
	var set *policies.Set
	if g.src.Policies != nil {
		set = g.src.Policies.For(g.campaign.Year)
	}
	t := export.Table{Sheet: SheetPolicyFirms}
	if set == nil {
		t.Header = []string{"说明"}
		t.Rows = [][]any{{noPolicies(g.campaign.Year)}}
		return t
	}
	t.Header = []string{"统一社会信用代码", "企业名称", "区县", "规模档", "行业代码", "营业收入" + yi(d.Annual.Line.RevenueWan) + "以下", "投入不足"}
	lead := len(t.Header)
	for _, p := range set.Policies {
		t.Header = append(t.Header, p.Name+"（元）")
	}
	t.Header = append(t.Header, "企业可申请合计（元）", "企业可申请合计上限（元）", "人才补贴（另列，元）", "人才补贴上限（元）")
	t.Widths = widths([]float64{22, 30, 10, 10, 8, 12, 8}, len(t.Header), 14)
	t.Formats = make([]string, len(t.Header))
	for i := lead; i < len(t.Header); i++ {
		t.Formats[i] = "#,##0"
	}
	t.Source = func(emit func([]any) error) error {
		bb := policies.NewBudget(set, bandLabels(g.def))
		err := g.eachEstimate(ctx, d, set, func(r *models.FirmRow, h policies.Holder, e policies.Estimate) error {
			bb.Add(h, e)
			if len(e.Matches) == 0 {
				return nil
			}
			row := []any{r.CreditCode, r.Name, v.district(r.District), r.Band, r.Industry, yesNoOf(h.Under1B), yesNoOf(h.LowInvestment)}
			row = append(row, make([]any, len(set.Policies))...)
			for _, m := range e.Matches {
				row[lead+slices.IndexFunc(set.Policies, func(p policies.Policy) bool { return p.ID == m.ID })] = m.AmountYuan
			}
			return emit(append(row, e.FirmYuan, e.FirmMaxYuan, e.StaffYuan, e.StaffMaxYuan))
		})
		d.Budget = bb.Budget()
		return err
	}
	return t
}

// eachEstimate estimates every submitted firm's support, exactly as its
// own report does: its stored answers decoded, then Set.Estimate.
func (g *gen) eachEstimate(ctx context.Context, d *Data, set *policies.Set,
	fn func(*models.FirmRow, policies.Holder, policies.Estimate) error) error {
	line := d.Annual.Line.RevenueWan
	g.grow(int64(d.Annual.Stats.Submitted))
	// Only the answers the policies read (and those deciding whether they
	// apply) are read and decoded: the estimates are the same, and decoding
	// whole questionnaires cost the report a third of its time.
	questions := set.Questions(g.def)
	return g.src.Store.EachSubmittedAnswerSet(ctx, models.CityScope(), g.campaign.ID, questions, func(r *models.FirmRow, as models.AnswerSet) error {
		stored := map[string][]byte{}
		as.Each(func(id, value string) { stored[id] = []byte(value) })
		answers := g.def.DecodeStored(stored).Answers
		e := set.Estimate(g.def, answers, questionnaires.Facts{RevenueWan: r.RevenueWan}, "")
		h := policies.Holder{District: r.District, Band: r.Band, Industry: r.Industry,
			Under1B: line > 0 && r.RevenueWan < line, LowInvestment: slices.Contains(r.Flags, analysis.FlagLowInvestment)}
		g.step("政策测算")
		return fn(r, h, e)
	})
}

// policySheet is the 政策测算 sheet: the chapter's tables in one list.
// Amounts over fewer than 3 firms are left empty, as in the chapter.
func (v *vocab) policySheet() export.Table {
	t := export.Table{Sheet: SheetPolicy, Header: []string{"分类", "项目", "符合条件企业（家）", "估算金额（元）", "区间上限（元）"},
		Widths: []float64{12, 36, 16, 18, 18}, Formats: []string{"", "", "", "#,##0", "#,##0"}}
	b := v.d.Budget
	if b == nil {
		t.Rows = [][]any{{"说明", noPolicies(v.d.Campaign.Year)}}
		return t
	}
	row := func(kind, name string, s policies.Sum) {
		r := []any{kind, name, s.Firms, nil, nil}
		if s.Shown() {
			r[3], r[4] = s.Yuan, s.MaxYuan
		}
		t.Rows = append(t.Rows, r)
	}
	for _, l := range b.Policies {
		kind := "政策（企业）"
		if !l.ForFirm() {
			kind = "政策（人才个人）"
		}
		row(kind, l.Name, l.Sum)
	}
	row("合计", "企业可申请合计", b.Firm)
	row("合计", "人才补贴（另列，不计入企业合计）", b.Staff)
	line := yi(v.a.Line.RevenueWan)
	row("其中", "营业收入"+line+"以下企业", b.Under1B)
	row("其中", "投入不足企业", b.LowInvestment)
	for _, g := range b.ByDistrict {
		row("区县", v.district(g.Key), g.Sum)
	}
	for _, g := range b.ByBand {
		row("规模档", g.Key, g.Sum)
	}
	for _, g := range b.ByIndustry {
		row("行业", v.Industry(g.Key), g.Sum)
	}
	t.Rows = append(t.Rows, []any{"说明", b.Note + " 符合条件的企业不足3家的项目不列金额。人才补贴发给个人，不计入企业合计。"})
	return t
}

func noPolicies(year int) string {
	return fmt.Sprintf("%d年度的扶持政策尚未录入（policies add），暂不测算。", year)
}

func yesNoOf(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func bandLabels(def *questionnaires.Definition) []string {
	out := make([]string, 0, len(def.SizeBands))
	for _, b := range def.SizeBands {
		out = append(out, b.Label)
	}
	return out
}

// policyChapter is what chapter_policy.tmpl lays out.
type policyChapter struct {
	ID, Heading string
	N           int // the chapter's number, which numbers its tables
	// Year is the campaign's year; B is nil when it has no policy file.
	Year int
	B    *policies.Budget
	// Groups are the tables by district, band and industry.
	Groups []policyGroupTable
	// Line is the low-investment flag's revenue line, as words (10亿元).
	Line string
}

type policyGroupTable struct {
	ID, Caption, Col string
	Rows             []policyGroupRow
}

type policyGroupRow struct {
	Name string
	policies.Sum
}

// PolicyChapter lays out the budget for the template.
func (v *vocab) PolicyChapter() *policyChapter {
	n := 8
	if v.a.Change != nil {
		n = 9
	}
	c := &policyChapter{ID: "policy", N: n, Heading: chineseNumeral(n) + "、政策测算", Year: v.d.Campaign.Year, B: v.d.Budget,
		Line: yi(v.a.Line.RevenueWan)}
	if c.B == nil {
		return c
	}
	table := func(i int, id, col string, gs []policies.GroupSum, name func(string) string) {
		t := policyGroupTable{ID: id, Col: col, Caption: fmt.Sprintf("表%d-%d 企业可申请资金按%s（万元）", n, i, col)}
		for _, g := range gs {
			t.Rows = append(t.Rows, policyGroupRow{Name: name(g.Key), Sum: g.Sum})
		}
		c.Groups = append(c.Groups, t)
	}
	table(2, "policy-districts", "区县", c.B.ByDistrict, v.district)
	table(3, "policy-bands", "规模档", c.B.ByBand, func(k string) string { return k })
	table(4, "policy-industries", "行业", c.B.ByIndustry, v.Industry)
	return c
}

// chineseNumeral writes 1–99 as a chapter number: 九, 十, 十一.
func chineseNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// chapterEntries are the table of contents' lines of the chapters after
// 年度变化.
func (p *page) chapterEntries() []tocEntry {
	c, s := p.PolicyChapter(), p.SupplyChapter()
	return []tocEntry{{c.ID, c.Heading}, {s.ID, s.Heading}}
}
