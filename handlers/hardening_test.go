package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"healthcheck/models"
)

// TestCorrectionBurstIsRefusedPastTheLimits: 300 requests at once file 5
// (the pending limit); once the bureau decides them, the firm files again
// until 20 in the hour.
func TestCorrectionBurstIsRefusedPastTheLimits(t *testing.T) {
	env := newTestEnv(t)
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	ask := func() response {
		return firm.api("POST", "/api/v1/corrections", map[string]string{"field": "employees", "requested": "310"})
	}
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var refusal, other response
	for i := 0; i < 300; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := ask()
			mu.Lock()
			defer mu.Unlock()
			statuses[r.status]++
			switch r.status {
			case http.StatusCreated:
			case http.StatusTooManyRequests:
				refusal = r
			default:
				other = r
			}
		}()
	}
	wg.Wait()
	if statuses[http.StatusCreated] != 5 || statuses[http.StatusTooManyRequests] != 295 {
		t.Fatalf("300 at once: %v, want 5 filed and 295 refused; one other answer: %d %s", statuses, other.status, other.body)
	}
	if e := refusal.apiError(t); e.Code != "too_many_requests" || !strings.Contains(e.Message, "待处理") {
		t.Fatalf("refusal: %+v", e)
	}
	for filed := 5; filed < 20; filed += 5 {
		decideAll(t, env)
		for i := 0; i < 5; i++ {
			mustStatus(t, ask(), http.StatusCreated)
		}
	}
	decideAll(t, env)
	r := ask()
	mustStatus(t, r, http.StatusTooManyRequests)
	if e := r.apiError(t); !strings.Contains(e.Message, "一小时内最多提交 20 条") {
		t.Fatalf("hourly refusal: %+v", e)
	}
}

// decideAll refuses every pending correction request, as the bureau would.
func decideAll(t *testing.T, env *testEnv) {
	t.Helper()
	rows, _, err := env.store.Corrections(t.Context(), models.CorrectionPending, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := env.store.DecideCorrection(t.Context(), models.Decision{ID: r.ID, Note: "请提供材料", Actor: "user:bureau"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestControlCharactersInOfficialsAndFirmsTextAreRefused covers the free
// text outside answers: corrections, review and reopening reasons, names.
func TestControlCharactersInOfficialsAndFirmsTextAreRefused(t *testing.T) {
	env := newTestEnv(t)
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	for _, body := range []map[string]string{
		{"field": "name", "requested": "新名称\x00有限公司"},
		{"field": "name", "requested": "新名称\u0085有限公司"},
		{"field": "name", "requested": "新名称有限公司", "note": "说明\x1b[31m"},
	} {
		r := firm.api("POST", "/api/v1/corrections", body)
		mustStatus(t, r, http.StatusUnprocessableEntity)
		if e := r.apiError(t); !strings.Contains(strings.Join(values(e.Fields), ""), "控制字符") {
			t.Errorf("%q: %+v", body, e)
		}
	}
	// A note on several lines is fine.
	mustStatus(t, firm.api("POST", "/api/v1/corrections",
		map[string]string{"field": "name", "requested": "新名称有限公司", "note": "第一行\n第二行"}), http.StatusCreated)
	firm.submitFull()

	bureau := env.bureauClient()
	r := bureau.api("POST", "/api/v1/enterprises/"+firmA+"/review", map[string]string{"action": "return", "reason": "请补充\x07"})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	r = bureau.post("/admin/campaigns/2020", "/admin/campaigns/2020/reopen",
		url.Values{"credit_code": {firmA}, "reason": {"数据有误\x00"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "控制字符")
	r = bureau.post("/admin/users", "/admin/users", url.Values{"username": {"zhang\x00san"}, "role": {"bureau"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
