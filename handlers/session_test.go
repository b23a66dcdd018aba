package handlers

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"healthcheck/models"
)

// TestSessionCacheKeysAreTheSessionIDs: the decoded-session cache must be
// keyed by copies of the cookie, not by strings pointing into Fiber's
// reused request buffers, whose bytes later requests overwrite.
func TestSessionCacheKeysAreTheSessionIDs(t *testing.T) {
	env := newTestEnv(t)
	srv, err := NewServer(depsFor(t, env.store, env.defs, 0, nil))
	if err != nil {
		t.Fatal(err)
	}
	env.app = srv.App
	ids := map[string]bool{}
	var clients []*client
	for _, code := range []string{testFirms[0].CreditCode, testFirms[1].CreditCode, testFirms[2].CreditCode} {
		cl := env.client()
		mustStatus(t, cl.loginFirm(code), http.StatusOK)
		ids[cl.cookies[sessionCookie]] = true
		clients = append(clients, cl)
	}
	for round := 0; round < 20; round++ {
		for _, cl := range clients {
			mustStatus(t, cl.api("GET", "/api/v1/survey", nil), http.StatusOK)
			// A stranger's unknown cookie of the same length lands in the
			// reused buffers.
			stranger := env.client()
			stranger.cookies[sessionCookie] = strings.Repeat("x", len(cl.cookies[sessionCookie]))
			mustStatus(t, stranger.api("GET", "/api/v1/survey", nil), http.StatusUnauthorized)
		}
	}
	for _, k := range srv.h.decoded.Keys() {
		if !ids[k] {
			t.Errorf("the session cache holds key %q, which is no session id issued", k)
		}
	}
}

func TestNextStaysOnThisSite(t *testing.T) {
	for _, bad := range []string{"//evil.example", "/\t/evil.example/", "/\n/evil.example", "/\\evil.example",
		"/\\\\evil", "\\\\evil", "https://evil.example", "/ /evil", "/\u3000/evil", "javascript:alert(1)",
		"/\r/evil", "/\x00/evil", "evil.example", ""} {
		if got := safeNext(bad); got != "" {
			t.Errorf("safeNext(%q) = %q, want refused", bad, got)
		}
	}
	for _, good := range []string{"/dashboard", "/enterprises?district=330481&page=2", "/enterprises/91330481MA2B3C4D5G", "/%0a"} { // an encoded newline is a byte of the path
		if got := safeNext(good); got != good {
			t.Errorf("safeNext(%q) = %q", good, got)
		}
	}
	// Through the login form: the firm lands on its survey, not elsewhere.
	env := newTestEnv(t)
	cl := env.client()
	tok := cl.csrf("/login")
	form := url.Values{"_csrf": {tok}, "credit_code": {firmA}, "invite_code": {env.invites[firmA]}, "next": {"/\t/evil.example/"}}
	r := cl.do("POST", "/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/survey" {
		t.Fatalf("login with a hostile next: %d → %q", r.status, r.header.Get("Location"))
	}
}

// TestLogoutNeedsTheSessionsToken: a cross-site form cannot log a user out;
// the page's own form can, and the API's JSON call still does.
func TestLogoutNeedsTheSessionsToken(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	r := cl.do("POST", "/logout", "application/x-www-form-urlencoded", strings.NewReader(""))
	mustStatus(t, r, http.StatusForbidden)
	mustStatus(t, cl.api("GET", "/api/v1/survey", nil), http.StatusOK)

	page := cl.do("GET", "/survey", "", nil)
	m := regexp.MustCompile(`name="logout_token" value="([^"]+)"`).FindStringSubmatch(string(page.body))
	if m == nil {
		t.Fatal("the survey page has no logout token")
	}
	other := env.client()
	mustStatus(t, other.loginFirm(testFirms[1].CreditCode), http.StatusOK)
	r = other.do("POST", "/logout", "application/x-www-form-urlencoded", strings.NewReader("logout_token="+m[1]))
	mustStatus(t, r, http.StatusForbidden) // another session's token

	r = cl.do("POST", "/logout", "application/x-www-form-urlencoded", strings.NewReader("logout_token="+m[1]))
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %s", r.status, r.body)
	}
	mustStatus(t, cl.api("GET", "/api/v1/survey", nil), http.StatusUnauthorized)
	mustStatus(t, other.api("DELETE", "/api/v1/session", nil), http.StatusNoContent)
	mustStatus(t, other.api("GET", "/api/v1/survey", nil), http.StatusUnauthorized)
}

// TestCSRFTokenIsBoundToItsSession: a form token (with its cookie) taken
// from one session is refused in another.
func TestCSRFTokenIsBoundToItsSession(t *testing.T) {
	env := newTestEnv(t)
	attacker := env.bureauClient()
	tok := attacker.csrf("/admin/users")
	victim := env.client()
	victim.createAndLogin("victim", models.RoleBureau, "")
	victim.cookies["hc_csrf"] = attacker.cookies["hc_csrf"]
	form := url.Values{"_csrf": {tok}, "username": {"planted"}, "role": {"bureau"}}
	r := victim.do("POST", "/admin/users", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	mustStatus(t, r, http.StatusForbidden)
	// The victim's own token works.
	r = victim.post("/admin/users", "/admin/users", url.Values{"username": {"planted"}, "role": {"bureau"}})
	mustStatus(t, r, http.StatusOK)
}

// TestStoredSessionIDsAreHashed: the sessions table does not hold the
// cookie, and what it holds does not work as a cookie.
func TestStoredSessionIDsAreHashed(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	db, err := env.store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	rows, err := db.Query(`SELECT id FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		stored = append(stored, id)
	}
	rows.Close()
	if len(stored) == 0 {
		t.Fatal("no session stored")
	}
	for _, id := range stored {
		if id == cl.cookies[sessionCookie] {
			t.Fatal("the session id is stored in clear")
		}
		thief := env.client()
		thief.cookies[sessionCookie] = id
		mustStatus(t, thief.api("GET", "/api/v1/survey", nil), http.StatusUnauthorized)
	}
}

// TestAuthenticatedResponsesAreNotStored: no cache may keep a firm's or an
// official's data.
func TestAuthenticatedResponsesAreNotStored(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	for _, path := range []string{"/api/v1/survey", "/api/v1/results/me", "/survey", "/report"} {
		r := cl.do("GET", path, "", nil)
		if got := r.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s (%d): Cache-Control %q", path, r.status, got)
		}
	}
	bureau := env.bureauClient()
	for _, path := range []string{"/api/v1/stats?campaign=2020", "/api/v1/enterprises", "/dashboard", "/admin/users"} {
		if got := bureau.do("GET", path, "", nil).header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, got)
		}
	}
}
