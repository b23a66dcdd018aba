package policies

import "healthcheck/questionnaires"

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
	e := Estimate{Matches: s.Match(def, a, f, applyAt)}
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
