package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"

	"healthcheck/analysis"
	"healthcheck/clock"
	"healthcheck/findings"
	"healthcheck/questionnaires"
	"healthcheck/reference"
	"healthcheck/static"
)

//go:embed report.html.tmpl
var pageSource string

//go:embed report.css
var reportCSS string

var pageTpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":       pct,
	"levelName": func() string { return questionnaires.LevelName },
	"levelNote": func() string { return questionnaires.LevelNote },
	"fig":       func(v *fixed) string { return orDash(v) },
	"yi":        yi,
	"short":     short,
	"share":     func(k, n int) string { return pct(analysis.Share(k, n)) },
}).Parse(pageSource))

// page is what the template lays out.
type page struct {
	*vocab
	Title, Year, Issuer, Generated, DataAt string
	MinRevenue                             string
	CSS                                    template.CSS
	ECharts                                template.JS
	Fig                                    map[string]figure
	Figures                                []figure
	Sections                               []tocEntry
	Text                                   *text
	Progress                               []progressRow
	ProgressTotal                          progressRow
	Industries, SmallIndustries            []analysis.Group
	WorkList                               []workGroup
	Reference                              *reference.Set
}

type tocEntry struct{ ID, Title string }

type progressRow struct {
	Name                                 string
	Firms, Submitted, Drafts, NotStarted int
	Rate                                 *fixed
}

// workGroup is one district's part of the low-investment work list: its
// firms by industry when the list is short enough to print, otherwise the
// counts per industry.
type workGroup struct {
	District   string
	Count      int
	Industries []workIndustry
	Cells      []analysis.Cell
}

type workIndustry struct {
	Name  string
	Firms []analysis.FlaggedFirm
}

// writeHTML renders the self-contained report.
func writeHTML(w io.Writer, d *Data) error {
	fs, err := buildFigures(d)
	if err != nil {
		return err
	}
	echarts, err := static.FS.ReadFile("vendor/echarts/echarts.min.js")
	if err != nil {
		return fmt.Errorf("report: embedded ECharts: %w", err)
	}
	appCSS, err := static.FS.ReadFile("css/app.css")
	if err != nil {
		return fmt.Errorf("report: embedded stylesheet: %w", err)
	}
	v := newVocab(d)
	p := &page{vocab: v, Year: strconv.Itoa(d.Campaign.Year),
		Title: d.City.Name + "制造业数字化转型发展报告", Issuer: d.City.Bureau,
		Generated: clock.Local(d.At).Format("2006年1月2日 15:04"), DataAt: clock.Local(d.At).Format("2006年1月2日"),
		MinRevenue: yi(fixed(d.Campaign.MinRevenueWan)),
		CSS:        template.CSS(string(appCSS) + "\n" + reportCSS), //nolint:gosec // our own embedded files
		ECharts:    template.JS(echarts),                            //nolint:gosec // the vendored library
		Fig:        fs.byID, Figures: fs.list, Text: newText(v), Reference: d.Reference}
	p.Industries, p.SmallIndustries = v.industries()
	p.progress()
	p.workList()
	p.toc()
	if err := pageTpl.Execute(w, p); err != nil {
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

// workList groups the low-investment firms by district (and industry, the
// order analysis sorted them in): every firm when the list is short enough
// to print, otherwise counts per industry.
func (p *page) workList() {
	group := func(district string) *workGroup {
		if n := len(p.WorkList); n > 0 && p.WorkList[n-1].District == p.district(district) {
			return &p.WorkList[n-1]
		}
		p.WorkList = append(p.WorkList, workGroup{District: p.district(district)})
		return &p.WorkList[len(p.WorkList)-1]
	}
	if p.a.LowInvestmentListed {
		for _, f := range p.s.LowInvestment {
			g := group(f.District)
			name := p.Industry(f.Industry)
			if n := len(g.Industries); n == 0 || g.Industries[n-1].Name != name {
				g.Industries = append(g.Industries, workIndustry{Name: name})
			}
			ind := &g.Industries[len(g.Industries)-1]
			ind.Firms = append(ind.Firms, f)
			g.Count++
		}
		return
	}
	for _, c := range p.a.LowInvestmentCells {
		g := group(c.District)
		g.Cells = append(g.Cells, c)
		g.Count += c.Firms
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

// short writes a threshold without trailing zeros: 1.00 → "1", 0.50 → "0.5".
func short(v fixed) string { return questionnaires.DecFromRat(v.Rat()).String() }
