package decimal

import (
	"encoding/json"
	"strconv"
	"testing"
)

// The fast path must read exactly what the exact path reads, and leave
// everything else to it.
func TestParseHundredthsAgreesWithTheExactPath(t *testing.T) {
	inputs := []string{"0", "-0", "1", "12.5", "12.50", "61.05", "-0.05", "-12.34", "100", "1750", "0.01",
		"999999999999999", "999999999999999.99", "1e2", "1.234", "01", "-", ".5", "5.", "1,5", " 1", "12.3.4", "--1", "1a"}
	for i := -2000; i <= 2000; i += 7 {
		inputs = append(inputs, strconv.FormatFloat(float64(i)/100, 'f', -1, 64))
	}
	for _, in := range inputs {
		fast, ok := ParseHundredths([]byte(in))
		var n json.Number
		exactErr := json.Unmarshal([]byte(in), &n)
		var exact Fixed2
		if exactErr == nil {
			exact, exactErr = ParseFixed2(n.String())
		}
		switch {
		case ok && exactErr != nil:
			t.Errorf("%q: fast path took %v, exact path refuses: %v", in, fast, exactErr)
		case ok && fast != exact:
			t.Errorf("%q: fast %v, exact %v", in, fast, exact)
		}
		var viaJSON Fixed2
		err := json.Unmarshal([]byte(in), &viaJSON)
		if (err == nil) != (exactErr == nil) || (err == nil && viaJSON != exact) {
			t.Errorf("%q: UnmarshalJSON %v %v, exact %v %v", in, viaJSON, err, exact, exactErr)
		}
	}
	if v, ok := ParseHundredths([]byte("-12.3")); !ok || v != -1230 {
		t.Fatalf("-12.3 → %v %v", v, ok)
	}
}
