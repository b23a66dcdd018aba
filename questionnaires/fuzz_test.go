package questionnaires

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzParseAnswers feeds arbitrary request bodies to the answer parser and
// the scorer: neither may panic; a refused set names only what was sent; an
// accepted one keeps every non-empty value sent, each either valid or
// invalid with a reason; the valid ones score within bounds; and the draft
// survives storage unchanged, the same answers valid and the same invalid.
//
//	go test -run=NONE -fuzz=FuzzParseAnswers -fuzztime=20s ./questionnaires
func FuzzParseAnswers(f *testing.F) {
	d := def2020(f)
	// Small seeds: the engine minimises every new input it finds, and a
	// shorter body minimises in far fewer runs.
	for _, body := range []string{
		`{}`,
		`{"p_revenue":50000,"p_invest_avg":499.99,"m_plan":"aware","m_talent":["parttime"]}`,
		`{"f_eq_total":200,"f_eq_digital":100,"f_eq_networked":60,"u_key_processes":20,"u_key_processes_nc":10}`,
		`{"f_eq_total":10,"f_eq_digital":11,"f_eq_networked":12}`,
		`{"f_eq_total":0,"f_eq_digital":0,"f_eq_networked":0,"p_invest_avg":0,"p_revenue":0}`,
		`{"p_project":"yes","p_project_total":100,"p_project_it":50.5}`,
		`{"p_project":"no","p_project_total":"100","p_project_it":"200"}`,
		`{"f_network":["control","system"],"f_data_collection":["hr"],"f_info_systems":"all","u_systems":["erp","oa"]}`,
		`{"s_quality":"4","s_hr":-0,"s_office":"","s_decision":null,"s_finance":[],"s_energy":3}`,
		`{"o_energy":"flat","o_quality":"increase","o_market":"decrease","o_cost":"flat","n_needs":["cloud"]}`,
		`{"p_revenue":"1e3","f_network":["none","control"],"s_hr":2.5}`,
		`{"p_revenue":123456789012345678901234567890,"p_employees":1.5,"o_quality_last":100.01}`,
		`{"p_revenue":"0x10","p_invest_avg":"1_000","f_eq_total":"1p3"}`,
		`{"m_plan":["aware"],"m_talent":{"dept":true},"n_needs":"none","n_note":"中\u0000\ud800"}`,
		`{"u_systems":["erp","erp","none"],"u_cloud":"","zz":null}`,
		`{"p_contact_name":"\ud83d\ude00","o_energy_last":99999999.99,"o_quality_prev":-0.00}`,
		`{"p_revenue":"1,000","p_employees":"12abc","p_contact_phone":"123","p_contact_email":"x@"}`,
		`{"n_note":"a\tb\nc","p_contact_name":"a\u0085","s_hr":"3","p_revenue":99999999999999999999999999999999999}`,
		`{"f_eq_total":"100","f_eq_digital":"120","f_eq_networked":"150","p_project":"yes","p_project_total":1,"p_project_it":2}`,
	} {
		f.Add([]byte(body))
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		var raw map[string]json.RawMessage
		if json.Unmarshal(body, &raw) != nil {
			return
		}
		dr, errs := d.ParseAnswers(raw)
		if errs != nil {
			if dr != nil {
				t.Fatalf("a draft beside errors: %v", dr)
			}
			for id, msg := range errs {
				if _, ok := raw[id]; !ok || msg == "" {
					t.Fatalf("error on %q (%q), which was not sent", id, msg)
				}
			}
			_ = errs.Error()
			return
		}
		a := dr.Answers
		stored := dr.Stored(d)
		for id, msg := range dr.Invalid {
			if _, ok := a[id]; ok || msg == "" {
				t.Fatalf("%s both valid and invalid (%q)", id, msg)
			}
		}
		for id := range stored {
			if _, ok := raw[id]; !ok {
				t.Fatalf("answer %s was not sent", id)
			}
			if !json.Valid(stored[id]) {
				t.Fatalf("%s stored as %q, not JSON", id, stored[id])
			}
		}
		if len(stored) != len(a)+len(dr.Invalid) {
			t.Fatalf("%d stored, %d valid, %d invalid", len(stored), len(a), len(dr.Invalid))
		}
		d.Missing(a)
		d.Unfinished(dr)

		facts := Facts{RevenueWan: a["p_revenue"].Num} // 0 when unanswered
		r := d.Score(a, facts)
		if r.Total < 0 || r.Total > 10000 {
			t.Fatalf("total %s out of 0..100", r.Total)
		}
		if lvl := d.LevelOf(r.Total); lvl.Code != r.LevelCode || lvl.Label != r.Level {
			t.Fatalf("level %d %s for total %s", r.LevelCode, r.Level, r.Total)
		}
		for k, p := range r.Dimensions {
			if p < 0 || p > 10000 || r.DimensionBands[k] < 0 || r.DimensionBands[k] > 5 {
				t.Fatalf("%s: %s%% band %d", k, p, r.DimensionBands[k])
			}
		}
		for k, iv := range r.Indicators {
			if iv.Value != nil && *iv.Value < 0 {
				t.Fatalf("%s = %s", k, iv.Value)
			}
		}
		if adv := d.WeakestScenes(r, 5); len(adv) > 5 {
			t.Fatalf("%d scenes of advice", len(adv))
		}

		// Storage round trip: the same valid answers, the same invalid ones.
		back := d.DecodeStored(stored)
		if !reflect.DeepEqual(back.Answers, a) || !reflect.DeepEqual(back.Invalid, dr.Invalid) {
			t.Fatalf("round trip changed the draft:\n%#v %v\n%#v %v", back.Answers, back.Invalid, a, dr.Invalid)
		}
	})
}

// FuzzParseDefinition feeds arbitrary files to the edition loader that
// `questionnaire check` and `add` run on what the bureau writes: it may
// refuse but never panic, and an edition it accepts scores an empty and a
// full-of-zeros answer set within its own bounds.
//
//	go test -run=NONE -fuzz=FuzzParseDefinition -fuzztime=20s ./questionnaires
func FuzzParseDefinition(f *testing.F) {
	built, err := embedded.ReadFile("defs/jiaxing-2020.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(built)
	// Small seeds minimise fast; each reaches a different part of the check.
	for _, s := range []string{
		"id: x\nlevels: [{code: 0, label: a, min: 0}, {code: 1, label: b, min: 50}]\ndimension_band_width: 20\n",
		"id: x\ndimensions: [{key: a, points: 100, raw_max: 1}]\nsections: [{id: s, questions: [{id: q, type: number}]}]\n",
		"id: x\nrules: [{id: r, left: q, op: '<=', right: p, message: m}]\n",
		"id: [\n",
		"id: x\nsize_bands: [{label: a, min_wan: 0}, {label: a, min_wan: 0}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("a refusal without a message")
			}
			return
		}
		res := d.Score(Answers{}, Facts{})
		if res.Total < 0 || res.Total > 10000 {
			t.Fatalf("an empty answer set scores %s", res.Total)
		}
	})
}
