package charts

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// Point is one firm in a scatter chart. X and Y are for drawing only (e.g.
// revenue in 万元 and investment intensity in %); published figures come
// from the tables of other charts.
type Point struct {
	X, Y float64
	Name string
}

// Quadrant marks the corner of the chart where X < XBelow and Y < YBelow,
// e.g. firms under 10亿元 (100000 万元) investing under 1% of revenue.
type Quadrant struct {
	Name           string
	XBelow, YBelow float64
}

// ScatterOpts tunes Scatter and DensityHeatmap.
type ScatterOpts struct {
	SeriesName   string // what a point is, for legend and tooltip; default "企业"
	XName, YName string // axis titles with units, e.g. "营业收入（万元）"
	LogX         bool   // logarithmic X axis (revenues span several orders of magnitude)
	Quadrant     *Quadrant
	// DensityThreshold is the most points Scatter draws one by one; above
	// it Scatter bins them (DensityHeatmap). 0 means DefaultDensityThreshold.
	DensityThreshold int
	// CountsOnly makes the data table count points by area however few
	// there are, so it names no one (a printed bulletin names no firm; the
	// names stay in the tooltips on screen).
	CountsOnly bool
}

const (
	// DefaultDensityThreshold: a province or the whole country has tens of
	// thousands of firms, too many dots to read (and megabytes of script);
	// a city's ~1,750 stay individual dots.
	DefaultDensityThreshold = 5000
	// ScatterTableRows is the most points listed one per row under a
	// scatter chart; beyond it the table counts firms by area instead.
	ScatterTableRows = 200
	// Density grid size: columns (X) by rows (Y).
	densityCols, densityRows = 20, 12
)

const countJS = "function (v) { if (Array.isArray(v)) { v = v[v.length - 1]; } return String(v) + '家'; }"

// pointTipJS is the tooltip of one dot: its name, then X and Y under the
// axis titles (two %s, written by jsString). Like boxTipJS it builds DOM
// nodes with textContent, so a firm's name stays text.
const pointTipJS = "function (p) {" +
	" var v = p.value || []; var rows = [p.name, %s + '：' + v[0], %s + '：' + v[1]];" +
	" var d = document.createElement('div');" +
	" for (var i = 0; i !== rows.length; i++) { var r = document.createElement('div'); r.textContent = rows[i]; d.appendChild(r); }" +
	" d.firstChild.style.fontWeight = 'bold'; return d; }"

// usable drops points that cannot be drawn: NaN or infinite values, and
// X ≤ 0 on a logarithmic axis. The caption reports how many were dropped.
func usable(points []Point, logX bool) (ok []Point, dropped int) {
	for _, p := range points {
		if !finite(p.X) || !finite(p.Y) || (logX && p.X <= 0) {
			dropped++
			continue
		}
		ok = append(ok, p)
	}
	return ok, dropped
}

func (o ScatterOpts) seriesName() string {
	if o.SeriesName == "" {
		return "企业"
	}
	return o.SeriesName
}

// Scatter draws one dot per point, with the quadrant shaded and its borders
// dashed. With more points than the density threshold it returns
// DensityHeatmap's chart instead: the caller always passes every point.
func Scatter(id, title string, points []Point, o ScatterOpts) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	limit := o.DensityThreshold
	if limit <= 0 {
		limit = DefaultDensityThreshold
	}
	pts, dropped := usable(points, o.LogX)
	if len(pts) > limit {
		return density(id, title, pts, dropped, o)
	}

	b := base{id: id, title: title, height: "480px", trigger: "item"}
	c := ec.NewScatter()
	xMin, yMin := axisStart(pts, o.LogX)
	xType := "value"
	if o.LogX {
		xType = "log"
	}
	c.SetGlobalOptions(append(b.globals(),
		ec.WithGridOpts(opts.Grid{Top: "56", Left: "36", Right: "48", Bottom: "40", ContainLabel: opts.Bool(true)}),
		ec.WithXAxisOpts(opts.XAxis{Type: xType, Name: label(o.XName), NameLocation: "middle", NameGap: 30,
			Min: xMin, SplitLine: &opts.SplitLine{Show: opts.Bool(true)}}),
		ec.WithYAxisOpts(opts.YAxis{Type: "value", Name: label(o.YName), NameLocation: "middle", NameGap: 36, Min: yMin}),
	)...)
	data := make([]opts.ScatterData, len(pts))
	for i, p := range pts {
		data[i] = opts.ScatterData{Name: label(p.Name), Value: []float64{p.X, p.Y}}
	}
	c.AddSeries(label(o.seriesName()), data,
		ec.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 7}),
		ec.WithItemStyleOpts(opts.ItemStyle{Color: "#0b5cad", Opacity: opts.Float(0.6)}),
		ec.WithSeriesTooltipOpts(opts.SeriesTooltip{Formatter: opts.FuncOpts(
			fmt.Sprintf(pointTipJS, jsString(orDefault(o.XName, "X")), jsString(orDefault(o.YName, "Y"))))}),
		ec.WithSeriesOpts(func(s *ec.SingleSeries) {
			if q := o.Quadrant; q != nil && finite(q.XBelow) && finite(q.YBelow) {
				s.MarkAreas = quadrantArea(q.Name, []any{xMin, yMin}, []any{q.XBelow, q.YBelow})
				s.MarkLines = &opts.MarkLines{
					Data: []any{map[string]any{"xAxis": q.XBelow}, map[string]any{"yAxis": q.YBelow}},
					MarkLineStyle: opts.MarkLineStyle{
						Symbol:    []string{"none", "none"},
						Label:     &opts.Label{Show: opts.Bool(false)},
						LineStyle: &opts.LineStyle{Type: "dashed", Color: targetColor, Width: 1.5},
					},
				}
			}
		}),
	)
	c.AddJSFuncs(resizeJS)

	t := Table{Caption: title + "（数据表" + droppedNote(dropped) + "）"}
	if len(pts) <= ScatterTableRows && !o.CountsOnly {
		t.Header = []string{o.seriesName(), o.XName, o.YName}
		for _, p := range pts {
			t.Rows = append(t.Rows, []string{p.Name, strconv.FormatFloat(p.X, 'f', 2, 64), strconv.FormatFloat(p.Y, 'f', 2, 64)})
		}
	} else {
		t.Header = []string{"范围", "企业数"}
		t.Rows = areaCounts(pts, o.Quadrant)
	}
	return finish(b, c, t)
}

// DensityHeatmap bins points into a grid and colours each cell by its count,
// for populations too large for dots. With a quadrant the bin edges include
// its borders, so the dashed box around the quadrant's cells counts exactly
// the firms inside it.
func DensityHeatmap(id, title string, points []Point, o ScatterOpts) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	pts, dropped := usable(points, o.LogX)
	return density(id, title, pts, dropped, o)
}

func density(id, title string, pts []Point, dropped int, o ScatterOpts) (Chart, error) {
	if len(pts) == 0 {
		return Chart{}, fmt.Errorf("charts: density %s: no drawable points", id)
	}
	tx := func(x float64) float64 { return x }
	untx := tx
	if o.LogX {
		tx, untx = math.Log10, func(x float64) float64 { return math.Pow(10, x) }
	}
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		xs[i], ys[i] = tx(p.X), p.Y
	}
	var qx, qy *float64
	if q := o.Quadrant; q != nil && finite(q.XBelow) && finite(q.YBelow) && (!o.LogX || q.XBelow > 0) {
		x, y := tx(q.XBelow), q.YBelow
		qx, qy = &x, &y
	}
	xEdges, kx := binEdges(xs, densityCols, qx)
	yEdges, ky := binEdges(ys, densityRows, qy)

	counts := make([][]int, densityRows) // [y bin][x bin], y bin 0 lowest
	for i := range counts {
		counts[i] = make([]int, densityCols)
	}
	maxCount := 0
	for i := range pts {
		yi, xi := binOf(yEdges, ys[i]), binOf(xEdges, xs[i])
		counts[yi][xi]++
		maxCount = max(maxCount, counts[yi][xi])
	}

	xLabels := make([]string, densityCols)
	for i := range xLabels {
		xLabels[i] = num(untx(xEdges[i])) + "–" + num(untx(xEdges[i+1]))
	}
	// Rows are listed top to bottom, so the highest Y bin comes first.
	yLabels := make([]string, densityRows)
	for r := range yLabels {
		yi := densityRows - 1 - r
		yLabels[r] = num(yEdges[yi]) + "–" + num(yEdges[yi+1])
	}

	b := base{id: id, title: title, height: "540px", trigger: "item",
		valueFmt: types.FuncStr(opts.FuncOpts(countJS))}
	c := heatmapFrame(b,
		opts.XAxis{Type: "category", Data: labels(xLabels), Name: label(o.XName),
			NameLocation: "middle", NameGap: 92, AxisLabel: &opts.AxisLabel{Interval: "auto", Rotate: 40}},
		// The axis runs downwards (rows top to bottom), so its name goes at
		// the start to sit on top.
		opts.YAxis{Type: "category", Data: labels(yLabels), Name: label(o.YName), NameLocation: "start",
			Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}},
		opts.Grid{Top: "72", Left: "12", Right: "24", Bottom: "100", ContainLabel: opts.Bool(true)},
		opts.VisualMap{Type: "continuous", Calculable: opts.Bool(false), Min: 1, Max: float32(max(maxCount, 2)),
			Orient: "horizontal", Left: "center", Bottom: "4", Text: []string{"高", "低"},
			InRange: &opts.VisualMapInRange{Color: heatColors}})
	var data []opts.HeatMapData
	for yi := range counts {
		for xi, n := range counts[yi] {
			if n > 0 {
				r := densityRows - 1 - yi
				data = append(data, opts.HeatMapData{Name: label(xLabels[xi] + "，" + yLabels[r]), Value: []any{xi, r, n}})
			}
		}
	}
	c.AddSeries(label(o.seriesName())+"数", data, cellLabels(cellCountJS))

	inQuadrant := 0
	if q := o.Quadrant; qx != nil && kx > 0 && ky > 0 {
		// The heatmap's axes are categories, where ECharts rounds marker
		// coordinates to whole cells; a hidden pair of value axes over the
		// same grid (0…cols, 0…rows from the bottom) lets a dashed outline
		// follow the cell borders exactly. It is a line series rather than
		// a markArea: ECharts draws markAreas at z 1, under the cells, and
		// go-echarts v2.6.7 has no field to raise them.
		c.ExtendXAxis(opts.XAxis{Type: "value", Show: opts.Bool(false), Min: 0, Max: densityCols})
		c.ExtendYAxis(opts.YAxis{Type: "value", Show: opts.Bool(false), Min: 0, Max: densityRows})
		c.MultiSeries = append(c.MultiSeries, quadrantOutline(q.Name, float64(kx), float64(ky)))
		for _, p := range pts {
			if p.X < q.XBelow && p.Y < q.YBelow {
				inQuadrant++
			}
		}
	}
	c.AddJSFuncs(resizeJS)

	caption := fmt.Sprintf("%s（数据表：共%d家企业，按区间计数", title, len(pts))
	if o.Quadrant != nil && qx != nil {
		caption += fmt.Sprintf("；%s：%d家", o.Quadrant.Name, inQuadrant)
	}
	// One row per X range and one column per Y range (Y ranges are short,
	// so the table stays narrow enough for a page and for A4).
	t := Table{Caption: caption + droppedNote(dropped) + "）", Header: []string{o.XName + " \\ " + o.YName}}
	for yi := range densityRows {
		t.Header = append(t.Header, yLabels[densityRows-1-yi])
	}
	for xi := range densityCols {
		row := []string{xLabels[xi]}
		for yi := range densityRows {
			row = append(row, strconv.Itoa(counts[yi][xi]))
		}
		t.Rows = append(t.Rows, row)
	}
	return finish(b, c, t)
}

// binEdges splits [min, max] of vs into n bins (n+1 ascending edges). When a
// threshold lies strictly inside, it becomes an edge and below reports how
// many bins lie under it; otherwise below is n or 0 by the side it lies on
// (0 without a threshold).
func binEdges(vs []float64, n int, threshold *float64) (edges []float64, below int) {
	lo, hi := vs[0], vs[0]
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi <= lo {
		hi = lo + 1
	}
	if threshold == nil {
		return linspace(lo, hi, n), 0
	}
	t := *threshold
	switch {
	case t <= lo:
		return linspace(lo, hi, n), 0
	case t > hi:
		return linspace(lo, hi, n), n
	}
	k := int(math.Round(float64(n) * (t - lo) / (hi - lo)))
	k = max(1, min(n-1, k))
	edges = linspace(lo, t, k)
	return append(edges, linspace(t, hi, n-k)[1:]...), k
}

// linspace returns n+1 edges from lo to hi, both exact.
func linspace(lo, hi float64, n int) []float64 {
	e := make([]float64, n+1)
	for i := range e {
		e[i] = lo + (hi-lo)*float64(i)/float64(n)
	}
	e[n] = hi
	return e
}

// binOf is the bin holding v: bins include their lower edge, the last one
// also its upper edge.
func binOf(edges []float64, v float64) int {
	i := sort.SearchFloat64s(edges, v) // first edge ≥ v
	if i < len(edges) && edges[i] == v {
		return min(i, len(edges)-2)
	}
	return max(0, min(i-1, len(edges)-2))
}

// axisStart fixes where the axes begin, so the quadrant's shading can start
// exactly at the corner: 0 for non-negative data, the power of ten below the
// smallest value on a log axis.
func axisStart(pts []Point, logX bool) (x, y float64) {
	if len(pts) == 0 {
		if logX {
			return 1, 0
		}
		return 0, 0
	}
	x, y = pts[0].X, pts[0].Y
	for _, p := range pts {
		x, y = math.Min(x, p.X), math.Min(y, p.Y)
	}
	if logX {
		x = math.Pow(10, math.Floor(math.Log10(x)))
	} else {
		x = math.Min(0, math.Floor(x))
	}
	return x, math.Min(0, math.Floor(y))
}

// quadrantArea shades the rectangle between two corners, named on the chart.
func quadrantArea(name string, from, to []any) *opts.MarkAreas {
	return &opts.MarkAreas{
		Data: []any{[]any{
			map[string]any{"name": label(name), "xAxis": from[0], "yAxis": from[1]},
			map[string]any{"xAxis": to[0], "yAxis": to[1]},
		}},
		MarkAreaStyle: opts.MarkAreaStyle{
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideTop", Color: targetColor},
			ItemStyle: &opts.ItemStyle{Color: "rgba(180,35,24,0.08)", BorderColor: targetColor, BorderWidth: 1.5},
		},
	}
}

// quadrantOutline draws the dashed box from (0, 0) to (kx, ky) on the
// hidden value axes, named in the middle of its top edge.
func quadrantOutline(name string, kx, ky float64) ec.SingleSeries {
	pt := func(x, y float64) map[string]any { return map[string]any{"value": []float64{x, y}} }
	top := pt(kx/2, ky)
	top["label"] = map[string]any{
		"show": true, "formatter": label(name), "position": "top", "color": targetColor,
		"backgroundColor": "rgba(255,255,255,0.9)", "padding": 2,
	}
	return ec.SingleSeries{
		Name: label(name), Type: types.ChartLine, XAxisIndex: 1, YAxisIndex: 1,
		Data:       []any{pt(0, 0), pt(kx, 0), pt(kx, ky), top, pt(0, ky), pt(0, 0)},
		SymbolSize: 0, ShowSymbol: opts.Bool(true),
		LineStyle:     &opts.LineStyle{Type: "dashed", Color: targetColor, Width: 2},
		ItemStyle:     &opts.ItemStyle{Color: targetColor},
		SeriesTooltip: &opts.SeriesTooltip{Formatter: "{a}"},
	}
}

// areaCounts summarises many points: inside the quadrant, elsewhere, all.
func areaCounts(pts []Point, q *Quadrant) [][]string {
	if q == nil {
		return [][]string{{"全部", strconv.Itoa(len(pts))}}
	}
	in := 0
	for _, p := range pts {
		if p.X < q.XBelow && p.Y < q.YBelow {
			in++
		}
	}
	return [][]string{
		{q.Name, strconv.Itoa(in)},
		{"其他", strconv.Itoa(len(pts) - in)},
		{"全部", strconv.Itoa(len(pts))},
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func droppedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("；另有%d家数值无效，未绘出", n)
}

// num prints a drawing coordinate for a table or bin label: two decimals
// below 100, whole numbers above (revenues in 万元).
func num(x float64) string {
	if math.Abs(x) >= 100 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strings.TrimSuffix(strconv.FormatFloat(x, 'f', 2, 64), ".00")
}
