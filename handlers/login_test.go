package handlers

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"healthcheck/models"
)

func TestWrongInvitationCodeGetsAClearMessage(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	r := cl.api("POST", "/api/v1/session", map[string]string{"credit_code": firmA, "invite_code": "AAAA-BBBB-CCCC"})
	mustStatus(t, r, http.StatusUnauthorized)
	if e := r.apiError(t); e.Code != "unauthenticated" || e.Message != "统一社会信用代码或邀请码不正确" {
		t.Fatalf("wrong code: %+v", e)
	}
	mustStatus(t, cl.api("GET", "/api/v1/survey", nil), http.StatusUnauthorized)
}

// TestTenWrongCodesFromOneAddressRefuseItNotTheOwner: the contract's 429
// after 10 wrong codes for one firm holds for the address they came from;
// the firm's correct code from another address is still accepted.
func TestTenWrongCodesFromOneAddressRefuseItNotTheOwner(t *testing.T) {
	env := newTestEnv(t)
	attacker := env.client()
	attacker.ip = "198.51.100.66"
	for i := 0; i < 10; i++ {
		r := attacker.api("POST", "/api/v1/session", map[string]string{"credit_code": firmA, "invite_code": "WRONG"})
		mustStatus(t, r, http.StatusUnauthorized)
	}
	r := attacker.loginFirm(firmA) // even the right code, from there
	mustStatus(t, r, http.StatusTooManyRequests)
	if e := r.apiError(t); e.Code != "too_many_requests" || !strings.Contains(e.Message, "10 分钟后再试") {
		t.Fatalf("refusal: %+v", e)
	}
	if got := r.header.Get("Retry-After"); got != "600" {
		t.Errorf("Retry-After %q, want 600", got)
	}
	owner := env.client()
	owner.ip = "10.9.9.9"
	mustStatus(t, owner.loginFirm(firmA), http.StatusOK)
}

// TestParallelWrongLoginsEvaluateAtMostTheLimit sends 200 wrong logins for
// one account at once and counts, in the database, how many credentials
// were actually checked: each check is recorded before it runs.
func TestParallelWrongLoginsEvaluateAtMostTheLimit(t *testing.T) {
	env := newTestEnv(t)
	env.addOfficial("chief", models.RoleBureau, "")
	for _, tc := range []struct {
		account string
		body    map[string]string
	}{
		{"firm:" + firmA, map[string]string{"credit_code": firmA, "invite_code": "WRONG-WRONG-WRNG"}},
		{"user:chief", map[string]string{"username": "chief", "password": "not-the-password"}},
	} {
		start := time.Now()
		statuses := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := 0; i < 200; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cl := env.client()
				cl.ip = "203.0.113.5"
				r := cl.api("POST", "/api/v1/session", tc.body)
				mu.Lock()
				statuses[r.status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		checked, err := env.store.LoginFailures(t.Context(), tc.account, start.Add(-time.Second))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: 200 parallel wrong logins: %d checked, statuses %v", tc.account, checked, statuses)
		if checked != 10 || statuses[http.StatusUnauthorized] != 10 || statuses[http.StatusTooManyRequests] != 190 {
			t.Errorf("%s: %d credentials checked, statuses %v; want 10 checked, 10×401 and 190×429", tc.account, checked, statuses)
		}
	}
}

// TestForgedForwardedForFromAnUntrustedPeerChangesNothing: without trusted
// proxies every forged address is the socket's, for limits and the log.
func TestForgedForwardedForFromAnUntrustedPeerChangesNothing(t *testing.T) {
	env := newTestEnv(t)
	env.app = newAppBehind(t, env.store, env.defs, 0, nil)
	for i := 0; i < 30; i++ {
		cl := env.client()
		cl.ip = fmt.Sprintf("1.2.3.%d, 127.0.0.1", i+1)
		r := cl.api("POST", "/api/v1/session", map[string]string{"username": fmt.Sprintf("nobody%d", i), "password": "wrong-password"})
		mustStatus(t, r, http.StatusUnauthorized)
	}
	cl := env.client()
	cl.ip = "5.6.7.8"
	mustStatus(t, cl.loginFirm(firmA), http.StatusTooManyRequests)
	log, _, err := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "login_failed"}, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Detail != "0.0.0.0" {
			t.Fatalf("audit log records %q, want the peer 0.0.0.0", e.Detail)
		}
	}
}

func TestThirtyWrongLoginsFromOneAddressLockIt(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	cl.ip = "192.0.2.7"
	for i := 0; i < 30; i++ {
		r := cl.api("POST", "/api/v1/session", map[string]string{"username": "nobody" + string(rune('a'+i%26)) + string(rune('a'+i/26)), "password": "wrong-password"})
		mustStatus(t, r, http.StatusUnauthorized)
	}
	mustStatus(t, cl.loginFirm(firmA), http.StatusTooManyRequests)
	other := env.client()
	other.ip = "192.0.2.8"
	mustStatus(t, other.loginFirm(firmA), http.StatusOK)
}

func TestReissuedCodeEndsOldSessionsAndLogins(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	mustStatus(t, cl.api("GET", "/api/v1/survey", nil), http.StatusOK)
	old := env.invites[firmA]
	if _, err := env.store.IssueInvites(t.Context(), cityScope(), env.campaign.ID, true); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, cl.api("GET", "/api/v1/survey", nil), http.StatusUnauthorized)
	r := env.client().api("POST", "/api/v1/session", map[string]string{"credit_code": firmA, "invite_code": old})
	mustStatus(t, r, http.StatusUnauthorized)
}

// Logging out ends the session on the server: its cookie, replayed after a
// request that had it decoded and remembered, is refused.
func TestLoggedOutCookieIsRefused(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	mustStatus(t, cl.api("GET", "/api/v1/survey", nil), http.StatusOK)
	stolen := maps.Clone(cl.cookies)
	mustStatus(t, cl.api("DELETE", "/api/v1/session", nil), http.StatusNoContent)
	replay := env.client()
	replay.cookies = stolen
	mustStatus(t, replay.api("GET", "/api/v1/survey", nil), http.StatusUnauthorized)
}

// TestBureauClearsALockout: the official's reset lifts every limit on the
// account and is in the audit log.
func TestBureauClearsALockout(t *testing.T) {
	env := newTestEnv(t)
	owner := env.client()
	owner.ip = "198.51.100.66"
	for i := 0; i < 10; i++ {
		owner.api("POST", "/api/v1/session", map[string]string{"credit_code": firmA, "invite_code": "WRONG"})
	}
	mustStatus(t, owner.loginFirm(firmA), http.StatusTooManyRequests)
	bureau := env.bureauClient()
	r := bureau.post("/admin/users", "/admin/lockouts", url.Values{"account": {strings.ToLower(firmA)}})
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "已清除", "10 次登录失败记录")
	mustStatus(t, owner.loginFirm(firmA), http.StatusOK)
	log, _, err := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "login_unlock"}, 10, 0)
	if err != nil || len(log) != 1 || log[0].Target != "firm:"+firmA || log[0].Actor != "user:bureau" {
		t.Fatalf("audit: %+v %v", log, err)
	}
}

// TestBehindATrustedProxyTheRightMostAddressCounts: what the client put in
// X-Forwarded-For before the proxy appended its peer is ignored.
func TestBehindATrustedProxyTheRightMostAddressCounts(t *testing.T) {
	env := newTestEnv(t) // trusts 0.0.0.0, the test requests' peer
	for i := 0; i < 10; i++ {
		cl := env.client()
		cl.ip = fmt.Sprintf("1.2.3.%d, 198.51.100.7", i)
		mustStatus(t, cl.api("POST", "/api/v1/session", map[string]string{"credit_code": firmA, "invite_code": "WRONG"}), http.StatusUnauthorized)
	}
	cl := env.client()
	cl.ip = "9.9.9.9, 198.51.100.7"
	mustStatus(t, cl.loginFirm(firmA), http.StatusTooManyRequests)
	log, _, err := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "login_failed"}, 100, 0)
	if err != nil || len(log) != 10 {
		t.Fatalf("audit: %d entries, %v", len(log), err)
	}
	for _, e := range log {
		if e.Detail != "198.51.100.7" {
			t.Fatalf("audit log records %q, want 198.51.100.7", e.Detail)
		}
	}
}
