package analysis

import (
	"math/big"
	"slices"
	"sort"
	"strings"

	"healthcheck/questionnaires"
)

// This file adds what the annual report reads beyond Stats: the distribution
// of totals, service needs per size band and district, the revenue line of
// the low-investment flag with the counts on either side, the points of the
// investment scatter and the low-investment firms per district and industry.
// Like Stats it is built by streaming, so the report never holds a campaign's
// records.

// FlagLowAwareness is the flag of firms without a digital strategy or owner
// (意识不足).
const FlagLowAwareness = "low_awareness"

// BinWidth is the width in points of one bin of the distribution of totals.
const BinWidth = 10

// Bin counts the submitted firms whose total falls in [From, To) (the last
// bin includes 100).
type Bin struct {
	From, To int
	Firms    int
}

// NeedTable is the service needs of one slice (a band or a district).
type NeedTable struct {
	Key       string      `json:"key"`
	Submitted int         `json:"submitted"`
	Needs     []NeedCount `json:"needs"`
}

// Withheld reports whether the slice shows counts only (its shares are nil).
func (t NeedTable) Withheld() bool { return Withheld(t.Submitted) }

// Line is the low-investment flag's revenue line (10亿 in the 2020 edition)
// and how the submitted firms on either side of it fare.
type Line struct {
	// RevenueWan is the line (万元): firms under it can be flagged.
	RevenueWan fixed `json:"revenue_wan"`
	// IntensityBelow is the flag's intensity threshold in percent (1%),
	// tested on the exact ratio, before rounding.
	IntensityBelow fixed `json:"intensity_below"`
	// Indicator is the indicator the flag tests (数字化投入强度).
	Indicator string `json:"indicator"`
	// Under and Over are the submitted firms under and at or over the line.
	Under Side `json:"under"`
	Over  Side `json:"over"`
}

// Side is one side of the revenue line.
type Side struct {
	Submitted int `json:"submitted"`
	// LowInvestment counts those flagged 投入不足 (none over the line).
	LowInvestment      int    `json:"low_investment"`
	LowInvestmentShare *fixed `json:"low_investment_share"`
	LowAwareness       int    `json:"low_awareness"`
	LowAwarenessShare  *fixed `json:"low_awareness_share"`
	// Intensity is the side's investment intensity as the method aggregates
	// it: Σ investment ÷ Σ revenue ×100 over its firms with a revenue, as
	// the city's 数字化投入强度. MedianIntensity, printed beside it, is the
	// median of the firms' own intensities (QUARTILE.INC): the typical firm,
	// where the ratio weighs firms by revenue. Both nil for a withheld side.
	Intensity       *fixed `json:"intensity"`
	MedianIntensity *fixed `json:"median_intensity"`
	// LowBoth counts those flagged both 投入不足 and 意识不足.
	LowBoth int `json:"low_both"`
}

// intensities accumulates one side's investment intensity: the exact sums
// of the indicator's numerators and denominators (hundredths of 万元) and
// the firms' own values for the median.
type intensities struct {
	num, den int64
	values   []fixed
}

func (in *intensities) add(iv questionnaires.IndicatorValue) {
	if iv.Num == nil || iv.Den == nil || *iv.Den <= 0 || iv.Value == nil {
		return
	}
	in.num += int64(*iv.Num)
	in.den += int64(*iv.Den)
	in.values = append(in.values, *iv.Value)
}

// InvestPoint is one submitted firm in the investment scatter: its revenue
// and its intensity as the exact ratio Invest/Revenue (both 万元, the
// indicator's numerator and denominator), which the flag tests.
type InvestPoint struct {
	Name       string
	RevenueWan fixed
	Invest     fixed
	Den        fixed
}

// Intensity is the point's intensity in percent for drawing: the quotient of
// two exact integers (hundredths) rounded once by the division, so a firm
// under the threshold is drawn under it even when its two-decimal figure
// reads as the threshold itself.
func (p InvestPoint) Intensity() float64 {
	return float64(int64(p.Invest)*100) / float64(int64(p.Den))
}

// Cell counts firms of one district and industry.
type Cell struct {
	District string `json:"district"`
	Industry string `json:"industry"`
	Firms    int    `json:"firms"`
}

// Annual is the statistics of a campaign as the annual report shows them.
type Annual struct {
	Stats Stats
	// Bins is the distribution of totals in BinWidth-point bins, 0 to 100.
	Bins []Bin
	// NeedsByBand and NeedsByDistrict tally 服务需求 per slice, in the
	// order of Stats.ByBand and Stats.ByDistrict.
	NeedsByBand     []NeedTable
	NeedsByDistrict []NeedTable
	Line            Line
	// Points are the submitted firms with an investment intensity.
	Points []InvestPoint
	// LowInvestmentCells counts the low-investment firms per district and
	// industry (the work list in brief when it is too long to print).
	LowInvestmentCells []Cell
	// LowInvestmentListed reports whether Stats.LowInvestment lists every
	// flagged firm; false when it was longer than the builder's cap.
	LowInvestmentListed bool
	// Change compares with the earlier campaign; nil without one.
	Change *Change
}

// AnnualBuilder streams firms into an Annual.
type AnnualBuilder struct {
	*Builder
	bins          []int
	needsBand     map[string]map[string]int
	needsDistrict map[string]map[string]int
	line          Line
	intensity     string
	under, over   intensities // on each side of the line
	points        []InvestPoint
	cells         map[[2]string]int
	change        *ChangeTracker
}

// Intensity is the key of the indicator the low-investment flag tests.
func (a *AnnualBuilder) Intensity() string { return a.intensity }

// Compare makes the statistics compare with an earlier campaign, streamed
// completely before the first Add.
func (a *AnnualBuilder) Compare(e *Earlier) {
	a.change = e.Track(len(a.def.Levels))
}

// NewAnnual starts the annual statistics of firms answering def. listCap
// bounds the low-investment list kept in memory (0: no bound); beyond it
// the report prints counts and the book streams the full list.
func NewAnnual(def *questionnaires.Definition, listCap int) *AnnualBuilder {
	b := NewBuilder(def)
	b.listCap = listCap
	a := &AnnualBuilder{Builder: b, bins: make([]int, 100/BinWidth), needsBand: map[string]map[string]int{},
		needsDistrict: map[string]map[string]int{}, cells: map[[2]string]int{}}
	a.line, a.intensity = flagLine(def)
	a.line.Indicator = a.intensity
	return a
}

// LowInvestmentLine is the low-investment flag's revenue line and
// intensity threshold in the edition (without the firms on either side).
func LowInvestmentLine(def *questionnaires.Definition) Line {
	l, indicator := flagLine(def)
	l.Indicator = indicator
	return l
}

// flagLine reads the low-investment flag's revenue line and intensity
// threshold from the edition (both "lt" conditions).
func flagLine(def *questionnaires.Definition) (Line, string) {
	var l Line
	var indicator string
	for _, fl := range def.Flags {
		if fl.Code != FlagLowInvestment {
			continue
		}
		for _, c := range fl.All {
			if c.Lt == nil {
				continue
			}
			if c.Ref == questionnaires.RosterRevenue {
				l.RevenueWan = questionnaires.FixedFromDec(*c.Lt)
			} else if key, ok := strings.CutPrefix(c.Ref, "indicator:"); ok {
				l.IntensityBelow, indicator = questionnaires.FixedFromDec(*c.Lt), key
			}
		}
	}
	return l, indicator
}

// Add counts one firm.
func (a *AnnualBuilder) Add(f *Firm) {
	a.Builder.Add(f)
	if a.change != nil {
		a.change.Add(f)
	}
	if f.Status != StatusSubmitted || f.Result == nil {
		return
	}
	r := f.Result
	bin := min(int(r.Total)/(BinWidth*100), len(a.bins)-1)
	a.bins[max(bin, 0)]++
	for _, n := range r.Needs {
		inc(a.needsBand, f.Band, n)
		inc(a.needsDistrict, f.District, n)
	}
	side, values := &a.line.Over, &a.over
	if f.RevenueWan < a.line.RevenueWan {
		side, values = &a.line.Under, &a.under
	}
	values.add(r.Indicators[a.intensity])
	side.Submitted++
	if slices.Contains(r.Flags, FlagLowInvestment) && slices.Contains(r.Flags, FlagLowAwareness) {
		side.LowBoth++
	}
	for _, fl := range r.Flags {
		switch fl {
		case FlagLowInvestment:
			side.LowInvestment++
			a.cells[[2]string{f.District, f.Industry}]++
		case FlagLowAwareness:
			side.LowAwareness++
		}
	}
	if iv := r.Indicators[a.intensity]; iv.Value != nil && iv.Num != nil && iv.Den != nil && *iv.Den > 0 {
		a.points = append(a.points, InvestPoint{Name: f.Name, RevenueWan: f.RevenueWan, Invest: *iv.Num, Den: *iv.Den})
	}
}

func inc(m map[string]map[string]int, key, need string) {
	if m[key] == nil {
		m[key] = map[string]int{}
	}
	m[key][need]++
}

// Annual finishes the computation.
func (a *AnnualBuilder) Annual() Annual {
	s := a.Builder.Stats()
	out := Annual{Stats: s, Line: a.line, Points: a.points,
		LowInvestmentListed: len(s.LowInvestment) == s.LowInvestmentUnder1B}
	for i, n := range a.bins {
		to := (i + 1) * BinWidth
		out.Bins = append(out.Bins, Bin{From: i * BinWidth, To: to, Firms: n})
	}
	if a.change != nil {
		c := a.change.Change(a.def, &s)
		out.Change = &c
	}
	out.NeedsByBand = a.needTables(s.ByBand, a.needsBand)
	out.NeedsByDistrict = a.needTables(s.ByDistrict, a.needsDistrict)
	finishSide(&out.Line.Under, a.under)
	finishSide(&out.Line.Over, a.over)
	for k, n := range a.cells {
		out.LowInvestmentCells = append(out.LowInvestmentCells, Cell{District: k[0], Industry: k[1], Firms: n})
	}
	sort.Slice(out.LowInvestmentCells, func(i, j int) bool {
		x, y := out.LowInvestmentCells[i], out.LowInvestmentCells[j]
		if x.District != y.District {
			return x.District < y.District
		}
		return x.Industry < y.Industry
	})
	return out
}

func (a *AnnualBuilder) needTables(groups []Group, counts map[string]map[string]int) []NeedTable {
	out := make([]NeedTable, 0, len(groups))
	for _, g := range groups {
		out = append(out, NeedTable{Key: g.Key, Submitted: g.Submitted, Needs: needCountsOf(a.def, counts[g.Key], g.Submitted)})
	}
	return out
}

// finishSide applies the small-group rule to the side, as to any group:
// shares of its submitted firms, and an intensity drawn from at least
// MinGroup firms.
func finishSide(s *Side, in intensities) {
	s.LowInvestmentShare = GroupShare(s.LowInvestment, s.Submitted)
	s.LowAwarenessShare = GroupShare(s.LowAwareness, s.Submitted)
	if Withheld(s.Submitted) || len(in.values) < MinGroup {
		return
	}
	s.Intensity = Ratio(big.NewRat(in.num, 1), big.NewRat(in.den, 1))
	_, s.MedianIntensity, _ = Quartiles(in.values)
}

// Flagged is the work-list entry of a flagged firm, as Stats.LowInvestment
// lists it: for streaming the full list when the kept one is capped.
func (b *Builder) Flagged(f *Firm) FlaggedFirm { return b.flagged(f) }
