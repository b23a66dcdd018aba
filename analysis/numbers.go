// Package analysis computes population statistics over scored responses: by
// size band, district and industry; means, quartiles, percentile ranks,
// indicator rates, flagged firms, service needs. It is pure: the dashboard,
// the JSON API, the HTML report and the Excel book all read its results, so
// they can never disagree.
package analysis

import (
	"math/big"
	"sort"

	"healthcheck/decimal"
)

// MinGroup is the smallest number of submitted firms an aggregate may be
// drawn from: below it only counts are given, so no single firm can be read
// off a chart (docs/methodology.md, 十二、6).
const MinGroup = 3

// Withheld is the small-group rule, decided here and nowhere else: a group
// of fewer than MinGroup submitted firms shows counts only, no mean,
// quartile, rate or share. Outputs read it (Group.Withheld, or the nil
// figures this package returns) and never decide it again.
func Withheld(submitted int) bool { return submitted < MinGroup }

// GroupShare is k of a group's submitted firms, ×100: the share of a level,
// a flag or a service need. nil for a withheld group.
func GroupShare(k, submitted int) *fixed {
	if Withheld(submitted) {
		return nil
	}
	return Share(k, submitted)
}

type fixed = decimal.Fixed2

// Mean is the exact mean rounded once; nil below MinGroup.
func Mean(xs []fixed) *fixed {
	if len(xs) < MinGroup {
		return nil
	}
	sum := new(big.Int)
	for _, x := range xs {
		sum.Add(sum, big.NewInt(int64(x)))
	}
	// xs are hundredths: mean in hundredths = sum/n; RoundHalfUp wants units.
	r := new(big.Rat).SetFrac(sum, big.NewInt(int64(len(xs))*100))
	v := decimal.RoundHalfUp(r)
	return &v
}

// QuartileInc is Excel's QUARTILE.INC (PERCENTILE.INC at p): linear
// interpolation between order statistics at position (n-1)p. sorted must be
// ascending. nil below MinGroup.
func QuartileInc(sorted []fixed, p *big.Rat) *fixed {
	n := len(sorted)
	if n < MinGroup {
		return nil
	}
	h := new(big.Rat).Mul(big.NewRat(int64(n-1), 1), p)
	lo := new(big.Int).Quo(h.Num(), h.Denom()).Int64()
	frac := new(big.Rat).Sub(h, new(big.Rat).SetInt64(lo))
	x := new(big.Rat).SetFrac64(int64(sorted[lo]), 100)
	if frac.Sign() > 0 && int(lo)+1 < n {
		step := new(big.Rat).SetFrac64(int64(sorted[lo+1]-sorted[lo]), 100)
		x.Add(x, step.Mul(step, frac))
	}
	v := decimal.RoundHalfUp(x)
	return &v
}

// Quartiles of an unsorted sample: Q1, median, Q3 (QUARTILE.INC).
func Quartiles(xs []fixed) (q1, median, q3 *fixed) {
	if len(xs) < MinGroup {
		return nil, nil, nil
	}
	s := append([]fixed(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return QuartileInc(s, big.NewRat(1, 4)), QuartileInc(s, big.NewRat(1, 2)), QuartileInc(s, big.NewRat(3, 4))
}

// PercentileRank is the share of the group scoring below, plus half of those
// scoring the same, ×100; nil when the group has fewer than MinGroup firms.
func PercentileRank(n, below, equal int64) *fixed {
	if n < MinGroup {
		return nil
	}
	r := new(big.Rat).SetFrac64(2*below+equal, 2*n)
	v := decimal.RoundHalfUp(r.Mul(r, big.NewRat(100, 1)))
	return &v
}

// Ratio is Σnum/Σden ×100, nil without a denominator.
func Ratio(num, den *big.Rat) *fixed {
	if den == nil || den.Sign() <= 0 {
		return nil
	}
	r := new(big.Rat).Quo(num, den)
	v := decimal.RoundHalfUp(r.Mul(r, big.NewRat(100, 1)))
	return &v
}

// Share is k/n ×100, nil when n is 0. It applies no small-group rule: it is
// for figures made of counts that are shown anyway (the response rate);
// shares of a group's submitted firms are GroupShare.
func Share(k, n int) *fixed {
	if n == 0 {
		return nil
	}
	return Ratio(big.NewRat(int64(k), 1), big.NewRat(int64(n), 1))
}
