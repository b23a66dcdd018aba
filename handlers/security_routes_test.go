package handlers

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"healthcheck/models"
)

// Who calls, in the access matrix.
const (
	anonymous     = "anonymous"
	firmCaller    = RoleEnterprise           // firm A, of 海宁市 (330481)
	districtSame  = "district of the record" // 海宁市's official
	districtOther = "another district"       // 桐乡市's official
	bureauCaller  = models.RoleBureau
)

var callers = []string{anonymous, firmCaller, districtSame, districtOther, bureauCaller}

// access is one route of the application and who may use it. Every route
// that names a record names one of 海宁市 (firm A, or ?district=330481), so
// an official of another district must get 404, as if it did not exist.
type access struct {
	method, path string   // as registered
	url          string   // what the test calls
	roles        []string // nil: public
	scoped       bool     // another district's official gets 404
	body         string   // JSON for /api, a form otherwise (the CSRF token is added)
}

// routeMatrix is written out by hand, not derived from the route table:
// it is the specification the table is checked against.
func routeMatrix(firm string, ids recordIDs) []access {
	off := []string{models.RoleDistrict, models.RoleBureau}
	bur := []string{models.RoleBureau}
	fm := []string{RoleEnterprise}
	ent := "/enterprises/" + firm
	api := "/api/v1/enterprises/" + firm
	user := "/admin/users/" + strconv.FormatInt(ids.spareUser, 10)
	confirm := "upload_id=" + strconv.FormatInt(ids.upload, 10)
	correction := "/admin/corrections/" + strconv.FormatInt(ids.correction, 10)
	return []access{
		{method: "GET", path: "/healthz", url: "/healthz"},
		{method: "GET", path: "/", url: "/"},
		{method: "GET", path: "/login", url: "/login"},
		{method: "POST", path: "/login", url: "/login", body: "username=nobody&password=wrong-password"},
		{method: "POST", path: "/logout", url: "/logout"},
		{method: "POST", path: "/api/v1/session", url: "/api/v1/session", body: `{"username":"nobody","password":"wrong-password"}`},
		{method: "DELETE", path: "/api/v1/session", url: "/api/v1/session"},

		{method: "GET", path: "/survey", url: "/survey", roles: fm},
		{method: "GET", path: "/report", url: "/report", roles: fm},
		{method: "GET", path: "/api/v1/survey", url: "/api/v1/survey", roles: fm},
		{method: "PUT", path: "/api/v1/survey/answers", url: "/api/v1/survey/answers", roles: fm, body: `{"answers":{},"version":0}`},
		{method: "POST", path: "/api/v1/survey/submit", url: "/api/v1/survey/submit", roles: fm, body: `{"version":0}`},
		{method: "GET", path: "/api/v1/results/me", url: "/api/v1/results/me", roles: fm},
		{method: "POST", path: "/api/v1/corrections", url: "/api/v1/corrections", roles: fm, body: `{}`},

		{method: "GET", path: "/dashboard", url: "/dashboard?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/dashboard/export.xlsx", url: "/dashboard/export.xlsx?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/dashboard/chase.xlsx", url: "/dashboard/chase.xlsx?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/enterprises", url: "/enterprises?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/enterprises.xlsx", url: "/enterprises.xlsx?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/enterprises/:credit_code", url: ent, roles: off, scoped: true},
		{method: "POST", path: "/enterprises/:credit_code/review", url: ent + "/review", roles: off, scoped: true, body: "action=nothing"},
		{method: "POST", path: "/enterprises/:credit_code/fill", url: ent + "/fill", roles: off, scoped: true, body: "reason="},
		{method: "GET", path: "/enterprises/:credit_code/fill", url: ent + "/fill", roles: off, scoped: true},
		{method: "GET", path: "/api/v1/stats", url: "/api/v1/stats?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/api/v1/enterprises", url: "/api/v1/enterprises?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/api/v1/enterprises/:credit_code", url: api, roles: off, scoped: true},
		{method: "POST", path: "/api/v1/enterprises/:credit_code/review", url: api + "/review", roles: off, scoped: true, body: `{"action":"nothing"}`},
		{method: "PUT", path: "/api/v1/enterprises/:credit_code/answers", url: api + "/answers", roles: off, scoped: true, body: `{"answers":{},"version":0}`},
		{method: "POST", path: "/api/v1/enterprises/:credit_code/submit", url: api + "/submit", roles: off, scoped: true, body: `{"version":0}`},

		{method: "POST", path: "/api/v1/reports", url: "/api/v1/reports", roles: bur, body: `{"campaign":2020}`},
		{method: "GET", path: "/api/v1/reports", url: "/api/v1/reports?campaign=2020", roles: bur},
		{method: "GET", path: "/api/v1/reports/download", url: "/api/v1/reports/download?campaign=2020", roles: bur},

		{method: "GET", path: "/admin/users", url: "/admin/users", roles: bur},
		{method: "POST", path: "/admin/users", url: "/admin/users", roles: bur, body: "username=x&role=nobody"},
		{method: "POST", path: "/admin/users/:id/disable", url: user + "/disable", roles: bur},
		{method: "POST", path: "/admin/users/:id/enable", url: user + "/enable", roles: bur},
		{method: "POST", path: "/admin/users/:id/password", url: user + "/password", roles: bur, body: "password=short"},
		{method: "POST", path: "/admin/lockouts", url: "/admin/lockouts", roles: bur, body: "account=nobody"},

		{method: "GET", path: "/admin", url: "/admin", roles: bur},
		{method: "GET", path: "/admin/campaigns", url: "/admin/campaigns", roles: bur},
		{method: "POST", path: "/admin/campaigns", url: "/admin/campaigns", roles: bur, body: "year=1999"},
		{method: "GET", path: "/admin/campaigns/:year", url: "/admin/campaigns/2020", roles: bur},
		{method: "POST", path: "/admin/campaigns/:year/window", url: "/admin/campaigns/2020/window", roles: bur, body: "opens=bad"},
		{method: "POST", path: "/admin/campaigns/:year/questionnaire", url: "/admin/campaigns/2020/questionnaire", roles: bur, body: "questionnaire=nope"},
		{method: "POST", path: "/admin/campaigns/:year/rule", url: "/admin/campaigns/2020/rule", roles: bur, body: "min_revenue_wan=bad"},
		{method: "POST", path: "/admin/campaigns/:year/reopen", url: "/admin/campaigns/2020/reopen", roles: bur, body: "credit_code=&reason="},
		{method: "GET", path: "/admin/campaigns/:year/roster", url: "/admin/campaigns/2020/roster", roles: bur},
		{method: "POST", path: "/admin/campaigns/:year/roster", url: "/admin/campaigns/2020/roster", roles: bur},
		{method: "POST", path: "/admin/campaigns/:year/roster/confirm", url: "/admin/campaigns/2020/roster/confirm", roles: bur, body: confirm},
		{method: "GET", path: "/admin/roster-template.xlsx", url: "/admin/roster-template.xlsx", roles: bur},
		{method: "GET", path: "/admin/roster", url: "/admin/roster", roles: bur},
		{method: "GET", path: "/admin/invites", url: "/admin/invites", roles: bur},
		{method: "GET", path: "/admin/campaigns/:year/invites", url: "/admin/campaigns/2020/invites", roles: bur},
		{method: "POST", path: "/admin/campaigns/:year/invites", url: "/admin/campaigns/2020/invites", roles: bur, body: "scope=none"},
		{method: "GET", path: "/admin/reminders", url: "/admin/reminders?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/admin/reminders/export", url: "/admin/reminders/export?district=330481", roles: off, scoped: true},
		{method: "GET", path: "/admin/corrections", url: "/admin/corrections", roles: bur},
		{method: "POST", path: "/admin/corrections/:id", url: correction, roles: bur, body: "decision=nothing"},
		{method: "GET", path: "/admin/audit", url: "/admin/audit", roles: bur},
		{method: "GET", path: "/admin/reference", url: "/admin/reference", roles: bur},
		{method: "POST", path: "/admin/reference", url: "/admin/reference", roles: bur},
		{method: "GET", path: "/admin/providers", url: "/admin/providers", roles: bur},
		{method: "POST", path: "/admin/providers", url: "/admin/providers", roles: bur},
	}
}

// recordIDs are records the matrix's routes name, made for the test.
type recordIDs struct {
	spareUser, upload, correction int64
}

// matrixRecords makes an account to act on, an unconfirmed roster upload and
// a firm's correction request, so that the routes naming them find them.
func matrixRecords(t *testing.T, env *testEnv) recordIDs {
	ctx := context.Background()
	spare := env.addOfficial("spare-account", models.RoleDistrict, "330402")
	up := &models.RosterUpload{CampaignID: env.campaign.ID, CreatedBy: "test", Filename: "bad.csv", Content: []byte("no,header\n")}
	if err := env.store.SaveUpload(ctx, up); err != nil {
		t.Fatal(err)
	}
	e, err := env.store.EntryByCreditCode(ctx, models.CityScope(), env.campaign.ID, firmA)
	if err != nil {
		t.Fatal(err)
	}
	corr, err := env.store.RequestCorrection(ctx, models.FirmScope(e.EnterpriseID),
		models.CorrectionRequest{EntryID: e.ID, Field: "name", Requested: "海宁测试皮革股份有限公司"})
	if err != nil {
		t.Fatal(err)
	}
	return recordIDs{spareUser: spare.ID, upload: up.ID, correction: corr.ID}
}

// TestEveryRouteRefusesWhoMayNotUseIt calls every route as each kind of
// caller: anonymous gets 401 (pages: the login page), a role the route is not
// for gets 403, an official of another district gets 404 for a record of
// 海宁市, and whoever may use the route is neither refused nor told it does
// not exist. A route of the app missing from the matrix fails the test.
func TestEveryRouteRefusesWhoMayNotUseIt(t *testing.T) {
	env := newTestEnv(t)
	matrix := routeMatrix(firmA, matrixRecords(t, env))
	checkMatrixCoversApp(t, env, matrix)

	clients := map[string]*client{anonymous: env.client()}
	clients[firmCaller] = env.client()
	mustStatus(t, clients[firmCaller].loginFirm(firmA), http.StatusOK)
	clients[firmCaller].submitFull() // so the firm has a result and officials a record to review
	for caller, u := range map[string]*models.User{
		districtSame:  env.addOfficial("district-haining", models.RoleDistrict, "330481"),
		districtOther: env.addOfficial("district-tongxiang", models.RoleDistrict, "330483"),
		bureauCaller:  env.addOfficial("bureau-chief", models.RoleBureau, ""),
	} {
		clients[caller] = env.client()
		clients[caller].loginOfficial(u.Username)
	}
	for _, cl := range clients {
		cl.fetchCSRF()
	}

	for _, a := range matrix {
		for _, caller := range callers {
			if a.roles == nil && caller != anonymous {
				continue // public routes: logging out would end the caller's session
			}
			r := clients[caller].call(a)
			checkAccess(t, a, caller, r)
		}
	}
}

func checkAccess(t *testing.T, a access, caller string, r response) {
	t.Helper()
	name := a.method + " " + a.url + " as " + caller
	if r.status >= 500 {
		t.Errorf("%s: %d %s", name, r.status, r.body)
		return
	}
	if a.roles == nil {
		if r.status == http.StatusForbidden {
			t.Errorf("%s: public route refused: %s", name, r.body)
		}
		return
	}
	role := map[string]string{firmCaller: RoleEnterprise, districtSame: models.RoleDistrict,
		districtOther: models.RoleDistrict, bureauCaller: models.RoleBureau}[caller]
	allowed := false
	for _, x := range a.roles {
		allowed = allowed || x == role
	}
	api := strings.HasPrefix(a.url, "/api/")
	switch {
	case caller == anonymous && api:
		if r.status != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, r.status)
		}
	case caller == anonymous:
		if loc := r.header.Get("Location"); r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("%s: %d to %q, want the login page", name, r.status, loc)
		}
	case !allowed:
		if r.status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403: %.200s", name, r.status, r.body)
		}
	case a.scoped && caller == districtOther:
		if r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404 (outside the scope): %.200s", name, r.status, r.body)
		}
	default:
		if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden || r.status == http.StatusNotFound {
			t.Errorf("%s: %d, but the caller may use it: %.300s", name, r.status, r.body)
		}
	}
}

// checkMatrixCoversApp fails when the app has a route the matrix lacks, or
// the matrix names a route the app does not have.
func checkMatrixCoversApp(t *testing.T, env *testEnv, matrix []access) {
	t.Helper()
	listed := map[string]bool{}
	for _, a := range matrix {
		listed[a.method+" "+a.path] = true
	}
	var missing []string
	for _, r := range env.app.GetRoutes(true) {
		key := r.Method + " " + r.Path
		if !listed[key] {
			missing = append(missing, key)
		}
		delete(listed, key)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("route %s is not in the access matrix: add it with the roles allowed on it", m)
	}
	for stale := range listed {
		t.Errorf("the access matrix lists %s, which the app does not have", stale)
	}
}

// addOfficial creates an account with a known password.
func (e *testEnv) addOfficial(username, role, district string) *models.User {
	e.t.Helper()
	u, err := e.store.CreateUser(context.Background(), models.NewUser{Username: username,
		Password: officialPassword, Role: role, District: district})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

const officialPassword = "a-test-password"

// submitFull answers every question and submits, as the logged-in firm.
func (cl *client) submitFull() {
	cl.env.t.Helper()
	r := cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": fullAnswers(cl.env.defs.Latest()), "version": 0})
	mustStatus(cl.env.t, r, http.StatusOK)
	mustStatus(cl.env.t, cl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true}), http.StatusOK)
}

func (cl *client) loginOfficial(username string) {
	cl.env.t.Helper()
	r := cl.api("POST", "/api/v1/session", map[string]string{"username": username, "password": officialPassword})
	mustStatus(cl.env.t, r, http.StatusOK)
}

// fetchCSRF takes a form token as a browser would, from a page with a form.
func (cl *client) fetchCSRF() {
	cl.do("GET", "/login", "", nil)
	if cl.cookies["hc_csrf"] == "" {
		cl.env.t.Fatal("no CSRF cookie from the login page")
	}
}

// call sends an access matrix request: JSON to the API, a form with the
// CSRF token to pages.
func (cl *client) call(a access) response {
	if strings.HasPrefix(a.url, "/api/") {
		var body *strings.Reader
		if a.body != "" {
			body = strings.NewReader(a.body)
			return cl.do(a.method, a.url, "application/json", body)
		}
		return cl.do(a.method, a.url, "application/json", nil)
	}
	if a.method == "GET" {
		return cl.do(a.method, a.url, "", nil)
	}
	form := a.body
	if form != "" {
		form += "&"
	}
	form += "_csrf=" + url.QueryEscape(cl.cookies["hc_csrf"])
	return cl.do(a.method, a.url, "application/x-www-form-urlencoded", strings.NewReader(form))
}
