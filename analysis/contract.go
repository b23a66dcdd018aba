package analysis

// This file shapes Stats as the contract's GET /api/v1/stats body, so the
// API, the report's summary.json and any other export print the same keys.

// Names resolves codes to the names printed beside them.
type Names struct {
	District func(code string) string
	Industry func(code string) string
}

// SummaryJSON is a group's scores in the contract's keys. Withheld (added
// to the contract) says the small-group rule left the group with its count
// only, so a null mean means "withheld", not "no data".
type SummaryJSON struct {
	N        int    `json:"n"`
	Mean     *fixed `json:"mean"`
	Q1       *fixed `json:"q1"`
	Median   *fixed `json:"median"`
	Q3       *fixed `json:"q3"`
	Withheld bool   `json:"withheld"`
}

// BandJSON is one element of by_band.
type BandJSON struct {
	Band string `json:"band"`
	SummaryJSON
}

// DistrictJSON is one element of by_district.
type DistrictJSON struct {
	District     string `json:"district"`
	DistrictName string `json:"district_name"`
	SummaryJSON
}

// IndustryJSON is one element of by_industry.
type IndustryJSON struct {
	Industry     string `json:"industry"`
	IndustryName string `json:"industry_name"`
	SummaryJSON
}

// CityJSON is the whole city, given to a district official for comparison.
type CityJSON struct {
	MeanTotal  *fixed            `json:"mean_total"`
	Levels     map[string]int    `json:"levels"`
	ByBand     []BandJSON        `json:"by_band"`
	Indicators map[string]*fixed `json:"indicators"`
}

// StatsJSON is the body of GET /api/v1/stats.
type StatsJSON struct {
	Firms                int               `json:"firms"`
	Submitted            int               `json:"submitted"`
	Drafts               int               `json:"drafts"`
	NotStarted           int               `json:"not_started"`
	MeanTotal            *fixed            `json:"mean_total"`
	Levels               map[string]int    `json:"levels"`
	ByBand               []BandJSON        `json:"by_band"`
	ByDistrict           []DistrictJSON    `json:"by_district"`
	ByIndustry           []IndustryJSON    `json:"by_industry"`
	Indicators           map[string]*fixed `json:"indicators"`
	LowInvestmentUnder1B int               `json:"low_investment_under_1b"`
	Approved             int               `json:"approved"`
	Returned             int               `json:"returned"`
	City                 *CityJSON         `json:"city,omitempty"`
	// Added to the contract: Withheld is the view's own small-group state
	// (fewer than MinGroup submitted: mean_total and indicators are null);
	// IndicatorMedians are the medians of the firms' own indicator values,
	// printed beside the aggregates in indicators (Σ numerators ÷ Σ
	// denominators for a ratio such as 数字化投入强度).
	Withheld         bool              `json:"withheld"`
	IndicatorMedians map[string]*fixed `json:"indicator_medians"`
}

func summaryJSON(g Group) SummaryJSON {
	s := g.Total
	return SummaryJSON{N: s.N, Mean: s.Mean, Q1: s.Q1, Median: s.Median, Q3: s.Q3, Withheld: g.Withheld()}
}

func bandsJSON(gs []Group) []BandJSON {
	out := make([]BandJSON, 0, len(gs))
	for _, g := range gs {
		out = append(out, BandJSON{Band: g.Key, SummaryJSON: summaryJSON(g)})
	}
	return out
}

// JSON shapes s for the API; names fill district_name and industry_name.
func (s *Stats) JSON(names Names) StatsJSON {
	out := StatsJSON{Firms: s.Firms, Submitted: s.Submitted, Drafts: s.Drafts, NotStarted: s.NotStarted,
		MeanTotal: s.All.Total.Mean, Levels: s.All.Levels, ByBand: bandsJSON(s.ByBand),
		ByDistrict: make([]DistrictJSON, 0, len(s.ByDistrict)), ByIndustry: make([]IndustryJSON, 0, len(s.ByIndustry)),
		Indicators: s.All.Indicators, LowInvestmentUnder1B: s.LowInvestmentUnder1B,
		Approved: s.Approved, Returned: s.Returned, Withheld: s.All.Withheld(), IndicatorMedians: s.IndicatorMedians}
	for _, g := range s.ByDistrict {
		out.ByDistrict = append(out.ByDistrict, DistrictJSON{District: g.Key, DistrictName: names.District(g.Key),
			SummaryJSON: summaryJSON(g)})
	}
	for _, g := range s.ByIndustry {
		out.ByIndustry = append(out.ByIndustry, IndustryJSON{Industry: g.Key, IndustryName: names.Industry(g.Key),
			SummaryJSON: summaryJSON(g)})
	}
	return out
}

// CityJSON shapes s (the whole city) as the comparison block.
func (s *Stats) CityJSON() *CityJSON {
	return &CityJSON{MeanTotal: s.All.Total.Mean, Levels: s.All.Levels, ByBand: bandsJSON(s.ByBand),
		Indicators: s.All.Indicators}
}
