package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/analysis"
	"healthcheck/app"
	"healthcheck/charts"
	"healthcheck/clock"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// reportPageData is the firm's 体检报告 page.
type reportPageData struct {
	Report     *app.Report
	Roster     rosterBody
	Charts     []charts.Chart // radar and indicators
	Progress   *charts.Chart  // dimensions by year, from the second year on
	Dimensions []dimensionRow
	Scenes     []sceneRow
	// Policies are what the firm itself may receive; StaffPolicies what
	// its people may (talent subsidies), each list with its own sum
	// ("32.5万元", or a range): the two are never added together.
	Policies      []policyRow
	PolicyTotal   string
	StaffPolicies []policyRow
	StaffTotal    string
	Updated       string
	Printed       string
	FlagLabels    []string
	// PrintName and PrintTitle head every printed page (CSS strings).
	PrintName, PrintTitle string
}

type dimensionRow struct {
	Key        string
	Points     decimal.Fixed2
	MaxPoints  questionnaires.Dec
	Percent    decimal.Fixed2
	Band       int
	BandMean   *decimal.Fixed2 // officials' drill-down shows the band average
	CityMean   *decimal.Fixed2
	InBand     standingText
	InIndustry standingText
}

type sceneRow struct {
	app.SceneDiagnosis
	LevelText  string
	InBand     standingText
	InIndustry standingText
}

type policyRow struct {
	app.PolicyMatch
	Amount string
}

// standingText is a standing as the page shows it: the percentile rank and
// what it means in words, the group's upper-quartile line (前25%线) and a
// verdict that agrees with both ("达到同组前25%线" only at or above the line).
type standingText struct {
	Percentile, Meaning, Q3, Verdict string
	Reached                          bool
}

// reportPage is GET /report.
func (h *handler) reportPage(c *fiber.Ctx) error {
	p := who(c)
	ctx := c.UserContext()
	e, camp, err := h.App.Surveys.Entry(ctx, p.scope(), p.EntryID)
	if err != nil {
		return err
	}
	if e.Status != app.StatusSubmitted {
		return h.reportPending(c, p, e, camp)
	}
	rep, err := h.App.Surveys.Report(ctx, p.scope(), p.EntryID)
	if err != nil {
		return err
	}
	// Averages are aggregates over every firm of the campaign: the firm sees
	// only groups of at least three (analysis.MinGroup), never another firm.
	city, err := h.App.Figures.City(ctx, rep.Campaign, "")
	if err != nil {
		return err
	}
	band, err := h.App.Figures.City(ctx, rep.Campaign, rep.Band)
	if err != nil {
		return err
	}
	ent, err := h.App.Surveys.Enterprise(ctx, p.scope(), rep.Entry.EnterpriseID)
	if err != nil {
		return err
	}
	data := reportPageData{Report: rep, Updated: clock.Local(city.At).Format("2006-01-02 15:04"),
		Printed: clock.Date(time.Now()),
		Roster: rosterBody{CreditCode: ent.CreditCode, Name: rep.Entry.Name, DistrictName: h.City.DistrictName(rep.Entry.District),
			Industry: rep.Entry.Industry, IndustryName: h.industryName(rep.Entry.Industry), Band: rep.Band}}
	data.PrintName, data.PrintTitle = cssText(rep.Entry.Name), cssText(rep.Campaign.Title)
	for _, d := range rep.Def.Dimensions {
		row := dimensionRow{Key: d.Key, Points: rep.Result.DimensionPoints[d.Key],
			MaxPoints: d.Points, Percent: rep.Dimensions[d.Key], Band: rep.DimensionBands[d.Key],
			CityMean: city.Stats.All.Dimensions[d.Key].Mean}
		for _, dd := range rep.Diagnosis.Dimensions {
			if dd.Key == d.Key {
				row.InBand, row.InIndustry = percentStanding(dd.InBand), percentStanding(dd.InIndustry)
			}
		}
		data.Dimensions = append(data.Dimensions, row)
	}
	for _, s := range rep.Diagnosis.Scenes {
		data.Scenes = append(data.Scenes, sceneRow{SceneDiagnosis: s, LevelText: levelText(s.Level),
			InBand: levelStanding(s.InBand), InIndustry: levelStanding(s.InIndustry)})
	}
	for _, m := range rep.Policies {
		row := policyRow{PolicyMatch: m, Amount: app.PolicySpan(m.AmountYuan, m.AmountMaxYuan)}
		if m.ForFirm() {
			data.Policies = append(data.Policies, row)
		} else {
			data.StaffPolicies = append(data.StaffPolicies, row)
		}
	}
	if b := rep.PolicyBasis; b != nil {
		data.PolicyTotal = app.PolicySpan(b.TotalYuan, b.TotalMaxYuan)
		data.StaffTotal = app.PolicySpan(b.StaffYuan, b.StaffMaxYuan)
	}
	for _, code := range rep.Flags {
		for _, f := range rep.Def.Flags {
			if f.Code == code {
				data.FlagLabels = append(data.FlagLabels, f.Label)
			}
		}
	}
	if data.Charts, err = firmCharts(rep, band, city); err != nil {
		return err
	}
	if data.Progress, err = progressChart(rep); err != nil {
		return err
	}
	return h.render(c, "report", pageData{Title: "体检报告", Data: data})
}

// pendingReport is /report before there is one to show.
type pendingReport struct {
	Campaign *app.Campaign
	Name     string
	Status   string
	Progress int
	SavedAt  *time.Time
	Firm     firmState
}

// reportPending says why there is no report yet and what to do: submit, or,
// after a return or a reopening, change and resubmit (the earlier report was
// withdrawn). It is a page of its own, never an error.
func (h *handler) reportPending(c *fiber.Ctx, p *principal, e *app.RosterEntry, camp *app.Campaign) error {
	fs, err := h.stateOf(c, p.scope(), e, camp, time.Now())
	if err != nil {
		return err
	}
	return h.render(c, "report_pending", pageData{Title: "我的报告", Data: pendingReport{Campaign: camp, Name: e.Name,
		Status: e.Status, Progress: e.Progress, SavedAt: e.SavedAt, Firm: fs}})
}

// percentStanding shows a dimension's standing: its percentile rank, the
// group's upper quartile and the gap to it, in percentage points.
func percentStanding(s analysis.Standing) standingText {
	return standing(s, func(v decimal.Fixed2) string { return v.String() + "%" }, "个百分点")
}

// levelStanding shows a scene's standing in levels.
func levelStanding(s analysis.Standing) standingText {
	return standing(s, func(v decimal.Fixed2) string { return v.String() + " 级" }, "级")
}

func standing(s analysis.Standing, show func(decimal.Fixed2) string, gapUnit string) standingText {
	if s.Percentile == nil || s.Q3 == nil || s.GapToQ3 == nil {
		few := fmt.Sprintf("同组已提交企业不足 %d 家，暂不比较", analysis.MinGroup)
		return standingText{Percentile: charts.NoData, Meaning: few, Q3: charts.NoData, Verdict: charts.NoData}
	}
	t := standingText{Percentile: s.Percentile.String(), Meaning: percentileMeaning(*s.Percentile), Q3: show(*s.Q3)}
	if *s.GapToQ3 > 0 {
		t.Verdict = "距前25%线差 " + s.GapToQ3.String() + " " + gapUnit
		return t
	}
	t.Reached, t.Verdict = true, "达到同组前25%线"
	if *s.Percentile < decimal.Fixed2(7500) {
		// At the line but below the 75th percentile: many firms share the
		// firm's score, and half of them count as "below" in the rank.
		t.Verdict += "（与您同分的企业较多）"
	}
	return t
}

// percentileMeaning says a percentile rank in words a firm follows:
// 52.59 → "同组约一半企业得分低于您".
func percentileMeaning(p decimal.Fixed2) string {
	tenths := int((int64(p) + 500) / 1000) // p is hundredths of a percent: 5259 → 5
	switch {
	case tenths <= 0:
		return "同组几乎没有企业得分低于您"
	case tenths >= 10:
		return "同组几乎所有企业得分都低于您"
	case tenths == 5:
		return "同组约一半企业得分低于您"
	}
	return "同组约" + []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}[tenths] + "成企业得分低于您"
}

// cssText prepares text for a CSS string. html/template escapes quotes,
// braces and the like there, but refuses any ASCII colon (the string could
// be a URL) and prints "ZgotmplZ" instead; in Chinese text the full-width
// colon reads the same.
func cssText(s string) string { return strings.ReplaceAll(s, ":", "：") }

func levelText(l int) string {
	if l == 0 {
		return "未开展"
	}
	return strconv.Itoa(l) + " 级"
}

// firmCharts are the report's radar (firm against its band and the city) and
// its indicators against the band's medians.
func firmCharts(rep *app.Report, band, city *app.Snapshot) ([]charts.Chart, error) {
	var axes []string
	var mine, bandMean, cityMean []*decimal.Fixed2
	for _, d := range rep.Def.Dimensions {
		axes = append(axes, d.Key)
		v := rep.Dimensions[d.Key]
		mine = append(mine, &v)
		bandMean = append(bandMean, band.Stats.All.Dimensions[d.Key].Mean)
		cityMean = append(cityMean, city.Stats.All.Dimensions[d.Key].Mean)
	}
	radar, err := charts.Radar("radar", "图1 四个维度得分率（%）", axes, 100, []charts.Series{
		{Name: "本企业", Values: mine}, {Name: rep.Band + "企业平均", Values: bandMean}, {Name: "全市平均", Values: cityMean}})
	if err != nil {
		return nil, err
	}
	var names []string
	var own, med []*decimal.Fixed2
	for _, ind := range rep.Def.Indicators {
		if ind.Kind != questionnaires.IndicatorRatio {
			continue // yes/no indicators: a band median of 0% or 100% says nothing (see the adoption table)
		}
		names = append(names, ind.Key)
		own = append(own, rep.Indicators[ind.Key])
		med = append(med, band.Stats.IndicatorMedians[ind.Key])
	}
	bars, err := charts.Bars("indicators", "图2 两化融合比率指标（%）：本企业与同规模档中位数", names, []charts.Series{
		{Name: "本企业", Values: own}, {Name: rep.Band + "中位数", Values: med}}, charts.BarOpts{Horizontal: true, Unit: "%"})
	if err != nil {
		return nil, err
	}
	return []charts.Chart{radar, bars}, nil
}

// progressChart draws the dimension percents by year, once there are two
// years. When every year scored alike it shows the stored percents; when the
// editions differ it shows the last two years on the items both score alike
// (the figures of the last change), so bars never move for a rescaled item.
func progressChart(rep *app.Report) (*charts.Chart, error) {
	h := rep.History
	if len(h) < 2 {
		return nil, nil
	}
	last := h[len(h)-1].Change
	var cats []string
	var series []charts.Series
	title := "图3 各年度维度得分率（%）"
	if allSameMethod(h) {
		for _, d := range rep.Def.Dimensions {
			cats = append(cats, d.Key)
		}
		for _, y := range h {
			s := charts.Series{Name: strconv.Itoa(y.Year) + "年"}
			for _, k := range cats {
				v, ok := y.Dimensions[k]
				s.Values = append(s.Values, optional(v, ok))
			}
			series = append(series, s)
		}
	} else {
		title = fmt.Sprintf("图3 维度得分率（%%）：%d 年与 %d 年按计分相同的题目比较", last.FromYear, h[len(h)-1].Year)
		from := charts.Series{Name: strconv.Itoa(last.FromYear) + "年"}
		to := charts.Series{Name: strconv.Itoa(h[len(h)-1].Year) + "年"}
		for _, d := range last.Dimensions {
			cats = append(cats, d.Key)
			from.Values = append(from.Values, optional(d.From, true))
			to.Values = append(to.Values, optional(d.To, true))
		}
		series = []charts.Series{from, to}
	}
	if len(cats) == 0 {
		return nil, nil
	}
	c, err := charts.Bars("progress", title, cats, series, charts.BarOpts{Unit: "%", Max: 100, CategoryName: "维度"})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func allSameMethod(h []app.HistoryItem) bool {
	for _, y := range h[1:] {
		if !y.Change.SameMethod {
			return false
		}
	}
	return true
}

func optional(v decimal.Fixed2, ok bool) *decimal.Fixed2 {
	if !ok {
		return nil
	}
	return &v
}

func (h *handler) industryName(code string) string { return views.IndustryName(code) }
