// Package charts turns statistics into chart components: go-echarts v2.6.7
// options rendered as snippets (an element and a script), each with a data
// table that holds the same numbers as the chart.
//
// It knows no database. Callers pass plain Go values: published figures as
// decimal.Fixed2 (nil means "no data"), counts as int. Figures stay
// exact: they become float64 only inside the chart option, and the tables
// print the exact two-decimal values, so a table can always be checked
// against the report.
//
// Pages load the embedded ECharts once, before any chart script, because
// RenderSnippet emits no <script src>:
//
//	<script src="/static/vendor/echarts/echarts.min.js"></script>
//
// Every chart gets an explicit id (letters, digits and underscores, starting
// with a letter) because go-echarts declares top-level JavaScript variables
// named after it: two charts with one id on a page are a SyntaxError, which
// Page catches when it collects the charts of one page.
//
// Security. Category labels and series names can be typed by firms. go-echarts
// writes the option JSON into the <script> without HTML escaping
// (JSONNotEscaped, SetEscapeHTML(false), then safeJS), so a name holding
// "</script>" would end the script and inject markup. Worse, it deletes every
// "__f__" marker (its JavaScript-function convention) from the whole script
// afterwards, so a name starting or ending with "__f__" would lose a quote and
// turn into code. Two defences, both here: every string that goes into an
// option passes through label, which breaks "__f__" with a zero-width space;
// and seal rewrites every "<" inside the script as \u003c, which is the same
// character inside the JSON strings but can no longer close the element. Our
// own JavaScript (formatters, the resize hook) therefore contains no "<".
// Tooltips stay in ECharts' default HTML mode (renderMode "html"; go-echarts
// v2.6.7 cannot set renderMode, and rich-text tooltips would gain nothing):
// ECharts 5.4.3 HTML-encodes names and values in its default tooltips, in
// string-template formatters ({a}, {b}, {c}) and in valueFormatter output.
// The two function formatters we write (boxplot, scatter) return DOM nodes
// filled through textContent, never markup strings. Axis labels, legends,
// titles and data labels are drawn on the canvas, where markup is just text.
// The toolbox offers only saveAsImage (dataView would put names into a DOM
// panel of its own, and officials need no raw-data editor). The
// browser test opens a tooltip on every chart with hostile names and checks
// that nothing ran and no element was injected.
package charts

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"sync"

	"healthcheck/decimal"
)

// Fixed2 is the platform's two-decimal figure (points, percents, 万元).
type Fixed2 = decimal.Fixed2

// Chart is a rendered chart ready for an html/template page: put Element
// where the chart goes and Script after it (Element, Script and the table in
// one go: HTML). Table holds the numbers shown, for readers who cannot see the
// chart, for printing, and for checking.
//
// Note and Source, when set, are printed under the drawing, before its
// table: what a reader needs to read the figure, and where its data comes
// from (资料来源), as a statistical bulletin prints them under each figure;
// on paper they stay on the drawing's page.
type Chart struct {
	ID, Title       string
	Element, Script template.HTML
	Table           Table
	Note, Source    string
}

// Table is the data table shown under a chart. Cells are display strings:
// figures with exactly two decimals, counts as integers, "—" for no data. The
// first cell of each row names the row.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// Series is one named row of figures, one value per category or axis; nil is
// "no data" (a gap in the chart, "—" in the table).
type Series struct {
	Name   string
	Values []*Fixed2
}

// NoData is what tables show for a missing figure.
const NoData = "—"

// idPattern admits ids usable both as an HTML id and inside the JavaScript
// identifiers goecharts_<id> and option_<id> that go-echarts declares.
var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)

func checkID(id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("charts: invalid chart id %q: use letters, digits and _ (start with a letter, at most 64)", id)
	}
	return nil
}

// figureTpl lays out one chart with its table. html/template escapes the
// table cells, which may hold firm names.
// The markup and classes match views/templates/charts.html (static/css/app.css
// styles them), so a chart looks the same on a page and in the report.
// Parsed on first use, not at every command's start.
var figureTpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("figure").Parse(
		`<figure class="card chart-card" id="fig-{{.ID}}">{{.Element}}{{.Script}}` +
			`{{if or .Note .Source}}<div class="figure-notes">{{with .Note}}<p class="figure-note">注：{{.}}</p>{{end}}` +
			`{{with .Source}}<p class="figure-source">资料来源：{{.}}</p>{{end}}</div>{{end}}` +
			`<div class="table-wrap"><table class="data" id="tbl-{{.ID}}">{{with .Table.Caption}}<caption class="updated">{{.}}</caption>{{end}}` +
			`<thead><tr>{{range $i, $h := .Table.Header}}<th scope="col"{{if $i}} class="num"{{end}}>{{$h}}</th>{{end}}</tr></thead><tbody>` +
			`{{range .Table.Rows}}<tr>{{range $i, $c := .}}{{if $i}}<td class="num">{{$c}}</td>{{else}}<th scope="row">{{$c}}</th>{{end}}{{end}}</tr>{{end}}` +
			`</tbody></table></div></figure>`))
})

// HTML returns the chart element, its script and its data table as one
// <figure>. The page must have loaded echarts.min.js before it.
func (c Chart) HTML() (template.HTML, error) {
	var buf bytes.Buffer
	if err := figureTpl().Execute(&buf, c); err != nil {
		return "", fmt.Errorf("charts: lay out %s: %w", c.ID, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // built by html/template from escaped parts and sealed snippets
}

// Page collects the charts of one HTML page and refuses a second chart with
// the same id: go-echarts declares `let goecharts_<id>` at the top level of
// each script, so a duplicate would stop every later chart on the page.
type Page struct {
	charts []Chart
	ids    map[string]bool
}

// Add appends a chart. It takes a builder's two results directly,
// p.Add(charts.Radar(…)), and returns the builder's error, an error for a
// duplicate or invalid id, or nil.
func (p *Page) Add(c Chart, err error) error {
	if err != nil {
		return err
	}
	if err := checkID(c.ID); err != nil {
		return err
	}
	if p.ids[c.ID] {
		return fmt.Errorf("charts: duplicate chart id %q on one page", c.ID)
	}
	if p.ids == nil {
		p.ids = map[string]bool{}
	}
	p.ids[c.ID] = true
	p.charts = append(p.charts, c)
	return nil
}

// Charts returns the collected charts in the order they were added.
func (p *Page) Charts() []Chart { return append([]Chart(nil), p.charts...) }

// cell formats a figure for a table.
func cell(v *Fixed2) string {
	if v == nil {
		return NoData
	}
	return v.String()
}

// withUnit appends a unit to a column header: "嘉兴市（%）".
func withUnit(header, unit string) string {
	if unit == "" {
		return header
	}
	return header + "（" + unit + "）"
}
