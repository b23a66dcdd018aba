package report

import (
	"reflect"
	"testing"

	"healthcheck/questionnaires"
)

// TestStringArrayReadsStoredChoices: the comma split agrees with
// encoding/json on what Encode stores, and anything else is refused or
// decoded properly.
func TestStringArrayReadsStoredChoices(t *testing.T) {
	cases := []struct {
		raw  string
		want []string
		ok   bool
	}{
		{`["erp","mes"]`, []string{"erp", "mes"}, true},
		{`["none"]`, []string{"none"}, true},
		{`[]`, nil, true},
		{`["a\"b","c"]`, []string{`a"b`, "c"}, true},
		{`["a,b"]`, []string{"a,b"}, false}, // not an option value Encode writes; refused rather than split
		{`"erp"`, nil, false},
		{`[1,2]`, nil, false},
	}
	for _, c := range cases {
		got, ok := stringArray(c.raw)
		if ok != c.ok || (ok && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("%s: %q %t, want %q %t", c.raw, got, ok, c.want, c.ok)
		}
	}
}

// TestAnswerCellsAreAnswerCell: the cells made once per question are the
// cells answerCell makes, for every option and level and for values it
// does not know beforehand.
func TestAnswerCellsAreAnswerCell(t *testing.T) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	questions := defs.Latest().Questions()
	cells := newAnswerCells(questions)
	cached := 0
	for i, q := range questions {
		raws := []string{`"not-an-option"`, `"a\"b"`, "12.5", "-3", "7", `["x"]`, `"文本"`}
		for _, o := range q.Options {
			raws = append(raws, string(q.Encode(questionnaires.Value{Str: o.Value})))
		}
		for level := 0; level <= 4; level++ {
			raws = append(raws, string(q.Encode(questionnaires.Value{Level: level})))
		}
		for _, raw := range raws {
			if _, ok := cells.known[i][raw]; ok {
				cached++
			}
			if got, want := cells.cell(i, raw), answerCell(q, raw); !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: %#v, answerCell %#v", q.ID, raw, got, want)
			}
		}
	}
	if cached == 0 {
		t.Error("no cell was made beforehand")
	}
}
