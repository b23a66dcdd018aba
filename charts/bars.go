package charts

import (
	"fmt"
	"strconv"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// BarOpts tunes Bars. The zero value draws plain vertical bars.
type BarOpts struct {
	// Horizontal lists the categories down the left side: better for long
	// names (industries, indicators) and many categories.
	Horizontal bool
	// Unit is appended to values in labels, tooltips, the axis and the
	// table header, e.g. "%" for rates. Keep it short.
	Unit string
	// Stacked stacks the series (e.g. firms by level within each district).
	Stacked bool
	// Max fixes the end of the value axis (100 for percents); 0 lets
	// ECharts choose.
	Max float64
	// CategoryName heads the table's first column; default "项目".
	CategoryName string

	// Target draws one dashed line across all categories at this value.
	Target *Fixed2
	// Targets gives each category its own target (nil: none for it), drawn
	// as a short red mark across the category, e.g. national 2025 targets
	// beside the city's indicator rates. When set, len(Targets) must equal
	// len(categories).
	Targets []*Fixed2
	// TargetName names the targets in the legend, labels and table;
	// default "目标值".
	TargetName string
	// Counts shows the values as whole numbers (firms), without decimals.
	Counts bool
}

// text prints a value as the labels and the table show it.
func (o BarOpts) text(v *Fixed2) string {
	if o.Counts && v != nil {
		return strconv.FormatInt(int64(*v)/100, 10)
	}
	return cell(v)
}

// tooltip is the valueFormatter of the bars' tooltip.
func (o BarOpts) tooltip() types.FuncStr {
	if o.Counts {
		return opts.FuncOpts(fmt.Sprintf(countUnitJS, jsString(o.Unit)))
	}
	return valueFormatter(o.Unit)
}

// countUnitJS prints a count in a tooltip, with a unit (%s, by jsString).
const countUnitJS = "function (v) { if (Array.isArray(v)) { v = v[v.length - 1]; } " +
	"return (typeof v === 'number' && isFinite(v)) ? String(Math.round(v)) + %s : '—'; }"

// targetColor marks targets and the quadrant: a dark red that stays
// distinct from the bar palette in grey print.
const targetColor = "#b42318"

// targetMaxJS extends the value axis to a little above a target line.
const targetMaxJS = "function (v) { return v.max >= %[1]s ? null : Math.ceil(%[1]s * 1.1); }"

// Bars draws one or more series of figures over categories: indicator rates
// against national targets, mean scores by district, levels by band
// (stacked). A nil value draws no bar and shows "—" in the table.
func Bars(id, title string, categories []string, series []Series, o BarOpts) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	n := len(categories)
	if n == 0 {
		return Chart{}, fmt.Errorf("charts: bars %s: no categories", id)
	}
	if err := checkSeries(id, series, n); err != nil {
		return Chart{}, err
	}
	if o.Targets != nil && len(o.Targets) != n {
		return Chart{}, fmt.Errorf("charts: bars %s: %d targets for %d categories", id, len(o.Targets), n)
	}
	if o.Max < 0 || !finite(o.Max) {
		return Chart{}, fmt.Errorf("charts: bars %s: invalid axis maximum", id)
	}
	targetName := o.TargetName
	if targetName == "" {
		targetName = "目标值"
	}
	unit := label(o.Unit)

	b := base{id: id, title: title, trigger: "axis", legend: true, valueFmt: o.tooltip(), height: "420px"}
	if o.Horizontal {
		bandSeries := 1
		if !o.Stacked {
			bandSeries = len(series)
		}
		b.height = heightFor(n, 16+14*bandSeries, 120, 260, 1600)
	}

	c := ec.NewBar()
	var valueMax any
	switch {
	case o.Max > 0:
		valueMax = o.Max
	case o.Target != nil:
		// ECharts sizes the axis to the data only, so a target above every
		// bar would be cut off. Returning null keeps the automatic maximum.
		valueMax = opts.FuncOpts(fmt.Sprintf(targetMaxJS, strconv.FormatFloat(o.Target.Float64(), 'f', -1, 64)))
	}
	valueLabel := &opts.AxisLabel{Formatter: types.FuncStr("{value}" + unit)} // a string template, not a function
	globals := append(b.globals(),
		ec.WithGridOpts(opts.Grid{Top: "72", Left: "12", Right: "56", Bottom: "12", ContainLabel: opts.Bool(true)}),
	)
	if o.Horizontal {
		globals = append(globals,
			ec.WithXAxisOpts(opts.XAxis{Type: "value", Max: valueMax, AxisLabel: valueLabel}),
			ec.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
				AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		)
	} else {
		rotate := 0.0
		if n > 8 {
			rotate = 30
		}
		globals = append(globals,
			ec.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotate}}),
			ec.WithYAxisOpts(opts.YAxis{Type: "value", Max: valueMax, AxisLabel: valueLabel}),
		)
	}
	c.SetGlobalOptions(globals...)
	c.SetXAxis(labels(categories)) // Bar.Validate moves them to the y axis when reversed
	if o.Horizontal {
		c.XYReversal()
	}

	// Labels on every bar read well up to a few dozen bars; beyond that, or
	// inside stacks, they collide and the table carries the figures.
	showLabels := !o.Stacked && len(series)*n <= 48
	labelPos, labelColor := "top", ""
	if o.Horizontal {
		labelPos = "right"
	}
	labelBack := ""
	if o.Targets != nil || o.Target != nil {
		// At the bar's foot, on a white chip: a label at the bar's end sat
		// on the target marks or under the target line across the bars, and
		// a white label inside a short bar spilled onto the axis unseen.
		labelPos, labelColor, labelBack = "insideBottom", "#1f2933", "#fff"
		if o.Horizontal {
			labelPos = "insideLeft"
		}
	}
	for _, s := range series {
		data := make([]opts.BarData, n)
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: f64(v)}
			if showLabels && v != nil {
				// The exact two-decimal text, as in the table; a formatter
				// without {} placeholders is printed as it is.
				data[i].Label = &opts.Label{Show: opts.Bool(true), Position: labelPos, Color: labelColor, BackgroundColor: labelBack,
					Formatter: o.text(v) + unit}
			}
		}
		var seriesOpts []ec.SeriesOpts
		if o.Stacked {
			seriesOpts = append(seriesOpts, ec.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		}
		// A value label that would cover another is left out: the data
		// table under the chart has every value.
		seriesOpts = append(seriesOpts, ec.WithLabelLayoutOpts(opts.LabelLayout{HideOverlap: opts.Bool(true)}))
		c.AddSeries(label(s.Name), data, seriesOpts...)
	}
	if o.Target != nil {
		c.MultiSeries = append(c.MultiSeries, targetLine(*o.Target, label(targetName), unit, o.Horizontal))
	}
	if o.Targets != nil {
		c.MultiSeries = append(c.MultiSeries, targetMarks(o.Targets, label(targetName), o.Horizontal))
	}
	c.AddJSFuncs(resizeJS)

	catHeader := o.CategoryName
	if catHeader == "" {
		catHeader = "项目"
	}
	t := Table{Caption: title + "（数据表）", Header: []string{catHeader}}
	for _, s := range series {
		t.Header = append(t.Header, withUnit(s.Name, o.Unit))
	}
	if o.Targets != nil {
		t.Header = append(t.Header, withUnit(targetName, o.Unit))
	}
	for i, cat := range categories {
		row := []string{cat}
		for _, s := range series {
			row = append(row, o.text(s.Values[i]))
		}
		if o.Targets != nil {
			row = append(row, cell(o.Targets[i]))
		}
		t.Rows = append(t.Rows, row)
	}
	if o.Target != nil {
		t.Caption += "；" + targetName + "：" + o.Target.String() + o.Unit
	}
	return finish(b, c, t)
}

// targetLine is one dashed line at a value across all categories. It is a
// series of its own with no points, so the legend names it with its value
// ("全市：85.03%"): a label on the line itself sat on the bars' values.
func targetLine(v Fixed2, name, unit string, horizontal bool) ec.SingleSeries {
	axis := "yAxis"
	if horizontal {
		axis = "xAxis"
	}
	style := &opts.LineStyle{Type: "dashed", Color: targetColor, Width: 2}
	return ec.SingleSeries{
		Name: name + "：" + v.String() + unit, Type: types.ChartLine, Data: []opts.LineData{},
		ItemStyle: &opts.ItemStyle{Color: targetColor}, LineStyle: style,
		MarkLines: &opts.MarkLines{
			Data: []any{map[string]any{"name": name, axis: v.Float64()}},
			MarkLineStyle: opts.MarkLineStyle{
				Symbol: []string{"none", "none"}, Label: &opts.Label{Show: opts.Bool(false)}, LineStyle: style,
			},
		},
	}
}

// targetMarks draws each category's target as a short thick line across it:
// a scatter series of "rect" symbols rather than markLine segments, because
// ECharts 5 rounds a category coordinate to the nearest whole category, so a
// markLine cannot span one category's width. The series also gives the
// targets a legend entry and a tooltip line. Items are [category index,
// value] pairs (swapped for horizontal bars); categories without a target
// get no item.
func targetMarks(targets []*Fixed2, name string, horizontal bool) ec.SingleSeries {
	data := []opts.ScatterData{}
	size := []int{34, 4}
	for i, t := range targets {
		if t == nil {
			continue
		}
		v := []any{i, t.Float64()}
		if horizontal {
			v = []any{t.Float64(), i}
		}
		data = append(data, opts.ScatterData{Value: v})
	}
	if horizontal {
		size = []int{4, 22}
	}
	return ec.SingleSeries{
		Name: name, Type: types.ChartScatter, Data: data,
		Symbol: "rect", SymbolSize: size,
		ItemStyle: &opts.ItemStyle{Color: targetColor},
	}
}
