package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"healthcheck/models"
	"healthcheck/stats"
	"healthcheck/survey"
)

func TestBureauCreatesNextYearsCampaign(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	r := cl.do("GET", "/admin/campaigns", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, `name="year" value="2021"`, "2021-03-01", "jiaxing-2020")

	r = cl.post("/admin/campaigns", "/admin/campaigns", url.Values{"year": {"2021"}, "questionnaire": {"jiaxing-2020"},
		"opens": {"2021-07-01"}, "closes": {"2021-03-01"}, "min_revenue_wan": {"1亿"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "截止日期不能早于开始日期", "请填写不小于 0 的金额", `value="1亿"`)
	r = cl.post("/admin/campaigns/2020", "/admin/campaigns/2020/window", url.Values{"opens": {"0001-01-01"}, "closes": {"9999-12-31"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "日期须在 2019 至 2021 年之间")

	r = cl.post("/admin/campaigns", "/admin/campaigns", url.Values{"year": {"2021"}, "questionnaire": {"jiaxing-2020"},
		"opens": {"2021-03-01"}, "closes": {"2021-06-30"}, "min_revenue_wan": {"20000"}})
	mustStatus(t, r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != "/admin/campaigns/2021?ok=created" {
		t.Fatalf("redirect to %s", loc)
	}
	c, err := env.store.CampaignByYear(t.Context(), 2021)
	if err != nil || c.MinRevenueWan != 2000000 || c.QuestionnaireID != "jiaxing-2020" {
		t.Fatalf("created: %+v %v", c, err)
	}
	r = cl.post("/admin/campaigns", "/admin/campaigns", url.Values{"year": {"2021"}})
	mustStatus(t, r, http.StatusConflict)
	mustContain(t, r, "2021 年度体检已存在")
	log, _, _ := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "campaign_created"}, 5, 0)
	if len(log) != 1 || log[0].Actor != "user:bureau" || !strings.Contains(log[0].Detail, "2021-03-01 至 2021-06-30") {
		t.Fatalf("audit: %+v", log)
	}
}

// TestCampaignWindowAndQuestionnaireLock changes the dates, then finds the
// questionnaire locked once a firm has saved.
func TestCampaignWindowAndQuestionnaireLock(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	page := "/admin/campaigns/2020"
	r := cl.do("GET", page, "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, `action="/admin/campaigns/2020/questionnaire"`)

	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	mustStatus(t, firm.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": map[string]any{"p_employees": 5}, "version": 0}), http.StatusOK)

	r = cl.do("GET", page, "", nil)
	mustContain(t, r, "问卷版本已锁定")
	if strings.Contains(string(r.body), `action="/admin/campaigns/2020/questionnaire"`) {
		t.Fatal("a locked questionnaire still offers the change form")
	}
	r = cl.post(page, page+"/questionnaire", url.Values{"questionnaire": {"jiaxing-2020"}})
	mustStatus(t, r, http.StatusSeeOther) // the same edition: nothing to change

	r = cl.post(page, page+"/window", url.Values{"opens": {"2020-03-01"}, "closes": {"2020-02-01"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "截止日期不能早于开始日期")
	r = cl.post(page, page+"/window", url.Values{"opens": {"2020-03-01"}, "closes": {"2020-06-30"}})
	mustStatus(t, r, http.StatusSeeOther)
	c, _ := env.store.CampaignByYear(t.Context(), 2020)
	if c.ClosesAt.Sub(c.OpensAt) != (122 * 24 * time.Hour) {
		t.Fatalf("window: %v – %v", c.OpensAt, c.ClosesAt)
	}
}

// TestFirmOutsideTheWindowIsTold: a save and a submit outside the campaign's
// dates get 403 with code closed and the dates; the page says it is read-only.
func TestFirmOutsideTheWindowIsTold(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	from, to, _ := survey.ParseWindow(2020, "2020-03-01", "2020-06-30")
	past := models.Campaign{OpensAt: from, ClosesAt: to}
	if err := env.store.SetCampaignWindow(t.Context(), env.campaign, past, "user:bureau"); err != nil {
		t.Fatal(err)
	}
	for _, call := range []struct{ method, path string }{{"PUT", "/api/v1/survey/answers"}, {"POST", "/api/v1/survey/submit"}} {
		r := cl.api(call.method, call.path, map[string]any{"answers": map[string]any{}, "version": 0, "pledge": true})
		mustStatus(t, r, http.StatusForbidden)
		if e := r.apiError(t); e.Code != "closed" || !strings.Contains(e.Message, "当前不在填报时间内") || !strings.Contains(e.Message, "2020-06-30") {
			t.Fatalf("%s %s: %+v", call.method, call.path, e)
		}
	}
	r := cl.do("GET", "/survey", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "本年度填报已于 2020-06-30 截止", "答案只读", `class="notice warning"`)
}

// TestBureauReopensASubmittedSurvey: the firm sees the reason and can save
// again; the result leaves the statistics; the reopening is logged.
func TestBureauReopensASubmittedSurvey(t *testing.T) {
	env := newTestEnv(t)
	firm := env.submitted(firmA)

	cl := env.bureauClient()
	page := "/admin/campaigns/2020"
	r := cl.post(page, page+"/reopen", url.Values{"credit_code": {strings.ToLower(firmA)}, "reason": {""}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "请填写原因")
	r = cl.post(page, page+"/reopen", url.Values{"credit_code": {"91330402MA2B3C4D53"}, "reason": {"测试"}})
	mustStatus(t, r, http.StatusConflict)
	mustContain(t, r, "该企业的问卷尚未提交，无需重新开放")
	r = cl.post(page, page+"/reopen", url.Values{"credit_code": {strings.ToLower(firmA)}, "reason": {"营业收入<script>与名录不符"}})
	mustStatus(t, r, http.StatusSeeOther)

	var s struct {
		Status string `json:"status"`
		Review struct{ Status, Reason string }
	}
	firm.api("GET", "/api/v1/survey", nil).json(t, &s)
	if s.Status != "draft" || s.Review.Status != "returned" || s.Review.Reason != "营业收入<script>与名录不符" {
		t.Fatalf("firm sees: %+v", s)
	}
	r = firm.do("GET", "/survey", "", nil)
	mustContain(t, r, "原因：营业收入&lt;script&gt;与名录不符")
	mustStatus(t, firm.api("GET", "/api/v1/results/me", nil), http.StatusNotFound)
	// The report page says what happened and what to do, never an error.
	r = firm.do("GET", "/report", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "已退回修改，此前的报告已撤回", "市经信局重新开放了您的问卷", "营业收入&lt;script&gt;与名录不符", `href="/survey"`)
	snap, err := stats.New(env.store, env.defs, 0).Of(t.Context(), cityScope(), env.campaign, models.FirmFilter{})
	if err != nil || snap.Stats.Submitted != 0 || snap.Stats.Drafts != 1 {
		t.Fatalf("statistics after reopening: %+v %v", snap.Stats, err)
	}
	mustStatus(t, firm.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": fullAnswers(env.defs.Latest()), "version": 1}), http.StatusOK)
	mustStatus(t, firm.api("POST", "/api/v1/survey/submit", map[string]any{"version": 2, "pledge": true}), http.StatusOK)
	log, _, _ := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "survey_reopened"}, 5, 0)
	if len(log) != 1 || log[0].Target != firmA || log[0].Actor != "user:bureau" {
		t.Fatalf("audit: %+v", log)
	}
}
