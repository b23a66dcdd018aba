package charts

import (
	"fmt"
	"strconv"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"healthcheck/analysis"
)

// Box is the five-number summary of one group (quartiles as Excel's
// QUARTILE.INC, from analysis) and its number of firms.
type Box struct {
	Min, Q1, Median, Q3, Max *Fixed2
	N                        int
}

// shown reports whether the box may be drawn: groups smaller than
// analysis.MinGroup show only their count, so no single firm's score can be
// read off the chart, and every figure must be there.
func (b Box) shown() bool {
	return b.N >= analysis.MinGroup && b.Min != nil && b.Q1 != nil && b.Median != nil && b.Q3 != nil && b.Max != nil
}

// boxTipJS is the boxplot tooltip, in Chinese (ECharts' own labels are
// min, Q1, median, Q3, max). It builds DOM nodes and sets textContent, so a
// group name can never become markup; ECharts (5.1+) shows a returned
// element as it is. The item value ends with the five figures (ECharts puts
// the category index in front). No "<", double quote or backslash: see
// resizeJS.
const boxTipJS = "function (p) {" +
	" var names = ['最小值', '下四分位数', '中位数', '上四分位数', '最大值'];" +
	" var v = (p.value || []).slice(-5);" +
	" var d = document.createElement('div'); d.style.whiteSpace = 'pre-line';" +
	" var h = document.createElement('div'); h.textContent = p.name; h.style.fontWeight = 'bold'; d.appendChild(h);" +
	" for (var i = 0; i !== 5; i++) {" +
	" var r = document.createElement('div');" +
	" r.textContent = names[i] + '：' + ((typeof v[i] === 'number' && isFinite(v[i])) ? v[i].toFixed(2) : '—');" +
	" d.appendChild(r); }" +
	" return d; }"

// BoxPlot draws the distribution of scores per group (size band, district).
// Each category label carries its count, "n=…", also when the group is too
// small for a box.
func BoxPlot(id, title string, categories []string, boxes []Box) (Chart, error) {
	if err := checkID(id); err != nil {
		return Chart{}, err
	}
	if len(categories) == 0 || len(categories) != len(boxes) {
		return Chart{}, fmt.Errorf("charts: boxplot %s: %d boxes for %d categories", id, len(boxes), len(categories))
	}
	for i, bx := range boxes {
		if bx.N < 0 {
			return Chart{}, fmt.Errorf("charts: boxplot %s: negative count for %q", id, categories[i])
		}
	}

	b := base{id: id, title: title, height: "440px", trigger: "item"}
	c := ec.NewBoxPlot()
	axisCats := make([]string, len(categories))
	data := make([]opts.BoxPlotData, len(boxes))
	for i, bx := range boxes {
		axisCats[i] = label(categories[i]) + "\nn=" + strconv.Itoa(bx.N)
		if bx.shown() {
			data[i] = opts.BoxPlotData{Value: []float64{
				bx.Min.Float64(), bx.Q1.Float64(), bx.Median.Float64(), bx.Q3.Float64(), bx.Max.Float64(),
			}}
		} else {
			data[i] = opts.BoxPlotData{Value: []string{"-", "-", "-", "-", "-"}}
		}
	}
	c.SetGlobalOptions(append(b.globals(),
		ec.WithGridOpts(opts.Grid{Top: "56", Left: "12", Right: "24", Bottom: "12", ContainLabel: opts.Bool(true)}),
		ec.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		ec.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(true)}),
	)...)
	c.SetXAxis(axisCats)
	c.AddSeries(label(title), data,
		ec.WithItemStyleOpts(opts.ItemStyle{Color: "#dbe9f8", BorderColor: "#0b5cad"}),
		ec.WithSeriesTooltipOpts(opts.SeriesTooltip{Formatter: opts.FuncOpts(boxTipJS)}),
	)
	c.AddJSFuncs(resizeJS)

	t := Table{
		Caption: fmt.Sprintf("%s（数据表；不足%d家的分组只列企业数）", title, analysis.MinGroup),
		Header:  []string{"分组", "企业数", "最小值", "下四分位数", "中位数", "上四分位数", "最大值"},
	}
	for i, bx := range boxes {
		row := []string{categories[i], strconv.Itoa(bx.N)}
		if bx.shown() {
			row = append(row, cell(bx.Min), cell(bx.Q1), cell(bx.Median), cell(bx.Q3), cell(bx.Max))
		} else {
			row = append(row, NoData, NoData, NoData, NoData, NoData)
		}
		t.Rows = append(t.Rows, row)
	}
	return finish(b, c, t)
}
