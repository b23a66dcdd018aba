package charts

import (
	"fmt"
	"strconv"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"healthcheck/analysis"
)

// Slice is one part of a whole, counted in firms.
type Slice struct {
	Name  string
	Value int
}

// Pie draws how firms split into a few groups (levels 未达一级 … 四级), in the
// order given. Shares are computed exactly (analysis.GroupShare, rounded
// once) and the same text is printed on the slice, in its tooltip and in the
// table, so the chart never shows ECharts' own float percentages; under the
// small-group rule (fewer than analysis.MinGroup firms in all) only counts
// are printed. Empty slices stay in the table but are not drawn.
func Pie(id, title string, slices []Slice) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	if len(slices) == 0 {
		return Chart{}, fmt.Errorf("charts: pie %s: no slices", id)
	}
	total := 0
	for _, s := range slices {
		if s.Value < 0 {
			return Chart{}, fmt.Errorf("charts: pie %s: negative count for %q", id, s.Name)
		}
		total += s.Value
	}

	b := base{id: id, title: title, height: "400px", trigger: "item", legend: true}
	c := ec.NewPie()
	c.SetGlobalOptions(b.globals()...)
	var data []opts.PieData
	shares := make([]string, len(slices))
	for i, s := range slices {
		shares[i] = cell(analysis.GroupShare(s.Value, total))
		if s.Value == 0 {
			continue
		}
		// Formatters without placeholders other than {b} (the name, which
		// ECharts HTML-encodes in tooltips) carry our exact figures.
		figures := strconv.Itoa(s.Value) + "家"
		if !analysis.Withheld(total) {
			figures += "（" + shares[i] + "%）"
		}
		data = append(data, opts.PieData{
			Name:  label(s.Name),
			Value: s.Value,
			// Two lines: on a half-width card one line is cut at the edge.
			Label:   &opts.Label{Show: opts.Bool(true), Formatter: "{b}\n" + figures},
			Tooltip: &opts.Tooltip{Formatter: types.FuncStr("{b}：" + figures)},
		})
	}
	c.AddSeries("企业数", data,
		ec.WithPieChartOpts(opts.PieChart{Radius: []string{"28%", "54%"}, Center: []string{"50%", "58%"}}),
	)
	c.AddJSFuncs(resizeJS)
	// Short label lines leave the labels room to show whole on a narrow card
	// (go-echarts has no field for them).
	if err := mergeOption(&c.JSFunctions, map[string]any{"series": []any{map[string]any{
		"labelLine": map[string]any{"length": 6, "length2": 4}}}}); err != nil {
		return Chart{}, err
	}

	t := Table{Caption: title + "（数据表）", Header: []string{"类别", "企业数", "占比（%）"}}
	for i, s := range slices {
		t.Rows = append(t.Rows, []string{s.Name, strconv.Itoa(s.Value), shares[i]})
	}
	t.Rows = append(t.Rows, []string{"合计", strconv.Itoa(total), cell(analysis.GroupShare(total, total))})
	return finish(b, c, t)
}
