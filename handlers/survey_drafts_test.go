package handlers

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// draftCaller is who saves a draft: the firm on its own routes, or an
// official filling in for it (代填) on theirs. Both follow one contract.
type draftCaller struct {
	name               string
	cl                 *client
	save, submit, read string
}

// draftCallers logs in the firm, and a bureau official who has started to
// fill in for another firm, each with the routes they use.
func draftCallers(t *testing.T, env *testEnv) []draftCaller {
	t.Helper()
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	bureau := env.official("bureau-fill", "")
	mustStatus(t, bureau.form("/enterprises/"+firmTongxiang+"/fill", url.Values{"reason": {"企业提交纸质问卷"}}), http.StatusSeeOther)
	api := "/api/v1/enterprises/" + firmTongxiang
	return []draftCaller{
		{"firm", firm, "/api/v1/survey/answers", "/api/v1/survey/submit", "/api/v1/survey"},
		{"代填", bureau, api + "/answers", api + "/submit", api},
	}
}

// draftState is what GET /api/v1/survey and the official's
// GET /api/v1/enterprises/{code} both say about a draft.
type draftState struct {
	Status   string                     `json:"status"`
	Version  int                        `json:"version"`
	Progress int                        `json:"progress"` // the official's view only
	Answers  map[string]json.RawMessage `json:"answers"`
	Invalid  map[string]string          `json:"invalid"`
}

func (dc draftCaller) state(t *testing.T) draftState {
	t.Helper()
	var s draftState
	r := dc.cl.api("GET", dc.read, nil)
	mustStatus(t, r, http.StatusOK)
	r.json(t, &s)
	return s
}

// savedReply is the contract's answer to a save.
type savedReply struct {
	Version int               `json:"version"`
	SavedAt string            `json:"saved_at"`
	Invalid map[string]string `json:"invalid"`
}

func (dc draftCaller) saveOK(t *testing.T, answers map[string]any, version int) savedReply {
	t.Helper()
	r := dc.cl.api("PUT", dc.save, map[string]any{"answers": answers, "version": version})
	mustStatus(t, r, http.StatusOK)
	var s savedReply
	r.json(t, &s)
	if s.Version != version+1 || s.SavedAt == "" || s.Invalid == nil {
		t.Fatalf("save reply: %s", r.body)
	}
	return s
}

const projectITMessage = "智能化技术改造项目的信息化部分投资不能大于项目总投资。"

// TestDraftKeepsRuleBreakingAnswers: a save stores every answer as typed;
// those that break a rule come back in `invalid` with a reason, from the save
// and from every later read; they count as unanswered for the progress;
// submit names each of them and each missing answer; once fixed, submit
// goes through. The same for the firm and for an official filling in.
func TestDraftKeepsRuleBreakingAnswers(t *testing.T) {
	env := newTestEnv(t)
	def := env.defs.Latest()
	for _, dc := range draftCallers(t, env) {
		t.Run(dc.name, func(t *testing.T) {
			answers := fullAnswers(def)
			answers["p_project_it"] = 250 // larger than p_project_total, 200
			saved := dc.saveOK(t, answers, 0)
			if len(saved.Invalid) != 1 || saved.Invalid["p_project_it"] != projectITMessage {
				t.Fatalf("invalid = %v", saved.Invalid)
			}
			s := dc.state(t)
			if len(s.Answers) != len(answers) || string(s.Answers["p_project_it"]) != "250" {
				t.Fatalf("stored %d answers of %d, p_project_it = %s", len(s.Answers), len(answers), s.Answers["p_project_it"])
			}
			if len(s.Invalid) != 1 || s.Invalid["p_project_it"] != projectITMessage {
				t.Fatalf("read back invalid = %v", s.Invalid)
			}

			// Typed as text, kept as typed; a phone that is none; a missing answer.
			answers["p_revenue"] = "1,000"
			answers["p_contact_phone"] = "123"
			delete(answers, "p_employees")
			saved = dc.saveOK(t, answers, 1)
			want := map[string]string{"p_project_it": projectITMessage, "p_revenue": "应为数字", "p_contact_phone": "“123”不像电话号码"}
			if !sameStrings(saved.Invalid, want) {
				t.Fatalf("invalid = %v, want %v", saved.Invalid, want)
			}
			s = dc.state(t)
			if string(s.Answers["p_revenue"]) != `"1,000"` || string(s.Answers["p_contact_phone"]) != `"123"` || !sameStrings(s.Invalid, want) {
				t.Fatalf("read back: p_revenue %s, phone %s, invalid %v", s.Answers["p_revenue"], s.Answers["p_contact_phone"], s.Invalid)
			}

			r := dc.cl.api("POST", dc.submit, map[string]any{"version": 2, "pledge": false})
			mustStatus(t, r, http.StatusUnprocessableEntity)
			e := r.apiError(t)
			want["p_employees"] = "此题为必答题"
			want["pledge"] = "请阅读并勾选真实性承诺"
			if !sameStrings(e.Fields, want) || !strings.Contains(e.Message, "3 个答案不符合要求") {
				t.Fatalf("submit refused with %q %v, want %v", e.Message, e.Fields, want)
			}

			answers["p_project_it"], answers["p_revenue"], answers["p_contact_phone"], answers["p_employees"] = 80, 50000, "0573-82345678", 300
			if saved = dc.saveOK(t, answers, 2); len(saved.Invalid) != 0 {
				t.Fatalf("invalid after fixing: %v", saved.Invalid)
			}
			mustStatus(t, dc.cl.api("POST", dc.submit, map[string]any{"version": 3, "pledge": true}), http.StatusOK)
		})
	}
}

// TestInvalidAnswerIsNotProgress: the progress officials chase firms by
// counts valid answers only; the firm's page state carries the invalid
// answers so the page can mark them when it loads.
func TestInvalidAnswerIsNotProgress(t *testing.T) {
	env := newTestEnv(t)
	def := env.defs.Latest()
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	bureau := env.official("bureau-progress", "")
	read := func() draftState {
		var s draftState
		bureau.api("GET", "/api/v1/enterprises/"+firmA, nil).json(t, &s)
		return s
	}
	answers := fullAnswers(def)
	(draftCaller{cl: firm, save: "/api/v1/survey/answers"}).saveOK(t, answers, 0)
	if p := read().Progress; p != 100 {
		t.Fatalf("progress of a complete draft: %d", p)
	}
	answers["f_eq_digital"] = 500 // more than f_eq_total
	(draftCaller{cl: firm, save: "/api/v1/survey/answers"}).saveOK(t, answers, 1)
	if s := read(); s.Progress == 100 || s.Invalid["f_eq_digital"] == "" {
		t.Fatalf("progress %d with an invalid answer; invalid %v", s.Progress, s.Invalid)
	}
	page := firm.page("/survey")
	mustStatus(t, page, http.StatusOK)
	wantIn(t, page, `"invalid":{"f_eq_digital":"数字化生产设备数不能大于生产设备总数。"}`)
	// The officials' read-only view shows the value as typed, with its reason.
	wantIn(t, bureau.page("/enterprises/"+firmA), "500 台（套）", "不符合要求：数字化生产设备数不能大于生产设备总数。")
}

// TestSaveReplyInvalidIsAnObject: no rule broken gives {}, never null.
func TestSaveReplyInvalidIsAnObject(t *testing.T) {
	env := newTestEnv(t)
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	r := firm.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": map[string]any{"p_employees": 3}, "version": 0})
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.body), `"invalid":{}`) {
		t.Fatalf("save reply: %s", r.body)
	}
	r = firm.api("GET", "/api/v1/survey", nil)
	if !strings.Contains(string(r.body), `"invalid":{}`) {
		t.Fatalf("survey: %.300s", r.body)
	}
}

// TestMalformedSaveStoresNothing: unknown ids, JSON types a question cannot
// hold, control characters and oversized values refuse the save on both
// routes, naming the question, and the draft stays as it was; tab and
// newline are kept in a multi-line answer.
func TestMalformedSaveStoresNothing(t *testing.T) {
	env := newTestEnv(t)
	for _, dc := range draftCallers(t, env) {
		t.Run(dc.name, func(t *testing.T) {
			note := "第一行\n\t第二行"
			dc.saveOK(t, map[string]any{"n_note": note, "p_employees": 10}, 0)
			for _, bad := range []struct {
				id    string
				value any
			}{
				{"zz_unknown", 1},
				{"p_project", 3},
				{"u_systems", map[string]any{"erp": true}},
				{"s_quality", "3"},
				{"p_contact_name", "王\u0007五"},
				{"p_revenue", json.RawMessage(strings.Repeat("9", 1_000_000))},
			} {
				answers := map[string]any{"p_employees": 20, bad.id: bad.value}
				r := dc.cl.api("PUT", dc.save, map[string]any{"answers": answers, "version": 1})
				mustStatus(t, r, http.StatusUnprocessableEntity)
				if e := r.apiError(t); e.Code != "invalid" || len(e.Fields) != 1 || e.Fields[bad.id] == "" {
					t.Fatalf("%s: %s", bad.id, r.body)
				}
			}
			s := dc.state(t)
			var gotNote string
			if err := json.Unmarshal(s.Answers["n_note"], &gotNote); err != nil || gotNote != note {
				t.Fatalf("note %q, %v", gotNote, err)
			}
			if s.Version != 1 || len(s.Answers) != 2 || string(s.Answers["p_employees"]) != "10" {
				t.Fatalf("a refused save changed the draft: version %d, %v", s.Version, s.Answers)
			}
		})
	}
}

func sameStrings(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestSurveyFormCarriesTheServersChecks: the page checks while the firm
// types with the server's own words: the range message of each number and
// the format of the contact fields.
func TestSurveyFormCarriesTheServersChecks(t *testing.T) {
	env := newTestEnv(t)
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), http.StatusOK)
	page := firm.page("/survey")
	mustStatus(t, page, http.StatusOK)
	wantIn(t, page, `data-range="应在 0 到 10,000,000 万元/年 之间"`, `type="tel" name="p_contact_phone" maxlength="30" data-format="phone"`,
		`type="email" name="p_contact_email" maxlength="100" data-format="email"`, `id="invalid-link"`, `id="unsaved-notice"`)
}
