package questionnaires

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Dec is an exact decimal read from the definition file. Scores such as 0.7 or
// 1.875 must not pass through float64: the method promises exact arithmetic.
type Dec struct{ r big.Rat }

// D parses a decimal literal; it panics on a malformed literal and is meant for
// constants in code and tests.
func D(s string) Dec {
	d, err := ParseDec(s)
	if err != nil {
		panic(err)
	}
	return d
}

// plainDecRe is a plain decimal literal. big.Rat alone would also take
// fractions, exponents, 0x/0b/0o prefixes and digit separators ("0x10", "1p3", "1_000").
var plainDecRe = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// ParseDec parses a plain decimal literal such as "12", "-0.5" or "1.875".
func ParseDec(s string) (Dec, error) {
	var d Dec
	s = strings.TrimSpace(s)
	if !plainDecRe.MatchString(s) {
		return d, fmt.Errorf("not a plain decimal: %q", s)
	}
	if _, ok := d.r.SetString(s); !ok {
		return d, fmt.Errorf("not a decimal: %q", s)
	}
	return d, nil
}

// DecFromRat wraps a rational.
func DecFromRat(r *big.Rat) Dec {
	var d Dec
	d.r.Set(r)
	return d
}

// Rat returns a copy of the value as a rational.
func (d Dec) Rat() *big.Rat { return new(big.Rat).Set(&d.r) }

// ref is the value itself, for read-only arithmetic without a copy.
func (d *Dec) ref() *big.Rat { return &d.r }

// Cmp compares d and e.
func (d Dec) Cmp(e Dec) int { return d.r.Cmp(&e.r) }

// Sign reports the sign of d.
func (d Dec) Sign() int { return d.r.Sign() }

// String formats the value with as many decimals as it needs (at most 6).
func (d Dec) String() string {
	s := d.r.FloatString(6)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Grouped formats the value as String does, with thousands separators in
// its whole part: "10,000,000", "-1,234.5".
func (d Dec) Grouped() string { return GroupDigits(d.String()) }

// GroupDigits puts a comma between each group of three digits of the whole
// part of a decimal string ("-1234567.5" → "-1,234,567.5"). Anything that is
// not a plain decimal is returned unchanged. Pages and messages share it, so
// a number reads the same everywhere.
func GroupDigits(s string) string {
	sign, rest := "", s
	if strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") {
		sign, rest = rest[:1], rest[1:]
	}
	whole, frac, hasFrac := strings.Cut(rest, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || (hasFrac && strings.Trim(frac, "0123456789") != "") {
		return s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// UnmarshalYAML reads the scalar's literal text, not a float.
func (d *Dec) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a number", n.Line)
	}
	v, err := ParseDec(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalJSON writes the decimal as a JSON number.
func (d Dec) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// Fixed2 is a value in hundredths: the two-decimal figures the method publishes
// (points, percents, 万元). Its zero is 0.00.
type Fixed2 int64

// RoundHalfUp rounds an exact value to two decimals, half away from zero.
func RoundHalfUp(r *big.Rat) Fixed2 {
	x := new(big.Rat).Mul(r, big.NewRat(100, 1))
	neg := x.Sign() < 0
	if neg {
		x.Neg(x)
	}
	x.Add(x, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom())
	v := q.Int64()
	if neg {
		v = -v
	}
	return Fixed2(v)
}

// FixedFromDec converts a value known to have at most two decimals.
func FixedFromDec(d Dec) Fixed2 { return RoundHalfUp(&d.r) }

// ParseFixed2 parses a decimal with at most two decimals ("12.5", "3").
func ParseFixed2(s string) (Fixed2, error) {
	if f, ok := parseHundredths(s); ok {
		return f, nil
	}
	d, err := ParseDec(s)
	if err != nil {
		return 0, err
	}
	if new(big.Rat).Abs(&d.r).Cmp(maxFixed2) > 0 {
		return 0, fmt.Errorf("too large: %q", s) // hundredths would overflow int64
	}
	f := FixedFromDec(d)
	if f.Rat().Cmp(&d.r) != 0 {
		return 0, fmt.Errorf("more than two decimals: %q", s)
	}
	return f, nil
}

// maxFixed2 is the largest magnitude a Fixed2 holds, in units.
var maxFixed2 = big.NewRat(math.MaxInt64/100, 1)

// Rat returns the exact value.
func (f Fixed2) Rat() *big.Rat { return big.NewRat(int64(f), 100) }

// Float64 is for charts and sorting only, never for arithmetic that is published.
func (f Fixed2) Float64() float64 { return float64(f) / 100 }

// String formats with exactly two decimals.
func (f Fixed2) String() string {
	v := int64(f)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON writes a JSON number with two decimals.
func (f Fixed2) MarshalJSON() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalJSON reads a JSON number with at most two decimals.
func (f *Fixed2) UnmarshalJSON(b []byte) error {
	if v, ok := parseHundredths(b); ok { // stored results: the hot path of statistics
		*f = v
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	v, err := ParseFixed2(n.String())
	if err != nil {
		return err
	}
	*f = v
	return nil
}
