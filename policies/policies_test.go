package policies

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"healthcheck/questionnaires"
)

const platform = "96871 企业公共服务平台"

var (
	loadOnce sync.Once
	defs     *questionnaires.Registry
	reg      *Registry
	loadErr  error
)

func load(t *testing.T) (*questionnaires.Definition, *Set) {
	t.Helper()
	loadOnce.Do(func() {
		if defs, loadErr = questionnaires.LoadEmbedded(); loadErr == nil {
			reg, loadErr = LoadEmbedded(defs)
		}
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	set := reg.For(2020)
	if set == nil || set.Year != 2020 {
		t.Fatalf("For(2020) = %+v", set)
	}
	def, _ := defs.Get("jiaxing-2020")
	return def, set
}

// answers parses a partial answer set (a draft is enough for matching).
func answers(t *testing.T, def *questionnaires.Definition, raw map[string]any) questionnaires.Answers {
	t.Helper()
	msgs := map[string]json.RawMessage{}
	for k, v := range raw {
		b, _ := json.Marshal(v)
		msgs[k] = b
	}
	dr, errs := def.ParseAnswers(msgs)
	if errs != nil {
		t.Fatalf("answers: %v", errs)
	}
	if len(dr.Invalid) > 0 {
		t.Fatalf("answers: %v", dr.Invalid)
	}
	return dr.Answers
}

// match returns the one match of a policy, or nil.
func match(t *testing.T, raw map[string]any, id string) *Match {
	t.Helper()
	def, set := load(t)
	for _, m := range set.Match(def, answers(t, def, raw), questionnaires.Facts{}, platform) {
		if m.ApplyAt != platform {
			t.Errorf("%s: apply at %q", m.ID, m.ApplyAt)
		}
		if m.ID == id {
			return &m
		}
	}
	return nil
}

type policyCase struct {
	name     string
	answers  map[string]any
	low, max int64 // 0: no match
	basis    string
}

func runCases(t *testing.T, id string, cases []policyCase) {
	t.Helper()
	for _, c := range cases {
		m := match(t, c.answers, id)
		switch {
		case c.low == 0 && m != nil:
			t.Errorf("%s %s: matched %+v, want no match", id, c.name, *m)
		case c.low == 0:
		case m == nil:
			t.Errorf("%s %s: no match, want %d", id, c.name, c.low)
		case m.AmountYuan != c.low || m.AmountMaxYuan != c.max || (c.basis != "" && m.Basis != c.basis):
			t.Errorf("%s %s: %d–%d %q, want %d–%d %q", id, c.name, m.AmountYuan, m.AmountMaxYuan, m.Basis, c.low, c.max, c.basis)
		}
	}
}

func project(total, it any) map[string]any {
	return map[string]any{"p_project": "yes", "p_project_total": total, "p_project_it": it}
}

// 智能化技术改造: project ≥ 100万元 earns 20% of its IT part, at most 300万元.
func TestSmartUpgrade(t *testing.T) {
	runCases(t, "smart_upgrade", []policyCase{
		{"99万 project", project(99, 50), 0, 0, ""},
		{"99.99万 project", project(99.99, 50), 0, 0, ""},
		{"100万 project, IT 40万: 8万", project(100, 40), 80000, 80000, "信息化部分投资40万元 × 20% = 8万元"},
		{"IT 12.34万: 2.468万", project(500, 12.34), 24680, 24680, ""},
		// 1500万 × 20% = 300万 exactly: the cap, not above it.
		{"IT 1500万: 300万", project(2000, 1500), 3000000, 3000000, "信息化部分投资1500万元 × 20% = 300万元"},
		{"IT 1500.01万: capped", project(2000, 1500.01), 3000000, 3000000,
			"信息化部分投资1500.01万元 × 20% = 300.002万元，超过上限，按300万元计"},
		{"IT 1600万: 320万 → 300万", project(5000, 1600), 3000000, 3000000, ""},
		{"no IT part: nothing to pay", project(300, 0), 0, 0, ""},
		{"no project", map[string]any{"p_project": "no"}, 0, 0, ""},
		{"project not answered", map[string]any{"p_project_total": 500, "p_project_it": 100}, 0, 0, ""},
	})
	m := match(t, project(250, 60), "smart_upgrade")
	if m == nil || m.Condition != "计划实施智能化技术改造项目，总投资250万元（不低于100万元），其中信息化部分60万元；项目需入选示范项目。" ||
		!strings.Contains(m.Rule, "最高300万元") || m.Name != "智能化技术改造示范项目补助" {
		t.Errorf("smart upgrade texts: %+v", m)
	}
}

// Awards and platform awards by level: 150 / 50 / 20万元.
func TestAwardsByLevel(t *testing.T) {
	for _, p := range []struct{ id, question string }{
		{"award_fusion", "p_title_fusion"}, {"award_iiot", "p_title_iiot"},
		{"award_service", "p_title_service"}, {"award_platform", "p_title_platform"},
	} {
		runCases(t, p.id, []policyCase{
			{"national", map[string]any{p.question: "national"}, 1500000, 1500000, "国家级：150万元"},
			{"provincial", map[string]any{p.question: "provincial"}, 500000, 500000, "省级：50万元"},
			{"municipal", map[string]any{p.question: "municipal"}, 200000, 200000, "市级：20万元"},
			{"none", map[string]any{p.question: "none"}, 0, 0, ""},
			{"unanswered", map[string]any{}, 0, 0, ""},
		})
	}
	m := match(t, map[string]any{"p_title_iiot": "provincial"}, "award_iiot")
	if m == nil || m.Condition != "已入选省级工业互联网示范试点（奖励已领取的不重复享受）。" {
		t.Errorf("iiot condition: %+v", m)
	}
}

func hires(postdoc, phd, master, bachelor, college int) map[string]any {
	return map[string]any{"p_hire_postdoc": postdoc, "p_hire_phd": phd, "p_hire_master": master,
		"p_hire_bachelor": bachelor, "p_hire_college": college}
}

// Talent: 博士后 25万/人·年; 购房 35 / 15 / 5–10万; 生活 6 / 3 / 1–2 / 0.6万.
func TestTalentSubsidies(t *testing.T) {
	runCases(t, "postdoc", []policyCase{
		{"none", hires(0, 0, 0, 0, 0), 0, 0, ""},
		{"one", hires(1, 0, 0, 0, 0), 250000, 250000, "进站博士后1人 × 25万元 = 25万元"},
		{"three", hires(3, 0, 0, 0, 0), 750000, 750000, ""},
	})
	runCases(t, "talent_housing", []policyCase{
		{"none", hires(2, 0, 0, 0, 9), 0, 0, ""}, // 博士后 and 专科 earn no 购房补贴
		// 2×35 + 1×15 + 3×5 = 100万; upper 2×35 + 15 + 3×10 = 115万.
		{"mixed", hires(0, 2, 1, 3, 0), 1000000, 1150000, "博士2人 × 35万元 + 硕士1人 × 15万元 + 本科3人 × 5万–10万元 = 100万–115万元"},
		{"master only", hires(0, 0, 2, 0, 0), 300000, 300000, "硕士2人 × 15万元 = 30万元"},
	})
	runCases(t, "talent_living", []policyCase{
		// 6 + 2×1 + 5×0.6 = 11万; upper 6 + 2×2 + 3 = 13万.
		{"mixed", hires(0, 1, 0, 2, 5), 110000, 130000, "博士1人 × 6万元 + 应届本科2人 × 1万–2万元 + 应届专科5人 × 0.6万元 = 11万–13万元"},
		{"college only", hires(0, 0, 0, 0, 1), 6000, 6000, "应届专科1人 × 0.6万元 = 0.6万元"},
		{"none", hires(0, 0, 0, 0, 0), 0, 0, ""},
	})
	m := match(t, hires(0, 1, 2, 3, 0), "talent_housing")
	if m == nil || m.Condition != "计划引进博士1人、硕士2人、应届本科生3人，且在本市购房；本科生每人5万–10万元，估算取下限5万元，上限见金额区间。" {
		t.Errorf("housing condition: %+v", m)
	}
}

func fairs(n, booths int) map[string]any { return map[string]any{"p_fairs": n, "p_booths": booths} }

// Booths: 2.5万 each, at most 5 a fair, at most 80万 a firm a year.
func TestFairBooths(t *testing.T) {
	runCases(t, "fair_booths", []policyCase{
		{"5 booths at 1 fair", fairs(1, 5), 125000, 125000, "摊位5个 × 2.5万元 = 12.5万元"},
		{"6 booths at 1 fair: 5 counted", fairs(1, 6), 125000, 125000, "摊位5个（填报6个，按1个展会、每个展会最多5个计） × 2.5万元 = 12.5万元"},
		{"6 booths at 2 fairs", fairs(2, 6), 150000, 150000, ""},
		{"booths but no fair", fairs(0, 3), 0, 0, ""},
		{"a fair but no booth", fairs(1, 0), 0, 0, ""},
		{"32 booths: 80万 exactly", fairs(7, 32), 800000, 800000, "摊位32个 × 2.5万元 = 80万元"},
		{"35 booths: 87.5万 → 80万", fairs(7, 35), 800000, 800000, "摊位35个 × 2.5万元 = 87.5万元，超过上限，按80万元计"},
		{"40 booths at 7 fairs: 35 counted, capped", fairs(7, 40), 800000, 800000, ""},
	})
}

// TestMatchOrderAndAmountsAreIntegers: a firm earning several policies gets
// them in file order, each amount an integer in JSON.
func TestMatchOrderAndAmountsAreIntegers(t *testing.T) {
	def, set := load(t)
	raw := project(300, 100)
	for k, v := range hires(1, 0, 1, 0, 0) {
		raw[k] = v
	}
	raw["p_title_fusion"] = "municipal"
	ms := set.Match(def, answers(t, def, raw), questionnaires.Facts{}, platform)
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if strings.Join(ids, ",") != "smart_upgrade,award_fusion,postdoc,talent_housing,talent_living" {
		t.Fatalf("matches %v", ids)
	}
	b, _ := json.Marshal(ms[0])
	if !strings.Contains(string(b), `"amount_yuan":200000,`) || !strings.Contains(string(b), `"apply_at":"96871 企业公共服务平台"`) {
		t.Errorf("JSON: %s", b)
	}
}

// TestYearIsNeverBorrowed: a campaign year uses its own file only; a year
// without one has none, and a file the bureau adds replaces the built-in
// one of its year.
func TestYearIsNeverBorrowed(t *testing.T) {
	_, _ = load(t)
	if s := reg.For(2021); s != nil {
		t.Errorf("For(2021) = %d, want none (2020's terms must not be reused)", s.Year)
	}
	if s := reg.For(2019); s != nil {
		t.Errorf("For(2019) = %d, want none", s.Year)
	}
	two := string(file2020(t))
	fsys := fstest.MapFS{
		"p/2020.yaml": {Data: []byte(two)},
		"p/2022.yaml": {Data: []byte(strings.Replace(two, "year: 2020", "year: 2022", 1))},
	}
	r, err := LoadFS(fsys, "p", defs)
	if err != nil {
		t.Fatal(err)
	}
	for year, want := range map[int]int{2020: 2020, 2021: 0, 2022: 2022, 2030: 0} {
		s := r.For(year)
		if (want == 0) != (s == nil) || (s != nil && s.Year != want) {
			t.Errorf("For(%d) = %v, want %d", year, s, want)
		}
	}
	changed, err := Check([]byte(strings.Replace(two, "cap_yuan: 3000000", "cap_yuan: 2000000", 1)), defs)
	if err != nil {
		t.Fatal(err)
	}
	r2 := r.With(changed)
	if got := r2.For(2020).Policies[0].CapYuan; got != 2000000 || len(r2.Sets()) != 2 {
		t.Errorf("With: 2020 cap %d, %d sets; want the added file's 2000000 and 2 sets", got, len(r2.Sets()))
	}
	if r.For(2020).Policies[0].CapYuan != 3000000 {
		t.Error("With changed the registry it was called on")
	}
}

// TestStaffSubsidiesAreTheirs: the talent subsidies are paid to people, so
// they are marked for staff and a firm's own policies are the rest.
func TestStaffSubsidiesAreTheirs(t *testing.T) {
	def, set := load(t)
	raw := project(300, 100)
	for k, v := range hires(1, 1, 1, 1, 1) {
		raw[k] = v
	}
	raw["p_title_fusion"] = "municipal"
	staff := map[string]bool{}
	for _, m := range set.Match(def, answers(t, def, raw), questionnaires.Facts{}, platform) {
		if m.ForFirm() == (m.Recipient == RecipientStaff) {
			t.Errorf("%s: recipient %q, ForFirm %v", m.ID, m.Recipient, m.ForFirm())
		}
		if !m.ForFirm() {
			staff[m.ID] = true
		}
	}
	if len(staff) != 3 || !staff["postdoc"] || !staff["talent_housing"] || !staff["talent_living"] {
		t.Errorf("staff subsidies %v, want postdoc, talent_housing, talent_living", staff)
	}
}

func file2020(t *testing.T) []byte {
	b, err := embedded.ReadFile("2020.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBrokenFilesRefused: the program refuses to start on a broken policy
// file, and the error says what is wrong.
func TestBrokenFilesRefused(t *testing.T) {
	_, _ = load(t)
	good := string(file2020(t))
	cases := []struct{ name, file, want string }{
		{"unknown question", strings.Replace(good, "ref: p_project_it", "ref: p_project_itt", 1), `unknown question "p_project_itt"`},
		{"unknown option", strings.Replace(good, "national: 1500000", "nationwide: 1500000", 1), `no option "nationwide"`},
		{"placeholder", strings.Replace(good, "{p_fairs}", "{p_fair}", 1), `unknown question "p_fair"`},
		{"text placeholder", strings.Replace(good, "{p_fairs}", "{p_contact_name}", 1), "neither a number"},
		{"not a number", strings.Replace(good, "ref: p_booths", "ref: p_project", 1), "p_project is not a number"},
		{"two kinds", strings.Replace(good, "      share: {ref: p_project_it", "      by_option: {ref: p_title_fusion, yuan: {national: 1}}\n      share: {ref: p_project_it", 1), "exactly one"},
		{"negative yuan", strings.Replace(good, "yuan: 250000", "yuan: -250000", 1), "positive yuan"},
		{"range upside down", strings.Replace(good, "max_yuan: 100000", "max_yuan: 40000", 1), "max_yuan ≥ yuan"},
		{"rate above 1", strings.Replace(good, "rate: 0.2", "rate: 20", 1), "rate in (0, 1]"},
		{"misspelt key", strings.Replace(good, "cap_yuan: 800000", "cap_yaun: 800000", 1), "cap_yaun"},
		{"limit without label", strings.Replace(good, "label: 展会, ", "", 1), "limit needs ref, label"},
		{"bad condition", strings.Replace(good, "{ref: p_fairs, ge: 1}", "{ref: p_fairs, in: [x]}", 1), "p_fairs is number"},
		{"no recipient", strings.Replace(good, "    recipient: staff\n", "", 1), `recipient must be firm`},
		{"unknown recipient", strings.Replace(good, "recipient: staff", "recipient: people", 1), `not "people"`},
	}
	for _, c := range cases {
		if c.file == good {
			t.Fatalf("%s: the replacement changed nothing", c.name)
		}
		_, err := LoadFS(fstest.MapFS{"p/2020.yaml": {Data: []byte(c.file)}}, "p", defs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
	}
	dup := fstest.MapFS{"p/a.yaml": {Data: []byte(good)}, "p/b.yaml": {Data: []byte(good)}}
	if _, err := LoadFS(dup, "p", defs); err == nil || !strings.Contains(err.Error(), "year 2020 is also in") {
		t.Errorf("two files for 2020: %v", err)
	}
	if _, err := LoadFS(fstest.MapFS{}, "p", defs); err == nil {
		t.Error("no files: no error")
	}
}

func TestWan(t *testing.T) {
	for y, want := range map[int64]string{125000: "12.5万元", 3000000: "300万元", 6000: "0.6万元", 24680: "2.468万元", 1: "0.0001万元"} {
		if got := Wan(y); got != want {
			t.Errorf("Wan(%d) = %q, want %q", y, got, want)
		}
	}
}
