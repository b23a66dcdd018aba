package handlers

import (
	"maps"
	"net/http"
	"testing"
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

// TestTenWrongCodesForOneFirmLockIt counts attempts, not time: the 11th
// attempt is refused with 429 even with the right code.
func TestTenWrongCodesForOneFirmLockIt(t *testing.T) {
	env := newTestEnv(t)
	for i := 0; i < 10; i++ {
		cl := env.client()
		cl.ip = "10.1.0." + string(rune('1'+i%9))
		r := cl.api("POST", "/api/v1/session", map[string]string{"credit_code": firmA, "invite_code": "WRONG"})
		mustStatus(t, r, http.StatusUnauthorized)
	}
	cl := env.client()
	cl.ip = "10.9.9.9"
	r := cl.loginFirm(firmA)
	mustStatus(t, r, http.StatusTooManyRequests)
	if e := r.apiError(t); e.Code != "too_many_requests" {
		t.Fatalf("code %q", e.Code)
	}
	// Another firm is not affected.
	mustStatus(t, env.client().loginFirm("91330483MA2B3C4D5D"), http.StatusOK)
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
