package views

import (
	"testing"

	"healthcheck/decimal"
)

// TestNumbersReadWithSeparators: large figures get thousands separators and
// their unit set apart by a no-break space ("10,000,000 万元/年", never
// "10000000万元/年").
func TestNumbersReadWithSeparators(t *testing.T) {
	v, _ := decimal.ParseFixed2("52000.5")
	cases := []struct {
		in   any
		want string
	}{
		{"10000000", "10,000,000"}, {"52000.50", "52,000.50"}, {"-1234567.5", "-1,234,567.5"},
		{"999", "999"}, {1000, "1,000"}, {int64(123456), "123,456"}, {v, "52,000.50"}, {"12a34", "12a34"}, {"", ""},
	}
	for _, c := range cases {
		if got := grouped(c.in); got != c.want {
			t.Errorf("grouped(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := qty("10000000", "万元/年"); got != "10,000,000\u00a0万元/年" {
		t.Errorf("qty = %q", got)
	}
	share, _ := decimal.ParseFixed2("61.54")
	if got := pctWhole(&share); got != "62%" {
		t.Errorf("pctWhole = %q", got)
	}
}
