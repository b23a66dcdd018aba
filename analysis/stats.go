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

// Firm is one roster entry as statistics see it; Result is set once submitted.
type Firm struct {
	CreditCode   string
	Name         string
	District     string
	Industry     string
	Band         string
	RevenueWan   fixed
	Status       string
	ReviewStatus string
	Result       *questionnaires.Result
}

// Summary describes a sample of scores. Averages are nil below MinGroup.
type Summary struct {
	N      int    `json:"n"`
	Mean   *fixed `json:"mean"`
	Q1     *fixed `json:"q1"`
	Median *fixed `json:"median"`
	Q3     *fixed `json:"q3"`
}

// Group is the statistics of one slice (a band, a district, an industry).
type Group struct {
	Key        string             `json:"key"`
	Firms      int                `json:"firms"`
	Total      Summary            `json:"total"`
	Dimensions map[string]Summary `json:"dimensions"`
	Indicators map[string]*fixed  `json:"indicators"`
	Levels     map[string]int     `json:"levels"`
	Flags      map[string]int     `json:"flags"`
}

// Stats are the statistics of a population (the firms in a scope and filter).
type Stats struct {
	Firms      int `json:"firms"`
	Submitted  int `json:"submitted"`
	Drafts     int `json:"drafts"`
	NotStarted int `json:"not_started"`
	Approved   int `json:"approved"`
	Returned   int `json:"returned"`

	All        Group   `json:"all"`
	ByBand     []Group `json:"by_band"`
	ByDistrict []Group `json:"by_district"`
	ByIndustry []Group `json:"by_industry"`

	// IndicatorMedians are the medians of firms' own indicator values.
	IndicatorMedians map[string]*fixed `json:"indicator_medians"`
	// LowInvestmentUnder1B counts submitted firms flagged low_investment.
	LowInvestmentUnder1B int            `json:"low_investment_under_1b"`
	Needs                map[string]int `json:"needs"`
}

// sample accumulates one slice while streaming.
type sample struct {
	firms  int
	totals []fixed
	dims   map[string][]fixed
	num    map[string]*big.Rat // ratio indicators: Σ numerators
	den    map[string]*big.Rat
	adopt  map[string]int // adoption indicators: firms using it
	seen   map[string]int // firms with a value for the indicator
	levels map[string]int
	flags  map[string]int
}

func newSample() *sample {
	return &sample{dims: map[string][]fixed{}, num: map[string]*big.Rat{}, den: map[string]*big.Rat{},
		adopt: map[string]int{}, seen: map[string]int{}, levels: map[string]int{}, flags: map[string]int{}}
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
	needsQID  string
}

// NewBuilder starts statistics for firms answering def.
func NewBuilder(def *questionnaires.Definition) *Builder {
	return &Builder{def: def, all: newSample(), band: map[string]*sample{}, district: map[string]*sample{},
		industry: map[string]*sample{}, indValues: map[string][]fixed{}, needs: map[string]int{}}
}

// Add counts one firm.
func (b *Builder) Add(f *Firm) {
	s := &b.stats
	s.Firms++
	switch f.Status {
	case StatusSubmitted:
		s.Submitted++
	case StatusDraft:
		s.Drafts++
	default:
		s.NotStarted++
	}
	slices := []*sample{b.all, group(b.band, f.Band), group(b.district, f.District), group(b.industry, f.Industry)}
	for _, sm := range slices {
		sm.firms++
	}
	if f.Status != StatusSubmitted || f.Result == nil {
		return
	}
	switch f.ReviewStatus {
	case "approved":
		s.Approved++
	case "returned":
		s.Returned++
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
		if code == "low_investment" {
			s.LowInvestmentUnder1B++
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
		sm.dims[k] = append(sm.dims[k], v)
	}
	for k, iv := range r.Indicators {
		switch {
		case iv.Num != nil && iv.Den != nil:
			if iv.Den.Rat().Sign() > 0 {
				addRat(sm.num, k, iv.Num.Rat())
				addRat(sm.den, k, iv.Den.Rat())
				sm.seen[k]++
			}
		case iv.Value != nil:
			sm.seen[k]++
			if *iv.Value > 0 {
				sm.adopt[k]++
			}
		}
	}
	sm.levels[r.Level]++
	for _, fl := range r.Flags {
		sm.flags[fl]++
	}
}

func addRat(m map[string]*big.Rat, k string, v *big.Rat) {
	if m[k] == nil {
		m[k] = new(big.Rat)
	}
	m[k].Add(m[k], v)
}

// Stats finishes the computation. Groups are ordered as the definition orders
// bands, and by key for districts and industries.
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
		if sm, ok := m[k]; ok {
			out = append(out, b.group(k, sm))
		}
	}
	return out
}

func (b *Builder) group(key string, sm *sample) Group {
	g := Group{Key: key, Firms: sm.firms, Total: summarize(sm.totals), Dimensions: map[string]Summary{},
		Indicators: map[string]*fixed{}, Levels: map[string]int{}, Flags: sm.flags}
	for _, dim := range b.def.Dimensions {
		g.Dimensions[dim.Key] = summarize(sm.dims[dim.Key])
	}
	for _, l := range b.def.Levels {
		g.Levels[l.Label] = sm.levels[l.Label]
	}
	enough := len(sm.totals) >= MinGroup
	for _, ind := range b.def.Indicators {
		var v *fixed
		if enough {
			if ind.Kind == questionnaires.IndicatorRatio {
				v = Ratio(ratOr0(sm.num[ind.Key]), sm.den[ind.Key])
			} else {
				v = Share(sm.adopt[ind.Key], sm.seen[ind.Key])
			}
		}
		g.Indicators[ind.Key] = v
	}
	return g
}

func ratOr0(r *big.Rat) *big.Rat {
	if r == nil {
		return new(big.Rat)
	}
	return r
}

func summarize(xs []fixed) Summary {
	q1, med, q3 := Quartiles(xs)
	return Summary{N: len(xs), Mean: Mean(xs), Q1: q1, Median: med, Q3: q3}
}
