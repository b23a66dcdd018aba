package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"healthcheck/models"
)

// TestBureauDecidesCorrectionRequests: a firm asks through the API; the
// bureau sees the request, accepts a checked value (the roster and the
// firm's page change), refuses another with a reason, and both are logged.
func TestBureauDecidesCorrectionRequests(t *testing.T) {
	env := newTestEnv(t)
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	ask := func(field, value string) int64 {
		var out struct{ ID int64 }
		r := firm.api("POST", "/api/v1/corrections", map[string]string{"field": field, "requested": value, "note": "营业执照已变更"})
		mustStatus(t, r, http.StatusCreated)
		r.json(t, &out)
		return out.ID
	}
	district, revenue := ask("district", "嘉兴市平湖"), ask("revenue_wan", "约五亿")

	cl := env.bureauClient()
	page := "/admin/corrections"
	r := cl.do("GET", page, "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "海宁测试皮革有限公司", "所属区县", "海宁市", "嘉兴市平湖", "营业执照已变更", "约五亿")

	action := func(id int64) string { return fmt.Sprintf("/admin/corrections/%d", id) }
	r = cl.post(page, action(revenue), url.Values{"action": {"accept"}, "value": {"约五亿"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "“约五亿”不是数字")
	r = cl.post(page, action(revenue), url.Values{"action": {"refuse"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "拒绝时请写明原因")
	r = cl.post(page, action(revenue), url.Values{"action": {"refuse"}, "note": {"请提供统计部门的数据"}})
	mustStatus(t, r, http.StatusSeeOther)

	r = cl.post(page, action(district), url.Values{"action": {"accept"}, "value": {"嘉兴市平湖"}})
	mustStatus(t, r, http.StatusSeeOther)
	// Posted again from a page that still shows the request (another tab).
	r = cl.post("/admin/campaigns", action(district), url.Values{"action": {"accept"}, "value": {"平湖市"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "该更正申请已处理")

	var s struct {
		Roster struct {
			District     string
			DistrictName string `json:"district_name"`
		}
	}
	firm.api("GET", "/api/v1/survey", nil).json(t, &s)
	if s.Roster.District != "330482" || s.Roster.DistrictName != "平湖市" {
		t.Fatalf("firm's roster after the correction: %+v", s.Roster)
	}
	r = cl.do("GET", page+"?status=all", "", nil)
	mustContain(t, r, "已接受", "已拒绝", "请提供统计部门的数据")
	for action, want := range map[string]int{"correction_requested": 2, "correction_accepted": 1, "correction_refused": 1} {
		log, _, _ := env.store.AuditLog(t.Context(), models.AuditFilter{Action: action}, 5, 0)
		if len(log) != want {
			t.Errorf("%s: %d entries", action, len(log))
		}
	}
	r = cl.do("GET", "/admin/audit?action=correction_accepted", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "接受更正", "所属区县 330481 → 330482")
	if strings.Contains(string(r.body), "拒绝更正</td>") {
		t.Error("the audit filter shows other actions")
	}
}

// TestAuditLogShowsLoginsAndEscapes: what users typed is shown as text.
func TestAuditLogShowsLoginsAndEscapes(t *testing.T) {
	env := newTestEnv(t)
	bad := env.client()
	r := bad.api("POST", "/api/v1/session", map[string]string{"username": "<script>x</script>", "password": "wrong-password"})
	mustStatus(t, r, http.StatusUnauthorized)
	cl := env.bureauClient()
	r = cl.do("GET", "/admin/audit", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "登录失败", "账号 &lt;script&gt;x&lt;/script&gt;（不存在）", "<td>登录</td>", "市经信局 · bureau")
}
