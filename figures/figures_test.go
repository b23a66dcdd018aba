package figures_test

import (
	"slices"
	"strings"
	"testing"

	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/decimal"
	"healthcheck/figures"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// edition is the built-in 2020 edition the catalogue reads its labels and
// thresholds from.
func edition(t *testing.T) *questionnaires.Definition {
	reg, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	def, ok := reg.Get("jiaxing-2020")
	if !ok {
		t.Fatal("no built-in jiaxing-2020")
	}
	return def
}

func fx(s string) *decimal.Fixed2 {
	v, err := decimal.ParseFixed2(s)
	if err != nil {
		panic(err)
	}
	return &v
}

// group is a slice whose four dimensions have the given mean, Q1 and Q3.
func group(key, mean, q1, q3 string) analysis.Group {
	g := analysis.Group{Key: key, Firms: 10, Submitted: 8, Total: analysis.Summary{N: 8, Mean: fx(mean)},
		Dimensions: map[string]analysis.Summary{}}
	for _, d := range []string{"数字化基础", "数字化经营", "数字化管理", "数字化成效"} {
		g.Dimensions[d] = analysis.Summary{N: 8, Mean: fx(mean), Q1: fx(q1), Q3: fx(q3)}
	}
	return g
}

func catalogue(t *testing.T) *figures.Catalogue {
	return &figures.Catalogue{Def: edition(t), District: func(c string) string { return map[string]string{"330481": "海宁市", "330402": "南湖区"}[c] },
		Industry: func(string) string { return "纺织业" }, Source: figures.SourceLine("嘉兴市经济和信息化局", 2020)}
}

// TestStatusWordsAreOne: the pages (views) and the books (figures) write
// a review status with the same words; the dashboard said 已通过 where the
// book said 审核通过.
func TestStatusWordsAreOne(t *testing.T) {
	for _, s := range []string{analysis.ReviewPending, analysis.ReviewApproved, analysis.ReviewReturned} {
		if views.ReviewText(s) != figures.ReviewWord(s) {
			t.Errorf("%s: page %q, book %q", s, views.ReviewText(s), figures.ReviewWord(s))
		}
	}
	if figures.ReviewWord(analysis.ReviewApproved) != "审核通过" || views.ReviewText("") != "—" {
		t.Errorf("approved %q, none %q", figures.ReviewWord(analysis.ReviewApproved), views.ReviewText(""))
	}
	for _, s := range []string{analysis.StatusNotStarted, analysis.StatusDraft, analysis.StatusSubmitted} {
		if views.StatusText(s) != figures.StatusWord(s) {
			t.Errorf("%s: page %q, book %q", s, views.StatusText(s), figures.StatusWord(s))
		}
	}
}

// TestLowInvestmentRuleReadsTheEdition: the rule the KPI, the 概况 sheet and
// the report print is the edition's, and follows an edition that moves it.
func TestLowInvestmentRuleReadsTheEdition(t *testing.T) {
	def := edition(t)
	if got := figures.LowInvestmentRule(def); got != "营业收入10亿元以下、投入强度低于1%" {
		t.Errorf("rule %q", got)
	}
	moved := *def
	moved.Flags = slices.Clone(def.Flags)
	for i, f := range moved.Flags {
		if f.Code != analysis.FlagLowInvestment {
			continue
		}
		moved.Flags[i].All = slices.Clone(f.All)
		for j, c := range moved.Flags[i].All {
			if c.Ref == questionnaires.RosterRevenue {
				five, err := questionnaires.ParseDec("50000")
				if err != nil {
					t.Fatal(err)
				}
				moved.Flags[i].All[j].Lt = &five
			}
		}
	}
	if got := figures.LowInvestmentRule(&moved); got != "营业收入5亿元以下、投入强度低于1%" {
		t.Errorf("moved rule %q", got)
	}
}

// TestRadarDrawsAtMostFourOutlines: a district against the city's mean and
// the city's middle half; the city view without the district's outline.
func TestRadarDrawsAtMostFourOutlines(t *testing.T) {
	c := catalogue(t)
	city := &analysis.Stats{All: group("", "50", "40", "60"),
		ByBand: []analysis.Group{group("1-2亿", "45", "35", "55"), group("2-4亿", "50", "40", "60"), group("4-10亿", "52", "42", "62"),
			group("10-50亿", "55", "45", "65"), group("50亿以上", "60", "50", "70")}}
	own := &analysis.Stats{All: group("", "47.5", "37", "58")}
	for _, tc := range []struct {
		view figures.View
		want string
	}{
		{figures.View{Own: own, City: city, Area: "海宁市"}, "维度,海宁市平均,全市平均,全市下四分位数,全市上四分位数"},
		{figures.View{Own: city, Area: "全市"}, "维度,全市平均,全市下四分位数,全市上四分位数"},
	} {
		ch, err := c.Draw(c.DimensionRadar(tc.view), "")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ch.Table.Header, ","); got != tc.want {
			t.Errorf("radar of %s: %s, want %s", tc.view.Area, got, tc.want)
		}
		if len(ch.Table.Header)-1 > charts.MaxRadarSeries {
			t.Errorf("%d outlines", len(ch.Table.Header)-1)
		}
		if ch.Source != "嘉兴市经济和信息化局，2020年度制造业数字化转型“集体体检”数据" || ch.Note == "" {
			t.Errorf("source %q, note %q", ch.Source, ch.Note)
		}
	}
}

// TestDistrictHeatMapKeepsUnitsApart: the district heat map heads each
// column with its unit, points apart from percents.
func TestDistrictHeatMapKeepsUnitsApart(t *testing.T) {
	c := catalogue(t)
	s := &analysis.Stats{All: group("", "50", "40", "60"), ByDistrict: []analysis.Group{group("330402", "48", "38", "58"), group("330481", "52", "42", "62")}}
	e := c.DistrictDims(figures.View{Own: s, Area: "全市"})
	ch, err := c.Draw(e, "图11")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ch.Table.Header, ","); got != "区县,数字化基础（%）,数字化经营（%）,数字化管理（%）,数字化成效（%）,总分（分）" {
		t.Errorf("header %s", got)
	}
	if ch.Title != "图11 "+e.Title || ch.Table.Rows[1][0] != "海宁市" || ch.Table.Rows[1][5] != "52.00" {
		t.Errorf("title %q, rows %q", ch.Title, ch.Table.Rows)
	}
}
