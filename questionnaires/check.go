package questionnaires

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

var valueRe = regexp.MustCompile(`^[a-z0-9_]+$`)

// checker collects every fault of a definition so an editor sees them all at once.
type checker struct {
	def    *Definition
	faults []string
}

func (c *checker) fault(format string, args ...any) {
	c.faults = append(c.faults, fmt.Sprintf(format, args...))
}

// Check verifies the definition's own consistency: unique ids, option scores
// within their item's maximum, dimension points adding up to 100, raw maxima
// matching their items, thresholds and bands in order, and every reference
// pointing at something that exists.
func (d *Definition) Check() error {
	d.index()
	c := &checker{def: d}
	if d.ID == "" {
		c.fault("id is empty")
	}
	c.checkLevels()
	c.checkSizeBands()
	c.checkQuestions()
	c.checkDerived()
	c.checkDimensions()
	c.checkIndicators()
	c.checkRules()
	c.checkFlags()
	if q, ok := d.Question(d.NeedsQuestion); d.NeedsQuestion != "" && (!ok || q.Type != TypeMulti) {
		c.fault("needs_question %q must name a multi question", d.NeedsQuestion)
	}
	if len(c.faults) == 0 {
		return nil
	}
	return fmt.Errorf("questionnaire %q is broken:\n  %s", d.ID, strings.Join(c.faults, "\n  "))
}

func (c *checker) checkLevels() {
	d := c.def
	if len(d.Levels) < 2 {
		c.fault("levels: need at least two")
		return
	}
	for i, l := range d.Levels {
		if l.Code != i {
			c.fault("levels[%d] %s: code %d, want %d (codes count up from 0)", i, l.Label, l.Code, i)
		}
		if l.Label == "" {
			c.fault("levels[%d]: label is empty", i)
		}
		if i == 0 && l.Min.Sign() != 0 {
			c.fault("levels[0] %s: min must be 0", l.Label)
		}
		if i > 0 && l.Min.Cmp(d.Levels[i-1].Min) <= 0 {
			c.fault("levels[%d] %s: min %s is not above the previous level's %s", i, l.Label, l.Min, d.Levels[i-1].Min)
		}
	}
	w := d.DimensionBandWidth
	if w.Sign() <= 0 || !new(big.Rat).Quo(big.NewRat(100, 1), w.Rat()).IsInt() {
		c.fault("dimension_band_width %s must be positive and divide 100", w)
	}
}

func (c *checker) checkSizeBands() {
	bands := c.def.SizeBands
	if len(bands) == 0 {
		c.fault("size_bands: none")
	}
	seen := map[string]bool{}
	for i, b := range bands {
		if b.Label == "" || seen[b.Label] {
			c.fault("size_bands[%d]: label %q is empty or repeated", i, b.Label)
		}
		seen[b.Label] = true
		if i > 0 && b.MinWan.Cmp(bands[i-1].MinWan) <= 0 {
			c.fault("size_bands[%d] %s: min_wan %s is not above %s", i, b.Label, b.MinWan, bands[i-1].MinWan)
		}
	}
}

func (c *checker) checkQuestions() {
	ids := map[string]bool{}
	for _, s := range c.def.Sections {
		if s.ID == "" || ids[s.ID] {
			c.fault("section %q: id empty or repeated", s.ID)
		}
		ids[s.ID] = true
		if len(s.Questions) == 0 {
			c.fault("section %s: no questions", s.ID)
		}
		for i := range s.Questions {
			q := &s.Questions[i]
			if q.ID == "" || ids[q.ID] {
				c.fault("section %s: question id %q empty or repeated", s.ID, q.ID)
			}
			ids[q.ID] = true
			c.checkQuestion(q)
		}
	}
	for _, ds := range c.def.Derived {
		if ds.ID == "" || ids[ds.ID] {
			c.fault("derived %q: id empty or repeated", ds.ID)
		}
		ids[ds.ID] = true
	}
}

func (c *checker) checkQuestion(q *Question) {
	where := "question " + q.ID
	if q.Title == "" || q.Help == "" {
		c.fault("%s: title and help are both required", where)
	}
	switch q.Type {
	case TypeSingle, TypeMulti:
		c.checkOptions(q)
	case TypeNumber, TypePercent:
		if q.Min != nil && q.Max != nil && q.Min.Cmp(*q.Max) > 0 {
			c.fault("%s: min %s above max %s", where, q.Min, q.Max)
		}
		if q.Type == TypeNumber && (q.Min == nil || q.Max == nil) {
			c.fault("%s: a number needs min and max", where)
		}
	case TypeScene:
		c.checkScene(q)
	case TypeText:
		if q.Format != "" && q.Format != FormatPhone && q.Format != FormatEmail {
			c.fault("%s: format must be phone or email, is %q", where, q.Format)
		}
	default:
		c.fault("%s: unknown type %q", where, q.Type)
	}
	if q.Type != TypeText && q.Format != "" {
		c.fault("%s: only text questions have a format", where)
	}
	if q.Type != TypeSingle && q.Type != TypeMulti && len(q.Options) > 0 {
		c.fault("%s: only single and multi questions have options", where)
	}
	if q.When != nil {
		c.checkCondition(where+" when", q.When)
	}
	if q.Scored() {
		if _, ok := c.def.Dimension(q.Dimension); !ok {
			c.fault("%s: unknown dimension %q", where, q.Dimension)
		}
		if q.MaxScore == nil {
			c.fault("%s: scored question without max_score", where)
		}
		if q.Type != TypeSingle && q.Type != TypeMulti && q.Type != TypeScene {
			c.fault("%s: only single, multi and scene questions are scored directly", where)
		}
	}
}

func (c *checker) checkOptions(q *Question) {
	where := "question " + q.ID
	if len(q.Options) < 2 {
		c.fault("%s: needs at least two options", where)
	}
	seen := map[string]bool{}
	best := new(big.Rat)
	sum := new(big.Rat)
	for _, o := range q.Options {
		if !valueRe.MatchString(o.Value) || seen[o.Value] {
			c.fault("%s: option value %q must be unique lowercase ascii", where, o.Value)
		}
		seen[o.Value] = true
		if o.Label == "" {
			c.fault("%s: option %s has no label", where, o.Value)
		}
		if o.Exclusive && q.Type != TypeMulti {
			c.fault("%s: option %s: only multi options can be exclusive", where, o.Value)
		}
		if o.Score == nil {
			if q.Scored() {
				c.fault("%s: option %s has no score", where, o.Value)
			}
			continue
		}
		if !q.Scored() {
			c.fault("%s: option %s has a score but the question has no dimension", where, o.Value)
			continue
		}
		if o.Score.Sign() < 0 || (q.MaxScore != nil && o.Score.Cmp(*q.MaxScore) > 0) {
			c.fault("%s: option %s score %s is outside 0..max_score %v", where, o.Value, o.Score, q.MaxScore)
		}
		if o.Score.Rat().Cmp(best) > 0 {
			best = o.Score.Rat()
		}
		if !o.Exclusive {
			sum.Add(sum, o.Score.Rat())
		}
	}
	if !q.Scored() || q.MaxScore == nil {
		return
	}
	reach := best
	if q.Type == TypeMulti {
		reach = sum
	}
	if reach.Cmp(q.MaxScore.Rat()) != 0 {
		c.fault("%s: the best answer scores %s but max_score is %s", where, DecFromRat(reach), q.MaxScore)
	}
}

func (c *checker) checkScene(q *Question) {
	where := "question " + q.ID
	s := q.Scene
	if s == nil {
		c.fault("%s: scene question without scene", where)
		return
	}
	if s.Weight <= 0 {
		c.fault("%s: scene weight must be positive", where)
	}
	if len(s.Levels) != 4 {
		c.fault("%s: scene needs 4 level descriptions, has %d", where, len(s.Levels))
	}
	if len(s.Steps) != 0 && len(s.Steps) != 4 {
		c.fault("%s: scene steps must be 4 or none, has %d", where, len(s.Steps))
	}
	if q.MaxScore != nil && q.MaxScore.Rat().Cmp(big.NewRat(int64(s.Weight*4), 1)) != 0 {
		c.fault("%s: max_score %s must be weight×4 = %d", where, q.MaxScore, s.Weight*4)
	}
}

func (c *checker) checkDerived() {
	for _, ds := range c.def.Derived {
		where := "derived " + ds.ID
		if _, ok := c.def.Dimension(ds.Dimension); !ok {
			c.fault("%s: unknown dimension %q", where, ds.Dimension)
		}
		c.checkRatio(where, ds.Ratio)
		c.checkBands(where, ds.Bands)
		for _, s := range ds.Bands.Scores {
			if s.Sign() < 0 || s.Cmp(ds.MaxScore) > 0 {
				c.fault("%s: band score %s outside 0..%s", where, s, ds.MaxScore)
			}
		}
		if n := len(ds.Bands.Scores); n > 0 && ds.Bands.Scores[n-1].Cmp(ds.MaxScore) != 0 {
			c.fault("%s: the top band scores %s but max_score is %s", where, ds.Bands.Scores[n-1], ds.MaxScore)
		}
	}
}

func (c *checker) checkBands(where string, b BandTable) {
	if b.Closed != "upper" && b.Closed != "lower" {
		c.fault("%s: bands.closed must be upper or lower, is %q", where, b.Closed)
	}
	if len(b.Scores) != len(b.Edges)+1 {
		c.fault("%s: bands need one more score than edges (%d edges, %d scores)", where, len(b.Edges), len(b.Scores))
	}
	for i := 1; i < len(b.Edges); i++ {
		if b.Edges[i].Cmp(b.Edges[i-1]) <= 0 {
			c.fault("%s: band edges not ascending at %s", where, b.Edges[i])
		}
	}
}

func (c *checker) checkDimensions() {
	d := c.def
	total := new(big.Rat)
	maxima := map[string]*big.Rat{}
	for _, dim := range d.Dimensions {
		if _, dup := maxima[dim.Key]; dup || dim.Key == "" {
			c.fault("dimension %q: key empty or repeated", dim.Key)
		}
		maxima[dim.Key] = new(big.Rat)
		total.Add(total, dim.Points.Rat())
		if dim.RawMax.Sign() <= 0 {
			c.fault("dimension %s: raw_max must be positive", dim.Key)
		}
	}
	if total.Cmp(big.NewRat(100, 1)) != 0 {
		c.fault("dimension points add up to %s, not 100", DecFromRat(total))
	}
	for _, q := range d.order {
		if m, ok := maxima[q.Dimension]; ok && q.MaxScore != nil {
			m.Add(m, q.MaxScore.Rat())
		}
	}
	for _, ds := range d.Derived {
		if m, ok := maxima[ds.Dimension]; ok {
			m.Add(m, ds.MaxScore.Rat())
		}
	}
	for _, dim := range d.Dimensions {
		if got := maxima[dim.Key]; got.Cmp(dim.RawMax.Rat()) != 0 {
			c.fault("dimension %s: its items' maxima add up to %s, but raw_max is %s", dim.Key, DecFromRat(got), dim.RawMax)
		}
	}
}

func (c *checker) checkIndicators() {
	seen := map[string]bool{}
	for _, ind := range c.def.Indicators {
		where := "indicator " + ind.Key
		if ind.Key == "" || seen[ind.Key] {
			c.fault("%s: key empty or repeated", where)
		}
		seen[ind.Key] = true
		switch ind.Kind {
		case IndicatorRatio:
			if ind.Ratio == nil {
				c.fault("%s: a ratio needs numerator and denominator", where)
			} else {
				c.checkRatio(where, *ind.Ratio)
			}
		case IndicatorAdoption:
			if ind.When == nil {
				c.fault("%s: an adoption rate needs when", where)
			} else {
				c.checkCondition(where, ind.When)
			}
		default:
			c.fault("%s: unknown kind %q", where, ind.Kind)
		}
	}
}

func (c *checker) checkRules() {
	if !c.def.rulesAcyclic {
		c.fault("rules: the left and right sides form a cycle, so no order checks each value before it is compared")
	}
	for _, r := range c.def.Rules {
		where := "rule " + r.ID
		c.checkNumericRef(where, r.Left)
		c.checkNumericRef(where, r.Right)
		if r.Op != "<=" && r.Op != "<" {
			c.fault("%s: op must be <= or <, is %q", where, r.Op)
		}
		if r.Message == "" {
			c.fault("%s: message is empty", where)
		}
		if _, ok := c.def.Question(r.Left); !ok {
			c.fault("%s: left must be a question (errors are reported on it)", where)
		}
	}
}

func (c *checker) checkFlags() {
	for _, f := range c.def.Flags {
		if f.Code == "" || f.Label == "" || len(f.All) == 0 {
			c.fault("flag %q: code, label and conditions are required", f.Code)
		}
		for i := range f.All {
			c.checkCondition("flag "+f.Code, &f.All[i])
		}
	}
}

func (c *checker) checkRatio(where string, r Ratio) {
	c.checkNumericRef(where, r.Numerator)
	c.checkNumericRef(where, r.Denominator)
}

func (c *checker) checkNumericRef(where, ref string) {
	if ref == RosterRevenue {
		return
	}
	if key, ok := strings.CutPrefix(ref, "indicator:"); ok {
		for _, ind := range c.def.Indicators {
			if ind.Key == key {
				return
			}
		}
		c.fault("%s: unknown indicator %q", where, key)
		return
	}
	q, ok := c.def.Question(ref)
	if !ok {
		c.fault("%s: unknown reference %q", where, ref)
		return
	}
	if !q.Numeric() {
		c.fault("%s: %s is not a number question", where, ref)
	}
}

func (c *checker) checkCondition(where string, cond *Condition) {
	tests := 0
	for _, set := range []bool{cond.Lt != nil, cond.Ge != nil, cond.In != nil, cond.Includes != "", cond.Excludes != "", cond.MinLevel != nil} {
		if set {
			tests++
		}
	}
	if tests != 1 {
		c.fault("%s: a condition needs exactly one test, has %d", where, tests)
		return
	}
	if cond.Lt != nil || cond.Ge != nil {
		c.checkNumericRef(where, cond.Ref)
		return
	}
	q, ok := c.def.Question(cond.Ref)
	if !ok {
		c.fault("%s: unknown question %q", where, cond.Ref)
		return
	}
	wantType := TypeSingle
	values := cond.In
	switch {
	case cond.Includes != "":
		wantType, values = TypeMulti, []string{cond.Includes}
	case cond.Excludes != "":
		wantType, values = TypeMulti, []string{cond.Excludes}
	case cond.MinLevel != nil:
		wantType, values = TypeScene, nil
	}
	if q.Type != wantType {
		c.fault("%s: %s is %s, the test needs %s", where, q.ID, q.Type, wantType)
	}
	for _, v := range values {
		if _, ok := q.Option(v); !ok {
			c.fault("%s: %s has no option %q", where, q.ID, v)
		}
	}
}
