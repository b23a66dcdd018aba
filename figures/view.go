package figures

import (
	"strconv"
	"strings"

	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/questionnaires"
)

// The figures of a view (the dashboard's, and the annual report's in the
// city view): each takes the view and reads the city beside a district.

// Response is the share of firms that submitted: per district against the
// city's rate (city view), or per size band beside the city's (a district).
func (c *Catalogue) Response(v View) Entry {
	e := Entry{ID: "response", Sheet: "填报率"}
	s := v.Own
	if v.CityView() {
		var names []string
		var rates []*fixed
		for _, g := range s.ByDistrict {
			names = append(names, c.District(g.Key))
			rates = append(rates, g.ResponseRate())
		}
		if len(names) == 0 {
			names, rates = []string{"全市"}, []*fixed{s.All.ResponseRate()}
		}
		e.Title = "各区县填报率（%）"
		e.Note = "填报率为已提交企业占名录企业的比例；虚线为全市填报率。"
		e.draw = bars(names, []charts.Series{{Name: "填报率", Values: rates}},
			charts.BarOpts{Unit: "%", Max: 100, CategoryName: "区县", Target: s.All.ResponseRate(), TargetName: "全市"})
		return e
	}
	var names []string
	var mine, city []*fixed
	for _, g := range WithFirms(s.ByBand) {
		names = append(names, g.Key)
		mine = append(mine, g.ResponseRate())
		city = append(city, GroupByKey(v.City.ByBand, g.Key).ResponseRate())
	}
	e.Title = "各规模档填报率（%）"
	e.Note = "填报率为已提交企业占名录企业的比例。"
	e.draw = bars(names, []charts.Series{{Name: v.Area, Values: mine}, {Name: "全市", Values: city}},
		charts.BarOpts{Unit: "%", Max: 100, CategoryName: "规模档"})
	return e
}

// BandScores is the distribution of totals in each size band.
func (c *Catalogue) BandScores(v View) Entry {
	return Entry{ID: "band_scores", Sheet: "总分分布", Title: "各规模档总分分布（分）",
		Note: "箱体为上下四分位数，中线为中位数，须为最低分和最高分；已提交企业不足3家的规模档只给出家数。",
		draw: boxes(WithFirms(v.Own.ByBand), func(g analysis.Group) string { return g.Key })}
}

// Levels is how the submitted firms split into the edition's levels.
func (c *Catalogue) Levels(v View) Entry {
	var slices []charts.Slice
	for _, l := range c.Def.Levels {
		slices = append(slices, charts.Slice{Name: l.Label, Value: v.Own.All.Levels[l.Label]})
	}
	return Entry{ID: "levels", Sheet: questionnaires.LevelName + "分布", Title: questionnaires.LevelName + "分布（已提交企业，家）",
		Note: c.levelRule(),
		draw: func(id, title string) (charts.Chart, error) { return charts.Pie(id, title, slices) }}
}

// DimensionRadar is the four dimensions' mean percents of the view against
// the city's mean and the city's middle half (lower and upper quartile):
// at most four outlines, so each can be told apart. Slices (bands,
// districts) are compared in heat maps.
func (c *Catalogue) DimensionRadar(v View) Entry {
	axes := c.dims()
	pick := func(g analysis.Group, f func(analysis.Summary) *fixed) []*fixed {
		out := make([]*fixed, len(axes))
		for i, a := range axes {
			out[i] = f(g.Dimensions[a])
		}
		return out
	}
	mean := func(s analysis.Summary) *fixed { return s.Mean }
	city := v.Own
	var series []charts.Series
	if !v.CityView() {
		city = v.City
		series = append(series, charts.Series{Name: v.Area + "平均", Values: pick(v.Own.All, mean)})
	}
	series = append(series,
		charts.Series{Name: "全市平均", Values: pick(city.All, mean)},
		charts.Series{Name: "全市下四分位数", Values: pick(city.All, func(s analysis.Summary) *fixed { return s.Q1 })},
		charts.Series{Name: "全市上四分位数", Values: pick(city.All, func(s analysis.Summary) *fixed { return s.Q3 })})
	return Entry{ID: "dimensions", Sheet: "维度得分率", Title: "四个维度平均得分率（%）",
		Note: "得分率为维度得分占该维度满分的比例；全市一半企业的得分率在上下四分位数之间。",
		draw: func(id, title string) (charts.Chart, error) { return charts.Radar(id, title, axes, 100, series) }}
}

// Indicators are the view's indicator rates, beside the city's in a
// district, against the national 2025 targets the edition gives.
func (c *Catalogue) Indicators(v View) Entry {
	var names []string
	var mine, city, targets []*fixed
	for _, ind := range c.Def.Indicators {
		names = append(names, ind.Key)
		mine = append(mine, v.Own.All.Indicators[ind.Key])
		if !v.CityView() {
			city = append(city, v.City.All.Indicators[ind.Key])
		}
		targets = append(targets, Target(ind))
	}
	series := []charts.Series{{Name: v.Area, Values: mine}}
	if !v.CityView() {
		series = append(series, charts.Series{Name: "全市", Values: city})
	}
	return Entry{ID: "indicators", Sheet: "两化融合指标", Title: "两化融合指标与全国2025年目标（%）",
		Note: "比率类指标为各企业分子之和除以分母之和，普及率为使用该系统或方式的企业占已提交企业的比例；红色短线为全国2025年目标。",
		draw: bars(names, series, charts.BarOpts{Horizontal: true, Unit: "%", Max: 100, CategoryName: "指标",
			Targets: targets, TargetName: "全国2025年目标"})}
}

// Target is an indicator's national target in the edition, or nil.
func Target(ind questionnaires.Indicator) *fixed {
	if ind.Target == nil {
		return nil
	}
	t := questionnaires.FixedFromDec(*ind.Target)
	return &t
}

// IndustryLabel names an industry with its number of submitted firms, the n
// of its mean: "C13 农副食品加工业 n=16".
func (c *Catalogue) IndustryLabel(g analysis.Group) string {
	return c.industryLabel(g.Key) + CountMark + strconv.Itoa(g.Total.N)
}

// CountMark joins a category and its group's count; a sheet gives the count
// a column of its own.
const CountMark = " n="

// IndustryScores is the mean total of each industry with enough submitted
// firms, against the city's mean (a line in the city view, a second bar
// beside a district's).
func (c *Catalogue) IndustryScores(v View) Entry {
	var names []string
	var mine, city []*fixed
	for _, g := range BigGroups(v.Own.ByIndustry) {
		names = append(names, c.IndustryLabel(g))
		mine = append(mine, g.Total.Mean)
		if !v.CityView() {
			city = append(city, GroupByKey(v.City.ByIndustry, g.Key).Total.Mean)
		}
	}
	if len(names) == 0 {
		names, mine, city = []string{"（无）"}, []*fixed{nil}, []*fixed{nil}
	}
	o := charts.BarOpts{Horizontal: true, Max: 100, CategoryName: "行业"}
	series := []charts.Series{{Name: v.Area + "平均总分", Values: mine}}
	if v.CityView() {
		o.Target, o.TargetName = v.Own.All.Total.Mean, "全市平均"
	} else {
		series = append(series, charts.Series{Name: "全市平均总分", Values: city})
	}
	return Entry{ID: "industry_scores", Sheet: "行业对比", Title: "各行业平均总分（分）",
		Note: "只列已提交企业不少于3家的行业，n 为已提交企业数；其余行业只给出家数。",
		draw: bars(names, series, o)}
}

// DistrictDims is each district's mean dimension percents and mean total
// (city view): percents and points on a colour scale each.
func (c *Catalogue) DistrictDims(v View) Entry {
	return Entry{ID: "district_dims", Sheet: "区县对比", Title: "各区县维度平均得分率（%）与平均总分（分）",
		Note: "维度得分率与总分单位不同，各用一种颜色深浅。",
		draw: c.dimensionHeat(v.Own.ByDistrict, func(g analysis.Group) string { return c.District(g.Key) }, "区县")}
}

// dimensionHeat is each slice's (rows) mean dimension percents and mean
// total, the total on a scale of its own.
func (c *Catalogue) dimensionHeat(groups []analysis.Group, name func(analysis.Group) string, what string) func(id, title string) (charts.Chart, error) {
	dims := c.dims()
	cols := append(append([]string(nil), dims...), "总分")
	units := make([]string, len(cols))
	for i := range dims {
		units[i] = "%"
	}
	units[len(dims)] = "分"
	var rows []string
	var cells [][]*fixed
	for _, g := range groups {
		rows = append(rows, name(g))
		line := make([]*fixed, 0, len(cols))
		for _, k := range dims {
			line = append(line, g.Dimensions[k].Mean)
		}
		cells = append(cells, append(line, g.Total.Mean))
	}
	return heatmap(rows, cols, cells, charts.HeatOpts{RowName: what, Units: units})
}

// Needs are the services firms ask for, as a share of submitted firms.
func (c *Catalogue) Needs(v View) Entry {
	var names []string
	var shares []*fixed
	for _, n := range v.Own.NeedsByKind {
		names = append(names, n.Label+"（"+strconv.Itoa(n.Firms)+"家）")
		shares = append(shares, n.Share)
	}
	if len(names) == 0 {
		names, shares = []string{"（无）"}, []*fixed{nil}
	}
	return Entry{ID: "needs", Sheet: "服务需求", Title: "服务需求（占已提交企业的比例，%）",
		Note: "一家企业可选多项；括号内为提出该项需求的企业数。",
		draw: bars(names, []charts.Series{{Name: "需求企业占比", Values: shares}},
			charts.BarOpts{Horizontal: true, Unit: "%", Max: 100, CategoryName: "服务"})}
}

// levelRule says how the edition's levels are read from the total.
func (c *Catalogue) levelRule() string {
	var parts []string
	for _, l := range c.Def.Levels {
		if l.Min.String() != "0" {
			parts = append(parts, l.Label+" "+l.Min.String()+" 分及以上")
		}
	}
	return questionnaires.LevelName + "按总分划定（含下限）：" + strings.Join(parts, "，") + "。"
}
