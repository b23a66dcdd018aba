package charts

import (
	"fmt"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// radarNameColor is the colour of the radar's axis names: the pages' ink
// (#1f2933), 14.3:1 against white.
const radarNameColor = "#1f2933"

// Radar compares series over the same axes, each from 0 to maxValue: a
// firm's four dimension percents against its size band's and the city's
// averages. A nil value is left out of the polygon and shown as "—".
// MaxRadarSeries is the most outlines a radar draws: one's own, the
// city's and the two edges of its band. Six overlapping outlines could not be
// told apart; more slices belong in a heat map.
const MaxRadarSeries = 4

func Radar(id, title string, axes []string, maxValue float64, series []Series) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	if len(axes) < 3 {
		return Chart{}, fmt.Errorf("charts: radar %s: needs at least 3 axes, got %d", id, len(axes))
	}
	if !(maxValue > 0) || !finite(maxValue) {
		return Chart{}, fmt.Errorf("charts: radar %s: max must be a positive number", id)
	}
	if err := checkSeries(id, series, len(axes)); err != nil {
		return Chart{}, err
	}
	if len(series) > MaxRadarSeries {
		return Chart{}, fmt.Errorf("charts: radar %s: %d series, at most %d can be told apart", id, len(series), MaxRadarSeries)
	}

	b := base{id: id, title: title, height: "440px", trigger: "item", legend: true, valueFmt: valueFormatter("")}
	c := ec.NewRadar()
	indicators := make([]*opts.Indicator, len(axes))
	for i, a := range axes {
		indicators[i] = &opts.Indicator{Name: label(a), Max: float32(maxValue)}
	}
	c.SetGlobalOptions(append(b.globals(),
		ec.WithRadarComponentOpts(opts.RadarComponent{
			Indicator: indicators, Shape: "polygon", SplitNumber: 5, Center: []string{"50%", "56%"},
		}),
	)...)
	partial := false
	for _, s := range series {
		if allNil(s.Values) {
			// Nothing to draw: ECharts would collapse it into the centre,
			// which reads as zero. The table still lists it.
			continue
		}
		vals := make([]any, len(s.Values))
		for i, v := range s.Values {
			vals[i] = f64(v)
			partial = partial || v == nil
		}
		// ECharts takes radar legend entries from data item names, so the
		// item carries the series name too.
		name := label(s.Name)
		c.AddSeries(name, []opts.RadarData{{Name: name, Value: vals}},
			ec.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.08)}),
			ec.WithLineStyleOpts(opts.LineStyle{Width: 2}),
		)
	}
	// go-echarts has no radius field; without one the axis names of a
	// narrow card (a phone, a two-column report) are cut off at the edges.
	// ECharts' default axis-name grey is too light to read (contrast under
	// 4.5:1 on white); the page's ink colour is 14:1.
	if err := mergeOption(&c.JSFunctions, map[string]any{"radar": map[string]any{"radius": "58%",
		"axisName": map[string]any{"color": radarNameColor}}}); err != nil {
		return Chart{}, err
	}
	c.AddJSFuncs(resizeJS) // after the merge, so it keeps the radius above

	t := Table{Caption: title + "（数据表）", Header: []string{"维度"}}
	if partial {
		// ECharts cannot leave a gap in a radar polygon; it draws a missing
		// value at the centre. Say so where the figures are.
		t.Caption = title + "（数据表；“—”为无数据，雷达图中该点画在中心）"
	}
	for _, s := range series {
		t.Header = append(t.Header, s.Name)
	}
	for i, a := range axes {
		row := []string{a}
		for _, s := range series {
			row = append(row, cell(s.Values[i]))
		}
		t.Rows = append(t.Rows, row)
	}
	return finish(b, c, t)
}

// checkSeries requires at least one series, each with one value per category.
func checkSeries(id string, series []Series, n int) error {
	if len(series) == 0 {
		return fmt.Errorf("charts: %s: no series", id)
	}
	for _, s := range series {
		if len(s.Values) != n {
			return fmt.Errorf("charts: %s: series %q has %d values for %d categories", id, s.Name, len(s.Values), n)
		}
	}
	return nil
}

func allNil(vs []*Fixed2) bool {
	for _, v := range vs {
		if v != nil {
			return false
		}
	}
	return true
}
