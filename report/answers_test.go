package report

import (
	"reflect"
	"testing"
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
