package analysis

import "healthcheck/questionnaires"

// This file compares a campaign with an earlier one: the change of each
// mean and rate, and how many firms moved up or down a level.

// Earlier streams the earlier campaign: its statistics, and each submitted
// firm's level (by credit code) for the moves.
type Earlier struct {
	b      *Builder
	levels map[string]int
}

// NewEarlier starts the earlier campaign's statistics.
func NewEarlier(def *questionnaires.Definition) *Earlier {
	b := NewBuilder(def)
	b.listCap = 1 // only counts are compared; keep no work list
	return &Earlier{b: b, levels: map[string]int{}}
}

// Add counts one firm of the earlier campaign.
func (e *Earlier) Add(f *Firm) {
	e.b.Add(f)
	if f.Status == StatusSubmitted && f.Result != nil {
		e.levels[f.CreditCode] = f.Result.LevelCode
	}
}

// Delta is one figure in both campaigns and its change (Now − Before), in
// the figure's unit (points or percentage points); nil where either is.
type Delta struct {
	Key    string `json:"key"`
	Before *fixed `json:"before"`
	Now    *fixed `json:"now"`
	Change *fixed `json:"change"`
}

func delta(key string, before, now *fixed) Delta {
	d := Delta{Key: key, Before: before, Now: now}
	if before != nil && now != nil {
		c := *now - *before
		d.Change = &c
	}
	return d
}

// Moves counts the firms that submitted in both campaigns by how their level
// changed; Matrix[before][now] counts them by level code.
type Moves struct {
	Both, Up, Same, Down int
	UpShare, DownShare   *fixed
	Matrix               [][]int
}

// Change is a campaign against an earlier one.
type Change struct {
	// Total and Dimensions are the city's means, Indicators its rates.
	Total      Delta
	Dimensions []Delta
	Indicators []Delta
	// Districts are the mean totals per district (the current campaign's).
	Districts []Delta
	// Submitted before and now.
	SubmittedBefore, SubmittedNow int
	Moves                         Moves
}

// ChangeTracker counts level moves while the current campaign streams.
type ChangeTracker struct {
	before *Earlier
	moves  Moves
}

// Track starts counting moves against the earlier campaign e.
func (e *Earlier) Track(levels int) *ChangeTracker {
	m := Moves{Matrix: make([][]int, levels)}
	for i := range m.Matrix {
		m.Matrix[i] = make([]int, levels)
	}
	return &ChangeTracker{before: e, moves: m}
}

// Add counts a firm of the current campaign that submitted in both.
func (t *ChangeTracker) Add(f *Firm) {
	if f.Status != StatusSubmitted || f.Result == nil {
		return
	}
	was, ok := t.before.levels[f.CreditCode]
	if !ok {
		return
	}
	now := f.Result.LevelCode
	m := &t.moves
	m.Both++
	switch {
	case now > was:
		m.Up++
	case now < was:
		m.Down++
	default:
		m.Same++
	}
	if was >= 0 && was < len(m.Matrix) && now >= 0 && now < len(m.Matrix) {
		m.Matrix[was][now]++
	}
}

// Change compares the current statistics with the earlier campaign's.
func (t *ChangeTracker) Change(def *questionnaires.Definition, now *Stats) Change {
	before := t.before.b.Stats()
	c := Change{Total: delta("总分", before.All.Total.Mean, now.All.Total.Mean),
		SubmittedBefore: before.Submitted, SubmittedNow: now.Submitted, Moves: t.moves}
	for _, d := range def.Dimensions {
		c.Dimensions = append(c.Dimensions, delta(d.Key, before.All.Dimensions[d.Key].Mean, now.All.Dimensions[d.Key].Mean))
	}
	for _, ind := range def.Indicators {
		c.Indicators = append(c.Indicators, delta(ind.Key, before.All.Indicators[ind.Key], now.All.Indicators[ind.Key]))
	}
	for _, g := range now.ByDistrict {
		var was *fixed
		for _, b := range before.ByDistrict {
			if b.Key == g.Key {
				was = b.Total.Mean
			}
		}
		c.Districts = append(c.Districts, delta(g.Key, was, g.Total.Mean))
	}
	c.Moves.UpShare = GroupShare(c.Moves.Up, c.Moves.Both)
	c.Moves.DownShare = GroupShare(c.Moves.Down, c.Moves.Both)
	return c
}
