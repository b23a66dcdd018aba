package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"healthcheck/models"
)

const (
	firmTongxiang = "91330483MA2B3C4D5D" // 桐乡市 (330483)
	firmNanhu     = "91330402MA2B3C4D53" // 南湖区 (330402)
)

// official logs in a new official of a district ("" for the bureau) and
// takes a form token.
func (e *testEnv) official(username, district string) *client {
	e.t.Helper()
	role := models.RoleDistrict
	if district == "" {
		role = models.RoleBureau
	}
	e.addOfficial(username, role, district)
	cl := e.client()
	cl.loginOfficial(username)
	cl.fetchCSRF()
	return cl
}

// form posts an HTML form with the client's CSRF token.
func (cl *client) form(path string, fields url.Values) response {
	fields.Set("_csrf", cl.cookies["hc_csrf"])
	return cl.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(fields.Encode()))
}

func (cl *client) page(path string) response { return cl.do("GET", path, "", nil) }

func wantIn(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(string(r.body), p) {
			t.Errorf("page lacks %q (status %d)", p, r.status)
		}
	}
}

// TestReturnReachesTheFirmAndStatisticsCountOnlySubmitted follows 县区初审:
// the district returns a submission with a reason; the firm's survey reopens
// as a draft showing the reason; statistics no longer count it; the firm
// submits again and the district approves. Every step is on record.
func TestReturnReachesTheFirmAndStatisticsCountOnlySubmitted(t *testing.T) {
	env := newTestEnv(t)
	firmCl := env.client()
	mustStatus(t, firmCl.loginFirm(firmA), http.StatusOK)
	firmCl.submitFull()
	haining := env.official("district-haining", "330481")

	var st struct{ Submitted, Returned, Approved int }
	haining.api("GET", "/api/v1/stats", nil).json(t, &st)
	if st.Submitted != 1 {
		t.Fatalf("before the return: %+v", st)
	}
	// Returning needs a reason; the form says so.
	r := haining.form("/enterprises/"+firmA+"/review", url.Values{"action": {"return"}, "reason": {" "}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	wantIn(t, r, "请填写退回原因")
	const reason = "设备联网台数大于设备总数，请核实"
	r = haining.form("/enterprises/"+firmA+"/review", url.Values{"action": {"return"}, "reason": {reason}})
	mustStatus(t, r, http.StatusSeeOther)
	wantIn(t, haining.page(r.header.Get("Location")), "已退回", reason, "退回修改", "district-haining")

	var sv struct {
		Status string     `json:"status"`
		Review reviewBody `json:"review"`
	}
	firmCl.api("GET", "/api/v1/survey", nil).json(t, &sv)
	if sv.Status != "draft" || sv.Review.Status != "returned" || sv.Review.Reason != reason {
		t.Fatalf("the firm sees %+v", sv)
	}
	page := firmCl.page("/survey")
	wantIn(t, page, "您的问卷已被退回修改")
	wantIn(t, page, "退回原因："+reason)
	mustStatus(t, firmCl.api("GET", "/api/v1/results/me", nil), http.StatusNotFound)
	haining.api("GET", "/api/v1/stats", nil).json(t, &st)
	if st.Submitted != 0 || st.Returned != 1 {
		t.Fatalf("after the return: %+v", st)
	}

	// The firm corrects and submits again; the district approves.
	mustStatus(t, firmCl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true}), http.StatusOK)
	r = haining.api("POST", "/api/v1/enterprises/"+firmA+"/review", map[string]string{"action": "approve"})
	mustStatus(t, r, http.StatusOK)
	var rv struct {
		Status string     `json:"status"`
		Review reviewBody `json:"review"`
	}
	r.json(t, &rv)
	if rv.Status != "submitted" || rv.Review.Status != "approved" {
		t.Fatalf("after approval: %s", r.body)
	}
	haining.api("GET", "/api/v1/stats", nil).json(t, &st)
	if st.Submitted != 1 || st.Approved != 1 || st.Returned != 0 {
		t.Fatalf("after approval: %+v", st)
	}
	mustStatus(t, haining.api("POST", "/api/v1/enterprises/"+firmA+"/review", map[string]string{"action": "approve"}), http.StatusConflict)

	log, _, err := env.store.AuditLog(context.Background(), models.AuditFilter{}, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, e := range log {
		seen[e.Action] = e.Actor + " " + e.Detail
	}
	if !strings.Contains(seen["review_return"], "district-haining "+reason) || !strings.HasPrefix(seen["review_approve"], "district-haining") {
		t.Fatalf("audit log: %v", seen)
	}
}

// TestFillInIsRecordedAndMarked: an official fills in for a firm (代填)
// after giving a reason; the saves and the submission carry their name, the
// lists mark the firm, and the record says who, when and why.
func TestFillInIsRecordedAndMarked(t *testing.T) {
	env := newTestEnv(t)
	bureau := env.official("bureau-clerk", "")
	api := "/api/v1/enterprises/" + firmTongxiang
	// Without a reason on record, saving for the firm is refused.
	mustStatus(t, bureau.api("PUT", api+"/answers", map[string]any{"answers": map[string]any{}, "version": 0}), http.StatusConflict)
	mustStatus(t, bureau.page("/enterprises/"+firmTongxiang+"/fill"), http.StatusConflict)

	r := bureau.form("/enterprises/"+firmTongxiang+"/fill", url.Values{"reason": {"企业提交纸质问卷"}})
	mustStatus(t, r, http.StatusSeeOther)
	page := bureau.page(r.header.Get("Location"))
	mustStatus(t, page, http.StatusOK)
	wantIn(t, page, "代填模式", "企业提交纸质问卷", `"save":"/api/v1/enterprises/`+firmTongxiang+`/answers"`, "代填确认")

	r = bureau.api("PUT", api+"/answers", map[string]any{"answers": fullAnswers(env.defs.Latest()), "version": 0})
	mustStatus(t, r, http.StatusOK)
	mustStatus(t, bureau.api("POST", api+"/submit", map[string]any{"version": 1, "pledge": true}), http.StatusOK)

	var d enterpriseDetail
	bureau.api("GET", api, nil).json(t, &d)
	if d.Status != "submitted" || d.FilledBy != "bureau-clerk" || d.Result == nil {
		t.Fatalf("after 代填: status %s, filled by %q, result %v", d.Status, d.FilledBy, d.Result != nil)
	}
	if len(d.Reviews) != 2 || d.Reviews[0].Action != models.ActionFill || d.Reviews[1].Action != models.ActionFillSubmit ||
		d.Reviews[1].Reason != "企业提交纸质问卷" || d.Reviews[1].Actor != "bureau-clerk" {
		t.Fatalf("代填 record: %+v", d.Reviews)
	}
	wantIn(t, bureau.page("/enterprises?district=330483"), `title="由 bureau-clerk 代填"`)
	wantIn(t, bureau.page("/enterprises/"+firmTongxiang), "开始代填", "代填提交", "bureau-clerk")
	// A district official elsewhere cannot fill in for it.
	nanhu := env.official("district-nanhu", "330402")
	mustStatus(t, nanhu.form("/enterprises/"+firmTongxiang+"/fill", url.Values{"reason": {"x"}}), http.StatusNotFound)
}

// TestEnterpriseListAPI: the contract's items and total, its filters, the
// limit of 1000, and the scope.
func TestEnterpriseListAPI(t *testing.T) {
	env := newTestEnv(t)
	firmCl := env.client()
	mustStatus(t, firmCl.loginFirm(firmA), http.StatusOK)
	firmCl.submitFull()
	bureau := env.official("bureau-list", "")
	var page struct {
		Items []map[string]any `json:"items"`
		Total int              `json:"total"`
	}
	bureau.api("GET", "/api/v1/enterprises?limit=2", nil).json(t, &page)
	if page.Total != 3 || len(page.Items) != 2 {
		t.Fatalf("limit 2: %d items of %d", len(page.Items), page.Total)
	}
	keys := []string{"credit_code", "name", "district", "district_name", "industry", "revenue_wan", "band", "status", "score", "level", "flags"}
	if len(page.Items[0]) != len(keys) {
		t.Errorf("item keys %v, want exactly %v", page.Items[0], keys)
	}
	for _, k := range keys {
		if _, ok := page.Items[0][k]; !ok {
			t.Errorf("item lacks %q", k)
		}
	}
	bureau.api("GET", "/api/v1/enterprises?status=submitted&limit=5000", nil).json(t, &page)
	if page.Total != 1 || page.Items[0]["credit_code"] != firmA || page.Items[0]["score"] == nil || page.Items[0]["level"] == nil ||
		page.Items[0]["district_name"] != "海宁市" {
		t.Fatalf("submitted: %+v", page)
	}
	// fullAnswers invests 400万 a year on 5亿 of revenue (0.8%), plans
	// nothing and has no digital post: 投入不足 and 意识不足.
	if flags, _ := page.Items[0]["flags"].([]any); len(flags) != 2 || flags[0] != "low_investment" || flags[1] != "low_awareness" {
		t.Fatalf("flags of the submitted firm: %v", page.Items[0]["flags"])
	}
	for q, want := range map[string]int{"district=330483": 1, "band=" + url.QueryEscape(page.Items[0]["band"].(string)): 1,
		"industry=C39": 1, "status=not_started": 2, "flag=low_awareness": 1, "flag=low_investment": 1, "offset=2": 3} {
		bureau.api("GET", "/api/v1/enterprises?"+q, nil).json(t, &page)
		if page.Total != want {
			t.Errorf("%s: total %d, want %d", q, page.Total, want)
		}
	}
	for _, q := range []string{"status=done", "flag=rich", "limit=0", "offset=-1"} {
		if r := bureau.api("GET", "/api/v1/enterprises?"+q, nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", q, r.status)
		}
	}
	tongxiang := env.official("district-tx", "330483")
	tongxiang.api("GET", "/api/v1/enterprises", nil).json(t, &page)
	if page.Total != 1 || page.Items[0]["credit_code"] != firmTongxiang {
		t.Fatalf("桐乡's official sees %+v", page)
	}
	mustStatus(t, tongxiang.api("GET", "/api/v1/enterprises/"+firmA, nil), http.StatusNotFound)
	mustStatus(t, tongxiang.api("GET", "/api/v1/enterprises?district=330481", nil), http.StatusNotFound)
	mustStatus(t, tongxiang.page("/enterprises.xlsx?district=330481"), http.StatusNotFound)
	var d enterpriseDetail
	bureau.api("GET", "/api/v1/enterprises/"+strings.ToLower(firmA), nil).json(t, &d)
	if d.CreditCode != firmA || d.Result == nil || d.Answers["p_revenue"] == nil || d.IndustryName == "" {
		t.Fatalf("one firm: %+v", d)
	}
}
