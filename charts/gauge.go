package charts

import (
	"fmt"
	"math"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Gauge shows one figure on a dial from 0 to maxValue, e.g. a firm's total
// score out of 100. The dial's centre prints the exact two-decimal figure.
func Gauge(id, title string, value Fixed2, maxValue float64) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	// go-echarts v2.6.7 types the gauge maximum as int.
	if !(maxValue > 0) || maxValue > 1e9 || maxValue != math.Trunc(maxValue) {
		return Chart{}, fmt.Errorf("charts: gauge %s: max must be a positive whole number, got %v", id, maxValue)
	}

	b := base{id: id, title: title, height: "320px", trigger: "item", valueFmt: valueFormatter("")}
	c := ec.NewGauge()
	c.SetGlobalOptions(b.globals()...)
	c.AddSeries("", []opts.GaugeData{{Name: label(title), Value: value.Float64()}},
		ec.WithSeriesOpts(func(s *ec.SingleSeries) {
			s.Min, s.Max = 0, int(maxValue)
			s.Progress = &opts.Progress{Show: opts.Bool(true), Width: 14}
			s.Center = []string{"50%", "60%"}
		}),
	)
	// The detail text (the big number) has no formatter field in go-echarts
	// v2.6.7; a formatter without placeholders prints as it is.
	if err := mergeOption(&c.JSFunctions, map[string]any{
		"series": []any{map[string]any{
			"detail": map[string]any{"formatter": value.String(), "fontSize": 26, "offsetCenter": []any{0, "62%"}},
			"title":  map[string]any{"show": false}, // the chart title already names it
		}},
	}); err != nil {
		return Chart{}, fmt.Errorf("charts: gauge %s: %w", id, err)
	}
	c.AddJSFuncs(resizeJS)

	t := Table{Caption: title + "（数据表）", Header: []string{"项目", "数值", "满分"},
		Rows: [][]string{{title, value.String(), fmt.Sprintf("%d", int(maxValue))}}}
	return finish(b, c, t)
}
