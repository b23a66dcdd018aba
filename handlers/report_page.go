package handlers

import (
	"github.com/gofiber/fiber/v2"

	"healthcheck/charts"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
	"healthcheck/views"
)

// reportPageData is the firm's 体检报告 page.
type reportPageData struct {
	Report     *survey.Report
	Roster     rosterBody
	Charts     []charts.Chart
	Dimensions []dimensionRow
	Updated    string
	FlagLabels []string
}

type dimensionRow struct {
	Key       string
	Points    questionnaires.Fixed2
	MaxPoints questionnaires.Dec
	Percent   questionnaires.Fixed2
	Band      int
	BandMean  *questionnaires.Fixed2
	CityMean  *questionnaires.Fixed2
}

// reportPage is GET /report.
func (h *handler) reportPage(c *fiber.Ctx) error {
	p := who(c)
	ctx := c.UserContext()
	rep, err := h.Survey.Report(ctx, p.scope(), p.EntryID)
	if err != nil {
		return err
	}
	// Averages are aggregates over every firm of the campaign: the firm sees
	// only groups of at least three (analysis.MinGroup), never another firm.
	city, err := h.Stats.Of(ctx, models.CityScope(), rep.Campaign, models.FirmFilter{})
	if err != nil {
		return err
	}
	band, err := h.Stats.Of(ctx, models.CityScope(), rep.Campaign, models.FirmFilter{Band: rep.Band})
	if err != nil {
		return err
	}
	ent, err := h.Store.Enterprise(ctx, p.scope(), rep.Entry.EnterpriseID)
	if err != nil {
		return err
	}
	data := reportPageData{Report: rep, Updated: survey.Local(city.At).Format("2006-01-02 15:04"),
		Roster: rosterBody{CreditCode: ent.CreditCode, Name: rep.Entry.Name, DistrictName: h.City.DistrictName(rep.Entry.District),
			Industry: rep.Entry.Industry, IndustryName: h.industryName(rep.Entry.Industry), Band: rep.Band}}
	for _, d := range rep.Def.Dimensions {
		data.Dimensions = append(data.Dimensions, dimensionRow{Key: d.Key, Points: rep.Result.DimensionPoints[d.Key],
			MaxPoints: d.Points, Percent: rep.Dimensions[d.Key], Band: rep.DimensionBands[d.Key],
			BandMean: band.Stats.All.Dimensions[d.Key].Mean, CityMean: city.Stats.All.Dimensions[d.Key].Mean})
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
	return h.render(c, "report", pageData{Title: "体检报告", Data: data})
}

// firmCharts are the report's radar (firm against its band and the city) and
// its indicators against the band's medians.
func firmCharts(rep *survey.Report, band, city *stats.Snapshot) ([]charts.Chart, error) {
	var axes []string
	var mine, bandMean, cityMean []*questionnaires.Fixed2
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
	var own, med []*questionnaires.Fixed2
	for _, ind := range rep.Def.Indicators {
		names = append(names, ind.Key)
		own = append(own, rep.Indicators[ind.Key])
		med = append(med, band.Stats.IndicatorMedians[ind.Key])
	}
	bars, err := charts.Bars("indicators", "图2 两化融合指标（%）：本企业与同规模档中位数", names, []charts.Series{
		{Name: "本企业", Values: own}, {Name: rep.Band + "中位数", Values: med}}, charts.BarOpts{Horizontal: true, Unit: "%"})
	if err != nil {
		return nil, err
	}
	return []charts.Chart{radar, bars}, nil
}

func (h *handler) industryName(code string) string { return views.IndustryName(code) }
