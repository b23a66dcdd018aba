package charts

import (
	"fmt"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Cell labels read the figure from the [column, row, value] item. Canvas
// text, not HTML; no "<" (see seal).
const (
	cellFixed2JS = "function (p) { return p.value[2].toFixed(2); }"
	cellCountJS  = "function (p) { return String(p.value[2]); }"
)

// heatColors run from pale to dark blue, readable in grey print.
var heatColors = []string{"#eef4fb", "#9ec5eb", "#3d85c6", "#0b3d75"}

// HeatOpts shape a heat map.
type HeatOpts struct {
	// RowName heads the column of row names in the data table ("区县").
	RowName string
	// Units gives each column its unit ("%", "分"); columns of one unit
	// share a colour scale, so a column of points is never coloured on the
	// scale of percents beside it. Nil: one unit, one scale.
	Units []string
}

// scale is one colour scale: the columns of one unit.
type scale struct {
	unit   string
	cols   []int
	lo, hi *Fixed2
}

// scales groups the columns by unit in the order units first appear.
func (o HeatOpts) scales(n int) []*scale {
	var out []*scale
	at := map[string]*scale{}
	for c := range n {
		u := ""
		if o.Units != nil {
			u = o.Units[c]
		}
		if at[u] == nil {
			at[u] = &scale{unit: u}
			out = append(out, at[u])
		}
		at[u].cols = append(at[u].cols, c)
	}
	return out
}

// Heatmap draws a table of figures as coloured cells, e.g. districts (rows)
// by dimension percent (columns). cells[r][c] belongs to rows[r] and
// cols[c]; a nil cell stays blank and shows "—" in the table. Each unit's
// colours span its smallest to its largest figure present, so differences
// between districts show even when all are close.
func Heatmap(id, title string, rows, cols []string, cells [][]*Fixed2, o HeatOpts) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	if len(rows) == 0 || len(cols) == 0 {
		return Chart{}, fmt.Errorf("charts: heatmap %s: no rows or columns", id)
	}
	if len(cells) != len(rows) {
		return Chart{}, fmt.Errorf("charts: heatmap %s: %d rows of cells for %d rows", id, len(cells), len(rows))
	}
	if o.Units != nil && len(o.Units) != len(cols) {
		return Chart{}, fmt.Errorf("charts: heatmap %s: %d units for %d columns", id, len(o.Units), len(cols))
	}
	for r, row := range cells {
		if len(row) != len(cols) {
			return Chart{}, fmt.Errorf("charts: heatmap %s: row %q has %d cells for %d columns", id, rows[r], len(row), len(cols))
		}
	}
	scales := o.scales(len(cols))
	var maps []opts.VisualMap
	for i, sc := range scales {
		for _, row := range cells {
			for _, c := range sc.cols {
				if v := row[c]; v != nil && (sc.lo == nil || *v < *sc.lo) {
					sc.lo = v
				}
				if v := row[c]; v != nil && (sc.hi == nil || *v > *sc.hi) {
					sc.hi = v
				}
			}
		}
		maps = append(maps, scaleMap(sc, i, len(scales)))
	}

	b := base{id: id, title: title, trigger: "item", valueFmt: valueFormatter(""),
		height: heightFor(len(rows), 40, 170, 260, 1400)}
	c := heatmapFrame(b,
		opts.XAxis{Type: "category", Data: labels(cols), AxisLabel: &opts.AxisLabel{Interval: "0"},
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}},
		opts.YAxis{Type: "category", Data: labels(rows), Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"},
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}},
		opts.Grid{Top: "48", Left: "12", Right: "24", Bottom: "64", ContainLabel: opts.Bool(true)},
		maps...)
	// One series per scale, so each visual map colours its own columns; an
	// item's name says which row and column it is.
	for _, sc := range scales {
		var data []opts.HeatMapData
		for r, row := range cells {
			for _, ci := range sc.cols {
				if v := row[ci]; v != nil {
					data = append(data, opts.HeatMapData{Name: label(rows[r] + " · " + cols[ci]), Value: []any{ci, r, v.Float64()}})
				}
			}
		}
		c.AddSeries(label(withUnit(title, sc.unit)), data, cellLabels(cellFixed2JS))
	}
	// go-echarts v2.6.7 has no field for a visual map's series.
	var bind []map[string]any
	for i := range scales {
		bind = append(bind, map[string]any{"seriesIndex": i})
	}
	if err := mergeOption(&c.JSFunctions, map[string]any{"visualMap": bind}); err != nil {
		return Chart{}, err
	}
	c.AddJSFuncs(resizeJS)

	rowName := o.RowName
	if rowName == "" {
		rowName = "项目"
	}
	t := Table{Caption: title + "（数据表）", Header: []string{rowName}}
	for ci, col := range cols {
		u := ""
		if o.Units != nil {
			u = o.Units[ci]
		}
		t.Header = append(t.Header, withUnit(col, u))
	}
	for r, row := range cells {
		line := []string{rows[r]}
		for _, v := range row {
			line = append(line, cell(v))
		}
		t.Rows = append(t.Rows, line)
	}
	return finish(b, c, t)
}

// scaleMap is the colour scale of one unit's series (index i of n), laid
// side by side under the chart when there are two or more.
func scaleMap(sc *scale, i, n int) opts.VisualMap {
	vmin, vmax := 0.0, 1.0
	if sc.lo != nil {
		vmin, vmax = sc.lo.Float64(), sc.hi.Float64()
		if vmax <= vmin {
			vmax = vmin + 1
		}
	}
	left := "center"
	if n > 1 {
		left = fmt.Sprintf("%d%%", 4+i*96/n)
	}
	high := "高"
	if sc.unit != "" && n > 1 {
		high = "高（" + label(sc.unit) + "）"
	}
	return opts.VisualMap{
		Type: "continuous", Calculable: opts.Bool(false),
		Min: float32(vmin), Max: float32(vmax),
		Orient: "horizontal", Left: left, Bottom: "4", Text: []string{high, "低"},
		InRange: &opts.VisualMapInRange{Color: heatColors},
	}
}

// heatmapFrame is the part of a heat map shared by Heatmap and
// DensityHeatmap: category axes and one colour scale per visual map.
func heatmapFrame(b base, x opts.XAxis, y opts.YAxis, grid opts.Grid, maps ...opts.VisualMap) *ec.HeatMap {
	c := ec.NewHeatMap()
	c.SetGlobalOptions(append(b.globals(),
		ec.WithGridOpts(grid),
		ec.WithXAxisOpts(x),
		ec.WithYAxisOpts(y),
		ec.WithVisualMapOpts(maps...),
	)...)
	return c
}

// cellLabels prints each cell's figure on it.
func cellLabels(fn string) ec.SeriesOpts {
	return ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: string(opts.FuncOpts(fn))})
}
