package analysis

import (
	"math/big"
	"sort"

	"healthcheck/questionnaires"
)

// Survey statuses, as stored.
const (
	StatusNotStarted = "not_started"
	StatusDraft      = "draft"
	StatusSubmitted  = "submitted"
)

// Review statuses (县区初审), as stored.
const (
	ReviewPending  = "pending"
	ReviewApproved = "approved"
	ReviewReturned = "returned"
)

// Firm is one roster entry as statistics see it; Result is set once submitted.
type Firm struct {
	CreditCode   string
	Name         string
	District     string
	Industry     string
	Band         string
	RevenueWan   fixed
	Employees    int
	Status       string
	ReviewStatus string
	Result       *questionnaires.Result
}

// Summary describes a sample of scores. Figures are nil below MinGroup.
type Summary struct {
	N      int    `json:"n"`
	Mean   *fixed `json:"mean"`
	Min    *fixed `json:"min"`
	Q1     *fixed `json:"q1"`
	Median *fixed `json:"median"`
	Q3     *fixed `json:"q3"`
	Max    *fixed `json:"max"`
}

// Group is the statistics of one slice (a band, a district, an industry).
// Firms counts the slice's roster; Total.N the submitted firms scored.
type Group struct {
	Key        string             `json:"key"`
	Firms      int                `json:"firms"`
	Submitted  int                `json:"submitted"`
	Drafts     int                `json:"drafts"`
	NotStarted int                `json:"not_started"`
	Total      Summary            `json:"total"`
	Dimensions map[string]Summary `json:"dimensions"`
	Indicators map[string]*fixed  `json:"indicators"`
	Levels     map[string]int     `json:"levels"`
	Flags      map[string]int     `json:"flags"`
}

// ResponseRate is the submitted share of the slice's roster, nil when empty.
// It is progress, made of two counts that are shown anyway, so the
// small-group rule does not withhold it.
func (g Group) ResponseRate() *fixed { return Share(g.Submitted, g.Firms) }

// Withheld reports whether the small-group rule leaves the group with counts
// only (fewer than MinGroup submitted firms): its means, quartiles, rates
// and shares are nil.
func (g Group) Withheld() bool { return Withheld(g.Submitted) }

// ShareOf is k of the group's submitted firms ×100 (a level's or a flag's
// share), nil when the group is withheld.
func (g Group) ShareOf(k int) *fixed { return GroupShare(k, g.Submitted) }

// Stats are the statistics of a population (the firms in a scope and filter).
type Stats struct {
	Firms      int `json:"firms"`
	Submitted  int `json:"submitted"`
	Drafts     int `json:"drafts"`
	NotStarted int `json:"not_started"`
	// Review (县区初审): Approved and Pending are submitted surveys; a
	// Returned survey is a draft again until the firm submits it anew.
	Approved int `json:"approved"`
	Pending  int `json:"pending"`
	Returned int `json:"returned"`

	All        Group   `json:"all"`
	ByBand     []Group `json:"by_band"`
	ByDistrict []Group `json:"by_district"`
	ByIndustry []Group `json:"by_industry"`

	// IndicatorMedians are the medians of firms' own indicator values.
	IndicatorMedians map[string]*fixed `json:"indicator_medians"`
	// LowInvestmentUnder1B counts submitted firms flagged low_investment
	// (its rule includes revenue under 10亿); LowInvestment lists them.
	LowInvestmentUnder1B int            `json:"low_investment_under_1b"`
	LowInvestment        []FlaggedFirm  `json:"low_investment"`
	Needs                map[string]int `json:"needs"`
	// NeedsByKind tallies 服务需求 in the questionnaire's option order.
	NeedsByKind []NeedCount `json:"needs_by_kind"`
}

// sample accumulates one slice while streaming.
type sample struct {
	firms, submitted, drafts, notStarted int

	totals []fixed
	// dims and inds are held by pointer so a firm costs one look-up per
	// dimension and indicator (each firm goes into four samples; at national
	// scale the map assignments were most of the statistics' own time).
	dims   map[string]*[]fixed
	inds   map[string]*indicatorSum
	levels map[string]int
	flags  map[string]int
}

// indicatorSum accumulates one indicator of a slice.
type indicatorSum struct {
	// ratio indicators: Σ numerators and Σ denominators, in hundredths
	// (exact: the parts are two-decimal figures)
	num, den int64
	adopt    int // adoption indicators: firms using it
	seen     int // firms with a value for the indicator
}

func newSample() *sample {
	return &sample{dims: map[string]*[]fixed{}, inds: map[string]*indicatorSum{}, levels: map[string]int{}, flags: map[string]int{}}
}

// Builder streams firms into statistics, so memory grows only with the
// numbers kept for quartiles, never with whole records.
type Builder struct {
	def       *questionnaires.Definition
	stats     Stats
	all       *sample
	band      map[string]*sample
	district  map[string]*sample
	industry  map[string]*sample
	indValues map[string][]fixed
	needs     map[string]int
	// lowInvIndicator is the indicator the low_investment flag tests (数字化
	// 投入强度), shown beside each flagged firm.
	lowInvIndicator string
	// listCap bounds Stats.LowInvestment (0: no bound); the count stays exact.
	listCap int
}

// NewBuilder starts statistics for firms answering def.
func NewBuilder(def *questionnaires.Definition) *Builder {
	return &Builder{def: def, all: newSample(), band: map[string]*sample{}, district: map[string]*sample{},
		industry: map[string]*sample{}, indValues: map[string][]fixed{}, needs: map[string]int{},
		lowInvIndicator: flagIndicator(def, FlagLowInvestment)}
}

// Add counts one firm.
func (b *Builder) Add(f *Firm) {
	s := &b.stats
	s.Firms++
	slices := []*sample{b.all, group(b.band, f.Band), group(b.district, f.District), group(b.industry, f.Industry)}
	submitted := f.Status == StatusSubmitted && f.Result != nil
	for _, sm := range slices {
		sm.firms++
		switch {
		case submitted:
			sm.submitted++
		case f.Status == StatusDraft:
			sm.drafts++
		default:
			sm.notStarted++
		}
	}
	if !submitted {
		if f.Status == StatusDraft {
			s.Drafts++
			if f.ReviewStatus == ReviewReturned {
				s.Returned++
			}
		} else {
			s.NotStarted++
		}
		return
	}
	s.Submitted++
	switch f.ReviewStatus {
	case ReviewApproved:
		s.Approved++
	default:
		s.Pending++
	}
	r := f.Result
	for _, sm := range slices {
		sm.add(r)
	}
	for key, iv := range r.Indicators {
		if iv.Value != nil {
			b.indValues[key] = append(b.indValues[key], *iv.Value)
		}
	}
	for _, code := range r.Flags {
		if code == FlagLowInvestment {
			s.LowInvestmentUnder1B++
			if b.listCap == 0 || len(s.LowInvestment) < b.listCap {
				s.LowInvestment = append(s.LowInvestment, b.flagged(f))
			}
		}
	}
	for _, n := range r.Needs {
		b.needs[n]++
	}
}

func group(m map[string]*sample, key string) *sample {
	sm, ok := m[key]
	if !ok {
		sm = newSample()
		m[key] = sm
	}
	return sm
}

func (sm *sample) add(r *questionnaires.Result) {
	sm.totals = append(sm.totals, r.Total)
	for k, v := range r.Dimensions {
		d := sm.dims[k]
		if d == nil {
			d = new([]fixed)
			sm.dims[k] = d
		}
		*d = append(*d, v)
	}
	for k, iv := range r.Indicators {
		in := sm.inds[k]
		if in == nil {
			in = &indicatorSum{}
			sm.inds[k] = in
		}
		switch {
		case iv.Num != nil && iv.Den != nil:
			if *iv.Den > 0 {
				in.num += int64(*iv.Num)
				in.den += int64(*iv.Den)
				in.seen++
			}
		case iv.Value != nil:
			in.seen++
			if *iv.Value > 0 {
				in.adopt++
			}
		}
	}
	sm.levels[r.Level]++
	for _, fl := range r.Flags {
		sm.flags[fl]++
	}
}

// Stats finishes the computation. Every band of the definition has a group,
// in its order; districts and industries with firms follow by key.
func (b *Builder) Stats() Stats {
	s := b.stats
	s.All = b.group("", b.all)
	s.ByBand = b.groups(b.band, b.bandOrder())
	s.ByDistrict = b.groups(b.district, nil)
	s.ByIndustry = b.groups(b.industry, nil)
	s.IndicatorMedians = map[string]*fixed{}
	for _, ind := range b.def.Indicators {
		_, med, _ := Quartiles(b.indValues[ind.Key])
		s.IndicatorMedians[ind.Key] = med
	}
	s.Needs = b.needs
	s.NeedsByKind = b.needCounts(s.Submitted)
	sortFlagged(s.LowInvestment)
	return s
}

func (b *Builder) bandOrder() []string {
	var keys []string
	for _, sb := range b.def.SizeBands {
		keys = append(keys, sb.Label)
	}
	return keys
}

func (b *Builder) groups(m map[string]*sample, order []string) []Group {
	if order == nil {
		for k := range m {
			order = append(order, k)
		}
		sort.Strings(order)
	}
	var out []Group
	for _, k := range order {
		sm, ok := m[k]
		if !ok {
			sm = newSample() // a band without firms still has its row
		}
		out = append(out, b.group(k, sm))
	}
	return out
}

func (b *Builder) group(key string, sm *sample) Group {
	g := Group{Key: key, Firms: sm.firms, Submitted: sm.submitted, Drafts: sm.drafts, NotStarted: sm.notStarted,
		Total: summarize(sm.totals), Dimensions: map[string]Summary{},
		Indicators: map[string]*fixed{}, Levels: map[string]int{}, Flags: sm.flags}
	for _, dim := range b.def.Dimensions {
		var xs []fixed
		if d := sm.dims[dim.Key]; d != nil {
			xs = *d
		}
		g.Dimensions[dim.Key] = summarize(xs)
	}
	for _, l := range b.def.Levels {
		g.Levels[l.Label] = sm.levels[l.Label]
	}
	for _, ind := range b.def.Indicators {
		g.Indicators[ind.Key] = sm.rate(ind)
	}
	return g
}

// rate is a slice's indicator: Σ numerators / Σ denominators for a ratio,
// the share of firms for an adoption. It is nil for a withheld slice, and
// also when fewer than MinGroup firms give it a value (a ratio's firms
// without a denominator, e.g. no production equipment, add nothing): an
// aggregate of one or two firms' values would be their own figure.
func (sm *sample) rate(ind questionnaires.Indicator) *fixed {
	in := sm.inds[ind.Key]
	if in == nil {
		in = &indicatorSum{}
	}
	if Withheld(sm.submitted) || in.seen < MinGroup {
		return nil
	}
	if ind.Kind == questionnaires.IndicatorRatio {
		return Ratio(big.NewRat(in.num, 1), big.NewRat(in.den, 1))
	}
	return Share(in.adopt, in.seen)
}

func summarize(xs []fixed) Summary {
	s := Summary{N: len(xs), Mean: Mean(xs)}
	if len(xs) < MinGroup {
		return s
	}
	sorted := append([]fixed(nil), xs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	lo, hi := sorted[0], sorted[len(sorted)-1]
	s.Min, s.Max = &lo, &hi
	s.Q1 = QuartileInc(sorted, big.NewRat(1, 4))
	s.Median = QuartileInc(sorted, big.NewRat(1, 2))
	s.Q3 = QuartileInc(sorted, big.NewRat(3, 4))
	return s
}
