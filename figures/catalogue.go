// Package figures is the figure catalogue: every chart the platform shows
// of its statistics, with its data table, title, unit, note and source line,
// built once from analysis results. The dashboard, its Excel export,
// report.html and report.xlsx all take their figures from here, so a
// figure shown in two places is one entry with one title and one table.
// Labels, thresholds and the words of stored states live here too
// (words.go, summary.go); thresholds are read from the questionnaire edition.
//
// It knows no database: callers pass analysis results and the names of
// codes. To add a figure: write a method returning an Entry (its ID is its
// chart id and stays the same wherever it is shown; its Title carries the
// unit in brackets; its Note says what a reader needs), then Draw it where
// it is shown, with a number in the annual report ("图7") or none.
package figures

import (
	"fmt"

	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

type fixed = decimal.Fixed2

// Catalogue builds the entries of one campaign's figures.
type Catalogue struct {
	Def *questionnaires.Definition
	// District and Industry name codes as a reader reads them: "海宁市",
	// "农副食品加工业" (without the code).
	District func(code string) string
	Industry func(code string) string
	// Source is the 资料来源 line printed under every figure (SourceLine).
	Source string
}

// SourceLine is the 资料来源 of a campaign's figures.
func SourceLine(issuer string, year int) string {
	return fmt.Sprintf("%s，%d年度制造业数字化转型“集体体检”数据", issuer, year)
}

// View is the population a figure shows: Own, and when Own is one district
// the City beside it (nil in the city view).
type View struct {
	Own, City *analysis.Stats
	// Area names Own in legends: "全市" or the district's name.
	Area string
}

// CityView reports whether the view is the whole city.
func (v View) CityView() bool { return v.City == nil }

// Entry is one figure of the catalogue: what it shows and how it is drawn.
type Entry struct {
	// ID is the chart's id, the same on every page that shows the figure.
	ID string
	// Sheet names the figure's data table as a sheet of a book.
	Sheet string
	// Title is the figure's title without its number, the unit in brackets.
	Title string
	// Note is what a reader needs to read the figure (printed as 注).
	Note string
	draw func(id, title string) (charts.Chart, error)
}

// Draw renders an entry as a chart with its data table, its note and the
// catalogue's source line. number ("图7") goes before the title; a page
// that does not number its figures passes "".
func (c *Catalogue) Draw(e Entry, number string) (charts.Chart, error) {
	title := e.Title
	if number != "" {
		title = number + " " + title
	}
	ch, err := e.draw(e.ID, title)
	if err != nil {
		return charts.Chart{}, fmt.Errorf("figures: %s: %w", e.ID, err)
	}
	ch.Note, ch.Source = e.Note, c.Source
	return ch, nil
}

// dims are the edition's dimension keys in its order.
func (c *Catalogue) dims() []string {
	out := make([]string, len(c.Def.Dimensions))
	for i, d := range c.Def.Dimensions {
		out[i] = d.Key
	}
	return out
}

// industryLabel is an industry as a category: its code and name.
func (c *Catalogue) industryLabel(code string) string { return code + " " + c.Industry(code) }

// count turns a number of firms into a chart value (charts take figures).
func count(n int) *fixed {
	v := fixed(n * 100)
	return &v
}

func bars(categories []string, series []charts.Series, o charts.BarOpts) func(id, title string) (charts.Chart, error) {
	return func(id, title string) (charts.Chart, error) { return charts.Bars(id, title, categories, series, o) }
}

func heatmap(rows, cols []string, cells [][]*fixed, o charts.HeatOpts) func(id, title string) (charts.Chart, error) {
	if len(rows) == 0 || len(cols) == 0 {
		rows, cols, cells = []string{"（无）"}, []string{"（无）"}, [][]*fixed{{nil}}
		o.Units = nil
	}
	return func(id, title string) (charts.Chart, error) { return charts.Heatmap(id, title, rows, cols, cells, o) }
}

// boxes draws the totals of each group as a box plot.
func boxes(groups []analysis.Group, name func(analysis.Group) string) func(id, title string) (charts.Chart, error) {
	var cats []string
	var bs []charts.Box
	for _, g := range groups {
		t := g.Total
		cats = append(cats, name(g))
		bs = append(bs, charts.Box{Min: t.Min, Q1: t.Q1, Median: t.Median, Q3: t.Q3, Max: t.Max, N: t.N})
	}
	return func(id, title string) (charts.Chart, error) { return charts.BoxPlot(id, title, cats, bs) }
}

// WithFirms leaves out the groups a filtered view has no firm in (a band
// filter leaves one band); all of them when none has.
func WithFirms(gs []analysis.Group) []analysis.Group {
	var out []analysis.Group
	for _, g := range gs {
		if g.Firms > 0 {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return gs
	}
	return out
}

// GroupByKey finds a slice's group; a missing one is empty.
func GroupByKey(gs []analysis.Group, key string) analysis.Group {
	for _, g := range gs {
		if g.Key == key {
			return g
		}
	}
	return analysis.Group{Key: key}
}

// shown are the groups the small-group rule does not withhold, whose means
// are published; small are the others, shown as counts only.
func shown(gs []analysis.Group) (big, small []analysis.Group) {
	for _, g := range gs {
		if !g.Withheld() {
			big = append(big, g)
		} else {
			small = append(small, g)
		}
	}
	return big, small
}

// SmallGroups are the groups too small to show means of (counts only).
func SmallGroups(gs []analysis.Group) []analysis.Group {
	_, small := shown(gs)
	return small
}

// BigGroups are the groups whose means are shown.
func BigGroups(gs []analysis.Group) []analysis.Group {
	big, _ := shown(gs)
	return big
}
