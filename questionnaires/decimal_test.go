package questionnaires

import (
	"encoding/json"
	"math/big"
	"testing"
)

func TestParseDec(t *testing.T) {
	for _, s := range []string{"12", "-0.5", "1.875", "0.7", "100000000"} {
		d, err := ParseDec(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDec(%q) = %s, %v", s, d, err)
		}
	}
	for _, s := range []string{"1e3", "0x1p4", "0o17", "3/8", "", " ", "1.2.3", "--1"} {
		if d, err := ParseDec(s); err == nil {
			t.Errorf("ParseDec(%q) = %s, want an error", s, d)
		}
	}
	// String trims trailing zeros and shows at most six decimals.
	if s := D("1.50").String(); s != "1.5" {
		t.Errorf("D(1.50) = %s", s)
	}
	if s := DecFromRat(big.NewRat(1, 3)).String(); s != "0.333333" {
		t.Errorf("1/3 = %s", s)
	}
	if D("0.7").Cmp(D("0.70")) != 0 || D("-2").Sign() != -1 || D("1.875").Rat().RatString() != "15/8" {
		t.Error("Cmp/Sign/Rat")
	}
	b, err := json.Marshal(D("1.875"))
	if err != nil || string(b) != "1.875" {
		t.Errorf("json(D(1.875)) = %s, %v", b, err)
	}
}

func TestDPanicsOnBadLiteral(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("D(\"1e2\") did not panic")
		}
	}()
	D("1e2")
}

func TestFixedFromDec(t *testing.T) {
	if got := FixedFromDec(D("1.875")); got != 188 {
		t.Errorf("FixedFromDec(1.875) = %d, want 188 (rounded half up)", got)
	}
	if got := FixedFromDec(D("40")); got != 4000 {
		t.Errorf("FixedFromDec(40) = %d", got)
	}
}
