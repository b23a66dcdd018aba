package handlers

import (
	"net/http"
	"net/url"
	"testing"

	"healthcheck/models"
)

// TestFirmLandsWhereItsSurveyStands: a firm lands on the questionnaire until
// it has submitted and on its report afterwards (at / and after logging in
// with the form); the header links both; /report before submission says
// what to do instead of failing.
func TestFirmLandsWhereItsSurveyStands(t *testing.T) {
	env := newTestEnv(t)
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	r := firm.do("GET", "/", "", nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/survey" {
		t.Fatalf("a firm that has not submitted lands on %d %q", r.status, r.header.Get("Location"))
	}
	r = firm.do("GET", "/report", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "问卷提交后即生成体检报告", "开始填写问卷", `<a href="/survey">问卷</a>`, `href="/report" aria-current="page">我的报告</a>`)

	env.submitted(firmA)
	r = firm.do("GET", "/", "", nil)
	if r.header.Get("Location") != "/report" {
		t.Fatalf("a submitted firm lands on %q", r.header.Get("Location"))
	}
	fresh := env.client()
	r = fresh.post("/login", "/login", url.Values{"credit_code": {firmA}, "invite_code": {env.invites[firmA]}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/report" {
		t.Fatalf("logging in as a submitted firm leads to %d %q", r.status, r.header.Get("Location"))
	}
	r = firm.do("GET", "/survey", "", nil)
	mustContain(t, r, `class="notice success"`, "查看我的报告")
}

// TestReturnedReportIsWithdrawnNotAnError: after a district returns the
// survey, /report names the reason, the withdrawn total and the way to
// resubmit; the questionnaire says the same as a warning.
func TestReturnedReportIsWithdrawnNotAnError(t *testing.T) {
	env := newTestEnv(t)
	firm := env.submitted(firmA)
	e, err := env.store.EntryByCreditCode(t.Context(), cityScope(), env.campaign.ID, firmA)
	must(t, err)
	must(t, env.store.Return(t.Context(), models.CityScope(), e.ID, "district-330481", "信息化投资大于总投资，请核对"))
	r := firm.do("GET", "/report", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "已退回修改，此前的报告已撤回", "所在县（市、区）经信部门退回了您的问卷", "信息化投资大于总投资，请核对",
		"撤回的报告总分为", "修改问卷")
	r = firm.do("GET", "/survey", "", nil)
	mustContain(t, r, `class="notice warning"`, "您的问卷已被退回修改", "退回原因：信息化投资大于总投资，请核对", "重新提交")
}
