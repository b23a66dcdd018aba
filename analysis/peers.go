package analysis

import (
	"math/big"
	"sort"
)

// Standing is where one firm's figure stands in a group of submitted firms:
// its percentile rank (as PercentileRank: below plus half of equal, the firm
// itself included) and the group's upper quartile Q3 (QUARTILE.INC), the
// line its top quarter starts at. GapToQ3 is Q3 minus the firm's figure,
// zero once the firm is at or above it. All three are nil below MinGroup.
type Standing struct {
	N          int    `json:"n"`
	Percentile *fixed `json:"percentile"`
	Q3         *fixed `json:"q3"`
	GapToQ3    *fixed `json:"gap_to_q3"`
}

// Peers holds the sorted figures of a group's submitted firms: each
// dimension percent and each scene level (as a two-decimal figure, 2 → 2.00),
// so that one firm's standing on any of them can be read off. Build it with
// NewPeers, Add and Done; after Done it is read-only and safe to share.
type Peers struct {
	n      int
	dims   map[string][]fixed
	scenes map[string][]fixed
	sorted bool
}

// NewPeers starts an empty group.
func NewPeers() *Peers {
	return &Peers{dims: map[string][]fixed{}, scenes: map[string][]fixed{}}
}

// Add counts a firm if it has submitted; drafts and firms not started have
// no scores and stand nowhere.
func (p *Peers) Add(f *Firm) {
	if p.sorted {
		panic("analysis: Peers.Add after Done")
	}
	if f.Status != StatusSubmitted || f.Result == nil {
		return
	}
	p.n++
	for k, v := range f.Result.Dimensions {
		p.dims[k] = append(p.dims[k], v)
	}
	for id, lvl := range f.Result.Scenes {
		p.scenes[id] = append(p.scenes[id], LevelFigure(lvl))
	}
}

// Done sorts the figures; call it once, after the last Add.
func (p *Peers) Done() *Peers {
	for _, m := range []map[string][]fixed{p.dims, p.scenes} {
		for _, xs := range m {
			sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
		}
	}
	p.sorted = true
	return p
}

// N is the number of submitted firms in the group.
func (p *Peers) N() int { return p.n }

// Dimension is where a dimension percent stands among the group's.
func (p *Peers) Dimension(key string, v fixed) Standing { return standing(p.dims[key], v) }

// Scene is where a scene level stands among the group's levels of that scene.
func (p *Peers) Scene(id string, level int) Standing {
	return standing(p.scenes[id], LevelFigure(level))
}

// LevelFigure writes a scene level as a figure (2 → 2.00), so levels share
// the quartile and rank functions of scores.
func LevelFigure(level int) fixed { return fixed(level * 100) }

func standing(sorted []fixed, v fixed) Standing {
	n := len(sorted)
	s := Standing{N: n}
	if n < MinGroup {
		return s
	}
	below := sort.Search(n, func(i int) bool { return sorted[i] >= v })
	upTo := sort.Search(n, func(i int) bool { return sorted[i] > v })
	s.Percentile = PercentileRank(int64(n), int64(below), int64(upTo-below))
	s.Q3 = QuartileInc(sorted, big.NewRat(3, 4))
	gap := max(*s.Q3-v, 0)
	s.GapToQ3 = &gap
	return s
}
