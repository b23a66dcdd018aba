package demo

import (
	"context"
	"database/sql"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"healthcheck/city"
	"healthcheck/creditcode"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

func openStore(t *testing.T) *models.Store {
	t.Helper()
	s, err := models.Open(context.Background(), testdb.DSN(t, "t.db"), models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func loadDefs(t *testing.T) *questionnaires.Registry {
	t.Helper()
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

func generate(t *testing.T, o Options) (*models.Store, *Summary) {
	t.Helper()
	store := openStore(t)
	sum, err := Generate(context.Background(), store, loadDefs(t), city.Default(), o)
	if err != nil {
		t.Fatal(err)
	}
	return store, sum
}

// TestRosterShape checks a full-size roster without a database: codes,
// districts, names and the revenue distribution.
func TestRosterShape(t *testing.T) {
	cfg := city.Default()
	firms, err := makeRoster(streams{seed: 7}, cfg, 1750, 1)
	if err != nil {
		t.Fatal(err)
	}
	codes, names := map[string]bool{}, map[string]bool{}
	bands := map[string]int{}
	def, _ := loadDefs(t).Get(QuestionnaireID)
	phone := regexp.MustCompile(`^13\d{9}$`)
	for _, f := range firms {
		if !creditcode.Valid(f.code) || f.code[2:8] != f.district {
			t.Errorf("%s: invalid code or region part for district %s", f.code, f.district)
		}
		if !cfg.HasDistrict(f.district) {
			t.Errorf("%s: district %s is not one of the city's", f.name, f.district)
		}
		if _, ok := city.ResolveIndustry(f.industry); !ok {
			t.Errorf("%s: industry %s", f.name, f.industry)
		}
		if codes[f.code] || names[f.name] {
			t.Errorf("duplicate code %s or name %s", f.code, f.name)
		}
		codes[f.code], names[f.name] = true, true
		if !strings.HasSuffix(f.name, "有限公司") || !phone.MatchString(f.contactPhone) {
			t.Errorf("%s: name or phone %s malformed", f.name, f.contactPhone)
		}
		rev := f.revenue[0]
		if rev < minRevenueWan*100 || f.employees[0] < 20 {
			t.Errorf("%s: revenue %s 万元, %d staff", f.name, rev, f.employees[0])
		}
		bands[def.BandOf(rev)]++
	}
	// Pareto with exponent 1 above 1亿 (docs/demo.md): the share at or over
	// x亿 is 1/x, so the bands hold 50, 25, 15, 8 and 2 per cent.
	for _, b := range []struct {
		band       string
		share, tol float64
	}{{"1-2亿", 0.50, 0.04}, {"2-4亿", 0.25, 0.03}, {"4-10亿", 0.15, 0.025}, {"10-50亿", 0.08, 0.02}, {"50亿以上", 0.02, 0.01}} {
		if got := float64(bands[b.band]) / 1750; math.Abs(got-b.share) > b.tol {
			t.Errorf("%s: %.1f%% of firms, want about %.0f%%", b.band, got*100, b.share*100)
		}
	}
}

// TestAnswersComplete checks that a complete answer set passes validation,
// answers every required question and keeps the cross-field sense.
func TestAnswersComplete(t *testing.T) {
	def, _ := loadDefs(t).Get(QuestionnaireID)
	firms, err := makeRoster(streams{seed: 3}, city.Default(), 300, 2)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range firms {
		for k, year := range []int{2020, 2021} {
			all := answers(streams{seed: 3}, f, k, year)
			dr, ferrs := def.ParseAnswers(encode(def, all, 1))
			if ferrs != nil {
				t.Fatalf("%s: %v", f.name, ferrs)
			}
			if len(dr.Invalid) > 0 {
				t.Fatalf("%s: %v", f.name, dr.Invalid)
			}
			parsed := dr.Answers
			if missing, _ := def.Missing(parsed); len(missing) > 0 {
				t.Fatalf("%s: missing %v", f.name, missing)
			}
			for id := range all {
				seen[id] = true
			}
			checkSense(t, f, parsed)
		}
	}
	for _, q := range def.Questions() {
		if !seen[q.ID] {
			t.Errorf("no firm answered %s", q.ID)
		}
	}
}

func checkSense(t *testing.T, f *firm, a questionnaires.Answers) {
	t.Helper()
	if n := len(a["n_needs"].Strs); n < 1 || n > 4 || slices.Contains(a["n_needs"].Strs, "none") {
		t.Errorf("%s: needs %v", f.name, a["n_needs"].Strs)
	}
	if (a["u_design_tools"].Str == "yes") != (a["s_product_design"].Level >= 1) {
		t.Errorf("%s: design tools %s but 产品设计 level %d", f.name, a["u_design_tools"].Str, a["s_product_design"].Level)
	}
	_, hasTotal := a["p_project_total"]
	if hasTotal != (a["p_project"].Str == "yes") {
		t.Errorf("%s: project amounts without a project, or the reverse", f.name)
	}
	if a["p_fairs"].Num == 0 && a["p_booths"].Num != 0 {
		t.Errorf("%s: booths without fairs", f.name)
	}
}

func TestGenerateCounts(t *testing.T) {
	const n = 300
	store, sum := generate(t, Options{Firms: n, Seed: 11})
	if len(sum.Campaigns) != 1 || sum.Campaigns[0].Year != 2020 || sum.Campaigns[0].Firms != n {
		t.Fatalf("campaigns %+v", sum.Campaigns)
	}
	cs := sum.Campaigns[0]
	if share := float64(cs.Submitted) / n; math.Abs(share-0.85) > 0.03 {
		t.Errorf("submitted %d of %d", cs.Submitted, n)
	}
	if rest := n - cs.Submitted; math.Abs(float64(cs.Drafts)-float64(rest)/2) > 1 {
		t.Errorf("drafts %d, want half of the %d that did not submit", cs.Drafts, rest)
	}
	status := map[string]int{}
	var firms []models.FirmRow
	err := store.EachFirm(context.Background(), models.CityScope(), cs.ID, models.FirmFilter{}, func(r *models.FirmRow) error {
		status[r.Status]++
		firms = append(firms, *r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if status[models.StatusSubmitted] != cs.Submitted || status[models.StatusDraft] != cs.Drafts ||
		len(firms) != n {
		t.Errorf("stored states %v, summary %+v", status, cs)
	}
	for _, f := range firms {
		if f.Status == models.StatusSubmitted && f.Total == nil {
			t.Errorf("%s submitted without a result", f.Name)
		}
		if f.Status == models.StatusDraft && (f.Progress < 10 || f.Progress > 95) {
			t.Errorf("%s: draft at %d%%", f.Name, f.Progress)
		}
		if f.InviteIssuedAt == nil {
			t.Errorf("%s has no invitation code", f.Name)
		}
	}
	if len(sum.Invites) != n || sum.Invites[0].CreditCode != firms[0].CreditCode {
		t.Errorf("%d invites, first %+v", len(sum.Invites), sum.Invites[0])
	}
	checkLogins(t, store, sum)
}

// checkLogins logs in with the summary's firms and accounts.
func checkLogins(t *testing.T, store *models.Store, sum *Summary) {
	t.Helper()
	ctx := context.Background()
	for _, c := range []struct {
		login *FirmLogin
		want  bool
	}{{sum.Pending, false}, {sum.Submitted, true}} {
		e, err := store.EntryByInvite(ctx, c.login.CreditCode, c.login.InviteCode)
		if err != nil {
			t.Fatalf("%s: %v", c.login.Name, err)
		}
		if (e.Status == models.StatusSubmitted) != c.want {
			t.Errorf("%s: status %s", c.login.Name, e.Status)
		}
	}
	if len(sum.Accounts) != 8 || sum.Accounts[0].Username != "bureau" || sum.Accounts[7].Username != "district-330483" {
		t.Fatalf("accounts %+v", sum.Accounts)
	}
	for _, a := range []Account{sum.Accounts[0], sum.Accounts[5]} {
		u, err := store.Authenticate(ctx, a.Username, a.Password)
		if err != nil || u.Role != a.Role || u.District != a.District || len(a.Password) != 16 {
			t.Errorf("%s: %v %+v", a.Username, err, u)
		}
	}
}

// TestDeterministicAndProgress generates the same two years twice and
// compares everything but timestamps and hashes; the second year must score
// higher on average.
func TestDeterministicAndProgress(t *testing.T) {
	o := Options{Firms: 100, Seed: 5, Years: []int{2020, 2019}}
	s1, sum1 := generate(t, o)
	s2, sum2 := generate(t, o)
	d1, d2 := dump(t, s1), dump(t, s2)
	if len(d1) < 1000 {
		t.Fatalf("dump has %d lines", len(d1))
	}
	for i := range max(len(d1), len(d2)) {
		if i >= len(d1) || i >= len(d2) || d1[i] != d2[i] {
			t.Fatalf("runs differ at line %d", i)
		}
	}
	if sum1.Pending.CreditCode != sum2.Pending.CreditCode || sum1.Submitted.CreditCode != sum2.Submitted.CreditCode {
		t.Error("sample firms differ between runs")
	}
	if len(sum1.Campaigns) != 2 || sum1.Campaigns[0].Year != 2019 || sum1.Campaigns[1].Year != 2020 {
		t.Fatalf("campaigns %+v", sum1.Campaigns)
	}
	m19, m20 := meanTotal(t, s1, sum1.Campaigns[0].ID), meanTotal(t, s1, sum1.Campaigns[1].ID)
	if m20 <= m19+1 {
		t.Errorf("mean total %.2f in 2019, %.2f in 2020: want progress", m19, m20)
	}
	checkLogins(t, s1, sum1)
	if ps, err := s1.Providers(context.Background()); err != nil || len(ps) != providerCount {
		t.Errorf("the demo's register has %d providers (%v), want %d", len(ps), err, providerCount)
	}
}

// dump lists the stored data set, without timestamps and code hashes.
func dump(t *testing.T, s *models.Store) []string {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range []string{
		`SELECT year, title, questionnaire_id, min_revenue_wan FROM campaigns ORDER BY id`,
		`SELECT id, credit_code, name, district, industry, contact_name, contact_phone, contact_email FROM enterprises ORDER BY id`,
		`SELECT id, campaign_id, enterprise_id, name, district, industry, revenue_wan, employees, band, status,
			version, progress, review_status, filled_by FROM roster_entries ORDER BY id`,
		`SELECT entry_id, question_id, value FROM answers ORDER BY entry_id, question_id`,
		`SELECT entry_id, campaign_id, total, level_code, band, detail FROM results ORDER BY entry_id`,
		`SELECT name, credit_code, services, districts, certified FROM service_providers ORDER BY name`,
	} {
		out = append(out, q)
		out = append(out, rowsOf(t, db, q)...)
	}
	return out
}

func rowsOf(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = string(v)
		}
		out = append(out, strings.Join(parts, "\t"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func meanTotal(t *testing.T, s *models.Store, campaignID int64) float64 {
	t.Helper()
	sum, n := 0.0, 0
	err := s.EachFirm(context.Background(), models.CityScope(), campaignID, models.FirmFilter{Status: models.StatusSubmitted},
		func(r *models.FirmRow) error {
			sum += r.Total.Float64()
			n++
			return nil
		})
	if err != nil || n == 0 {
		t.Fatalf("%d results: %v", n, err)
	}
	return sum / float64(n)
}

func TestNoFirms(t *testing.T) {
	store, sum := generate(t, Options{Seed: 1})
	if len(sum.Campaigns) != 1 || sum.Campaigns[0].Firms != 0 || sum.Pending != nil || sum.Submitted != nil {
		t.Fatalf("summary %+v", sum)
	}
	c, err := store.CampaignByYear(context.Background(), 2020)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Open(store.Now()) || c.QuestionnaireID != QuestionnaireID || !strings.Contains(c.Title, "2020年度嘉兴市") {
		t.Errorf("campaign %+v", c)
	}
	_, total, err := store.Firms(context.Background(), models.CityScope(), c.ID, models.FirmFilter{}, "", 10, 0)
	if err != nil || total != 0 {
		t.Errorf("roster has %d firms (%v)", total, err)
	}
	if len(sum.Accounts) != 8 {
		t.Errorf("%d accounts", len(sum.Accounts))
	}
}

func TestOptionsRejected(t *testing.T) {
	for _, o := range []Options{{Firms: -1}, {Responded: 1.5}, {DraftShare: 2}, {Years: []int{2020, 2020}}, {Years: []int{1900}}} {
		if _, err := o.normalize(); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	o, err := Options{Responded: -1, DraftShare: -1}.normalize()
	if err != nil || o.Responded != 0 || o.DraftShare != 0 || !slices.Equal(o.Years, []int{2020}) {
		t.Errorf("normalize: %+v %v", o, err)
	}
}
