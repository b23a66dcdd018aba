package policies

import (
	"sort"
	"strings"

	"healthcheck/questionnaires"
)

// Estimate is what one firm may claim under a year's policies: the policies
// its answers earn and their sums, the firm's own apart from its staff's.
// The firm's report and the annual report's 政策测算 both take it from
// Set.Estimate, so a firm's line in the budget is exactly its own report.
type Estimate struct {
	Matches []Match
	// FirmYuan and FirmMaxYuan sum what the firm itself may receive (the
	// estimate, a range's lower bound, and the upper bound), caps applied.
	FirmYuan, FirmMaxYuan int64
	// StaffYuan and StaffMaxYuan sum the subsidies paid to its people
	// (housing, living, post-doctoral), never part of the firm's sum.
	StaffYuan, StaffMaxYuan int64
}

// Estimate matches the firm's answers to the set's policies and sums the
// matches by recipient. applyAt is where to apply when a policy names no
// place.
func (s *Set) Estimate(def *questionnaires.Definition, a questionnaires.Answers, f questionnaires.Facts, applyAt string) Estimate {
	return sum(s.Match(def, a, f, applyAt))
}

// Amounts is Estimate without the words the firm reads (each match's
// condition and basis sentences, and where to apply): the same matches and
// sums, for the annual report's 政策测算, which adds up every submitted
// firm's and prints none of their sentences.
func (s *Set) Amounts(def *questionnaires.Definition, a questionnaires.Answers, f questionnaires.Facts) Estimate {
	return s.Matcher(def).Amounts(a, f)
}

// Amounts is Set.Amounts for answers of the matcher's edition.
func (m *Matcher) Amounts(a questionnaires.Answers, f questionnaires.Facts) Estimate {
	return sum(m.match(a, f, "", false))
}

// sum adds up matches by recipient.
func sum(matches []Match) Estimate {
	e := Estimate{Matches: matches}
	for _, m := range e.Matches {
		if m.ForFirm() {
			e.FirmYuan += m.AmountYuan
			e.FirmMaxYuan += m.AmountMaxYuan
		} else {
			e.StaffYuan += m.AmountYuan
			e.StaffMaxYuan += m.AmountMaxYuan
		}
	}
	return e
}

// Questions are the ids of the questions the set's estimates read — the
// amounts, conditions, limits and shown answers — with the questions that
// decide whether each applies, so a caller may decode only those answers
// and get the same estimates. nil means every question: a condition names
// an indicator, which reads the whole questionnaire.
func (s *Set) Questions(def *questionnaires.Definition) []string {
	seen := map[string]bool{}
	var out []string
	var add func(ref string) bool
	add = func(ref string) bool {
		if strings.HasPrefix(ref, "indicator:") {
			return false
		}
		if ref == questionnaires.RosterRevenue || seen[ref] {
			return true
		}
		seen[ref] = true
		out = append(out, ref)
		if q, ok := def.Question(ref); ok && q.When != nil {
			return add(q.When.Ref)
		}
		return true
	}
	for i := range s.Policies {
		for _, ref := range s.Policies[i].refs() {
			if !add(ref) {
				return nil
			}
		}
	}
	sort.Strings(out)
	return out
}

// refs are the references a policy's estimate reads.
func (p *Policy) refs() []string {
	var out []string
	for _, c := range p.When {
		out = append(out, c.Ref)
	}
	a := p.Amount
	if a.Share != nil {
		out = append(out, a.Share.Ref)
	}
	if a.ByOption != nil {
		out = append(out, a.ByOption.Ref)
	}
	for _, t := range a.PerUnit {
		out = append(out, t.Ref)
		if t.Limit != nil {
			out = append(out, t.Limit.Ref)
		}
	}
	for _, m := range placeholderRe.FindAllStringSubmatch(p.Condition, -1) {
		out = append(out, m[1])
	}
	return out
}
