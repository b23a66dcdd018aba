package handlers

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/survey"
	"healthcheck/testutil/answerset"
)

// resultsMe is what a firm reads at /api/v1/results/me, as far as the
// report's contract goes.
type resultsMe struct {
	Total           json.Number `json:"total"`
	Level           string      `json:"level"`
	Recommendations []struct {
		Scene, Title    string
		Constraint      bool
		NextLevel       int    `json:"next_level"`
		NextDescription string `json:"next_description"`
		Step            string
	} `json:"recommendations"`
	Policies []struct {
		Name       string `json:"name"`
		Condition  string `json:"condition"`
		AmountYuan int64  `json:"amount_yuan"`
		ApplyAt    string `json:"apply_at"`
		Recipient  string `json:"recipient"`
	} `json:"policies"`
	History []struct {
		Year       int                `json:"year"`
		Total      json.Number        `json:"total"`
		Level      string             `json:"level"`
		Dimensions map[string]float64 `json:"dimensions"`
		Change     *struct {
			FromYear   int          `json:"from_year"`
			SameMethod bool         `json:"same_method"`
			Total      *json.Number `json:"total"`
			LevelDelta int          `json:"level_delta"`
			Dimensions []struct {
				Key   string
				Delta json.Number
			} `json:"dimensions"`
		} `json:"change"`
	} `json:"history"`
	Diagnosis struct {
		Dimensions []struct{ Key, Summary string } `json:"dimensions"`
		Scenes     []struct{ Scene string }        `json:"scenes"`
	} `json:"diagnosis"`
	Warnings []struct{ ID, Message string } `json:"warnings"`
}

// submitAPI logs a firm in and submits its answers through the API.
func submitAPI(t *testing.T, cl *client, code string, answers map[string]any) {
	t.Helper()
	mustStatus(t, cl.loginFirm(code), http.StatusOK)
	mustStatus(t, cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": answers, "version": 0}), http.StatusOK)
	mustStatus(t, cl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true}), http.StatusOK)
}

// TestReportOfFirstCampaign: a firm with no earlier result gets its whole
// report, in the API and on the page, and a history of one year.
func TestReportOfFirstCampaign(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	answers := fullAnswers(env.defs.Latest()) // a 200万 project, 80万 of it IT: 20 % = 16万元
	for _, id := range []string{"p_hire_phd", "p_hire_master", "p_hire_bachelor", "p_hire_college", "p_fairs", "p_booths"} {
		answers[id] = 0
	}
	answers["p_hire_postdoc"] = 2 // 2 × 25万 = 50万元
	submitAPI(t, cl, firmA, answers)

	r := cl.api("GET", "/api/v1/results/me", nil)
	mustStatus(t, r, http.StatusOK)
	var me resultsMe
	r.json(t, &me)
	if len(me.History) != 1 || me.History[0].Year != 2020 || me.History[0].Change != nil || me.History[0].Total != me.Total {
		t.Errorf("history: %+v", me.History)
	}
	got := map[string]int64{}
	for _, p := range me.Policies {
		got[p.Name] = p.AmountYuan
		if want := map[bool]string{true: "staff", false: "firm"}[p.Name == "进站博士后资助"]; p.Recipient != want {
			t.Errorf("policy %s: recipient %q, want %q", p.Name, p.Recipient, want)
		}
		if p.ApplyAt != "96871 企业公共服务平台" || p.Condition == "" {
			t.Errorf("policy %s: apply at %q, condition %q", p.Name, p.ApplyAt, p.Condition)
		}
	}
	if got["智能化技术改造示范项目补助"] != 160000 || got["进站博士后资助"] != 500000 || len(got) != 2 {
		t.Errorf("policies: %v", got)
	}
	// Amounts are integers in the JSON, never floats.
	if !regexp.MustCompile(`"amount_yuan":160000,`).Match(r.body) {
		t.Errorf("amount_yuan is not an integer: %s", r.body)
	}
	if len(me.Recommendations) != 5 || !me.Recommendations[0].Constraint || me.Recommendations[0].NextDescription == "" ||
		me.Recommendations[0].NextLevel != 3 {
		t.Errorf("recommendations: %+v", me.Recommendations)
	}
	if len(me.Diagnosis.Dimensions) != 4 || me.Diagnosis.Dimensions[0].Summary == "" || len(me.Diagnosis.Scenes) != 16 {
		t.Errorf("diagnosis: %+v", me.Diagnosis)
	}

	page := cl.do("GET", "/report", "", nil)
	mustStatus(t, page, http.StatusOK)
	body := string(page.body)
	for _, want := range []string{"这是本企业首次参加体检", "智能化技术改造示范项目补助", "16万元", "进站博士后资助",
		"96871 企业公共服务平台", "二、维度诊断与下一步", "三、业务场景对标", "下一级（3 级）要求", "@top-left",
		// the post-doctoral grant is the person's: apart, with its own sum
		"企业可关注以下 1 项政策，估算合计约 <b>16万元</b>", "员工个人可享受的人才补贴",
		"引进的人才本人可申请以下 1 项补贴，估算合计约 <b>50万元</b>", "不计入企业可申报金额",
		// the level is the city's, and the page says so
		"体检等级：", questionnaires.LevelNote, "晚于本年度发布，为回溯评价所用"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="fig-progress"`) {
		t.Error("a first health check shows a progress chart")
	}
}

// TestReportWithEarlierCampaign: a firm that also took part in 2019 sees
// how each dimension and its level moved, in the API and on the page.
func TestReportWithEarlierCampaign(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	def := env.defs.Latest()
	// The 2019 campaign, closed long ago; the firm answered it at level 1.
	old := &models.Campaign{Year: 2019, Title: "2019年度体检", QuestionnaireID: def.ID,
		OpensAt: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC), ClosesAt: time.Date(2019, 7, 1, 0, 0, 0, 0, time.UTC), MinRevenueWan: 1000000}
	if err := env.store.CreateCampaign(ctx, old); err != nil {
		t.Fatal(err)
	}
	in := testFirms[0]
	in.Band = def.BandOf(in.RevenueWan)
	if err := env.store.UpsertRoster(ctx, old.ID, []models.RosterInput{in}); err != nil {
		t.Fatal(err)
	}
	submitIn2019(t, env, old, firmA, answerset.Full(def, 1))

	cl := env.client()
	submitAPI(t, cl, firmA, answerset.Full(def, 3))
	var me resultsMe
	r := cl.api("GET", "/api/v1/results/me", nil)
	mustStatus(t, r, http.StatusOK)
	r.json(t, &me)
	if len(me.History) != 2 || me.History[0].Year != 2019 || me.History[1].Year != 2020 {
		t.Fatalf("history: %+v", me.History)
	}
	ch := me.History[1].Change
	if ch == nil || ch.FromYear != 2019 || !ch.SameMethod || ch.Total == nil || ch.LevelDelta <= 0 || len(ch.Dimensions) != 4 {
		t.Fatalf("change: %+v", ch)
	}
	for _, d := range ch.Dimensions {
		if d.Key == "数字化经营" && d.Delta != "50.00" { // scenes at 1 → 3: 25 % → 75 %
			t.Errorf("数字化经营 moved %s, want 50.00", d.Delta)
		}
	}

	page := cl.do("GET", "/report", "", nil)
	mustStatus(t, page, http.StatusOK)
	body := string(page.body)
	for _, want := range []string{"与 2019 年相比", "2019 年 → 2020 年", `id="fig-progress"`, "图3 各年度维度得分率", "&#43;50.00", // html/template writes + as &#43;
		"两年使用相同的计分方法"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// submitIn2019 submits a firm's answers in a closed campaign, as they were
// submitted while it was open.
func submitIn2019(t *testing.T, env *testEnv, c *models.Campaign, code string, answers map[string]any) {
	t.Helper()
	ctx := context.Background()
	e, err := env.store.EntryByCreditCode(ctx, models.CityScope(), c.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	svc := survey.New(env.store, env.defs)
	svc.Now = func() time.Time { return c.OpensAt.Add(24 * time.Hour) }
	scope := models.FirmScope(e.EnterpriseID)
	saved, err := svc.Save(ctx, scope, e.ID, 0, answerset.Raw(answers), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Submit(ctx, scope, e.ID, saved.Version, true, ""); err != nil {
		t.Fatal(err)
	}
}

// TestReportEscapesFirmNameInPrintHeader: the firm's name goes into the
// page's CSS (the printed header) and its HTML; a name made to break out of
// either stays text.
func TestReportEscapesFirmNameInPrintHeader(t *testing.T) {
	env := newTestEnv(t)
	hostile := `坏"; } body { display: none } @page { x: "</style><script>alert(1)</script>：a:b`
	in := testFirms[0]
	in.Name = hostile
	in.Band = env.defs.Latest().BandOf(in.RevenueWan)
	if err := env.store.UpsertRoster(context.Background(), env.campaign.ID, []models.RosterInput{in}); err != nil {
		t.Fatal(err)
	}
	cl := env.client()
	submitAPI(t, cl, firmA, fullAnswers(env.defs.Latest()))
	page := cl.do("GET", "/report", "", nil)
	mustStatus(t, page, http.StatusOK)
	body := string(page.body)
	for _, bad := range []string{"<script>alert(1)", `"; } body`, "ZgotmplZ"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page carries %q unescaped", bad)
		}
	}
	style := body[strings.Index(body, "@page"):]
	style = style[:strings.Index(style, "</style>")]
	// Quotes, braces and semicolons are CSS escapes (\22, \7d, \3b), and
	// an ASCII colon is written as the full-width one.
	if !strings.Contains(style, `@top-left { content: "坏\22\3b  \7d  body`) || !strings.Contains(style, "：a：b") ||
		strings.Count(style, "{") != strings.Count(style, "}") {
		t.Errorf("print header CSS:\n%s", style)
	}
}

// TestReportWithoutTheYearsPolicies: a campaign year without a policy file
// matches nothing and says the year's policies are not yet in, rather than
// estimating on another year's terms.
func TestReportWithoutTheYearsPolicies(t *testing.T) {
	env := newTestEnv(t)
	env.app = newWeb(t, depsWithPolicies(t, env.store, env.defs, 0, nil, &policies.Registry{}))
	cl := env.client()
	submitAPI(t, cl, firmA, fullAnswers(env.defs.Latest()))
	var me resultsMe
	r := cl.api("GET", "/api/v1/results/me", nil)
	mustStatus(t, r, http.StatusOK)
	r.json(t, &me)
	if len(me.Policies) != 0 {
		t.Errorf("policies matched without the year's file: %+v", me.Policies)
	}
	page := cl.do("GET", "/report", "", nil)
	mustContain(t, page, "2020年度的扶持政策尚未录入本平台，暂不匹配、不估算金额")
	if strings.Contains(string(page.body), "估算合计约") {
		t.Error("the page still shows an estimate")
	}
}
