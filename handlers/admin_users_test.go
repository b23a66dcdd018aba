package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"healthcheck/models"
)

// TestBureauManagesAccounts: the bureau creates a district account (its
// password generated and shown once), disables it, which ends its session
// and makes its login say why, enables it again, and resets a password. It
// cannot disable itself, and every change is in the audit log.
func TestBureauManagesAccounts(t *testing.T) {
	env := newTestEnv(t)
	boss := env.official("bureau-boss", "")

	r := boss.form("/admin/users", url.Values{"username": {"jiashan-1"}, "role": {"district"}, "district": {"330421"}})
	mustStatus(t, r, http.StatusOK)
	m := regexp.MustCompile(`账号 <b>jiashan-1</b> 的密码：<code>([A-Za-z0-9]{16})</code>`).FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no generated password shown: %s", r.body)
	}
	pw := string(m[1])
	again := boss.page("/admin/users")
	if regexp.MustCompile(`<code>[A-Za-z0-9]{16}</code>`).Match(again.body) {
		t.Fatal("a generated password is shown more than once")
	}
	r = boss.form("/admin/users", url.Values{"username": {"x"}, "role": {"district"}, "district": {"999999"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	wantIn(t, r, "请选择所属区县")

	jiashan := env.client()
	mustStatus(t, jiashan.api("POST", "/api/v1/session", map[string]string{"username": "jiashan-1", "password": pw}), http.StatusOK)
	mustStatus(t, jiashan.api("GET", "/api/v1/stats", nil), http.StatusOK)
	id := userIDOf(t, env, "jiashan-1")

	mustStatus(t, boss.form("/admin/users/"+id+"/disable", url.Values{}), http.StatusSeeOther)
	mustStatus(t, jiashan.api("GET", "/api/v1/stats", nil), http.StatusUnauthorized)
	r = env.client().api("POST", "/api/v1/session", map[string]string{"username": "jiashan-1", "password": pw})
	if r.status != http.StatusUnauthorized || r.apiError(t).Message != "该账号已停用，请联系市经信局" {
		t.Fatalf("disabled login: %d %s", r.status, r.body)
	}
	mustStatus(t, boss.form("/admin/users/"+id+"/enable", url.Values{}), http.StatusSeeOther)
	mustStatus(t, jiashan.api("POST", "/api/v1/session", map[string]string{"username": "jiashan-1", "password": pw}), http.StatusOK)

	// A reset ends the account's sessions; the new password works.
	r = boss.form("/admin/users/"+id+"/password", url.Values{"password": {"a-new-long-password"}})
	mustStatus(t, r, http.StatusOK)
	wantIn(t, r, "已重置 jiashan-1 的密码")
	mustStatus(t, jiashan.api("GET", "/api/v1/stats", nil), http.StatusUnauthorized)
	mustStatus(t, env.client().api("POST", "/api/v1/session", map[string]string{"username": "jiashan-1", "password": "a-new-long-password"}), http.StatusOK)

	// The bureau cannot lock itself out; resetting its own password keeps
	// its session.
	me := userIDOf(t, env, "bureau-boss")
	r = boss.form("/admin/users/"+me+"/disable", url.Values{})
	mustStatus(t, r, http.StatusConflict)
	wantIn(t, r, "不能停用当前登录的账号")
	mustStatus(t, boss.form("/admin/users/"+me+"/password", url.Values{"password": {"bureau-new-password"}}), http.StatusOK)
	mustStatus(t, boss.page("/admin/users"), http.StatusOK)

	// A district official has no account page.
	mustStatus(t, env.official("district-nh", "330402").page("/admin/users"), http.StatusForbidden)
	log, _, _ := env.store.AuditLog(context.Background(), models.AuditFilter{}, 100, 0)
	actions := map[string]int{}
	for _, e := range log {
		if e.Actor == "bureau-boss" {
			actions[e.Action]++
		}
	}
	if actions["user_added"] != 1 || actions["user_disabled"] != 1 || actions["user_enabled"] != 1 || actions["password_reset"] != 2 {
		t.Fatalf("audit log of the bureau's changes: %v", actions)
	}
}

func userIDOf(t *testing.T, env *testEnv, username string) string {
	t.Helper()
	us, err := env.store.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if u.Username == username {
			return strconv.FormatInt(u.ID, 10)
		}
	}
	t.Fatalf("no user %s", username)
	return ""
}

// TestLoginMessagesSayWhatHappened: an expired session is named on the
// login page, and the last tries before a lockout say how many are left.
func TestLoginMessagesSayWhatHappened(t *testing.T) {
	env := newTestEnv(t)
	env.addOfficial("district-nh", models.RoleDistrict, "330402")
	cl := env.client()
	cl.cookies[sessionCookie] = "expired-or-unknown"
	r := cl.page("/dashboard")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login?next=/dashboard" {
		t.Fatalf("an old session on /dashboard: %d %s", r.status, r.header.Get("Location"))
	}
	r = cl.page("/login?next=/dashboard")
	wantIn(t, r, "登录已失效", `role="tab" class="tab active">管理人员登录`)

	var last string
	for i := 1; i <= 10; i++ {
		r := env.client().api("POST", "/api/v1/session", map[string]string{"username": "district-nh", "password": "wrong-password"})
		last = r.apiError(t).Message
		if i == 7 && last != "用户名或密码不正确。再错 3 次，将暂停从此网络登录该账号 10 分钟" {
			t.Errorf("7th failure: %q", last)
		}
		if i < 7 && last != "用户名或密码不正确" {
			t.Errorf("failure %d: %q", i, last)
		}
	}
	if last != "用户名或密码不正确。错误次数已达上限，暂停从此网络登录该账号 10 分钟" {
		t.Errorf("10th failure: %q", last)
	}
	r = env.client().api("POST", "/api/v1/session", map[string]string{"username": "district-nh", "password": officialPassword})
	mustStatus(t, r, http.StatusTooManyRequests)
}
