package analysis

import (
	"reflect"
	"testing"
)

// TestAnnualOfAHandWorkedPopulation works the annual figures of handFirms
// out on paper (all four submitted firms are under the 10亿 line):
// investment 50+300+20+1000 = 1370 over revenue 10000+10000+20000+30000 =
// 70000 万元, intensity Σ/Σ 1.957… → 1.96 (the mean of the firms' own
// intensities 0.5, 3, 0.1, 3.33 would be 1.73); the median of 0.1, 0.5, 3,
// 3.33 is halfway between 0.5 and 3: 1.75. A and C are 投入不足, C also
// 意识不足; needs: A diagnosis+cloud, B cloud.
func TestAnnualOfAHandWorkedPopulation(t *testing.T) {
	a := NewAnnual(edition(t), 0)
	for _, f := range handFirms() {
		a.Add(f)
	}
	got := a.Annual()
	under := got.Line.Under
	if got.Line.RevenueWan != fx("100000") || got.Line.IntensityBelow != fx("1") || got.Line.Indicator != "数字化投入强度" {
		t.Errorf("line %+v, want 100000 万元, 1%%, 数字化投入强度", got.Line)
	}
	if under.Submitted != 4 || under.LowInvestment != 2 || text(under.LowInvestmentShare) != "50.00" ||
		under.LowAwareness != 1 || text(under.LowAwarenessShare) != "25.00" || text(under.Intensity) != "1.96" ||
		text(under.MedianIntensity) != "1.75" {
		t.Errorf("under the line %+v", under)
	}
	if over := got.Line.Over; over.Submitted != 0 || over.LowInvestmentShare != nil || over.Intensity != nil || over.MedianIntensity != nil {
		t.Errorf("over the line %+v, want nobody", over)
	}
	bins := map[int]int{}
	for _, b := range got.Bins {
		if b.Firms > 0 {
			bins[b.From] = b.Firms
		}
	}
	if len(got.Bins) != 10 || !reflect.DeepEqual(bins, map[int]int{30: 1, 50: 1, 70: 1, 80: 1}) {
		t.Errorf("bins %+v", got.Bins)
	}
	band := got.NeedsByBand[0] // 1-2亿: A B C submitted
	if band.Key != "1-2亿" || band.Submitted != 3 || need(band, "cloud").Firms != 2 || text(need(band, "cloud").Share) != "66.67" ||
		need(band, "diagnosis").Firms != 1 {
		t.Errorf("needs of 1-2亿 %+v", band)
	}
	if d := got.NeedsByDistrict[1]; d.Key != "330411" || need(d, "cloud").Firms != 0 {
		t.Errorf("needs of 330411 %+v", d)
	}
	wantCells := []Cell{{"330402", "C17", 1}, {"330411", "C18", 1}}
	if !reflect.DeepEqual(got.LowInvestmentCells, wantCells) || !got.LowInvestmentListed {
		t.Errorf("work list cells %+v (listed %t), want %+v", got.LowInvestmentCells, got.LowInvestmentListed, wantCells)
	}
	if len(got.Points) != 4 || got.Points[0].Intensity() != 0.5 {
		t.Errorf("points %+v", got.Points)
	}

	capped := NewAnnual(edition(t), 1)
	for _, f := range handFirms() {
		capped.Add(f)
	}
	if c := capped.Annual(); c.LowInvestmentListed || len(c.Stats.LowInvestment) != 1 || c.Stats.LowInvestmentUnder1B != 2 {
		t.Errorf("capped list: listed %t, %d kept of %d", c.LowInvestmentListed, len(c.Stats.LowInvestment), c.Stats.LowInvestmentUnder1B)
	}
}

func need(t NeedTable, key string) NeedCount {
	for _, n := range t.Needs {
		if n.Key == key {
			return n
		}
	}
	return NeedCount{}
}

// TestChangeAgainstAnEarlierCampaign: the earlier campaign had A 50 (二级),
// B 60 (二级), C 40 (二级) and D only a draft; now A 50 (二级), B 70 (三级),
// C 30 (一级), D 80 (四级). Three firms submitted both times: one up, one
// the same, one down. City mean 50.00 → 57.50.
func TestChangeAgainstAnEarlierCampaign(t *testing.T) {
	def := edition(t)
	now := handFirms()
	codes := map[string]int{"A": 2, "B": 3, "C": 1, "D": 4}
	for _, f := range now {
		if f.Result != nil {
			f.Result.LevelCode = codes[f.CreditCode]
		}
	}
	before := handFirms()
	earlier := map[string][2]string{"A": {"50", "二级"}, "B": {"60", "二级"}, "C": {"40", "二级"}}
	for _, f := range before {
		if e, ok := earlier[f.CreditCode]; ok {
			f.Result.Total, f.Result.Level, f.Result.LevelCode = fx(e[0]), e[1], 2
		} else if f.CreditCode == "D" {
			f.Status, f.Result = StatusDraft, nil
		}
	}
	e := NewEarlier(def)
	for _, f := range before {
		e.Add(f)
	}
	a := NewAnnual(def, 0)
	a.Compare(e)
	for _, f := range now {
		a.Add(f)
	}
	c := a.Annual().Change
	if c == nil {
		t.Fatal("no change computed")
	}
	if text(c.Total.Before) != "50.00" || text(c.Total.Now) != "57.50" || text(c.Total.Change) != "7.50" {
		t.Errorf("total %s → %s (%s)", text(c.Total.Before), text(c.Total.Now), text(c.Total.Change))
	}
	m := c.Moves
	if m.Both != 3 || m.Up != 1 || m.Same != 1 || m.Down != 1 || text(m.UpShare) != "33.33" {
		t.Errorf("moves %+v", m)
	}
	if m.Matrix[2][2] != 1 || m.Matrix[2][3] != 1 || m.Matrix[2][1] != 1 {
		t.Errorf("matrix %v", m.Matrix)
	}
	if c.SubmittedBefore != 3 || c.SubmittedNow != 4 {
		t.Errorf("submitted %d → %d", c.SubmittedBefore, c.SubmittedNow)
	}
	for _, d := range c.Districts { // two firms each: no means, so no change
		if d.Change != nil {
			t.Errorf("district %s has a change %s from fewer than 3 firms", d.Key, text(d.Change))
		}
	}
}
