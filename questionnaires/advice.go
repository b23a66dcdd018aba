package questionnaires

import (
	"math/big"
	"sort"

	"healthcheck/decimal"
)

// SceneAdvice is a scene where the firm is weakest and what its next level asks.
type SceneAdvice struct {
	Scene           string `json:"scene"` // question id
	Title           string `json:"title"`
	Group           string `json:"group"`
	Constraint      bool   `json:"constraint"`
	Level           int    `json:"level"`
	NextLevel       int    `json:"next_level"`
	NextDescription string `json:"next_description"`
	Step            string `json:"step"`
	Weight          int    `json:"weight"` // 2 for a 约束性 scene

	// Set by RankScenes.
	Priority int `json:"priority"` // weight × (4 − level): raw points still open
	// GainPoints is what one level more adds to the total score.
	GainPoints decimal.Fixed2  `json:"gain_points"`
	BandQ3     *decimal.Fixed2 `json:"band_q3"`   // the size band's upper-quartile level
	GapToQ3    *decimal.Fixed2 `json:"gap_to_q3"` // levels below it, 0 at or above
}

// WeakestScenes ranks the scenes below the top level: lowest level first, the
// 约束性 scenes before the others at the same level, then in form order. It
// returns at most n.
func (d *Definition) WeakestScenes(r Result, n int) []SceneAdvice {
	var out []SceneAdvice
	for _, q := range d.order {
		if q.Type != TypeScene {
			continue
		}
		lvl := r.Scenes[q.ID]
		if lvl >= 4 {
			continue
		}
		out = append(out, q.sceneAdvice(lvl))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Level != out[j].Level {
			return out[i].Level < out[j].Level
		}
		return out[i].Constraint && !out[j].Constraint
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// sceneAdvice is what a scene at level lvl (below 4) should reach next.
func (q *Question) sceneAdvice(lvl int) SceneAdvice {
	adv := SceneAdvice{Scene: q.ID, Title: q.Title, Group: q.Scene.Group, Constraint: q.Scene.Constraint,
		Weight: q.Scene.Weight, Level: lvl, NextLevel: lvl + 1, NextDescription: q.Scene.Levels[lvl]}
	if len(q.Scene.Steps) == 4 {
		adv.Step = q.Scene.Steps[lvl]
	}
	return adv
}

// RankScenes orders every scene below the top level by priority, the raw
// points still open on it: weight × (4 − level). The ten 约束性 scenes weigh
// 2, so they come first at the same level and a 约束性 scene two levels
// short ranks with an other scene four levels short, then before it. Among
// equals, a 约束性 scene first, then the one furthest below its size band's
// top quarter (bandQ3 gives a scene's Q3 level, nil when the band is too
// small), then form order. Each entry carries the next level's description
// and step, and what one level more adds to the total.
func (d *Definition) RankScenes(r Result, bandQ3 func(scene string) *decimal.Fixed2) []SceneAdvice {
	var out []SceneAdvice
	for _, q := range d.order {
		if q.Type != TypeScene || r.Scenes[q.ID] >= 4 {
			continue
		}
		adv := q.sceneAdvice(r.Scenes[q.ID])
		adv.Priority = q.Scene.Weight * (4 - adv.Level)
		if dim, ok := d.Dimension(q.Dimension); ok {
			step := new(big.Rat).Quo(dim.Points.Rat(), dim.RawMax.Rat())
			adv.GainPoints = decimal.RoundHalfUp(step.Mul(step, big.NewRat(int64(q.Scene.Weight), 1)))
		}
		if bandQ3 != nil {
			if q3 := bandQ3(q.ID); q3 != nil {
				gap := max(*q3-decimal.Fixed2(adv.Level*100), 0)
				adv.BandQ3, adv.GapToQ3 = q3, &gap
			}
		}
		out = append(out, adv)
	}
	gap := func(a SceneAdvice) decimal.Fixed2 {
		if a.GapToQ3 == nil {
			return 0
		}
		return *a.GapToQ3
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Priority != b.Priority:
			return a.Priority > b.Priority
		case a.Constraint != b.Constraint:
			return a.Constraint
		}
		return gap(a) > gap(b)
	})
	return out
}
