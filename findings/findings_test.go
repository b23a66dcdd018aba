package findings

import (
	"strings"
	"testing"
)

// The built-in rules parse; a rule naming a placeholder its kind does not
// fill, an unknown kind or a missing figure is refused with its place.
func TestRulesAreChecked(t *testing.T) {
	if len(Default()) < 8 {
		t.Fatalf("%d built-in rules", len(Default()))
	}
	for _, c := range []struct{ file, want string }{
		{"rules:\n  - {kind: lagging, by: band, title: a, text: \"{group} {budget}\", figure: f}\n", "{budget} is not one of"},
		{"rules:\n  - {kind: guess, title: a, text: b, figure: f}\n", `unknown kind "guess"`},
		{"rules:\n  - {kind: change, title: a, text: b}\n", "figure are required"},
		{"rules:\n  - {kind: lagging, by: street, title: a, text: b, figure: f}\n", "by: band, district or industry"},
	} {
		if _, err := Parse([]byte(c.file)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.file, err, c.want)
		}
	}
}
