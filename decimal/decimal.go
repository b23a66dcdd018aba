// Package decimal holds the exact numbers the platform publishes: Fixed2, a
// value in hundredths (points, percents, 万元), its rounding and parsing, and
// the thousands grouping every page and message shares. It depends on
// nothing of the platform, so the store, the statistics and the charts use
// it without depending on the questionnaire.
package decimal

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strings"
)

// plainDecRe is a plain decimal literal. big.Rat alone would also take
// fractions, exponents, 0x/0b/0o prefixes and digit separators ("0x10", "1p3", "1_000").
var plainDecRe = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// ParseRat parses a plain decimal literal such as "12", "-0.5" or "1.875"
// exactly; surrounding spaces are ignored.
func ParseRat(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if !plainDecRe.MatchString(s) {
		return nil, fmt.Errorf("not a plain decimal: %q", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("not a decimal: %q", s)
	}
	return r, nil
}

// Fixed2 is a value in hundredths: the two-decimal figures the method publishes
// (points, percents, 万元). Its zero is 0.00.
type Fixed2 int64

// RoundHalfUp rounds an exact value to two decimals, half away from zero.
// A value whose numerator and denominator fit in int64 (every answer and
// score) is rounded in integers (roundInt64); only larger ones pay for
// big.Rat's arithmetic, which took most of the annual report's policy pass.
func RoundHalfUp(r *big.Rat) Fixed2 {
	num, den := r.Num(), r.Denom()
	if num.IsInt64() && den.IsInt64() {
		if v, ok := roundInt64(num.Int64(), den.Int64()); ok {
			return v
		}
	}
	return roundRat(r)
}

// roundRat is RoundHalfUp in big.Rat arithmetic, for any value.
func roundRat(r *big.Rat) Fixed2 {
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

// ParseFixed2 parses a decimal with at most two decimals ("12.5", "3").
func ParseFixed2(s string) (Fixed2, error) {
	if f, ok := ParseHundredths(s); ok {
		return f, nil
	}
	r, err := ParseRat(s)
	if err != nil {
		return 0, err
	}
	if new(big.Rat).Abs(r).Cmp(maxFixed2) > 0 {
		return 0, fmt.Errorf("too large: %q", s) // hundredths would overflow int64
	}
	f := RoundHalfUp(r)
	if f.Rat().Cmp(r) != 0 {
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
	if v, ok := ParseHundredths(b); ok { // stored results: the hot path of statistics
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
