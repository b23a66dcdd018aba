package handlers

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/models"
)

// adminPaths are the desk's pages as a GET, and the forms as a POST.
var adminGets = []string{"/admin", "/admin/campaigns", "/admin/campaigns/2020", "/admin/campaigns/2020/roster",
	"/admin/roster-template.xlsx", "/admin/campaigns/2020/invites", "/admin/corrections", "/admin/audit",
	"/admin/roster", "/admin/invites", "/admin/providers"}

var adminPosts = []string{"/admin/campaigns", "/admin/campaigns/2020/window", "/admin/campaigns/2020/questionnaire",
	"/admin/campaigns/2020/rule", "/admin/campaigns/2020/reopen", "/admin/campaigns/2020/roster",
	"/admin/campaigns/2020/roster/confirm", "/admin/campaigns/2020/invites", "/admin/corrections/1", "/admin/providers"}

// TestDeskIsTheBureaus: without a session a page sends to the login; a firm
// and a district official get 403 on every bureau route (reminders aside).
func TestDeskIsTheBureaus(t *testing.T) {
	env := newTestEnv(t)
	anon := env.client()
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	district := env.client()
	district.createAndLogin("haining", models.RoleDistrict, "330481")
	bureau := env.bureauClient()
	for _, p := range adminGets {
		r := anon.do("GET", p, "", nil)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous GET %s: %d %s", p, r.status, r.header.Get("Location"))
		}
		for name, cl := range map[string]*client{"firm": firm, "district": district} {
			mustStatusNamed(t, name+" GET "+p, cl.do("GET", p, "", nil), http.StatusForbidden)
		}
		if r := bureau.do("GET", p, "", nil); r.status != http.StatusOK && r.status != http.StatusSeeOther {
			t.Errorf("bureau GET %s: %d", p, r.status)
		}
	}
	for _, p := range adminPosts {
		for name, cl := range map[string]*client{"firm": firm, "district": district} {
			mustStatusNamed(t, name+" POST "+p, cl.do("POST", p, "application/x-www-form-urlencoded", strings.NewReader("x=1")), http.StatusForbidden)
		}
		// A bureau form without its CSRF token is refused too.
		mustStatusNamed(t, "bureau POST without token "+p, bureau.do("POST", p, "application/x-www-form-urlencoded", strings.NewReader("x=1")), http.StatusForbidden)
	}
	for _, p := range []string{"/admin/reminders", "/admin/reminders/export"} {
		mustStatusNamed(t, "firm GET "+p, firm.do("GET", p, "", nil), http.StatusForbidden)
		mustStatusNamed(t, "district GET "+p, district.do("GET", p, "", nil), http.StatusOK)
	}
}

func mustStatusNamed(t *testing.T, what string, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Errorf("%s: status %d, want %d", what, r.status, want)
	}
}

// TestDistrictOfficialChasesOnlyItsOwnFirms: the list, the counts and the
// export hold the district's firms only; another district does not exist.
func TestDistrictOfficialChasesOnlyItsOwnFirms(t *testing.T) {
	env := newTestEnv(t)
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	mustStatus(t, firm.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": map[string]any{"p_employees": 5, "p_project": "no"}, "version": 0}), http.StatusOK)
	extra := addFirm(t, env, "330481", 2)

	cl := env.client()
	cl.createAndLogin("haining", models.RoleDistrict, "330481")
	mustStatus(t, cl.do("GET", "/admin/reminders?district=330483", "", nil), http.StatusNotFound)
	mustStatus(t, cl.do("GET", "/admin/reminders/export?district=330483&format=xlsx", "", nil), http.StatusNotFound)
	r := cl.do("GET", "/admin/reminders", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, firmA, extra, "填报中", "<b>2</b><span>名录企业</span>")
	for _, other := range []string{"91330483MA2B3C4D5D", "91330402MA2B3C4D53", "桐乡测试", "南湖测试"} {
		if strings.Contains(string(r.body), other) {
			t.Errorf("district page shows %s", other)
		}
	}
	if strings.Contains(string(r.body), `name="district"`) {
		t.Error("a district official is offered other districts")
	}
	r = cl.do("GET", "/admin/reminders/export?format=xlsx", "", nil)
	mustStatus(t, r, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("待催报企业") // the same sheet as the dashboard's chase export
	if len(rows) != 3 {
		t.Fatalf("export rows: %v", rows)
	}
	got := map[string][]string{}
	for _, row := range rows[1:] {
		got[row[0]] = row
	}
	if got[firmA][5] != "填报中" || got[firmA][2] != "海宁市" || got[extra][5] != "未开始" || got[firmA][6] == "0" {
		t.Fatalf("export: %v", rows)
	}
	log, _, _ := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "export"}, 5, 0)
	if len(log) != 1 || log[0].Actor != "user:haining" || log[0].Detail != "催报名单（海宁市）" {
		t.Fatalf("audit: %+v", log)
	}
}

// TestBureauChasesTheCityOrOneDistrict: submitted firms are not listed.
func TestBureauChasesTheCityOrOneDistrict(t *testing.T) {
	env := newTestEnv(t)
	env.submitted(firmA)
	cl := env.bureauClient()
	r := cl.do("GET", "/admin/reminders", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "桐乡测试化纤有限公司", "南湖测试电子有限公司", "<b>1</b><span>已提交</span>")
	if strings.Contains(string(r.body), "海宁测试皮革有限公司") {
		t.Error("a submitted firm is listed to chase")
	}
	r = cl.do("GET", "/admin/reminders?district=330402&format=csv", "", nil)
	mustContain(t, r, "南湖测试电子有限公司", "/admin/reminders/export?district=330402&amp;format=csv")
	if strings.Contains(string(r.body), "桐乡测试化纤有限公司") {
		t.Error("another district's firm is listed")
	}
	r = cl.do("GET", "/admin/reminders/export?district=330402&format=csv", "", nil)
	mustStatus(t, r, http.StatusOK)
	if lines := strings.Split(strings.TrimSpace(string(r.body)), "\r\n"); len(lines) != 2 || !strings.Contains(lines[1], "南湖测试电子有限公司") {
		t.Fatalf("csv: %q", r.body)
	}
}
