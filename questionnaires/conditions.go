package questionnaires

import (
	"fmt"
	"math/big"
	"strings"
)

// Conditions written in other data files (the advice beside an edition, the
// policy rules of a year) use the edition's own Condition syntax, so they
// are checked and evaluated here, by the same code that evaluates flags.

// CheckConditions verifies conditions against this edition: every reference
// exists, has the right type, and names options the question has. where
// prefixes each fault.
func (d *Definition) CheckConditions(where string, conds []Condition) error {
	c := &checker{def: d}
	for i := range conds {
		c.checkCondition(fmt.Sprintf("%s[%d]", where, i), &conds[i])
	}
	if len(c.faults) > 0 {
		return fmt.Errorf("%s", strings.Join(c.faults, "; "))
	}
	return nil
}

// Holds reports whether all conditions hold for the answers and the roster
// facts. Numeric references may name questions, the roster revenue or
// "indicator:<key>" (the firm's indicator percent).
func (d *Definition) Holds(conds []Condition, a Answers, f Facts) bool {
	for _, c := range conds {
		if strings.HasPrefix(c.Ref, "indicator:") {
			return d.context(a, f).all(conds)
		}
	}
	// No condition names an indicator: computing them all (what context
	// does) cost the annual report's policy estimate most of its time.
	s := &scoring{def: d, answers: a, facts: f, inds: map[string]*big.Rat{}}
	return s.all(conds)
}

// context is a scoring context with the firm's indicators computed, for
// conditions that name them.
func (d *Definition) context(a Answers, f Facts) *scoring {
	s := &scoring{def: d, answers: a, facts: f, inds: map[string]*big.Rat{}}
	for _, ind := range d.Indicators {
		s.indicator(ind)
	}
	return s
}
