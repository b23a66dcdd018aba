package figures

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/questionnaires"
)

// The annual report's own figures: they read the whole campaign's
// analysis.Annual (score bins, needs per slice, the investment points, the
// change from the earlier campaign).

func bandName(g analysis.Group) string { return g.Key }

func (c *Catalogue) districtName(g analysis.Group) string { return c.District(g.Key) }

// Totals is the distribution of totals in bins.
func (c *Catalogue) Totals(a *analysis.Annual) Entry {
	var cats []string
	var n []*fixed
	for _, b := range a.Bins {
		cats = append(cats, strconv.Itoa(b.From)+"–"+strconv.Itoa(b.To))
		n = append(n, count(b.Firms))
	}
	return Entry{ID: "totals", Sheet: "总分分布", Title: "总分分布（家）", Note: "区间含下限；满分 100 分。",
		draw: bars(cats, []charts.Series{{Name: "企业数", Values: n}},
			charts.BarOpts{Counts: true, Unit: "家", CategoryName: "总分区间（分）"})}
}

// BandDims is each size band's mean dimension percents and mean total.
func (c *Catalogue) BandDims(a *analysis.Annual) Entry {
	return Entry{ID: "band_dims", Sheet: "规模档维度", Title: "各规模档维度平均得分率（%）与平均总分（分）",
		Note: "维度得分率与总分单位不同，各用一种颜色深浅；已提交企业不足3家的规模档不计平均。",
		draw: c.dimensionHeat(a.Stats.ByBand, bandName, "规模档")}
}

// BandLevels stacks each size band's firms by level.
func (c *Catalogue) BandLevels(a *analysis.Annual) Entry {
	return Entry{ID: "band_levels", Sheet: "规模档等级", Title: "各规模档" + questionnaires.LevelName + "分布（家）",
		draw: c.levelBars(a.Stats.ByBand, bandName, "规模档")}
}

// levelBars stacks each slice's firms by level.
func (c *Catalogue) levelBars(groups []analysis.Group, name func(analysis.Group) string, what string) func(id, title string) (charts.Chart, error) {
	var cats []string
	for _, g := range groups {
		cats = append(cats, name(g))
	}
	var series []charts.Series
	for _, l := range c.Def.Levels {
		s := charts.Series{Name: l.Label}
		for _, g := range groups {
			s.Values = append(s.Values, count(g.Levels[l.Label]))
		}
		series = append(series, s)
	}
	return bars(cats, series, charts.BarOpts{Stacked: true, Counts: true, Unit: "家", CategoryName: what})
}

// BandIndicators is each indicator's rate in each size band.
func (c *Catalogue) BandIndicators(a *analysis.Annual) Entry {
	return Entry{ID: "band_indicators", Sheet: "规模档指标", Title: "各规模档两化融合指标（%）",
		draw: c.indicatorHeat(a.Stats.ByBand, bandName)}
}

// indicatorHeat is each indicator's rate (rows) in each slice (columns).
func (c *Catalogue) indicatorHeat(groups []analysis.Group, name func(analysis.Group) string) func(id, title string) (charts.Chart, error) {
	var rows, cols []string
	for _, g := range groups {
		cols = append(cols, name(g))
	}
	var cells [][]*fixed
	for _, ind := range c.Def.Indicators {
		rows = append(rows, ind.Key)
		line := make([]*fixed, len(groups))
		for i, g := range groups {
			line[i] = g.Indicators[ind.Key]
		}
		cells = append(cells, line)
	}
	return heatmap(rows, cols, cells, charts.HeatOpts{RowName: "指标"})
}

// DistrictScores is the distribution of totals in each district.
func (c *Catalogue) DistrictScores(a *analysis.Annual) Entry {
	return Entry{ID: "district_scores", Sheet: "区县总分", Title: "各区县总分分布（分）",
		Note: "箱体为上下四分位数，中线为中位数，须为最低分和最高分。",
		draw: boxes(a.Stats.ByDistrict, c.districtName)}
}

// DistrictIndicators is each indicator's rate in each district.
func (c *Catalogue) DistrictIndicators(a *analysis.Annual) Entry {
	return Entry{ID: "district_indicators", Sheet: "区县指标", Title: "各区县两化融合指标（%）",
		draw: c.indicatorHeat(a.Stats.ByDistrict, c.districtName)}
}

// IndustryDims is each industry's (with enough firms) mean dimension
// percents and mean total.
func (c *Catalogue) IndustryDims(a *analysis.Annual) Entry {
	return Entry{ID: "industry_dims", Sheet: "行业维度", Title: "各行业维度平均得分率（%）与平均总分（分）",
		Note: "只列已提交企业不少于3家的行业；维度得分率与总分各用一种颜色深浅。",
		draw: c.dimensionHeat(BigGroups(a.Stats.ByIndustry), c.IndustryLabel, "行业")}
}

// Invest is each submitted firm's revenue against its investment
// intensity, with the low-investment corner the edition's flag marks.
func (c *Catalogue) Invest(a *analysis.Annual) Entry {
	line := a.Line
	pts := make([]charts.Point, len(a.Points))
	for i, p := range a.Points {
		pts[i] = charts.Point{X: p.RevenueWan.Float64(), Y: p.Intensity(), Name: p.Name}
	}
	// The firms come in whatever order the database gives (PostgreSQL's
	// moves as rows are updated); drawn in one order, the same data makes
	// the same report.
	slices.SortFunc(pts, func(a, b charts.Point) int {
		return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Y, b.Y), strings.Compare(a.Name, b.Name))
	})
	q := &charts.Quadrant{Name: Yi(line.RevenueWan) + "以下、投入强度低于" + Short(line.IntensityBelow) + "%",
		XBelow: line.RevenueWan.Float64(), YBelow: line.IntensityBelow.Float64()}
	return Entry{ID: "invest", Sheet: "收入与投入", Title: "营业收入与数字化投入强度",
		Note: "每点一家已提交企业；左下角为投入不足的范围（" + LowInvestmentRule(c.Def) + "）。",
		draw: func(id, title string) (charts.Chart, error) {
			return charts.Scatter(id, title, pts, charts.ScatterOpts{XName: "营业收入（万元，对数刻度）",
				YName: "数字化投入强度（%）", LogX: true, Quadrant: q, CountsOnly: true})
		}}
}

// FlagsByBand and FlagsByDistrict count the flagged firms per slice.
func (c *Catalogue) FlagsByBand(a *analysis.Annual) Entry {
	return Entry{ID: "flags_band", Sheet: "规模档标记", Title: "各规模档投入不足与意识不足企业（家）",
		draw: c.flagBars(a.Stats.ByBand, bandName, "规模档")}
}

func (c *Catalogue) FlagsByDistrict(a *analysis.Annual) Entry {
	return Entry{ID: "flags_district", Sheet: "区县标记", Title: "各区县投入不足与意识不足企业（家）",
		draw: c.flagBars(a.Stats.ByDistrict, c.districtName, "区县")}
}

func (c *Catalogue) flagBars(groups []analysis.Group, name func(analysis.Group) string, what string) func(id, title string) (charts.Chart, error) {
	var cats []string
	var low, aware []*fixed
	for _, g := range groups {
		cats = append(cats, name(g))
		low = append(low, count(g.Flags[analysis.FlagLowInvestment]))
		aware = append(aware, count(g.Flags[analysis.FlagLowAwareness]))
	}
	return bars(cats, []charts.Series{{Name: FlagLabel(c.Def, analysis.FlagLowInvestment), Values: low},
		{Name: FlagLabel(c.Def, analysis.FlagLowAwareness), Values: aware}},
		charts.BarOpts{Counts: true, Unit: "家", CategoryName: what})
}

// NeedsByBand and NeedsByDistrict are each need as a share of each slice.
func (c *Catalogue) NeedsByBand(a *analysis.Annual) Entry {
	return Entry{ID: "needs_band", Sheet: "规模档需求", Title: "各规模档服务需求（占该档已提交企业的比例，%）",
		draw: c.needHeat(a, a.NeedsByBand, func(k string) string { return k })}
}

func (c *Catalogue) NeedsByDistrict(a *analysis.Annual) Entry {
	return Entry{ID: "needs_district", Sheet: "区县需求", Title: "各区县服务需求（占该区县已提交企业的比例，%）",
		draw: c.needHeat(a, a.NeedsByDistrict, c.District)}
}

// needHeat is each kind of need (rows) as a share of each slice (columns).
func (c *Catalogue) needHeat(a *analysis.Annual, tables []analysis.NeedTable, name func(string) string) func(id, title string) (charts.Chart, error) {
	var cols, rows []string
	for _, t := range tables {
		cols = append(cols, name(t.Key))
	}
	var cells [][]*fixed
	for i, n := range a.Stats.NeedsByKind {
		rows = append(rows, n.Label)
		line := make([]*fixed, len(tables))
		for j, t := range tables {
			if i < len(t.Needs) { // nil for a withheld slice
				line[j] = t.Needs[i].Share
			}
		}
		cells = append(cells, line)
	}
	return heatmap(rows, cols, cells, charts.HeatOpts{RowName: "服务"})
}

// Years names the two campaigns a change compares: "2019年", "2020年".
type Years struct{ Before, Now string }

// ChangeDims, ChangeDistricts and ChangeMoves compare with the earlier
// campaign (a.Change must be set).
func (c *Catalogue) ChangeDims(a *analysis.Annual, y Years) Entry {
	ch := a.Change
	cats, series := pair(append([]analysis.Delta{ch.Total}, ch.Dimensions...), y, func(k string) string { return k })
	cats[0] = "总分（分）"
	return Entry{ID: "change_dims", Sheet: "年度对比", Title: "平均总分（分）与维度平均得分率（%）：两个年度对比",
		draw: bars(cats, series, charts.BarOpts{Max: 100, CategoryName: "项目"})}
}

func (c *Catalogue) ChangeDistricts(a *analysis.Annual, y Years) Entry {
	cats, series := pair(a.Change.Districts, y, c.District)
	return Entry{ID: "change_districts", Sheet: "区县年度对比", Title: "各区县平均总分：两个年度对比（分）",
		draw: bars(cats, series, charts.BarOpts{Max: 100, CategoryName: "区县"})}
}

func (c *Catalogue) ChangeMoves(a *analysis.Annual) Entry {
	m := a.Change.Moves
	return Entry{ID: "change_moves", Sheet: "等级变化", Title: "两个年度均提交企业的" + questionnaires.LevelName + "变化（家）",
		draw: bars([]string{"上升", "持平", "下降"},
			[]charts.Series{{Name: "企业数", Values: []*fixed{count(m.Up), count(m.Same), count(m.Down)}}},
			charts.BarOpts{Counts: true, Unit: "家", CategoryName: questionnaires.LevelName + "变化"})}
}

func pair(ds []analysis.Delta, y Years, name func(string) string) ([]string, []charts.Series) {
	var cats []string
	b, n := charts.Series{Name: y.Before}, charts.Series{Name: y.Now}
	for _, d := range ds {
		cats = append(cats, name(d.Key))
		b.Values = append(b.Values, d.Before)
		n.Values = append(n.Values, d.Now)
	}
	return cats, []charts.Series{b, n}
}
