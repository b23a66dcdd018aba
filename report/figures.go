package report

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

type fixed = decimal.Fixed2

// figure is a numbered chart of the report, with its data table.
type figure struct {
	N     int
	Title string // without the number
	ID    string
	HTML  template.HTML
}

// figures numbers the charts in the order the report shows them.
type figures struct {
	page charts.Page
	list []figure
	byID map[string]figure
}

// add numbers a chart built by one of the charts builders: the number goes
// into its drawn title, and the figure keeps the builder's data table.
func (fs *figures) add(id, title string, build func(id, title string) (charts.Chart, error)) error {
	n := len(fs.list) + 1
	c, err := build(id, fmt.Sprintf("图%d %s", n, title))
	if err := fs.page.Add(c, err); err != nil {
		return fmt.Errorf("report: figure %s: %w", id, err)
	}
	h, err := c.HTML()
	if err != nil {
		return err
	}
	f := figure{N: n, Title: title, ID: id, HTML: h}
	fs.list = append(fs.list, f)
	if fs.byID == nil {
		fs.byID = map[string]figure{}
	}
	fs.byID[id] = f
	return nil
}

// count turns a number of firms into a chart value (charts take figures).
func count(n int) *fixed {
	v := fixed(n * 100)
	return &v
}

func bars(categories []string, series []charts.Series, o charts.BarOpts) func(id, title string) (charts.Chart, error) {
	return func(id, title string) (charts.Chart, error) { return charts.Bars(id, title, categories, series, o) }
}

func heatmap(rows, cols []string, cells [][]*fixed) func(id, title string) (charts.Chart, error) {
	return func(id, title string) (charts.Chart, error) { return charts.Heatmap(id, title, rows, cols, cells) }
}

func boxes(groups []analysis.Group, name func(analysis.Group) string) func(id, title string) (charts.Chart, error) {
	var cats []string
	var bs []charts.Box
	for _, g := range groups {
		t := g.Total
		cats = append(cats, name(g))
		bs = append(bs, charts.Box{Min: t.Min, Q1: t.Q1, Median: t.Median, Q3: t.Q3, Max: t.Max, N: t.N})
	}
	return func(id, title string) (charts.Chart, error) { return charts.BoxPlot(id, title, cats, bs) }
}

// buildFigures builds every chart of the report from the data, section by
// section, so their numbers follow the reading order.
func buildFigures(d *Data) (*figures, error) {
	fs := &figures{}
	v := newVocab(d)
	steps := [][]func() error{
		v.surveyFigures(fs), v.overallFigures(fs), v.bandFigures(fs), v.districtFigures(fs),
		v.industryFigures(fs), v.investFigures(fs), v.needFigures(fs), v.changeFigures(fs),
	}
	for _, section := range steps {
		for _, step := range section {
			if err := step(); err != nil {
				return nil, err
			}
		}
	}
	return fs, nil
}

// vocab holds what the figures and the text share: names, keys and the
// statistics.
type vocab struct {
	d    *Data
	s    *analysis.Stats
	a    *analysis.Annual
	dims []string
}

func newVocab(d *Data) *vocab {
	v := &vocab{d: d, s: &d.Annual.Stats, a: &d.Annual}
	for _, dim := range d.Def.Dimensions {
		v.dims = append(v.dims, dim.Key)
	}
	return v
}

func (v *vocab) district(code string) string { return v.d.Names.District(code) }

func (v *vocab) Industry(code string) string { return code + " " + v.d.Names.Industry(code) }

// industries are those with at least MinGroup submitted firms: the others
// show counts only.
func (v *vocab) industries() (shown, small []analysis.Group) {
	for _, g := range v.s.ByIndustry {
		if g.Total.N >= analysis.MinGroup {
			shown = append(shown, g)
		} else {
			small = append(small, g)
		}
	}
	return shown, small
}

func (v *vocab) surveyFigures(fs *figures) []func() error {
	return []func() error{func() error {
		var names []string
		var rates []*fixed
		for _, g := range v.s.ByDistrict {
			names = append(names, v.district(g.Key))
			rates = append(rates, g.ResponseRate())
		}
		return fs.add("response", "各区县填报率（%）", bars(names, []charts.Series{{Name: "填报率", Values: rates}},
			charts.BarOpts{Unit: "%", Max: 100, CategoryName: "区县", Target: v.s.All.ResponseRate(), TargetName: "全市"}))
	}}
}

func (v *vocab) overallFigures(fs *figures) []func() error {
	return []func() error{
		func() error {
			var cats []string
			var n []*fixed
			for _, b := range v.a.Bins {
				cats = append(cats, strconv.Itoa(b.From)+"–"+strconv.Itoa(b.To))
				n = append(n, count(b.Firms))
			}
			return fs.add("totals", "总分分布（家）", bars(cats, []charts.Series{{Name: "企业数", Values: n}},
				charts.BarOpts{Counts: true, Unit: "家", CategoryName: "总分区间（分）"}))
		},
		func() error {
			var slices []charts.Slice
			for _, l := range v.d.Def.Levels {
				slices = append(slices, charts.Slice{Name: l.Label, Value: v.s.All.Levels[l.Label]})
			}
			return fs.add("levels", questionnaires.LevelName+"分布（已提交企业）", func(id, title string) (charts.Chart, error) {
				return charts.Pie(id, title, slices)
			})
		},
		func() error {
			var mean, med []*fixed
			for _, k := range v.dims {
				mean = append(mean, v.s.All.Dimensions[k].Mean)
				med = append(med, v.s.All.Dimensions[k].Median)
			}
			return fs.add("dimensions", "四个维度得分率（%）", bars(v.dims,
				[]charts.Series{{Name: "平均", Values: mean}, {Name: "中位数", Values: med}},
				charts.BarOpts{Unit: "%", Max: 100, CategoryName: "维度"}))
		},
		func() error {
			var names []string
			var rates, targets []*fixed
			for _, ind := range v.d.Def.Indicators {
				names = append(names, ind.Key)
				rates = append(rates, v.s.All.Indicators[ind.Key])
				targets = append(targets, target(ind))
			}
			return fs.add("indicators", "两化融合指标与全国2025年目标（%）", bars(names,
				[]charts.Series{{Name: v.d.City.Name, Values: rates}},
				charts.BarOpts{Horizontal: true, Unit: "%", Max: 100, CategoryName: "指标", Targets: targets, TargetName: "全国2025年目标"}))
		},
	}
}

func target(ind questionnaires.Indicator) *fixed {
	if ind.Target == nil {
		return nil
	}
	t := questionnaires.FixedFromDec(*ind.Target)
	return &t
}

func (v *vocab) bandFigures(fs *figures) []func() error {
	bandName := func(g analysis.Group) string { return g.Key }
	return []func() error{
		func() error {
			return fs.add("band_scores", "各规模档总分分布（分）", boxes(v.s.ByBand, bandName))
		},
		func() error {
			var series []charts.Series
			for _, g := range v.s.ByBand {
				if g.Total.N >= analysis.MinGroup {
					series = append(series, charts.Series{Name: g.Key, Values: dimMeans(g, v.dims)})
				}
			}
			series = append(series, charts.Series{Name: "全市", Values: dimMeans(v.s.All, v.dims)})
			return fs.add("band_radar", "各规模档维度平均得分率（%）", func(id, title string) (charts.Chart, error) {
				return charts.Radar(id, title, v.dims, 100, series)
			})
		},
		func() error {
			return fs.add("band_levels", "各规模档"+questionnaires.LevelName+"分布（家）", v.levelBars(v.s.ByBand, bandName, "规模档"))
		},
		func() error {
			return fs.add("band_indicators", "各规模档两化融合指标（%）", v.indicatorHeat(v.s.ByBand, bandName))
		},
	}
}

func dimMeans(g analysis.Group, dims []string) []*fixed {
	out := make([]*fixed, len(dims))
	for i, k := range dims {
		out[i] = g.Dimensions[k].Mean
	}
	return out
}

// levelBars stacks each slice's firms by level.
func (v *vocab) levelBars(groups []analysis.Group, name func(analysis.Group) string, what string) func(id, title string) (charts.Chart, error) {
	var cats []string
	for _, g := range groups {
		cats = append(cats, name(g))
	}
	var series []charts.Series
	for _, l := range v.d.Def.Levels {
		s := charts.Series{Name: l.Label}
		for _, g := range groups {
			s.Values = append(s.Values, count(g.Levels[l.Label]))
		}
		series = append(series, s)
	}
	return bars(cats, series, charts.BarOpts{Stacked: true, Counts: true, Unit: "家", CategoryName: what})
}

// indicatorHeat is each indicator's rate (rows) in each slice (columns).
func (v *vocab) indicatorHeat(groups []analysis.Group, name func(analysis.Group) string) func(id, title string) (charts.Chart, error) {
	var rows, cols []string
	for _, g := range groups {
		cols = append(cols, name(g))
	}
	var cells [][]*fixed
	for _, ind := range v.d.Def.Indicators {
		rows = append(rows, ind.Key)
		line := make([]*fixed, len(groups))
		for i, g := range groups {
			line[i] = g.Indicators[ind.Key]
		}
		cells = append(cells, line)
	}
	return heatmap(rows, cols, cells)
}

// dimensionHeat is each slice's (rows) mean dimension percents and mean total.
func (v *vocab) dimensionHeat(groups []analysis.Group, name func(analysis.Group) string) func(id, title string) (charts.Chart, error) {
	cols := append(append([]string(nil), v.dims...), "总分")
	var rows []string
	var cells [][]*fixed
	for _, g := range groups {
		rows = append(rows, name(g))
		cells = append(cells, append(dimMeans(g, v.dims), g.Total.Mean))
	}
	if len(rows) == 0 {
		rows, cells = []string{"（无）"}, [][]*fixed{make([]*fixed, len(cols))}
	}
	return heatmap(rows, cols, cells)
}

func (v *vocab) districtFigures(fs *figures) []func() error {
	name := func(g analysis.Group) string { return v.district(g.Key) }
	return []func() error{
		func() error {
			return fs.add("district_scores", "各区县总分分布（分）", boxes(v.s.ByDistrict, name))
		},
		func() error {
			return fs.add("district_dims", "各区县维度平均得分率（%）与平均总分（分）", v.dimensionHeat(v.s.ByDistrict, name))
		},
		func() error {
			return fs.add("district_indicators", "各区县两化融合指标（%）", v.indicatorHeat(v.s.ByDistrict, name))
		},
	}
}

func (v *vocab) industryFigures(fs *figures) []func() error {
	shown, _ := v.industries()
	name := func(g analysis.Group) string { return fmt.Sprintf("%s n=%d", v.Industry(g.Key), g.Total.N) }
	return []func() error{
		func() error {
			var cats []string
			var means []*fixed
			for _, g := range shown {
				cats = append(cats, name(g))
				means = append(means, g.Total.Mean)
			}
			if len(cats) == 0 {
				cats, means = []string{"（无）"}, []*fixed{nil}
			}
			return fs.add("industry_scores", "各行业平均总分（分；3家及以上企业提交的行业）", bars(cats,
				[]charts.Series{{Name: "平均总分", Values: means}},
				charts.BarOpts{Horizontal: true, Max: 100, CategoryName: "行业", Target: v.s.All.Total.Mean, TargetName: "全市平均"}))
		},
		func() error {
			return fs.add("industry_dims", "各行业维度平均得分率（%）与平均总分（分）", v.dimensionHeat(shown, name))
		},
	}
}

func (v *vocab) investFigures(fs *figures) []func() error {
	line := v.a.Line
	return []func() error{
		func() error {
			pts := make([]charts.Point, len(v.a.Points))
			for i, p := range v.a.Points {
				pts[i] = charts.Point{X: p.RevenueWan.Float64(), Y: p.Intensity(), Name: p.Name}
			}
			// The firms are read in whatever order the database gives
			// (PostgreSQL's moves as rows are updated); drawn in one order,
			// the same data makes the same report.
			slices.SortFunc(pts, func(a, b charts.Point) int {
				return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Y, b.Y), strings.Compare(a.Name, b.Name))
			})
			q := &charts.Quadrant{Name: yi(line.RevenueWan) + "以下、投入强度低于" + short(line.IntensityBelow) + "%",
				XBelow: line.RevenueWan.Float64(), YBelow: line.IntensityBelow.Float64()}
			return fs.add("invest", "营业收入与数字化投入强度", func(id, title string) (charts.Chart, error) {
				return charts.Scatter(id, title, pts, charts.ScatterOpts{XName: "营业收入（万元，对数刻度）",
					YName: "数字化投入强度（%）", LogX: true, Quadrant: q})
			})
		},
		func() error {
			return fs.add("flags_band", "各规模档投入不足与意识不足企业（家）", v.flagBars(v.s.ByBand, func(g analysis.Group) string { return g.Key }, "规模档"))
		},
		func() error {
			return fs.add("flags_district", "各区县投入不足与意识不足企业（家）", v.flagBars(v.s.ByDistrict, func(g analysis.Group) string { return v.district(g.Key) }, "区县"))
		},
	}
}

func (v *vocab) flagBars(groups []analysis.Group, name func(analysis.Group) string, what string) func(id, title string) (charts.Chart, error) {
	var cats []string
	var low, aware []*fixed
	for _, g := range groups {
		cats = append(cats, name(g))
		low = append(low, count(g.Flags[analysis.FlagLowInvestment]))
		aware = append(aware, count(g.Flags[analysis.FlagLowAwareness]))
	}
	return bars(cats, []charts.Series{{Name: v.flagLabel(analysis.FlagLowInvestment), Values: low},
		{Name: v.flagLabel(analysis.FlagLowAwareness), Values: aware}},
		charts.BarOpts{Counts: true, Unit: "家", CategoryName: what})
}

func (v *vocab) flagLabel(code string) string {
	for _, f := range v.d.Def.Flags {
		if f.Code == code {
			return f.Label
		}
	}
	return code
}

func (v *vocab) needFigures(fs *figures) []func() error {
	return []func() error{
		func() error {
			var names []string
			var shares []*fixed
			for _, n := range v.s.NeedsByKind {
				names = append(names, n.Label+"（"+strconv.Itoa(n.Firms)+"家）")
				shares = append(shares, n.Share)
			}
			if len(names) == 0 {
				names, shares = []string{"（无）"}, []*fixed{nil}
			}
			return fs.add("needs", "服务需求（占已提交企业的比例，%）", bars(names,
				[]charts.Series{{Name: "需求企业占比", Values: shares}},
				charts.BarOpts{Horizontal: true, Unit: "%", Max: 100, CategoryName: "服务"}))
		},
		func() error {
			return fs.add("needs_band", "各规模档服务需求（占该档已提交企业的比例，%）", v.needHeat(v.a.NeedsByBand, func(k string) string { return k }))
		},
		func() error {
			return fs.add("needs_district", "各区县服务需求（占该区县已提交企业的比例，%）", v.needHeat(v.a.NeedsByDistrict, v.district))
		},
	}
}

// needHeat is each kind of need (rows) as a share of each slice (columns).
func (v *vocab) needHeat(tables []analysis.NeedTable, name func(string) string) func(id, title string) (charts.Chart, error) {
	var cols, rows []string
	for _, t := range tables {
		cols = append(cols, name(t.Key))
	}
	var cells [][]*fixed
	for i, n := range v.s.NeedsByKind {
		rows = append(rows, n.Label)
		line := make([]*fixed, len(tables))
		for j, t := range tables {
			if i < len(t.Needs) && t.Submitted >= analysis.MinGroup {
				line[j] = t.Needs[i].Share
			}
		}
		cells = append(cells, line)
	}
	if len(rows) == 0 || len(cols) == 0 {
		rows, cols, cells = []string{"（无）"}, []string{"（无）"}, [][]*fixed{{nil}}
	}
	return heatmap(rows, cols, cells)
}

func (v *vocab) changeFigures(fs *figures) []func() error {
	c := v.a.Change
	if c == nil {
		return nil
	}
	before, now := strconv.Itoa(v.d.Before.Year)+"年", strconv.Itoa(v.d.Campaign.Year)+"年"
	pair := func(ds []analysis.Delta, name func(string) string) ([]string, []charts.Series) {
		var cats []string
		b, n := charts.Series{Name: before}, charts.Series{Name: now}
		for _, d := range ds {
			cats = append(cats, name(d.Key))
			b.Values = append(b.Values, d.Before)
			n.Values = append(n.Values, d.Now)
		}
		return cats, []charts.Series{b, n}
	}
	same := func(k string) string { return k }
	return []func() error{
		func() error {
			cats, series := pair(append([]analysis.Delta{c.Total}, c.Dimensions...), same)
			cats[0] = "总分（分）"
			return fs.add("change_dims", "平均总分与维度平均得分率：两个年度对比", bars(cats, series,
				charts.BarOpts{Max: 100, CategoryName: "项目"}))
		},
		func() error {
			cats, series := pair(c.Districts, v.district)
			return fs.add("change_districts", "各区县平均总分：两个年度对比（分）", bars(cats, series,
				charts.BarOpts{Max: 100, CategoryName: "区县"}))
		},
		func() error {
			m := c.Moves
			return fs.add("change_moves", "两个年度均提交企业的"+questionnaires.LevelName+"变化（家）", bars([]string{"上升", "持平", "下降"},
				[]charts.Series{{Name: "企业数", Values: []*fixed{count(m.Up), count(m.Same), count(m.Down)}}},
				charts.BarOpts{Counts: true, Unit: "家", CategoryName: questionnaires.LevelName + "变化"}))
		},
	}
}

// yi writes an amount of 万元 in 亿元 when it is a whole number of 亿
// (100000 万元 → "10亿元"), otherwise in 万元.
func yi(wan fixed) string {
	if wan%1000000 == 0 {
		return strconv.FormatInt(int64(wan)/1000000, 10) + "亿元"
	}
	return wan.String() + "万元"
}
