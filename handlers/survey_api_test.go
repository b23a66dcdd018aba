package handlers

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

const firmA = "91330481MA2B3C4D5G"

// TestSurveyFlowThroughAPI follows an invited firm through the contract:
// read, save, stale save, invalid save, read back, submit, submit again,
// read-only afterwards, and results/me agreeing with the submission.
func TestSurveyFlowThroughAPI(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)

	var first struct {
		Status        string                     `json:"status"`
		Version       int                        `json:"version"`
		Answers       map[string]json.RawMessage `json:"answers"`
		Campaign      struct{ Year int }         `json:"campaign"`
		Questionnaire struct {
			ID       string `json:"id"`
			Sections []struct {
				Questions []struct{ ID, Type string } `json:"questions"`
			} `json:"sections"`
		} `json:"questionnaire"`
	}
	r := cl.api("GET", "/api/v1/survey", nil)
	mustStatus(t, r, http.StatusOK)
	r.json(t, &first)
	if first.Status != "not_started" || first.Version != 0 || len(first.Answers) != 0 || first.Campaign.Year != 2020 {
		t.Fatalf("fresh survey: %+v", first)
	}
	n := 0
	for _, s := range first.Questionnaire.Sections {
		n += len(s.Questions)
	}
	if n < 40 {
		t.Fatalf("questionnaire has %d questions, want at least 40", n)
	}

	answers := fullAnswers(env.defs.Latest())
	r = cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": answers, "version": 0})
	mustStatus(t, r, http.StatusOK)
	var saved struct {
		Version int    `json:"version"`
		SavedAt string `json:"saved_at"`
	}
	r.json(t, &saved)
	if saved.Version != 1 || saved.SavedAt == "" {
		t.Fatalf("save: %s", r.body)
	}

	r = cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": map[string]any{"p_revenue": 1}, "version": 0})
	mustStatus(t, r, http.StatusConflict)
	if e := r.apiError(t); e.Code != "conflict" {
		t.Fatalf("stale save code %q", e.Code)
	}

	bad := fullAnswers(env.defs.Latest())
	bad["f_eq_total"] = -5
	bad["s_quality"] = "3" // a scene level is a JSON integer: malformed
	r = cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": bad, "version": 1})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if e := r.apiError(t); e.Code != "invalid" || e.Fields["s_quality"] == "" || len(e.Fields) != 1 {
		t.Fatalf("malformed save: %+v", e)
	}

	var back struct {
		Status  string                     `json:"status"`
		Version int                        `json:"version"`
		Answers map[string]json.RawMessage `json:"answers"`
	}
	r = cl.api("GET", "/api/v1/survey", nil)
	r.json(t, &back)
	if back.Status != "draft" || back.Version != 1 || len(back.Answers) != len(answers) {
		t.Fatalf("draft read back: status %s version %d answers %d", back.Status, back.Version, len(back.Answers))
	}
	if string(back.Answers["f_eq_total"]) != "200" || string(back.Answers["u_systems"]) != `["erp"]` {
		t.Fatalf("draft changed: f_eq_total=%s u_systems=%s", back.Answers["f_eq_total"], back.Answers["u_systems"])
	}

	r = cl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": false})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if e := r.apiError(t); e.Fields["pledge"] == "" {
		t.Fatalf("submit without pledge: %+v", e)
	}

	r = cl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true})
	mustStatus(t, r, http.StatusOK)
	result := r.body
	var res struct {
		Total      json.Number        `json:"total"`
		Level      string             `json:"level"`
		LevelCode  int                `json:"level_code"`
		Band       string             `json:"band"`
		Dimensions map[string]float64 `json:"dimensions"`
		Flags      []string           `json:"flags"`
	}
	r.json(t, &res)
	if res.Level == "" || res.Band != "4-10亿" || len(res.Dimensions) != 4 {
		t.Fatalf("result: %s", result)
	}

	r = cl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true})
	mustStatus(t, r, http.StatusOK)
	if !bytes.Equal(r.body, result) {
		t.Fatalf("second submit differs:\n%s\n%s", r.body, result)
	}

	r = cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": answers, "version": 1})
	mustStatus(t, r, http.StatusConflict)

	// results/me is the full report: the submitted outcome plus diagnosis,
	// policies and history; every field of the outcome agrees.
	r = cl.api("GET", "/api/v1/results/me", nil)
	mustStatus(t, r, http.StatusOK)
	var outcome, report map[string]json.RawMessage
	if err := json.Unmarshal(result, &outcome); err != nil {
		t.Fatal(err)
	}
	r.json(t, &report)
	for k, v := range outcome {
		if !bytes.Equal(report[k], v) {
			t.Errorf("results/me %s = %s, submit said %s", k, report[k], v)
		}
	}
	for _, k := range []string{"recommendations", "policies", "history"} {
		if _, ok := report[k]; !ok {
			t.Errorf("results/me lacks %s", k)
		}
	}
}

func TestSubmitIncompleteNamesMissingQuestions(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	partial := map[string]any{"p_revenue": 1000, "p_project": "no"}
	mustStatus(t, cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": partial, "version": 0}), http.StatusOK)
	r := cl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	e := r.apiError(t)
	if e.Fields["p_employees"] == "" || e.Fields["s_production"] == "" {
		t.Fatalf("missing questions not named: %v", e.Fields)
	}
	if e.Fields["p_revenue"] != "" || e.Fields["p_project_total"] != "" {
		t.Fatalf("answered or inapplicable questions named: %v", e.Fields)
	}
}

// TestBadInputIsRefusedCleanly sends what a broken or hostile client might:
// every case gets a clear 4xx and the draft is unchanged.
func TestBadInputIsRefusedCleanly(t *testing.T) {
	env := newTestEnv(t)
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	mustStatus(t, cl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": map[string]any{"p_employees": 10}, "version": 0}), http.StatusOK)

	cases := []struct {
		name, ctype, body string
		status            int
		field             string
	}{
		{"not json", "application/json", `{"answers":`, 400, ""},
		{"invalid utf-8 outside the answers", "application/json", "{\"answers\":{},\"version\":1}\xff", 400, ""},
		{"invalid utf-8", "application/json", "{\"answers\":{\"n_note\":\"\xff\xfe\"},\"version\":1}", 422, "n_note"},
		{"half a surrogate pair", "application/json", `{"answers":{"n_note":"\ud800"},"version":1}`, 422, "n_note"},
		{"NUL in a text", "application/json", `{"answers":{"p_contact_name":"王\u0000五"},"version":1}`, 422, "p_contact_name"},
		{"C1 control in a note", "application/json", `{"answers":{"n_note":"a\u0085b"},"version":1}`, 422, "n_note"},
		{"newline in a one-line text", "application/json", `{"answers":{"p_contact_name":"王\n五"},"version":1}`, 422, "p_contact_name"},
		{"a million digits", "application/json", `{"answers":{"p_revenue":` + strings.Repeat("9", 1_000_000) + `},"version":1}`, 422, "p_revenue"},
		{"scene level as a string", "application/json", `{"answers":{"s_quality":"3"},"version":1}`, 422, "s_quality"},
		{"scene level 3.5", "application/json", `{"answers":{"s_quality":3.5},"version":1}`, 422, "s_quality"},
		{"text over its max length", "application/json", `{"answers":{"p_contact_name":"` + strings.Repeat("张", 51) + `"},"version":1}`, 422, "p_contact_name"},
		{"option over 64 bytes", "application/json", `{"answers":{"u_cloud":"` + strings.Repeat("a", 65) + `"},"version":1}`, 422, "u_cloud"},
		{"bool for number", "application/json", `{"answers":{"p_employees":true},"version":1}`, 422, "p_employees"},
		{"form content type", "application/x-www-form-urlencoded", `answers=1`, 415, ""},
		{"unknown question", "application/json", `{"answers":{"zz_nope":1},"version":1}`, 422, "zz_nope"},
		{"number for single", "application/json", `{"answers":{"p_project":3},"version":1}`, 422, "p_project"},
		{"object for multi", "application/json", `{"answers":{"u_systems":{"a":1}},"version":1}`, 422, "u_systems"},
		{"scene level 7", "application/json", `{"answers":{"s_quality":7},"version":1}`, 422, "s_quality"},
		{"one good answer beside a malformed one", "application/json", `{"answers":{"p_employees":20,"s_quality":"3"},"version":1}`, 422, "s_quality"},
		{"missing version", "application/json", `{"answers":{}}`, 422, "version"},
		{"answers not an object", "application/json", `{"answers":[1,2],"version":1}`, 400, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := cl.do("PUT", "/api/v1/survey/answers", c.ctype, strings.NewReader(c.body))
			mustStatus(t, r, c.status)
			e := r.apiError(t)
			if e.Message == "" || e.Code != "invalid" {
				t.Fatalf("error envelope: %s", r.body)
			}
			if c.field != "" && e.Fields[c.field] == "" {
				t.Fatalf("field %s not named: %s", c.field, r.body)
			}
		})
	}
	var back struct {
		Version int                        `json:"version"`
		Answers map[string]json.RawMessage `json:"answers"`
	}
	cl.api("GET", "/api/v1/survey", nil).json(t, &back)
	if back.Version != 1 || len(back.Answers) != 1 || string(back.Answers["p_employees"]) != "10" {
		t.Fatalf("a refused request changed the draft: %+v", back)
	}
}

// TestHugeBodyGets413 needs a real socket: app.Test reports the refused body
// as a transport error. The server reads and discards an oversized body (up
// to a bound) before answering, so the client can send it all and still read
// the answer instead of a reset connection.
func TestHugeBodyGets413(t *testing.T) {
	env := newTestEnv(t)
	base := env.serve()
	cl := env.client()
	mustStatus(t, cl.loginFirm(firmA), http.StatusOK)
	body := `{"answers":{"n_note":"` + strings.Repeat("长", 1<<19) + `"},"version":0}`
	req, _ := http.NewRequest("PUT", base+"/api/v1/survey/answers", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cl.cookies[sessionCookie]})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "请求内容过大") {
		t.Fatalf("status %d: %s", res.StatusCode, b)
	}
}
