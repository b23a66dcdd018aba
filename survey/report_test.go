package survey_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
	"healthcheck/testutil/answerset"
	"healthcheck/testutil/edition"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

// fixture is a store with a 2019 and a 2020 campaign, firms in both or in
// 2020 only, and a survey service wired as serve wires it.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	store *models.Store
	defs  *questionnaires.Registry
	svc   *survey.Service
	camps map[int]*models.Campaign
	ents  map[string]int64 // credit code → enterprise id
}

const platform = "96871 企业公共服务平台"

// registry holds the real 2020 edition with its advice, and "jiaxing-2019",
// made here from it: 数据安全 dropped and 网络建设 rescaled (2.5 a choice).
func registry(t *testing.T) *questionnaires.Registry {
	t.Helper()
	base := edition.Base2020(t)
	advice, err := os.ReadFile(filepath.Join("..", "questionnaires", "defs", "jiaxing-2020.advice.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	older := edition.Modified(t, base, func(d edition.Doc) {
		d["id"] = "jiaxing-2019"
		d.ReworkFoundation()
	})
	reg, err := questionnaires.LoadFS(fstest.MapFS{
		"defs/jiaxing-2020.yaml":        {Data: base},
		"defs/jiaxing-2020.advice.yaml": {Data: advice},
		"defs/jiaxing-2019.yaml":        {Data: older},
	}, "defs")
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// newFixture creates the campaigns: 2019 on edition2019, 2020 on jiaxing-2020.
func newFixture(t *testing.T, edition2019 string) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, testdb.DSN(t, "t.db"), models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	defs := registry(t)
	pol, err := policies.LoadEmbedded(defs)
	if err != nil {
		t.Fatal(err)
	}
	svc := survey.New(store, defs)
	svc.Stats, svc.Policies, svc.ApplyAt = stats.New(store, defs, 0), pol, platform
	f := &fixture{t: t, ctx: ctx, store: store, defs: defs, svc: svc, camps: map[int]*models.Campaign{}, ents: map[string]int64{}}
	for year, ed := range map[int]string{2019: edition2019, 2020: "jiaxing-2020"} {
		c := &models.Campaign{Year: year, Title: "测试体检", QuestionnaireID: ed,
			OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().Add(time.Hour), MinRevenueWan: 1000000}
		if err := store.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		f.camps[year] = c
	}
	return f
}

// submit puts a firm on a campaign's roster (5亿元, C17, 海宁) and submits answers.
func (f *fixture) submit(year int, code string, answers map[string]any) int64 {
	f.t.Helper()
	c := f.camps[year]
	def, _ := f.defs.Get(c.QuestionnaireID)
	in := models.RosterInput{CreditCode: code, Name: "测试企业" + code[len(code)-2:], District: "330481", Industry: "C17",
		RevenueWan: 5000000, Employees: 300}
	in.Band = def.BandOf(in.RevenueWan)
	if err := f.store.UpsertRoster(f.ctx, c.ID, []models.RosterInput{in}); err != nil {
		f.t.Fatal(err)
	}
	e, err := f.store.EntryByCreditCode(f.ctx, models.CityScope(), c.ID, code)
	if err != nil {
		f.t.Fatal(err)
	}
	f.ents[code] = e.EnterpriseID
	scope := models.FirmScope(e.EnterpriseID)
	saved, err := f.svc.Save(f.ctx, scope, e.ID, 0, answerset.Raw(answers), "")
	if err != nil {
		f.t.Fatalf("save %s %d: %v", code, year, err)
	}
	if _, err := f.svc.Submit(f.ctx, scope, e.ID, saved.Version, true, ""); err != nil {
		f.t.Fatalf("submit %s %d: %v", code, year, err)
	}
	return e.ID
}

func (f *fixture) report(code string, entry int64) *survey.Report {
	f.t.Helper()
	rep, err := f.svc.Report(f.ctx, models.FirmScope(f.ents[code]), entry)
	if err != nil {
		f.t.Fatal(err)
	}
	return rep
}

func (f *fixture) def(id string) *questionnaires.Definition {
	d, ok := f.defs.Get(id)
	if !ok {
		f.t.Fatalf("no edition %s", id)
	}
	return d
}

// with returns a copy of a with overrides.
func with(a map[string]any, over map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

const (
	firmA = "T00000000000000001" // in 2019 and 2020
	firmB = "T00000000000000002" // 2020 only
)

// peers2020 submits three more firms of the same band and industry in 2020,
// at levels 1, 2, 2 and 4, so that with the firm itself groups have five.
func (f *fixture) peers2020() {
	d := f.def("jiaxing-2020")
	for i, lvl := range []int{1, 2, 2, 4} {
		f.submit(2020, "T0000000000000001"+string(rune('0'+i)), answerset.Full(d, lvl))
	}
}

// TestReportWithoutEarlierCampaign: a firm's first health check has one
// history item and no change, and the rest of the report is complete.
func TestReportWithoutEarlierCampaign(t *testing.T) {
	f := newFixture(t, "jiaxing-2020")
	f.peers2020()
	d := f.def("jiaxing-2020")
	answers := with(answerset.Full(d, 2), map[string]any{
		"p_project": "yes", "p_project_total": 300, "p_project_it": 100, // 20 % of 100万 = 20万
		"p_fairs": 1, "p_booths": 6, // 5 booths counted: 12.5万
		"u_systems": []string{"erp", "mes"}, "f_eq_networked": 0, // MES but no networked machine
	})
	entry := f.submit(2020, firmB, answers)
	rep := f.report(firmB, entry)

	if len(rep.History) != 1 || rep.History[0].Year != 2020 || rep.History[0].Change != nil || rep.History[0].Total != rep.Total {
		t.Fatalf("history of a first health check: %+v", rep.History)
	}
	// Policies: the two it earns, in file order, with their working.
	var got []string
	for _, m := range rep.Policies {
		got = append(got, m.ID+"="+policies.Wan(m.AmountYuan))
		if m.ApplyAt != platform {
			t.Errorf("%s: apply at %q", m.ID, m.ApplyAt)
		}
	}
	if strings.Join(got, ",") != "smart_upgrade=20万元,fair_booths=12.5万元" {
		t.Errorf("policies %v", got)
	}
	if rep.PolicyBasis == nil || rep.PolicyBasis.Year != 2020 || rep.PolicyBasis.TotalYuan != 325000 {
		t.Errorf("policy basis %+v", rep.PolicyBasis)
	}
	// The consistency check it was built to fire.
	found := false
	for _, w := range rep.Warnings {
		found = found || w.ID == "mes_without_networked_equipment"
	}
	if !found {
		t.Errorf("warnings %+v lack mes_without_networked_equipment", rep.Warnings)
	}
	// Diagnosis: four dimensions and sixteen scenes, each standing among
	// the five firms of the band and of the industry.
	dg := rep.Diagnosis
	if len(dg.Dimensions) != 4 || len(dg.Scenes) != 16 {
		t.Fatalf("diagnosis: %d dimensions, %d scenes", len(dg.Dimensions), len(dg.Scenes))
	}
	for _, dd := range dg.Dimensions {
		if dd.InBand.N != 5 || dd.InIndustry.N != 5 || dd.InBand.Percentile == nil || dd.Summary == "" {
			t.Errorf("%s: %+v", dd.Key, dd)
		}
	}
	// Every scene at level 2 among levels 1, 2, 2, 4 and… the firm itself (2):
	// 1 below, 2 equal of 5 → (2+3)/10 = 50 %; Q3 of 1,2,2,2,4 is 2 → gap 0.
	s := dg.Scenes[0]
	if s.Level != 2 || s.InBand.Percentile.String() != "50.00" || s.InBand.GapToQ3.String() != "0.00" {
		t.Errorf("scene %s: %+v / %+v", s.Scene, s, s.InBand)
	}
	// Recommendations: five, the 约束性 scenes first (priority 2×2 = 4).
	if len(rep.Recommendations) != 5 || !rep.Recommendations[0].Constraint || rep.Recommendations[0].Priority != 4 ||
		rep.Recommendations[0].BandQ3 == nil {
		t.Errorf("recommendations %+v", rep.Recommendations)
	}
}

// TestReportAcrossEditions: a firm answered a 2019 edition that lacks one
// item of 2020 (数据安全, added in 2020) and scores another differently; its 2020 report compares the dimensions on the
// items both editions score alike, says what it left out, and does not
// subtract totals of different methods.
func TestReportAcrossEditions(t *testing.T) {
	f := newFixture(t, "jiaxing-2019")
	d19, d20 := f.def("jiaxing-2019"), f.def("jiaxing-2020")
	a19, a20 := answerset.Full(d19, 1), answerset.Full(d20, 3)
	f.submit(2019, firmA, a19)
	entry := f.submit(2020, firmA, a20)
	rep := f.report(firmA, entry)
	if len(rep.History) != 2 || rep.History[0].Year != 2019 || rep.History[0].QuestionnaireID != "jiaxing-2019" {
		t.Fatalf("history: %+v", rep.History)
	}
	ch := rep.History[1].Change
	if ch == nil || ch.FromYear != 2019 || ch.SameMethod || ch.Total != nil {
		t.Fatalf("change: %+v", ch)
	}
	if ch.LevelFrom != rep.History[0].Level || ch.LevelTo != rep.Level || ch.LevelDelta != rep.LevelCode-rep.History[0].LevelCode {
		t.Errorf("level change %+v", ch)
	}
	if !strings.Contains(strings.Join(ch.NotCompared, "|"), "新增题目：企业在保障数据安全方面采取的举措") ||
		!strings.Contains(strings.Join(ch.NotCompared, "|"), "计分调整的题目：企业网络建设连接情况") {
		t.Errorf("not compared: %v", ch.NotCompared)
	}
	// Each dimension's figures are the editions' own scores on the common items.
	cmp := questionnaires.Compare(d19, d20)
	parse := func(d *questionnaires.Definition, a map[string]any) questionnaires.Answers {
		dr, errs := d.ParseAnswers(answerset.Raw(a))
		if errs != nil {
			t.Fatal(errs)
		}
		if len(dr.Invalid) > 0 {
			t.Fatal(dr.Invalid)
		}
		return dr.Answers
	}
	facts := questionnaires.Facts{RevenueWan: 5000000}
	for i, dc := range cmp.Dimensions {
		from, _ := d19.PercentOn(dc.Key, dc.Items, parse(d19, a19), facts)
		to, _ := d20.PercentOn(dc.Key, dc.Items, parse(d20, a20), facts)
		got := ch.Dimensions[i]
		if got.Key != dc.Key || got.From != from || got.To != to || got.Delta != to-from || got.Whole != dc.Whole {
			t.Errorf("%s: %+v, want %s → %s whole %v", dc.Key, got, from, to, dc.Whole)
		}
		if got.Delta <= 0 {
			t.Errorf("%s: a firm from level 1 to 3 did not progress: %+v", dc.Key, got)
		}
	}
	// 数字化基础 is compared on part of its items, so its figures are not the
	// stored percents; 数字化经营 is whole and they are.
	if ch.Dimensions[0].Whole || ch.Dimensions[0].To == rep.Dimensions["数字化基础"] {
		t.Errorf("数字化基础 compared as if whole: %+v (stored %s)", ch.Dimensions[0], rep.Dimensions["数字化基础"])
	}
	if !ch.Dimensions[1].Whole || ch.Dimensions[1].To != rep.Dimensions["数字化经营"] ||
		ch.Dimensions[1].From != rep.History[0].Dimensions["数字化经营"] {
		t.Errorf("数字化经营: %+v", ch.Dimensions[1])
	}

	// The 2019 report: no policy file for that year, so no match and the
	// notice rather than another year's terms; one history item.
	e19, err := f.store.EntryByCreditCode(f.ctx, models.CityScope(), f.camps[2019].ID, firmA)
	if err != nil {
		t.Fatal(err)
	}
	old := f.report(firmA, e19.ID)
	if len(old.Policies) != 0 || old.PolicyBasis == nil || !old.PolicyBasis.Missing ||
		old.PolicyBasis.Year != 2019 || len(old.History) != 1 {
		t.Errorf("2019 report: policies %+v basis %+v history %d", old.Policies, old.PolicyBasis, len(old.History))
	}
}

// TestReportSameEdition: two years on one edition compare totals, levels
// and stored dimension percents directly.
func TestReportSameEdition(t *testing.T) {
	f := newFixture(t, "jiaxing-2020")
	d := f.def("jiaxing-2020")
	f.submit(2019, firmA, answerset.Full(d, 1))
	entry := f.submit(2020, firmA, answerset.Full(d, 3))
	rep := f.report(firmA, entry)
	prev := rep.History[0]
	ch := rep.History[1].Change
	if !ch.SameMethod || ch.Total == nil || *ch.Total != rep.Total-prev.Total || *ch.Total <= 0 || len(ch.NotCompared) != 0 {
		t.Fatalf("change %+v (totals %s → %s)", ch, prev.Total, rep.Total)
	}
	for _, dc := range ch.Dimensions {
		if !dc.Whole || dc.From != prev.Dimensions[dc.Key] || dc.To != rep.Dimensions[dc.Key] {
			t.Errorf("%s: %+v", dc.Key, dc)
		}
	}
}

// TestStaffSubsidiesStayOutOfTheFirmsSum: talent subsidies are paid to the
// people hired, so the firm's estimate holds only its own policies and the
// staff's have a sum of their own.
func TestStaffSubsidiesStayOutOfTheFirmsSum(t *testing.T) {
	f := newFixture(t, "jiaxing-2020")
	d := f.def("jiaxing-2020")
	answers := with(answerset.Full(d, 2), map[string]any{
		"p_project": "yes", "p_project_total": 300, "p_project_it": 100, // the firm's: 20万
		"p_hire_phd": 1, "p_hire_master": 2, // housing 35 + 2×15 = 65万, living 6 + 2×3 = 12万
	})
	rep := f.report(firmB, f.submit(2020, firmB, answers))
	b := rep.PolicyBasis
	if b == nil || b.Missing {
		t.Fatalf("policy basis %+v", b)
	}
	if b.TotalYuan != 200000 || b.TotalMaxYuan != 200000 {
		t.Errorf("the firm's sum is %d–%d 元, want 200000: only smart_upgrade is the firm's", b.TotalYuan, b.TotalMaxYuan)
	}
	if b.StaffYuan != 770000 || b.StaffMaxYuan != 770000 {
		t.Errorf("the staff's sum is %d–%d 元, want 770000", b.StaffYuan, b.StaffMaxYuan)
	}
	var firm, staff int
	for _, m := range rep.Policies {
		if m.ForFirm() {
			firm++
		} else {
			staff++
		}
	}
	if firm != 1 || staff != 2 {
		t.Errorf("%d firm and %d staff policies, want 1 and 2", firm, staff)
	}
}
