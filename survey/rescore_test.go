package survey

import (
	"testing"

	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/testutil/answerset"
)

// TestRescorerNeverReadsAnInvalidAnswer: stored answers are read with the
// answer parser's rules, so a value that breaks one (kept in a draft, or
// stored under an older rule) scores as if unanswered, never as its number.
func TestRescorerNeverReadsAnInvalidAnswer(t *testing.T) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	def := defs.Latest()
	rescore, err := (&Service{Defs: defs}).Rescorer(&models.Campaign{QuestionnaireID: def.ID})
	if err != nil {
		t.Fatal(err)
	}
	stored := func(over map[string]any) map[string][]byte {
		a := answerset.Full(def, 2)
		for k, v := range over {
			if v == nil {
				delete(a, k)
				continue
			}
			a[k] = v
		}
		out := map[string][]byte{}
		for id, raw := range answerset.Raw(a) {
			out[id] = raw
		}
		return out
	}
	e := &models.RosterEntry{RevenueWan: 5000000}
	total := func(over map[string]any) decimal.Fixed2 {
		row, err := rescore(e, stored(over))
		if err != nil {
			t.Fatal(err)
		}
		return row.Total
	}
	without := total(map[string]any{"f_eq_digital": nil, "f_eq_networked": nil})
	valid := total(map[string]any{"f_eq_digital": 200, "f_eq_networked": 200})
	invalid := total(map[string]any{"f_eq_digital": 500, "f_eq_networked": nil}) // more than the 200 in total
	asText := total(map[string]any{"f_eq_digital": "1,000", "f_eq_networked": nil})
	if valid <= without {
		t.Fatalf("equipment does not score: %s with, %s without", valid, without)
	}
	if invalid != without || asText != without {
		t.Errorf("an invalid answer scored: %s and %s, unanswered %s", invalid, asText, without)
	}
}
