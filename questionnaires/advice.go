package questionnaires

import "sort"

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
		adv := SceneAdvice{Scene: q.ID, Title: q.Title, Group: q.Scene.Group, Constraint: q.Scene.Constraint,
			Level: lvl, NextLevel: lvl + 1, NextDescription: q.Scene.Levels[lvl]}
		if len(q.Scene.Steps) == 4 {
			adv.Step = q.Scene.Steps[lvl]
		}
		out = append(out, adv)
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
