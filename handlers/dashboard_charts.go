package handlers

import (
	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/decimal"
	"healthcheck/figures"
	"healthcheck/views"
)

type fixed = decimal.Fixed2

// sheetChart is a dashboard chart and the sheet its table becomes in the
// Excel export, so the book holds exactly the tables under the charts.
type sheetChart struct {
	Sheet string
	charts.Chart
}

type dashboardCharts []sheetChart

// catalogue is the figure catalogue of a view's campaign: the same entries
// the annual report draws, with the same source line.
func (h *handler) catalogue(v *view) *figures.Catalogue {
	return &figures.Catalogue{Def: v.Def, District: h.City.DistrictName, Industry: views.IndustryName,
		Source: figures.SourceLine(h.City.Bureau, v.Campaign.Year)}
}

// figureView is a view's statistics as the catalogue takes them.
func (h *handler) figureView(v *view, s, city *analysis.Stats) figures.View {
	fv := figures.View{Own: s, City: city, Area: "全市"}
	if !v.CityView() {
		fv.Area = h.City.DistrictName(v.District)
	}
	return fv
}

// dashboardCharts draws the catalogue's figures of a view (and the city's
// beside a district). Each table caption says when the data was computed.
func (h *handler) dashboardCharts(v *view, s, city *analysis.Stats, updated string) (dashboardCharts, error) {
	cat, fv := h.catalogue(v), h.figureView(v, s, city)
	entries := []figures.Entry{cat.Response(fv), cat.BandScores(fv), cat.Levels(fv), cat.DimensionRadar(fv),
		cat.Indicators(fv), cat.IndustryScores(fv)}
	if v.CityView() {
		entries = append(entries, cat.DistrictDims(fv))
	}
	entries = append(entries, cat.Needs(fv))
	var page charts.Page
	out := make(dashboardCharts, 0, len(entries))
	for _, e := range entries {
		c, err := cat.Draw(e, "")
		if err := page.Add(c, err); err != nil {
			return nil, err
		}
		c.Table.Caption += "；数据更新于 " + updated
		out = append(out, sheetChart{Sheet: e.Sheet, Chart: c})
	}
	return out, nil
}
