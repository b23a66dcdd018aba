package decimal

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
)

func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad rational %q", s)
	}
	return r
}

func TestRoundHalfUp(t *testing.T) {
	cases := []struct {
		in   string // a big.Rat literal, fractions allowed
		want Fixed2
	}{
		{"0", 0},
		{"0.005", 1},    // a half goes up
		{"0.004999", 0}, // just below a half goes down
		{"0.0049999999999999999999", 0},
		{"-0.005", -1},   // half away from zero
		{"-0.004999", 0}, // and not below it
		{"0.015", 2},     // 1.5 hundredths
		{"0.025", 3},     // no banker's rounding
		{"2.675", 268},   // float64 gives 2.67 here
		{"1.005", 101},   // and 1.00 here
		{"39.995", 4000}, // the total of golden case (d)
		{"59.9949999", 5999},
		{"1/3", 33},
		{"2/3", 67},
		{"-2/3", -67},
		{"75/13", 577},     // 5.769230…
		{"1380/104", 1327}, // 13.269230…
		{"13.125", 1313},   // 管理 points of golden case (f)
		{"100", 10000},
		{"12345678.994", 1234567899},
	}
	for _, c := range cases {
		if got := RoundHalfUp(rat(t, c.in)); got != c.want {
			t.Errorf("RoundHalfUp(%s) = %s, want %s", c.in, got, c.want)
		}
	}
	// The argument is not modified.
	r := rat(t, "0.125")
	RoundHalfUp(r)
	if r.RatString() != "1/8" {
		t.Errorf("RoundHalfUp changed its argument to %s", r.RatString())
	}
}

func TestParseFixed2(t *testing.T) {
	ok := []struct {
		in   string
		want Fixed2
	}{
		{"0", 0}, {"3", 300}, {"12.5", 1250}, {"12.50", 1250}, {"1234.56", 123456},
		{"-0.5", -50}, {"0.01", 1}, {" 7 ", 700},
		{"1.230", 123}, // trailing zeros do not make a third decimal
		{"50000", 5000000}, {"100000000", 10000000000},
	}
	for _, c := range ok {
		got, err := ParseFixed2(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseFixed2(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, want string }{
		{"1.234", "more than two decimals"},
		{"0.001", "more than two decimals"},
		{"-0.005", "more than two decimals"},
		{"1e2", "not a plain decimal"},
		{"1E2", "not a plain decimal"},
		{"1.5e-1", "not a plain decimal"},
		{"1/2", "not a plain decimal"},
		{"0x10", "not a plain decimal"},  // big.Rat reads hex
		{"0b101", "not a plain decimal"}, // binary
		{"1p3", "not a plain decimal"},   // and binary exponents
		{"1_000", "not a plain decimal"}, // and digit separators
		{"", "not a plain decimal"},
		{"abc", "not a"},
		{"12,5", "not a"},
		{"NaN", "not a"},
		{"Inf", "not a"},
		{"99999999999999999999", "too large"}, // would not fit in int64 hundredths
	}
	for _, c := range bad {
		got, err := ParseFixed2(c.in)
		if err == nil {
			t.Errorf("ParseFixed2(%q) = %s, want an error", c.in, got)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseFixed2(%q) error %q, want it to say %q", c.in, err, c.want)
		}
	}
}

func TestFixed2StringAndJSON(t *testing.T) {
	cases := []struct {
		f    Fixed2
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {50, "0.50"}, {100, "1.00"}, {123450, "1234.50"},
		{-5, "-0.05"}, {-100, "-1.00"}, {-123456, "-1234.56"}, {10000, "100.00"},
	}
	for _, c := range cases {
		if got := c.f.String(); got != c.want {
			t.Errorf("Fixed2(%d).String() = %q, want %q", int64(c.f), got, c.want)
		}
		b, err := json.Marshal(c.f)
		if err != nil || string(b) != c.want {
			t.Errorf("json.Marshal(Fixed2(%d)) = %s, %v; want %s", int64(c.f), b, err, c.want)
		}
	}
	if got := Fixed2(123450).Float64(); got != 1234.5 {
		t.Errorf("Float64 = %v", got)
	}
	if got := Fixed2(-25).Rat().RatString(); got != "-1/4" {
		t.Errorf("Rat = %s", got)
	}

	// In a struct, as the API writes it.
	b, err := json.Marshal(struct {
		Total Fixed2  `json:"total"`
		Opt   *Fixed2 `json:"opt"`
	}{Total: 6325})
	if err != nil || string(b) != `{"total":63.25,"opt":null}` {
		t.Errorf("struct JSON = %s, %v", b, err)
	}

	var f Fixed2
	for in, want := range map[string]Fixed2{`1234.5`: 123450, `0`: 0, `-0.01`: -1, `63.25`: 6325} {
		if err := json.Unmarshal([]byte(in), &f); err != nil || f != want {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", in, f, err, want)
		}
	}
	for _, in := range []string{`1.234`, `1e2`, `"x"`, `true`, `{}`} {
		if err := json.Unmarshal([]byte(in), &f); err == nil {
			t.Errorf("Unmarshal(%s) accepted: %s", in, f)
		}
	}
}
