package analysis

import (
	"testing"

	"healthcheck/questionnaires"
)

func firmWith(status string, dim fixed, scene int) *Firm {
	return &Firm{Status: status, Result: &questionnaires.Result{
		Dimensions: map[string]fixed{"数字化基础": dim},
		Scenes:     map[string]int{"s_quality": scene},
	}}
}

func ptrOf(v fixed) *fixed { return &v }

func eqFixed(a, b *fixed) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func TestPeersStanding(t *testing.T) {
	p := NewPeers()
	// Five submitted firms: 20, 40, 40, 60, 80 % and scene levels 0, 1, 2, 2, 4.
	for i, v := range []fixed{2000, 4000, 4000, 6000, 8000} {
		p.Add(firmWith(StatusSubmitted, v, []int{0, 1, 2, 2, 4}[i]))
	}
	// Drafts have no score and are not peers.
	p.Add(firmWith(StatusDraft, 9900, 4))
	p.Add(&Firm{Status: StatusSubmitted}) // no result: not counted
	p.Done()
	if p.N() != 5 {
		t.Fatalf("N = %d, want 5", p.N())
	}

	// 40 %: 1 below, 2 equal → (2·1+2)/(2·5) = 40.00; Q3 = QUARTILE.INC at
	// position 4·0.75 = 3 → 60.00; gap 20.00.
	got := p.Dimension("数字化基础", 4000)
	if got.N != 5 || !eqFixed(got.Percentile, ptrOf(4000)) || !eqFixed(got.Q3, ptrOf(6000)) || !eqFixed(got.GapToQ3, ptrOf(2000)) {
		t.Errorf("Dimension(40) = %+v", got)
	}
	// Above Q3: gap is zero, not negative; 80 % is above 4 of 5 plus half of itself: 90.00.
	got = p.Dimension("数字化基础", 8000)
	if !eqFixed(got.Percentile, ptrOf(9000)) || !eqFixed(got.GapToQ3, ptrOf(0)) {
		t.Errorf("Dimension(80) = %+v", got)
	}
	// A value no firm has (a firm scoring below everyone): 0 below, 0 equal.
	if got = p.Dimension("数字化基础", 1000); !eqFixed(got.Percentile, ptrOf(0)) {
		t.Errorf("Dimension(10) = %+v", got)
	}

	// Scene level 1 among 0,1,2,2,4: (2·1+1)/10 = 30.00; Q3 at position 3 → 2.00; gap 1.00 level.
	s := p.Scene("s_quality", 1)
	if !eqFixed(s.Percentile, ptrOf(3000)) || !eqFixed(s.Q3, ptrOf(200)) || !eqFixed(s.GapToQ3, ptrOf(100)) {
		t.Errorf("Scene(1) = %+v", s)
	}
}

func TestPeersSmallGroupShowsNothing(t *testing.T) {
	p := NewPeers()
	p.Add(firmWith(StatusSubmitted, 5000, 2))
	p.Add(firmWith(StatusSubmitted, 6000, 3))
	p.Done()
	got := p.Dimension("数字化基础", 5000)
	if got.N != 2 || got.Percentile != nil || got.Q3 != nil || got.GapToQ3 != nil {
		t.Errorf("two firms: %+v, want counts only", got)
	}
	if got := p.Scene("s_unknown", 1); got.N != 0 || got.Percentile != nil {
		t.Errorf("unknown scene: %+v", got)
	}
}

func TestPeersQ3Interpolates(t *testing.T) {
	p := NewPeers()
	// Four firms: position 3·0.75 = 2.25 → 3.00 + 0.25·(4.00−3.00) = 3.25 for scene levels 1,2,3,4.
	for _, l := range []int{4, 1, 3, 2} {
		p.Add(firmWith(StatusSubmitted, 0, l))
	}
	p.Done()
	if s := p.Scene("s_quality", 3); !eqFixed(s.Q3, ptrOf(325)) || !eqFixed(s.GapToQ3, ptrOf(25)) {
		t.Errorf("Scene(3) = %+v, want Q3 3.25 gap 0.25", s)
	}
}
