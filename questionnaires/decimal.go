package questionnaires

import (
	"fmt"
	"math/big"
	"strings"

	"healthcheck/decimal"

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

// ParseDec parses a plain decimal literal such as "12", "-0.5" or "1.875".
func ParseDec(s string) (Dec, error) {
	var d Dec
	r, err := decimal.ParseRat(s)
	if err != nil {
		return d, err
	}
	d.r.Set(r)
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
func (d Dec) Grouped() string { return decimal.GroupDigits(d.String()) }

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

// FixedFromDec converts a value known to have at most two decimals.
func FixedFromDec(d Dec) decimal.Fixed2 { return decimal.RoundHalfUp(&d.r) }
