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

// Heatmap draws a table of figures as coloured cells, e.g. districts (rows)
// by dimension percent (columns). cells[r][c] belongs to rows[r] and
// cols[c]; a nil cell stays blank and shows "—" in the table. Colours span
// the smallest to the largest figure present, so differences between
// districts show even when all are close.
func Heatmap(id, title string, rows, cols []string, cells [][]*Fixed2) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	if len(rows) == 0 || len(cols) == 0 {
		return Chart{}, fmt.Errorf("charts: heatmap %s: no rows or columns", id)
	}
	if len(cells) != len(rows) {
		return Chart{}, fmt.Errorf("charts: heatmap %s: %d rows of cells for %d rows", id, len(cells), len(rows))
	}
	var lo, hi *Fixed2
	for r, row := range cells {
		if len(row) != len(cols) {
			return Chart{}, fmt.Errorf("charts: heatmap %s: row %q has %d cells for %d columns", id, rows[r], len(row), len(cols))
		}
		for _, v := range row {
			if v == nil {
				continue
			}
			if lo == nil || *v < *lo {
				lo = v
			}
			if hi == nil || *v > *hi {
				hi = v
			}
		}
	}
	vmin, vmax := 0.0, 1.0
	if lo != nil {
		vmin, vmax = lo.Float64(), hi.Float64()
		if vmax <= vmin {
			vmax = vmin + 1
		}
	}

	b := base{id: id, title: title, trigger: "item", valueFmt: valueFormatter(""),
		height: heightFor(len(rows), 40, 170, 260, 1400)}
	c := heatmapFrame(b,
		opts.XAxis{Type: "category", Data: labels(cols), AxisLabel: &opts.AxisLabel{Interval: "0"},
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}},
		opts.YAxis{Type: "category", Data: labels(rows), Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"},
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}},
		opts.Grid{Top: "48", Left: "12", Right: "24", Bottom: "64", ContainLabel: opts.Bool(true)},
		vmin, vmax)
	for r, row := range cells {
		var data []opts.HeatMapData
		for ci, v := range row {
			if v != nil {
				data = append(data, opts.HeatMapData{Name: label(cols[ci]), Value: []any{ci, r, v.Float64()}})
			}
		}
		// One series per row: the tooltip then reads "row / column: value".
		c.AddSeries(label(rows[r]), data, cellLabels(cellFixed2JS))
	}
	c.AddJSFuncs(resizeJS)

	t := Table{Caption: title + "（数据表）", Header: append([]string{""}, cols...)}
	for r, row := range cells {
		line := []string{rows[r]}
		for _, v := range row {
			line = append(line, cell(v))
		}
		t.Rows = append(t.Rows, line)
	}
	return finish(b, c, t)
}

// heatmapFrame sets up a heatmap on two category axes with a colour scale
// from vmin to vmax, shared by Heatmap and DensityHeatmap.
func heatmapFrame(b base, x opts.XAxis, y opts.YAxis, grid opts.Grid, vmin, vmax float64) *ec.HeatMap {
	c := ec.NewHeatMap()
	c.SetGlobalOptions(append(b.globals(),
		ec.WithGridOpts(grid),
		ec.WithXAxisOpts(x),
		ec.WithYAxisOpts(y),
		ec.WithVisualMapOpts(opts.VisualMap{
			Type: "continuous", Calculable: opts.Bool(false),
			Min: float32(vmin), Max: float32(vmax),
			Orient: "horizontal", Left: "center", Bottom: "4", Text: []string{"高", "低"},
			InRange: &opts.VisualMapInRange{Color: heatColors},
		}),
	)...)
	return c
}

// cellLabels prints each cell's figure on it.
func cellLabels(fn string) ec.SeriesOpts {
	return ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: string(opts.FuncOpts(fn))})
}
