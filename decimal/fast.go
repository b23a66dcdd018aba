package decimal

import (
	"math"
	"math/bits"
)

// ParseHundredths reads a number with at most two decimals and at most 15
// integer digits ("61.5", "-0.05", "1750") straight into hundredths. It is
// the common case of answers being saved and of stored results being read
// back for statistics, where the exact path (regexp, big.Rat) dominated the
// time. Anything else (exponents, more decimals, leading zeros, huge values)
// returns ok false for the exact path to decide.
func ParseHundredths[T ~string | ~[]byte](b T) (v Fixed2, ok bool) {
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		neg, i = true, 1
	}
	start := i
	var n int64
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		n = n*10 + int64(b[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 15 || (digits > 1 && b[start] == '0') {
		return 0, false
	}
	n *= 100
	if i < len(b) {
		if b[i] != '.' {
			return 0, false
		}
		i++
		frac := len(b) - i
		if frac < 1 || frac > 2 {
			return 0, false
		}
		scale := int64(10)
		for ; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return 0, false
			}
			n += int64(b[i]-'0') * scale
			scale /= 10
		}
	}
	if neg {
		n = -n
	}
	return Fixed2(n), true
}

// roundInt64 rounds num/den (den > 0) to hundredths, half away from zero, as
// roundRat does: ⌊(100·|num| + den/2) / den⌋ = ⌊(200·|num| + den) / 2den⌋,
// computed in 128 bits. ok is false when the result does not fit in an
// int64 (or den is not positive), for the exact path to decide.
func roundInt64(num, den int64) (v Fixed2, ok bool) {
	if den <= 0 {
		return 0, false
	}
	abs := uint64(num)
	if num < 0 {
		abs = -abs // also right for math.MinInt64
	}
	hi, lo := bits.Mul64(abs, 200)
	lo, carry := bits.Add64(lo, uint64(den), 0)
	hi += carry
	div := 2 * uint64(den) // den < 2^63, so no overflow
	if hi >= div {
		return 0, false // the quotient needs more than 64 bits
	}
	q, _ := bits.Div64(hi, lo, div)
	if q > math.MaxInt64 {
		return 0, false
	}
	if num < 0 {
		return Fixed2(-int64(q)), true
	}
	return Fixed2(q), true
}
