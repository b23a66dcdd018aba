package charts

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
	"github.com/go-echarts/go-echarts/v2/types"

	"healthcheck/static"
)

// funcMarker is go-echarts' marker around JavaScript functions in option
// strings; render.RenderSnippet deletes every occurrence from the script.
const funcMarker = "__f__"

// label makes a caller's string safe to put into a chart option: invalid
// UTF-8 becomes U+FFFD (the JSON encoder would do the same) and every
// "__f__" gets a zero-width space after its first underscore, so go-echarts
// cannot mistake it for a function marker and strip a quote next to it. Each
// pass removes one "__" pair and adds none, so the loop ends.
func label(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	for strings.Contains(s, funcMarker) {
		s = strings.Replace(s, funcMarker, "_\u200b_f__", 1)
	}
	return s
}

func labels(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = label(s)
	}
	return out
}

// JavaScript we add to charts. None of it may contain "<": seal rewrites
// every "<" in a script, which is harmless inside string literals but would
// break an operator. Functions inside options (formatters) must also avoid
// double quotes and backslashes (see jsString).
const (
	// resizeJS keeps a 100%-wide chart fitting its box when the window (or
	// the print layout) changes size, and fits it to a narrow box (a phone):
	// below 560 px (a phone) the title wraps instead of running off, the
	// legend moves under the chart on plain lines (a paged "1/3" legend hides
	// series), category names are cut to 120 px with an ellipsis (wrapped to
	// three lines, long industry names ran into each other; the data table
	// has them whole), radar axis names wrap, the radar shrinks to leave room
	// for its axis names, and the toolbox goes (its icon would sit on the
	// title).
	// Printing shows the chart's own settings without the toolbox: paper has
	// no buttons. The chart's own settings (read once, after it is drawn)
	// replace the narrow ones whole when the box is wide again, so nothing
	// of the narrow layout (a wrapped title) stays behind.
	resizeJS = "(function (c) {" +
		" var keep = null, narrowAt = 560, narrowed = false;" +
		" function save() { if (keep) { return; } var o = c.getOption(); keep = {};" +
		" ['title', 'legend', 'grid', 'radar', 'toolbox', 'xAxis', 'yAxis'].forEach(function (k) { if (o[k]) { keep[k] = o[k]; } }); }" +
		" function lines(text, px, width) { var x = document.createElement('canvas').getContext('2d');" +
		" x.font = 'bold ' + px + 'px sans-serif'; return Math.max(1, Math.ceil(x.measureText(text || '').width / Math.max(width, 1))); }" +
		" function catAxes(list) { return (list || []).map(function (a) { return a.type === 'category' ? {axisLabel: {width: 120, overflow: 'truncate', fontSize: 11}} : {splitNumber: 2, axisLabel: {fontSize: 10, hideOverlap: true}}; }); }" +
		" function widest(names, px) { var x = document.createElement('canvas').getContext('2d'), m = 0; x.font = px + 'px sans-serif';" +
		" names.forEach(function (s) { m = Math.max(m, x.measureText(s || '').width); }); return m; }" +
		" function wide() { if (narrowed) { narrowed = false; c.setOption(keep, {replaceMerge: Object.keys(keep)}); } }" +
		" function printing() { return !!(window.matchMedia && window.matchMedia('print').matches); }" +
		" function fit(print) { var w = c.getWidth(), h = c.getHeight();" +
		" if (print) { wide(); c.setOption({toolbox: {show: false}}); return; }" +
		" if (w >= narrowAt) { wide(); return; }" +
		" save(); var t = keep.title && keep.title[0] ? keep.title[0].text : '', top = 8 + 19 * lines(t, 14, w - 16);" +
		" var n = {toolbox: {show: false}, title: {textStyle: {fontSize: 14, width: w - 16, overflow: 'break', lineHeight: 19}}," +
		" legend: {type: 'plain', top: 'auto', bottom: 4, itemWidth: 16, itemGap: 8, textStyle: {fontSize: 11}}};" +
		" if (keep.grid) { n.grid = {top: top + 8, left: 4, right: 44, bottom: 40}; n.xAxis = catAxes(keep.xAxis); n.yAxis = catAxes(keep.yAxis); }" +
		" if (keep.radar) { var room = h - top - 40, ind = (keep.radar[0] && keep.radar[0].indicator) || [];" +
		" var side = widest(ind.map(function (i) { return i.name; }), 11) + 14;" +
		" n.radar = {center: ['50%', Math.round(top + room / 2) + 'px'], axisName: {fontSize: 11}," +
		" radius: Math.max(30, Math.round(Math.min(w / 2 - side, room / 2 - 24)))}; }" +
		" narrowed = true; c.setOption(n); }" +
		" window.addEventListener('resize', function () { c.resize(); fit(printing()); });" +
		" window.addEventListener('beforeprint', function () { fit(true); c.resize(); });" +
		" window.addEventListener('afterprint', function () { c.resize(); fit(false); });" +
		" if (window.matchMedia) { var pm = window.matchMedia('print'); if (pm.addEventListener) { pm.addEventListener('change', function (e) { fit(e.matches); c.resize(); }); } }" +
		" fit(false); })(%MY_ECHARTS%);"
	// fixed2JS shows a tooltip value as the table does: two decimals, "—"
	// for no data. The values are hundredths converted to float64, so
	// toFixed(2) gives back the exact figure. Items given as coordinate
	// arrays ([x, y] target marks, [x, y, v] heatmap cells) carry the figure
	// last.
	fixed2JS = "function (v) { if (Array.isArray(v)) { v = v[v.length - 1]; } " +
		"return (typeof v === 'number' && isFinite(v)) ? v.toFixed(2) + %s : '—'; }"
)

// valueFormatter returns a tooltip valueFormatter that prints two decimals
// and the unit. ECharts HTML-encodes what a valueFormatter returns.
func valueFormatter(unit string) types.FuncStr {
	return opts.FuncOpts(fmt.Sprintf(fixed2JS, jsString(unit)))
}

// jsString writes s as a JavaScript expression without any quote or
// backslash: String.fromCharCode(37) for "%". A function in a go-echarts
// option travels as a JSON string whose quotes are cut off afterwards, so its
// own quotes and backslashes would stay JSON-escaped (\") and break the code.
func jsString(s string) string {
	if s == "" {
		return "''"
	}
	units := utf16.Encode([]rune(label(s)))
	codes := make([]string, len(units))
	for i, u := range units {
		codes[i] = strconv.Itoa(int(u))
	}
	return "String.fromCharCode(" + strings.Join(codes, ", ") + ")"
}

// base holds the settings every chart shares.
type base struct {
	id, title, height string
	trigger           string // tooltip trigger: "item" or "axis"
	legend            bool
	valueFmt          types.FuncStr // tooltip valueFormatter, if any
}

// globals returns the global options of every chart: our assets host (no
// CDN), full width, a Chinese title, a toolbox with only "save as image",
// no animation (prints and screenshots must show final values) and
// tooltips. ECharts' own aria is off: it put an aria-label on a plain <div>,
// which assistive technology ignores (axe: aria-prohibited-attr); finish
// gives the element the role img and points it at the data table instead.
func (b base) globals() []ec.GlobalOpts {
	return []ec.GlobalOpts{
		ec.WithInitializationOpts(opts.Initialization{
			ChartID:    b.id,
			AssetsHost: static.EChartsAssetsHost,
			Width:      "100%",
			Height:     b.height,
		}),
		ec.WithTitleOpts(opts.Title{
			Title: label(b.title), Left: "center", Top: "4",
			TitleStyle: &opts.TextStyle{FontSize: 16},
		}),
		ec.WithToolboxOpts(opts.Toolbox{
			Show: opts.Bool(true), Right: "12", Top: "4",
			Feature: &opts.ToolBoxFeature{SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{
				Show: opts.Bool(true), Type: "png", Name: label(b.title), Title: "保存为图片",
			}},
		}),
		ec.WithAnimation(false),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: b.trigger, ValueFormatter: b.valueFmt}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(b.legend), Type: "scroll", Top: "32"}),
		ec.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(false)}),
	}
}

// snippetter is what every go-echarts chart implements.
type snippetter interface {
	RenderSnippet() render.ChartSnippet
}

// finish renders a chart and seals its script. RenderSnippet panics when a
// template fails; that becomes an error so one bad chart cannot take a page
// (or the report export) down.
func finish(b base, c snippetter, table Table) (ch Chart, err error) {
	defer func() {
		if v := recover(); v != nil {
			ch, err = Chart{}, fmt.Errorf("charts: render %s: %v", b.id, v)
		}
	}()
	s := c.RenderSnippet()
	// go-echarts ignores the JSON encoder's error (NaN and Inf cannot be
	// encoded) and then writes "let option_x = ;". Catch it here.
	if !strings.HasPrefix(strings.TrimSpace(s.Option), "{") {
		return Chart{}, fmt.Errorf("charts: render %s: the option did not encode (NaN or infinite value?)", b.id)
	}
	script, err := seal(s.Script)
	if err != nil {
		return Chart{}, fmt.Errorf("charts: render %s: %w", b.id, err)
	}
	element, err := accessible(s.Element, b.id, b.title)
	if err != nil {
		return Chart{}, fmt.Errorf("charts: render %s: %w", b.id, err)
	}
	return Chart{
		ID:      b.id,
		Title:   b.title,
		Element: template.HTML(element), //nolint:gosec // go-echarts' html/template output; the id is checked, the title escaped
		Script:  template.HTML(script),  //nolint:gosec // sealed: no "<" left inside
		Table:   table,
	}, nil
}

// accessible names the chart's drawing area for assistive technology: an
// image whose name is the chart's title and whose description is the data
// table under it (tbl-<id>, laid out by HTML), the chart's text alternative.
func accessible(element, id, title string) (string, error) {
	open := `<div class="item" id="` + id + `"`
	if strings.Count(element, open) != 1 {
		return "", fmt.Errorf("unexpected element shape from go-echarts: %.80q", element)
	}
	attrs := ` role="img" aria-label="` + html.EscapeString(title+"（数值见图下数据表）") + `" aria-describedby="tbl-` + id + `"`
	return strings.Replace(element, open, open+attrs, 1), nil
}

const (
	scriptOpen  = `<script type="text/javascript">`
	scriptClose = `</script>`
)

// seal rewrites every "<" between the script's own tags as \u003c. Inside
// the option JSON every "<" is within a string literal, where \u003c is the
// same character; so a name like "</script><img …>" stays a name and can no
// longer end the script or open an HTML comment state ("<!--").
func seal(script string) (string, error) {
	script = strings.TrimSpace(script)
	if !strings.HasPrefix(script, scriptOpen) || !strings.HasSuffix(script, scriptClose) {
		return "", fmt.Errorf("unexpected script shape from go-echarts: %.60q", script)
	}
	body := script[len(scriptOpen) : len(script)-len(scriptClose)]
	return scriptOpen + strings.ReplaceAll(body, "<", `\u003c`) + scriptClose, nil
}

// mergeOption adds a second setOption right after the chart is created, for
// the few ECharts options go-echarts v2.6.7 has no field for (the gauge's
// detail text). Keep it to display settings: merging into a series makes
// ECharts rebuild the series from its option, and a category boxplot, which
// prepends the category index to its items, showed wrong tooltips after
// such a merge. json.Marshal
// escapes "<", ">" and "&" itself, and the strings it carries are ours or
// pass through label.
func mergeOption(fns *opts.JSFunctions, option map[string]any) error {
	b, err := json.Marshal(option)
	if err != nil {
		return err
	}
	fns.AddJSFuncs("%MY_ECHARTS%.setOption(" + string(b) + ");")
	return nil
}

// f64 converts a figure for the chart option only; "-" is ECharts' "no data".
func f64(v *Fixed2) any {
	if v == nil {
		return "-"
	}
	return v.Float64()
}

// finite reports whether x can go into an option (JSON has no NaN or Inf).
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// heightFor grows a chart with its number of rows, within bounds.
func heightFor(rows, perRow, extra, minPx, maxPx int) string {
	h := extra + rows*perRow
	h = max(minPx, min(maxPx, h))
	return fmt.Sprintf("%dpx", h)
}
