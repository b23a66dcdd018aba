package analysis

import (
	"encoding/json"
	"strings"
	"testing"

	"healthcheck/questionnaires"
)

func edition(t *testing.T) *questionnaires.Definition {
	t.Helper()
	reg, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	def, ok := reg.Get("jiaxing-2020")
	if !ok {
		t.Fatal("jiaxing-2020 is not embedded")
	}
	return def
}

func pf(s string) *fixed { v := fx(s); return &v }

// ratio is a firm's ratio indicator from its numerator and denominator.
func ratio(num, den, value string) questionnaires.IndicatorValue {
	return questionnaires.IndicatorValue{Value: pf(value), Num: pf(num), Den: pf(den)}
}

func adoption(uses bool) questionnaires.IndicatorValue {
	if uses {
		return questionnaires.IndicatorValue{Value: pf("100")}
	}
	return questionnaires.IndicatorValue{Value: pf("0")}
}

// result is a scored firm with the figures the test follows; the others stay empty.
func result(total, level string, dims [4]string, net, invest questionnaires.IndicatorValue, mes bool, flags, needs []string) *questionnaires.Result {
	keys := []string{"数字化基础", "数字化经营", "数字化管理", "数字化成效"}
	r := &questionnaires.Result{Total: fx(total), Level: level, Dimensions: map[string]fixed{}, Flags: flags, Needs: needs,
		Indicators: map[string]questionnaires.IndicatorValue{"设备联网率": net, "数字化投入强度": invest, "MES普及率": adoption(mes)}}
	for i, k := range keys {
		r.Dimensions[k] = fx(dims[i])
	}
	return r
}

// handFirms is a population small enough to work out on paper:
//
//	firm  band    district industry status     review   total  设备联网率     MES  投入强度        flags
//	A     1-2亿   330402   C17      submitted  approved 50     30/100        yes  50/10000       low_investment
//	B     1-2亿   330402   C17      submitted  pending  70     90/100        no   300/10000
//	C     1-2亿   330411   C18      submitted  approved 30     0/50          yes  20/20000       low_investment, low_awareness
//	D     2-4亿   330411   C18      submitted  pending  80     10/10         yes  1000/30000
//	E     1-2亿   330402   C17      draft      returned
//	F     2-4亿   330402   C18      not_started
func handFirms() []*Firm {
	return []*Firm{
		{CreditCode: "A", Name: "甲", District: "330402", Industry: "C17", Band: "1-2亿", RevenueWan: fx("10000"),
			Status: StatusSubmitted, ReviewStatus: ReviewApproved,
			Result: result("50", "二级", [4]string{"60", "40", "50", "70"}, ratio("30", "100", "30"), ratio("50", "10000", "0.5"), true,
				[]string{"low_investment"}, []string{"diagnosis", "cloud"})},
		{CreditCode: "B", Name: "乙", District: "330402", Industry: "C17", Band: "1-2亿", RevenueWan: fx("10000"),
			Status: StatusSubmitted, ReviewStatus: ReviewPending,
			Result: result("70", "三级", [4]string{"80", "60", "70", "75"}, ratio("90", "100", "90"), ratio("300", "10000", "3"), false,
				nil, []string{"cloud"})},
		{CreditCode: "C", Name: "丙", District: "330411", Industry: "C18", Band: "1-2亿", RevenueWan: fx("20000"),
			Status: StatusSubmitted, ReviewStatus: ReviewApproved,
			Result: result("30", "一级", [4]string{"20", "35", "10", "60"}, ratio("0", "50", "0"), ratio("20", "20000", "0.1"), true,
				[]string{"low_investment", "low_awareness"}, nil)},
		{CreditCode: "D", Name: "丁", District: "330411", Industry: "C18", Band: "2-4亿", RevenueWan: fx("30000"),
			Status: StatusSubmitted, ReviewStatus: ReviewPending,
			Result: result("80", "四级", [4]string{"90", "75", "80", "85"}, ratio("10", "10", "100"), ratio("1000", "30000", "3.33"), true,
				nil, nil)},
		{CreditCode: "E", Name: "戊", District: "330402", Industry: "C17", Band: "1-2亿", Status: StatusDraft, ReviewStatus: ReviewReturned},
		{CreditCode: "F", Name: "己", District: "330402", Industry: "C18", Band: "2-4亿", Status: StatusNotStarted},
	}
}

func build(t *testing.T, firms []*Firm) Stats {
	b := NewBuilder(edition(t))
	for _, f := range firms {
		b.Add(f)
	}
	return b.Stats()
}

func TestStatsOfAHandWorkedPopulation(t *testing.T) {
	s := build(t, handFirms())
	counts := [][2]int{{s.Firms, 6}, {s.Submitted, 4}, {s.Drafts, 1}, {s.NotStarted, 1},
		{s.Approved, 2}, {s.Pending, 2}, {s.Returned, 1}, {s.LowInvestmentUnder1B, 2}}
	for i, c := range counts {
		if c[0] != c[1] {
			t.Errorf("count %d = %d, want %d (firms, submitted, drafts, not started, approved, pending, returned, low investment)", i, c[0], c[1])
		}
	}
	all := s.All.Total
	// Totals 30 50 70 80: mean 57.5; QUARTILE.INC at 0.75, 1.5, 2.25.
	got := []string{text(all.Mean), text(all.Min), text(all.Q1), text(all.Median), text(all.Q3), text(all.Max)}
	want := []string{"57.50", "30.00", "45.00", "60.00", "72.50", "80.00"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("city totals %v, want %v", got, want)
	}
	if got := text(s.All.Dimensions["数字化基础"].Mean); got != "62.50" { // (60+80+20+90)/4
		t.Errorf("数字化基础 mean %s, want 62.50", got)
	}
	// Σ/Σ, not the mean of firms' rates (which would be 55.00).
	if got := text(s.All.Indicators["设备联网率"]); got != "50.00" { // 130/260
		t.Errorf("设备联网率 %s, want 50.00", got)
	}
	if got := text(s.All.Indicators["数字化投入强度"]); got != "1.96" { // 1370/70000 = 1.957…
		t.Errorf("数字化投入强度 %s, want 1.96", got)
	}
	if got := text(s.All.Indicators["MES普及率"]); got != "75.00" { // 3 of 4
		t.Errorf("MES普及率 %s, want 75.00", got)
	}
	if got := text(s.All.Indicators["ERP普及率"]); got != "null" { // nobody reported it
		t.Errorf("ERP普及率 %s, want null", got)
	}
	wantLevels := map[string]int{"未达一级": 0, "一级": 1, "二级": 1, "三级": 1, "四级": 1}
	for k, v := range wantLevels {
		if s.All.Levels[k] != v {
			t.Errorf("level %s: %d, want %d", k, s.All.Levels[k], v)
		}
	}
	if got := text(s.IndicatorMedians["设备联网率"]); got != "60.00" { // firms' 0 30 90 100
		t.Errorf("设备联网率 median %s, want 60.00", got)
	}
}

func TestGroupsShowCountsButNoFiguresBelowThreeFirms(t *testing.T) {
	s := build(t, handFirms())
	if len(s.ByBand) != 5 || s.ByBand[0].Key != "1-2亿" || s.ByBand[4].Key != "50亿以上" {
		t.Fatalf("bands %+v: want every band of the edition in its order", s.ByBand)
	}
	small := s.ByBand[0] // A B C submitted, E draft
	if small.Firms != 4 || small.Submitted != 3 || small.Drafts != 1 || small.NotStarted != 0 {
		t.Errorf("1-2亿 progress %d/%d/%d/%d", small.Firms, small.Submitted, small.Drafts, small.NotStarted)
	}
	// 30 50 70: mean 50, QUARTILE.INC at 0.5, 1, 1.5.
	if got := []string{text(small.Total.Mean), text(small.Total.Q1), text(small.Total.Median), text(small.Total.Q3)}; strings.Join(got, " ") != "50.00 40.00 50.00 60.00" {
		t.Errorf("1-2亿 totals %v", got)
	}
	if got := text(small.Indicators["设备联网率"]); got != "48.00" { // 120/250
		t.Errorf("1-2亿 设备联网率 %s, want 48.00", got)
	}
	if got := text(small.ResponseRate()); got != "75.00" {
		t.Errorf("1-2亿 response rate %s, want 75.00", got)
	}
	two := s.ByBand[1] // D submitted, F not started
	if two.Firms != 2 || two.Total.N != 1 || two.Total.Mean != nil || two.Total.Min != nil || two.Indicators["设备联网率"] != nil {
		t.Errorf("2-4亿 with one firm must give its count only: %+v", two)
	}
	if empty := s.ByBand[4]; empty.Firms != 0 || empty.Total.N != 0 || empty.Total.Mean != nil {
		t.Errorf("50亿以上 without firms: %+v", empty)
	}
	if len(s.ByDistrict) != 2 || s.ByDistrict[0].Key != "330402" || s.ByDistrict[0].Firms != 4 || s.ByDistrict[0].Total.N != 2 ||
		s.ByDistrict[0].Total.Mean != nil || s.ByDistrict[0].Dimensions["数字化基础"].Mean != nil {
		t.Errorf("districts %+v", s.ByDistrict)
	}
}

// TestWithheldGroupsShowNoRateOrShare: the rule is "fewer than three
// submitted firms", for every kind of aggregate. 330402 has A and B
// submitted, both asking for cloud services: its share was published as
// 100.00 while report.html hid it. Every withheld group keeps its counts.
func TestWithheldGroupsShowNoRateOrShare(t *testing.T) {
	a := NewAnnual(edition(t), 0)
	for _, f := range handFirms() {
		a.Add(f)
	}
	got := a.Annual()
	s := got.Stats
	for _, gs := range [][]Group{s.ByBand, s.ByDistrict, s.ByIndustry} {
		for _, g := range gs {
			if g.Withheld() != (g.Submitted < 3) {
				t.Errorf("%s: %d submitted, withheld %t", g.Key, g.Submitted, g.Withheld())
			}
			if !g.Withheld() {
				continue
			}
			for k, v := range g.Indicators {
				if v != nil {
					t.Errorf("%s (%d submitted): %s = %s", g.Key, g.Submitted, k, v)
				}
			}
			for k, d := range g.Dimensions {
				if d.Mean != nil || d.Median != nil {
					t.Errorf("%s: %s mean %s", g.Key, k, text(d.Mean))
				}
			}
			if g.ShareOf(g.Submitted) != nil {
				t.Errorf("%s: a share of its %d firms", g.Key, g.Submitted)
			}
			levels := 0
			for _, n := range g.Levels {
				levels += n
			}
			if levels != g.Submitted {
				t.Errorf("%s: levels count %d firms, want its %d submitted", g.Key, levels, g.Submitted)
			}
		}
	}
	for _, nt := range append(append([]NeedTable(nil), got.NeedsByBand...), got.NeedsByDistrict...) {
		for _, n := range nt.Needs {
			if (n.Share != nil) == nt.Withheld() {
				t.Errorf("%s (%d submitted): %s share %s", nt.Key, nt.Submitted, n.Key, text(n.Share))
			}
		}
	}
	if d := got.NeedsByDistrict[0]; d.Key != "330402" || need(d, "cloud").Firms != 2 || need(d, "cloud").Share != nil {
		t.Errorf("330402 needs %+v: two firms asking for cloud is a count, not a share", d)
	}
	if got.Stats.All.ShareOf(1) == nil || text(got.Stats.All.ShareOf(1)) != "25.00" {
		t.Errorf("the city's four firms: a level's share %s, want 25.00", text(got.Stats.All.ShareOf(1)))
	}
}

func TestLowInvestmentListAndNeeds(t *testing.T) {
	s := build(t, handFirms())
	if len(s.LowInvestment) != 2 {
		t.Fatalf("low investment list %+v", s.LowInvestment)
	}
	a, c := s.LowInvestment[0], s.LowInvestment[1]
	if a.CreditCode != "A" || a.Weakest != "数字化经营" || a.WeakestPercent.String() != "40.00" || text(a.Indicator) != "0.50" {
		t.Errorf("first flagged firm %+v", a)
	}
	if c.CreditCode != "C" || c.Weakest != "数字化管理" || c.District != "330411" || c.Level != "一级" {
		t.Errorf("second flagged firm %+v", c)
	}
	want := map[string]string{"diagnosis": "1 25.00", "cloud": "2 50.00", "software": "0 0.00"}
	found := 0
	for _, n := range s.NeedsByKind {
		if n.Key == "none" {
			t.Error("the exclusive 暂无需求 is not a kind of need")
		}
		if w, ok := want[n.Key]; ok {
			found++
			if got := strings.Join([]string{itoa(n.Firms), text(n.Share)}, " "); got != w {
				t.Errorf("need %s: %s, want %s", n.Key, got, w)
			}
		}
	}
	if found != 3 || s.NeedsByKind[0].Key != "diagnosis" || s.NeedsByKind[0].Label != "诊断咨询" {
		t.Errorf("needs %+v", s.NeedsByKind)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestContractJSON pins the body of GET /api/v1/stats for the hand-worked
// population: the contract's keys, nulls below three firms, the city block.
func TestContractJSON(t *testing.T) {
	s := build(t, handFirms())
	body := s.JSON(Names{District: func(c string) string { return map[string]string{"330402": "南湖区", "330411": "秀洲区"}[c] },
		Industry: func(c string) string {
			return map[string]string{"C17": "纺织业", "C18": "纺织服装、服饰业"}[c]
		}})
	body.City = s.CityJSON()
	got, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	var indicators map[string]any
	var decoded map[string]json.RawMessage
	if err := json.Unmarshal(got, &decoded); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(decoded["indicators"], &indicators); err != nil || len(indicators) != 14 {
		t.Fatalf("indicators: want all 14 of the edition, got %d (%v)", len(indicators), err)
	}
	delete(decoded, "indicators")
	var medians map[string]*fixed
	if err := json.Unmarshal(decoded["indicator_medians"], &medians); err != nil || len(medians) != 14 ||
		text(medians["数字化投入强度"]) != "1.75" || text(medians["设备联网率"]) != "60.00" {
		t.Errorf("indicator_medians: want all 14, 数字化投入强度 1.75 and 设备联网率 60.00: %v %v", medians, err)
	}
	delete(decoded, "indicator_medians")
	cityBlock := map[string]json.RawMessage{}
	if err := json.Unmarshal(decoded["city"], &cityBlock); err != nil {
		t.Fatal(err)
	}
	delete(cityBlock, "indicators")
	decoded["city"], _ = json.Marshal(cityBlock)
	rest, _ := json.Marshal(decoded)
	const none = `"mean":null,"q1":null,"median":null,"q3":null,"withheld":true}`
	const band = `[{"band":"1-2亿","n":3,"mean":50.00,"q1":40.00,"median":50.00,"q3":60.00,"withheld":false},` +
		`{"band":"2-4亿","n":1,` + none + `,{"band":"4-10亿","n":0,` + none + `,` +
		`{"band":"10-50亿","n":0,` + none + `,{"band":"50亿以上","n":0,` + none + `]`
	const levels = `{"一级":1,"三级":1,"二级":1,"四级":1,"未达一级":0}`
	want := `{"approved":2,"by_band":` + band + `,` +
		`"by_district":[{"district":"330402","district_name":"南湖区","n":2,` + none + `,` +
		`{"district":"330411","district_name":"秀洲区","n":2,` + none + `],` +
		`"by_industry":[{"industry":"C17","industry_name":"纺织业","n":2,` + none + `,` +
		`{"industry":"C18","industry_name":"纺织服装、服饰业","n":2,` + none + `],` +
		`"city":{"by_band":` + band + `,"levels":` + levels + `,"mean_total":57.50},` +
		`"drafts":1,"firms":6,"levels":` + levels + `,"low_investment_under_1b":2,"mean_total":57.50,` +
		`"not_started":1,"returned":1,"submitted":4,"withheld":false}`
	if string(rest) != want {
		t.Errorf("stats body\n got %s\nwant %s", rest, want)
	}
}
