package handlers

import (
	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

type fixed = decimal.Fixed2

// sheetChart is a dashboard chart and the sheet its table becomes in the
// Excel export, so the book holds exactly the tables under the charts.
type sheetChart struct {
	Sheet string
	charts.Chart
}

type dashboardCharts []sheetChart

// dashboardCharts builds the charts of a view from its statistics (and the
// city's when the view is a district). Each table caption says when the data
// was computed.
func (h *handler) dashboardCharts(v *view, s, city *analysis.Stats, updated string) (dashboardCharts, error) {
	var page charts.Page
	var out dashboardCharts
	add := func(sheet string) func(charts.Chart, error) error {
		return func(c charts.Chart, err error) error {
			if err := page.Add(c, err); err != nil {
				return err
			}
			c.Table.Caption += "；数据更新于 " + updated
			out = append(out, sheetChart{Sheet: sheet, Chart: c})
			return nil
		}
	}
	own := "全市"
	if !v.CityView() {
		own = h.City.DistrictName(v.District)
	}
	steps := []func() error{
		func() error { return add("填报率")(h.responseChart(v, s, city, own)) },
		func() error { return add("总分分布")(scoreBoxes(s)) },
		func() error { return add(questionnaires.LevelName + "分布")(levelPie(v, s)) },
		func() error { return add("维度得分率")(dimensionRadar(v, s, city, own)) },
		func() error { return add("两化融合指标")(indicatorBars(v, s, city, own)) },
		func() error { return add("行业对比")(industryBars(s, city, own)) },
	}
	if v.CityView() {
		steps = append(steps, func() error { return add("区县对比")(h.districtHeatmap(v, s)) })
	}
	steps = append(steps, func() error { return add("服务需求")(needBars(s)) })
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// responseChart: the share of firms that submitted, per district against the
// city's rate (city view), or per size band against the city's (a district).
func (h *handler) responseChart(v *view, s, city *analysis.Stats, own string) (charts.Chart, error) {
	if v.CityView() {
		var names []string
		var rates []*fixed
		for _, g := range s.ByDistrict {
			names = append(names, h.City.DistrictName(g.Key))
			rates = append(rates, g.ResponseRate())
		}
		if len(names) == 0 {
			names, rates = []string{"全市"}, []*fixed{s.All.ResponseRate()}
		}
		return charts.Bars("response", "各区县填报率（%）", names, []charts.Series{{Name: "填报率", Values: rates}},
			charts.BarOpts{Unit: "%", Max: 100, CategoryName: "区县", Target: s.All.ResponseRate(), TargetName: "全市"})
	}
	var names []string
	var mine, cityRates []*fixed
	for _, g := range withFirms(s.ByBand) {
		names = append(names, g.Key)
		mine = append(mine, g.ResponseRate())
		cityRates = append(cityRates, groupByKey(city.ByBand, g.Key).ResponseRate())
	}
	return charts.Bars("response", "各规模档填报率（%）", names,
		[]charts.Series{{Name: own, Values: mine}, {Name: "全市", Values: cityRates}},
		charts.BarOpts{Unit: "%", Max: 100, CategoryName: "规模档"})
}

// withFirms leaves out the size bands a filtered view has no firm in (a band
// filter leaves one); the API still lists every band.
func withFirms(gs []analysis.Group) []analysis.Group {
	var out []analysis.Group
	for _, g := range gs {
		if g.Firms > 0 {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return gs
	}
	return out
}

// scoreBoxes: the distribution of totals in each size band.
func scoreBoxes(s *analysis.Stats) (charts.Chart, error) {
	var names []string
	var boxes []charts.Box
	for _, g := range withFirms(s.ByBand) {
		t := g.Total
		names = append(names, g.Key)
		boxes = append(boxes, charts.Box{Min: t.Min, Q1: t.Q1, Median: t.Median, Q3: t.Q3, Max: t.Max, N: t.N})
	}
	return charts.BoxPlot("scores", "各规模档总分分布（分）", names, boxes)
}

// levelPie: how the submitted firms split into levels.
func levelPie(v *view, s *analysis.Stats) (charts.Chart, error) {
	var slices []charts.Slice
	for _, l := range v.Def.Levels {
		slices = append(slices, charts.Slice{Name: l.Label, Value: s.All.Levels[l.Label]})
	}
	return charts.Pie("levels", questionnaires.LevelName+"分布（已提交企业）", slices)
}

// dimensionRadar: the four dimensions' mean percents, the district against
// the city, or in the city view each size band against the city.
func dimensionRadar(v *view, s, city *analysis.Stats, own string) (charts.Chart, error) {
	var axes []string
	for _, d := range v.Def.Dimensions {
		axes = append(axes, d.Key)
	}
	means := func(g analysis.Group) []*fixed {
		out := make([]*fixed, len(axes))
		for i, a := range axes {
			out[i] = g.Dimensions[a].Mean
		}
		return out
	}
	series := []charts.Series{{Name: own + "平均", Values: means(s.All)}}
	if city != nil {
		series = append(series, charts.Series{Name: "全市平均", Values: means(city.All)})
	} else {
		for _, g := range s.ByBand {
			if !g.Withheld() {
				series = append(series, charts.Series{Name: g.Key, Values: means(g)})
			}
		}
	}
	return charts.Radar("dimensions", "四个维度平均得分率（%）", axes, 100, series)
}

// indicatorBars: the city's (or district's) indicator rates, against the
// city and the national 2025 targets where the edition gives one.
func indicatorBars(v *view, s, city *analysis.Stats, own string) (charts.Chart, error) {
	var names []string
	var mine, cityRates, targets []*fixed
	for _, ind := range v.Def.Indicators {
		names = append(names, ind.Key)
		mine = append(mine, s.All.Indicators[ind.Key])
		if city != nil {
			cityRates = append(cityRates, city.All.Indicators[ind.Key])
		}
		var t *fixed
		if ind.Target != nil {
			x := questionnaires.FixedFromDec(*ind.Target)
			t = &x
		}
		targets = append(targets, t)
	}
	series := []charts.Series{{Name: own, Values: mine}}
	if city != nil {
		series = append(series, charts.Series{Name: "全市", Values: cityRates})
	}
	return charts.Bars("indicators", "两化融合指标（%）", names, series,
		charts.BarOpts{Horizontal: true, Unit: "%", Max: 100, CategoryName: "指标", Targets: targets, TargetName: "全国2025年目标"})
}

// industryBars: mean total per industry of the view, beside the city's.
func industryBars(s, city *analysis.Stats, own string) (charts.Chart, error) {
	var names []string
	var mine, cityMeans []*fixed
	for _, g := range s.ByIndustry {
		names = append(names, industryLabel(g.Key, g.Total.N))
		mine = append(mine, g.Total.Mean)
		if city != nil {
			cityMeans = append(cityMeans, groupByKey(city.ByIndustry, g.Key).Total.Mean)
		}
	}
	if len(names) == 0 {
		names, mine, cityMeans = []string{"（无企业）"}, []*fixed{nil}, []*fixed{nil}
	}
	series := []charts.Series{{Name: own + "平均总分", Values: mine}}
	if city != nil {
		series = append(series, charts.Series{Name: "全市平均总分", Values: cityMeans})
	}
	return charts.Bars("industries", "各行业平均总分（分；不足3家不计平均）", names, series,
		charts.BarOpts{Horizontal: true, Max: 100, CategoryName: "行业"})
}

// districtHeatmap: each district's mean dimension percents (city view).
func (h *handler) districtHeatmap(v *view, s *analysis.Stats) (charts.Chart, error) {
	var rows, cols []string
	for _, d := range v.Def.Dimensions {
		cols = append(cols, d.Key)
	}
	cols = append(cols, "总分")
	var cells [][]*fixed
	for _, g := range s.ByDistrict {
		rows = append(rows, h.City.DistrictName(g.Key))
		var line []*fixed
		for _, d := range v.Def.Dimensions {
			line = append(line, g.Dimensions[d.Key].Mean)
		}
		cells = append(cells, append(line, g.Total.Mean))
	}
	if len(rows) == 0 {
		rows, cells = []string{"全市"}, [][]*fixed{make([]*fixed, len(cols))}
	}
	return charts.Heatmap("districts", "各区县维度平均得分率（%）与平均总分", rows, cols, cells)
}

// needBars: the services firms ask for, as a share of submitted firms.
func needBars(s *analysis.Stats) (charts.Chart, error) {
	var names []string
	var shares []*fixed
	for _, n := range s.NeedsByKind {
		names = append(names, n.Label+"（"+itoa(n.Firms)+"家）")
		shares = append(shares, n.Share)
	}
	if len(names) == 0 {
		names, shares = []string{"（无）"}, []*fixed{nil}
	}
	return charts.Bars("needs", "服务需求（占已提交企业的比例，%）", names, []charts.Series{{Name: "需求企业占比", Values: shares}},
		charts.BarOpts{Horizontal: true, Unit: "%", Max: 100, CategoryName: "服务"})
}
