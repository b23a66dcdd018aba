package questionnaires

import (
	"math/big"
	"strings"

	"healthcheck/decimal"
)

// Facts are what the campaign roster says about the firm: the score depends on
// them (size band, investment intensity), not on what the firm typed.
type Facts struct {
	RevenueWan decimal.Fixed2 // 营业收入, 万元
}

// IndicatorValue is one firm's indicator. Value is a percent (0 or 100 for an
// adoption); it is nil when the indicator has no denominator for this firm.
// Num and Den are kept for ratios so the city can add them up (Σ/Σ).
type IndicatorValue struct {
	Value *decimal.Fixed2 `json:"value"`
	Num   *decimal.Fixed2 `json:"num,omitempty"`
	Den   *decimal.Fixed2 `json:"den,omitempty"`
}

// Result is a firm's score. Every figure is rounded once, from exact values.
type Result struct {
	Total           decimal.Fixed2            `json:"total"`
	LevelCode       int                       `json:"level_code"`
	Level           string                    `json:"level"`
	Band            string                    `json:"band"`
	Dimensions      map[string]decimal.Fixed2 `json:"dimensions"` // percent of the dimension's maximum
	DimensionPoints map[string]decimal.Fixed2 `json:"dimension_points"`
	DimensionBands  map[string]int            `json:"dimension_bands"`
	Indicators      map[string]IndicatorValue `json:"indicators"`
	Flags           []string                  `json:"flags"`
	Scenes          map[string]int            `json:"scenes"` // scene question id → level
	Needs           []string                  `json:"needs"`  // 服务需求 chosen, without exclusive options
}

// scoring carries one computation.
type scoring struct {
	def     *Definition
	answers Answers
	facts   Facts
	inds    map[string]*big.Rat // exact indicator percents, for flags
}

// Score computes a firm's result from the definition, its answers and its
// roster facts. Unanswered scored items count 0, so a draft can be previewed;
// submission requires completeness first.
func (d *Definition) Score(a Answers, f Facts) Result {
	s := &scoring{def: d, answers: a, facts: f, inds: map[string]*big.Rat{}}
	res := Result{
		Dimensions:      map[string]decimal.Fixed2{},
		DimensionPoints: map[string]decimal.Fixed2{},
		DimensionBands:  map[string]int{},
		Indicators:      map[string]IndicatorValue{},
		Flags:           []string{},
		Scenes:          map[string]int{},
	}
	raw := s.rawPoints()
	total := new(big.Rat)
	for _, dim := range d.Dimensions {
		share := new(big.Rat).Quo(raw[dim.Key], dim.RawMax.ref())
		points := new(big.Rat).Mul(share, dim.Points.ref())
		pct := decimal.RoundHalfUp(new(big.Rat).Mul(share, big.NewRat(100, 1)))
		total.Add(total, points)
		res.DimensionPoints[dim.Key] = decimal.RoundHalfUp(points)
		res.Dimensions[dim.Key] = pct
		res.DimensionBands[dim.Key] = d.dimensionBand(pct)
	}
	res.Total = decimal.RoundHalfUp(total)
	lvl := d.LevelOf(res.Total)
	res.LevelCode, res.Level = lvl.Code, lvl.Label
	res.Band = d.BandOf(f.RevenueWan)
	for _, ind := range d.Indicators {
		res.Indicators[ind.Key] = s.indicator(ind)
	}
	for _, fl := range d.Flags {
		if s.all(fl.All) {
			res.Flags = append(res.Flags, fl.Code)
		}
	}
	for _, q := range d.order {
		if q.Type == TypeScene {
			res.Scenes[q.ID] = a[q.ID].Level
		}
	}
	res.Needs = d.needs(a)
	return res
}

// rawPoints adds up the raw points of every scored item per dimension.
func (s *scoring) rawPoints() map[string]*big.Rat {
	raw := map[string]*big.Rat{}
	for _, dim := range s.def.Dimensions {
		raw[dim.Key] = new(big.Rat)
	}
	for _, q := range s.def.order {
		if q.Scored() && s.def.Applies(q, s.answers) {
			raw[q.Dimension].Add(raw[q.Dimension], q.points(s.answers[q.ID]))
		}
	}
	for _, ds := range s.def.Derived {
		if pct := s.ratio(ds.Ratio); pct != nil {
			raw[ds.Dimension].Add(raw[ds.Dimension], ds.Bands.Lookup(pct))
		}
	}
	return raw
}

// points is the raw score of one answer (zero when unanswered).
func (q *Question) points(v Value) *big.Rat {
	sum := new(big.Rat)
	switch q.Type {
	case TypeSingle:
		if o, ok := q.Option(v.Str); ok && o.Score != nil {
			sum.Add(sum, o.Score.ref())
		}
	case TypeMulti:
		for _, val := range v.Strs {
			if o, ok := q.Option(val); ok && o.Score != nil {
				sum.Add(sum, o.Score.ref())
			}
		}
	case TypeScene:
		sum.SetInt64(int64(q.Scene.Weight * v.Level))
	}
	return sum
}

// Lookup maps a value to its band's score.
func (b BandTable) Lookup(v *big.Rat) *big.Rat {
	for i := range b.Edges {
		c := v.Cmp(b.Edges[i].ref())
		if (b.Closed == "upper" && c <= 0) || (b.Closed == "lower" && c < 0) {
			return b.Scores[i].Rat()
		}
	}
	return b.Scores[len(b.Scores)-1].Rat()
}

// LevelOf reads the level from a rounded total, lower bound included.
func (d *Definition) LevelOf(total decimal.Fixed2) Level {
	lvl := d.Levels[0]
	for _, l := range d.Levels {
		if total.Rat().Cmp(l.Min.Rat()) >= 0 {
			lvl = l
		}
	}
	return lvl
}

// BandOf is the size band of a revenue in 万元, lower bound included.
func (d *Definition) BandOf(revenueWan decimal.Fixed2) string {
	band := d.SizeBands[0].Label
	for _, b := range d.SizeBands {
		if revenueWan.Rat().Cmp(b.MinWan.Rat()) >= 0 {
			band = b.Label
		}
	}
	return band
}

// dimensionBand is floor(rounded percent / width): 0–5 for a width of 20.
func (d *Definition) dimensionBand(pct decimal.Fixed2) int {
	q := new(big.Rat).Quo(pct.Rat(), d.DimensionBandWidth.Rat())
	return int(new(big.Int).Quo(q.Num(), q.Denom()).Int64())
}

// ratio is numerator/denominator ×100, nil without a positive denominator.
func (s *scoring) ratio(r Ratio) *big.Rat {
	num, nok := s.number(r.Numerator)
	den, dok := s.number(r.Denominator)
	if !nok || !dok || den.Sign() <= 0 {
		return nil
	}
	pct := new(big.Rat).Quo(num, den)
	return pct.Mul(pct, big.NewRat(100, 1))
}

// number resolves a numeric reference: a question, the roster revenue or an indicator.
func (s *scoring) number(ref string) (*big.Rat, bool) {
	if ref == RosterRevenue {
		return s.facts.RevenueWan.Rat(), true
	}
	if key, ok := strings.CutPrefix(ref, "indicator:"); ok {
		v, ok := s.inds[key]
		return v, ok && v != nil
	}
	return s.def.numericAnswer(s.answers, ref)
}

func (s *scoring) indicator(ind Indicator) IndicatorValue {
	var iv IndicatorValue
	switch ind.Kind {
	case IndicatorRatio:
		num, nok := s.number(ind.Ratio.Numerator)
		den, dok := s.number(ind.Ratio.Denominator)
		if nok && dok {
			n, d := decimal.RoundHalfUp(num), decimal.RoundHalfUp(den)
			iv.Num, iv.Den = &n, &d
		}
		if pct := s.ratio(*ind.Ratio); pct != nil {
			v := decimal.RoundHalfUp(pct)
			iv.Value = &v
			s.inds[ind.Key] = pct
		}
	case IndicatorAdoption:
		v := decimal.Fixed2(0)
		if s.def.eval(ind.When, s.answers, nil) {
			v = 10000
		}
		iv.Value = &v
		s.inds[ind.Key] = v.Rat()
	}
	return iv
}

func (s *scoring) all(conds []Condition) bool {
	for i := range conds {
		if !s.def.eval(&conds[i], s.answers, s) {
			return false
		}
	}
	return true
}

// eval tests a condition. Numeric references need the scoring context (roster
// facts and indicators); without it only question answers are seen.
func (d *Definition) eval(c *Condition, a Answers, s *scoring) bool {
	if c.Lt != nil || c.Ge != nil {
		var v *big.Rat
		var ok bool
		if s != nil {
			v, ok = s.number(c.Ref)
		} else {
			v, ok = d.numericAnswer(a, c.Ref)
		}
		if !ok {
			return false
		}
		if c.Lt != nil {
			return v.Cmp(c.Lt.Rat()) < 0
		}
		return v.Cmp(c.Ge.Rat()) >= 0
	}
	v, answered := a[c.Ref]
	switch {
	case c.In != nil:
		for _, x := range c.In {
			if answered && v.Str == x {
				return true
			}
		}
		return false
	case c.Includes != "":
		return answered && contains(v.Strs, c.Includes)
	case c.Excludes != "":
		return !answered || !contains(v.Strs, c.Excludes)
	case c.MinLevel != nil:
		return answered && v.Level >= *c.MinLevel
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// needs lists the service needs chosen, leaving out "none"-like options.
func (d *Definition) needs(a Answers) []string {
	out := []string{}
	q, ok := d.Question(d.NeedsQuestion)
	if !ok {
		return out
	}
	for _, v := range a[q.ID].Strs {
		if o, ok := q.Option(v); ok && !o.Exclusive {
			out = append(out, v)
		}
	}
	return out
}
