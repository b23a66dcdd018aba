package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"sync"

	"healthcheck/analysis"
	"healthcheck/clock"
	"healthcheck/findings"
	"healthcheck/questionnaires"
	"healthcheck/static"
)

//go:embed report.html.tmpl
var pageSource string

//go:embed report.css
var reportCSS string

//go:embed print.js
var printJS string

// pageTpl is the report's page with its chapters, parsed on first use:
// every command links this package (serve's start paid for the parse), few
// write a report.
var pageTpl = sync.OnceValue(func() *template.Template {
	t := template.Must(template.New("report").Funcs(template.FuncMap{
		"pct":         pct,
		"levelName":   func() string { return questionnaires.LevelName },
		"levelNote":   func() string { return questionnaires.LevelNote },
		"fig":         func(v *fixed) string { return orDash(v) },
		"yi":          yi,
		"short":       short,
		"wan":         findings.Wan,
		"perProvider": perProvider,
	}).Parse(pageSource))
	for name, src := range map[string]string{"chapter_findings": findingsChapterSource,
		"chapter_policy": policyChapterSource, "chapter_supply": supplyChapterSource} {
		template.Must(t.New(name).Parse(src))
	}
	return t
})

// page is what the template lays out.
type page struct {
	*vocab
	Title, Year, Issuer, Generated, DataAt string
	MinRevenue                             string
	CSS                                    template.CSS
	ECharts, PagedJS, PrintJS              template.JS
	Fig                                    map[string]figure
	Figures                                []figure
	Sections                               []tocEntry
	Text                                   *text
	Progress                               []progressRow
	ProgressTotal                          progressRow
	Industries, SmallIndustries            []analysis.Group
	WorkList                               workTable
	// Reference is the panel of the city's published figures beside the
	// survey's, nil without any for the year.
	Reference *refPanel
}

type tocEntry struct{ ID, Title string }

type progressRow struct {
	Name                                 string
	Firms, Submitted, Drafts, NotStarted int
	Rate                                 *fixed
}

// workTable is the low-investment work list in brief: its flagged firms
// counted by industry (rows) and district (columns). The printed report
// names no firm; the book's 低投入企业 sheet lists them one by one.
type workTable struct {
	Districts []string
	Rows      []workRow
	Total     workRow
}

type workRow struct {
	Industry string
	Counts   []int
	Sum      int
}

// writeHTML renders the self-contained report.
func writeHTML(w io.Writer, d *Data) error {
	fs, err := d.figures()
	if err != nil {
		return err
	}
	echarts, err := static.FS.ReadFile("vendor/echarts/echarts.min.js")
	if err != nil {
		return fmt.Errorf("report: embedded ECharts: %w", err)
	}
	paged, err := static.FS.ReadFile("vendor/pagedjs/paged.min.js")
	if err != nil {
		return fmt.Errorf("report: embedded Paged.js: %w", err)
	}
	appCSS, err := static.FS.ReadFile("css/app.css")
	if err != nil {
		return fmt.Errorf("report: embedded stylesheet: %w", err)
	}
	v := newVocab(d)
	p := &page{vocab: v, Year: strconv.Itoa(d.Campaign.Year),
		Title: d.City.Name + "制造业数字化转型发展报告", Issuer: d.City.Bureau,
		Generated: clock.Local(d.At).Format("2006年1月2日 15:04"), DataAt: clock.Local(d.DataAt).Format("2006年1月2日"),
		MinRevenue: yi(fixed(d.Campaign.MinRevenueWan)),
		CSS:        template.CSS(string(appCSS) + "\n" + reportCSS), //nolint:gosec // our own embedded files
		ECharts:    template.JS(echarts),                            //nolint:gosec // the vendored library
		PagedJS:    template.JS(paged),                              //nolint:gosec // the vendored library
		PrintJS:    template.JS(printJS),                            //nolint:gosec // our own embedded file
		Fig:        fs.byID, Figures: fs.list, Text: newText(v), Reference: newRefPanel(v)}
	p.Industries, p.SmallIndustries = v.industries()
	p.progress()
	p.workList()
	p.toc()
	if err := pageTpl().Execute(w, p); err != nil {
		return fmt.Errorf("report: lay out the page: %w", err)
	}
	return nil
}

func (p *page) progress() {
	row := func(name string, g analysis.Group) progressRow {
		return progressRow{Name: name, Firms: g.Firms, Submitted: g.Submitted, Drafts: g.Drafts, NotStarted: g.NotStarted,
			Rate: g.ResponseRate()}
	}
	for _, g := range p.s.ByDistrict {
		p.Progress = append(p.Progress, row(p.district(g.Key), g))
	}
	p.ProgressTotal = row("合计", p.s.All)
}

// workList counts the low-investment firms by industry and district, the
// districts in the statistics' order.
func (p *page) workList() {
	col := map[string]int{}
	for i, g := range p.s.ByDistrict {
		col[g.Key] = i
		p.WorkList.Districts = append(p.WorkList.Districts, p.district(g.Key))
	}
	n := len(col)
	p.WorkList.Total = workRow{Industry: "合计", Counts: make([]int, n)}
	row := map[string]*workRow{}
	var order []string
	for _, c := range p.a.LowInvestmentCells {
		r := row[c.Industry]
		if r == nil {
			r = &workRow{Industry: p.Industry(c.Industry), Counts: make([]int, n)}
			row[c.Industry] = r
			order = append(order, c.Industry)
		}
		r.Counts[col[c.District]] += c.Firms
		r.Sum += c.Firms
		p.WorkList.Total.Counts[col[c.District]] += c.Firms
		p.WorkList.Total.Sum += c.Firms
	}
	sort.Strings(order)
	for _, k := range order {
		p.WorkList.Rows = append(p.WorkList.Rows, *row[k])
	}
}

func (p *page) toc() {
	p.Sections = []tocEntry{{"findings", "主要发现"}, {"s1", "一、调查概况"}, {"s2", "二、总体水平"}, {"s3", "三、规模档对比"}, {"s4", "四、区县对比"},
		{"s5", "五、行业对比"}, {"s6", "六、投入与意识"}, {"s7", "七、服务需求"}}
	if p.a.Change != nil {
		p.Sections = append(p.Sections, tocEntry{"s8", "八、年度变化"})
	}
	p.Sections = append(p.Sections, p.chapterEntries()...)
	p.Sections = append(p.Sections, tocEntry{"notes", "附：数据说明"})
}

func orDash(v *fixed) string {
	if v == nil {
		return "—"
	}
	return v.String()
}

func pct(v *fixed) string {
	if v == nil {
		return "—"
	}
	return v.String() + "%"
}

// signed writes a change with its sign: +1.20, −0.35, 0.00.
func signed(v *fixed) string { return findings.Signed(v) }

// Template accessors of the statistics.
func (v *vocab) Stats() *analysis.Stats { return v.s }
func (v *vocab) A() *analysis.Annual    { return v.a }
func (v *vocab) D() *Data               { return v.d }
func (v *vocab) Signed(x *fixed) string { return signed(x) }
