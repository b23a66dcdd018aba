package questionnaires

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"healthcheck/decimal"
)

// ItemGap is a scored item of a dimension where the firm lost points, with
// what the next step on that item is. Points are in the total's 100-point
// scale (the dimension's raw points rescaled), so items of different
// dimensions compare.
type ItemGap struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Points    decimal.Fixed2 `json:"points"`
	MaxPoints decimal.Fixed2 `json:"max_points"`
	Lost      decimal.Fixed2 `json:"lost"`
	// Next says what earns more on the item: the next option, the options
	// not yet taken, or the rate that reaches the next band.
	Next string `json:"next"`
}

// ItemGaps lists the dimension's scored items below their maximum, most
// points lost first (form order among equals). Scenes are left out: the
// scene ranking (RankScenes) covers them with their level descriptions.
func (d *Definition) ItemGaps(dimension string, a Answers, f Facts) []ItemGap {
	dim, ok := d.Dimension(dimension)
	if !ok {
		return nil
	}
	scale := new(big.Rat).Quo(dim.Points.Rat(), dim.RawMax.Rat())
	s := d.context(a, f)
	var out []ItemGap
	add := func(id, title string, got, maxRaw *big.Rat, next string) {
		if got.Cmp(maxRaw) >= 0 {
			return
		}
		pts := decimal.RoundHalfUp(new(big.Rat).Mul(got, scale))
		top := decimal.RoundHalfUp(new(big.Rat).Mul(maxRaw, scale))
		out = append(out, ItemGap{ID: id, Title: title, Points: pts, MaxPoints: top, Lost: top - pts, Next: next})
	}
	for _, q := range d.order {
		if q.Dimension != dimension || q.Type == TypeScene || q.MaxScore == nil || !d.Applies(q, a) {
			continue
		}
		add(q.ID, q.Title, q.points(a[q.ID]), q.MaxScore.Rat(), q.nextStep(a[q.ID], scale))
	}
	for _, ds := range d.Derived {
		if ds.Dimension != dimension {
			continue
		}
		pct := s.ratio(ds.Ratio)
		got := new(big.Rat)
		if pct != nil {
			got = ds.Bands.Lookup(pct)
		}
		add(ds.ID, ds.Title, got, ds.MaxScore.Rat(), ds.nextStep(pct, scale))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Lost > out[j].Lost })
	return out
}

// nextStep names the better option(s) of a single or multi item.
func (q *Question) nextStep(v Value, scale *big.Rat) string {
	switch q.Type {
	case TypeSingle:
		cur := q.points(v)
		var best *Option
		for i := range q.Options {
			o := &q.Options[i]
			if o.Score == nil || o.Score.Rat().Cmp(cur) <= 0 {
				continue
			}
			if best == nil || o.Score.Cmp(*best.Score) < 0 {
				best = o
			}
		}
		if best == nil {
			return ""
		}
		gain := new(big.Rat).Sub(best.Score.Rat(), cur)
		return fmt.Sprintf("下一档：%s（+%s 分）", best.Label, decimal.RoundHalfUp(gain.Mul(gain, scale)))
	case TypeMulti:
		var missing []string
		for _, o := range q.Options {
			if !o.Exclusive && o.Score != nil && o.Score.Sign() > 0 && !contains(v.Strs, o.Value) {
				missing = append(missing, o.Label)
			}
		}
		if len(missing) == 0 {
			return ""
		}
		return "尚未做到：" + strings.Join(missing, "；")
	}
	return ""
}

// nextStep names the rate that reaches the next band of a derived item.
func (ds *DerivedScore) nextStep(pct *big.Rat, scale *big.Rat) string {
	if pct == nil {
		return fmt.Sprintf("%s无法计算（缺少分母），填报后计分", ds.Title)
	}
	cur := ds.Bands.Lookup(pct)
	for i, e := range ds.Bands.Edges {
		next := ds.Bands.Scores[i+1].Rat()
		if next.Cmp(cur) <= 0 || !ds.Bands.reaches(pct, i) {
			continue
		}
		verb := "超过"
		if ds.Bands.Closed == "lower" {
			verb = "达到"
		}
		gain := new(big.Rat).Sub(next, cur)
		return fmt.Sprintf("%s目前为 %s%%，%s %s%% 可加 %s 分", ds.Title, decimal.RoundHalfUp(pct), verb, e,
			decimal.RoundHalfUp(gain.Mul(gain, scale)))
	}
	return ""
}

// reaches reports whether pct is still below the band that edge i opens.
func (b BandTable) reaches(pct *big.Rat, i int) bool {
	c := pct.Cmp(b.Edges[i].Rat())
	if b.Closed == "upper" {
		return c <= 0 // v ≤ edge stays below; the next band starts above it
	}
	return c < 0 // v < edge stays below; the next band starts at it
}
