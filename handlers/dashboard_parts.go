package handlers

import (
	"strconv"

	"healthcheck/analysis"
	"healthcheck/decimal"
	"healthcheck/figures"
	"healthcheck/views"
)

// kpis are the figures at the top of the dashboard.
func (h *handler) kpis(v *view, s, city *analysis.Stats) []kpi {
	list := "/enterprises?" + v.Query()
	rate := analysis.Share(s.Submitted, s.Firms)
	mean := kpi{Label: "平均总分", Value: fixedOr(s.All.Total.Mean), Note: "已提交企业，满分 100"}
	if city != nil {
		mean.Note = "全市 " + fixedOr(city.All.Total.Mean)
	}
	return []kpi{
		{Label: "名录企业", Value: strconv.Itoa(s.Firms), Note: "家", Link: list},
		{Label: "已提交", Value: strconv.Itoa(s.Submitted), Note: "填报率 " + pctOr(rate), Link: list + "&status=submitted"},
		{Label: "填报中", Value: strconv.Itoa(s.Drafts), Note: "其中退回 " + strconv.Itoa(s.Returned) + " 家", Link: list + "&status=draft"},
		{Label: "未开始", Value: strconv.Itoa(s.NotStarted), Note: "家", Link: list + "&status=not_started"},
		mean,
		{Label: figures.ReviewWord(analysis.ReviewPending), Value: strconv.Itoa(s.Pending),
			Note: figures.ReviewWord(analysis.ReviewApproved) + " " + strconv.Itoa(s.Approved) + " 家", Link: list + "&review=pending"},
		{Label: figures.FlagLabel(v.Def, analysis.FlagLowInvestment), Value: strconv.Itoa(s.LowInvestmentUnder1B),
			Note: figures.LowInvestmentRule(v.Def), Link: list + "&flag=" + analysis.FlagLowInvestment},
	}
}

func fixedOr(v *decimal.Fixed2) string { return figures.Text(v) }

func pctOr(v *decimal.Fixed2) string { return figures.Percent(v) }

// progressTable is response progress by district (city view) or by size
// band (a district), with the city's rate beside each band for comparison.
type progressTable struct {
	By      string // 区县 or 规模档
	Rows    []progressRow
	Total   progressRow
	HasCity bool
}

type progressRow struct {
	Name, Link                           string
	Firms, Submitted, Drafts, NotStarted int
	Rate, CityRate                       *decimal.Fixed2
}

func rowOf(name string, g analysis.Group) progressRow {
	return progressRow{Name: name, Firms: g.Firms, Submitted: g.Submitted, Drafts: g.Drafts, NotStarted: g.NotStarted,
		Rate: g.ResponseRate()}
}

func (h *handler) progressTable(v *view, s, city *analysis.Stats) progressTable {
	t := progressTable{By: "规模档", Total: rowOf("合计", s.All), HasCity: city != nil}
	groups := figures.WithFirms(s.ByBand)
	if v.CityView() {
		t.By, groups = "区县", s.ByDistrict
	}
	for _, g := range groups {
		r := rowOf(g.Key, g)
		if v.CityView() {
			r.Name = h.City.DistrictName(g.Key)
			r.Link = "/dashboard?" + withParam(v.Query(), "district", g.Key)
		}
		if city != nil {
			r.CityRate = figures.GroupByKey(city.ByBand, g.Key).ResponseRate()
		}
		t.Rows = append(t.Rows, r)
	}
	if city != nil {
		t.Total.CityRate = city.All.ResponseRate()
	}
	return t
}

// withParam sets one query parameter in an encoded query.
func withParam(query, key, value string) string {
	return query + "&" + key + "=" + value
}

// lowInvRow is a low-investment firm under 10亿, as the table shows it.
type lowInvRow struct {
	analysis.FlaggedFirm
	DistrictName, IndustryName string
}

func (h *handler) lowInvRows(s *analysis.Stats) []lowInvRow {
	out := make([]lowInvRow, len(s.LowInvestment))
	for i, f := range s.LowInvestment {
		out[i] = lowInvRow{FlaggedFirm: f, DistrictName: h.City.DistrictName(f.District), IndustryName: views.IndustryName(f.Industry)}
	}
	return out
}
