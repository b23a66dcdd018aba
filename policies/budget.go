package policies

import (
	"math/big"
	"sort"

	"healthcheck/analysis"
	"healthcheck/decimal"
)

// This file adds the firms' estimates up into the bureau's budget (政策测算
// of the annual report): each policy's total with the caps already applied
// per firm (Set.Estimate, the function the firm's own report uses), the
// firms' money by district, size band and industry, and the part that goes
// to firms under the low-investment flag's revenue line (10亿) and to the
// low-investment list. Staff subsidies are totalled apart and never enter
// the firms' sums. Built by streaming, one firm at a time.

// Holder is where one firm sits in the budget's tables.
type Holder struct {
	District, Band, Industry string
	// Under1B: revenue under the low-investment flag's line (10亿 in 2020).
	Under1B bool
	// LowInvestment: flagged 投入不足 (on the 数字赋智 work list).
	LowInvestment bool
}

// Sum adds estimates over the firms that earn something.
type Sum struct {
	Firms   int   `json:"firms"`
	Yuan    int64 `json:"yuan"`     // the estimates (a range's lower bound)
	MaxYuan int64 `json:"max_yuan"` // their upper bounds
}

func (s *Sum) add(low, high int64) {
	s.Firms++
	s.Yuan += low
	s.MaxYuan += high
}

// Shown reports whether the sum may be published: an amount over fewer than
// analysis.MinGroup firms would give a single firm's grant away, so only
// the count of firms is shown then (the report's small-group rule).
func (s Sum) Shown() bool { return s.Firms >= analysis.MinGroup }

// PolicyLine is one policy's total over the firms that earn it.
type PolicyLine struct {
	ID, Name, Recipient string
	CapYuan             int64 // per firm; 0: none
	// AtCap counts the firms whose estimate is the cap (reached or cut to it).
	AtCap int
	Sum
}

// ForFirm reports whether the firm itself receives the policy's money.
func (l PolicyLine) ForFirm() bool { return l.Recipient == RecipientFirm }

// GroupSum is the firms' money of one district, band or industry.
type GroupSum struct {
	Key string
	Sum
}

// Budget is a campaign's policy estimate.
type Budget struct {
	Year                int
	Title, Source, Note string
	// Estimated counts the firms whose answers were matched (the submitted).
	Estimated int
	// Policies are the year's policies in file order, firm and staff alike.
	Policies []PolicyLine
	// Firm sums what firms receive (Firms: those earning at least one firm
	// policy); Staff what their people do, apart.
	Firm, Staff Sum
	// Under1B and LowInvestment are the part of Firm going to firms under
	// the revenue line and to flagged firms.
	Under1B, LowInvestment Sum
	// ByDistrict and ByIndustry are sorted by code, ByBand in the order of
	// the bands given to NewBudget; each lists only groups with money.
	ByDistrict, ByBand, ByIndustry []GroupSum
}

// Under1BShare and LowInvestmentShare are those parts as percent of the
// firms' total (nil when the total is nothing).
func (b *Budget) Under1BShare() *decimal.Fixed2 { return shareOf(b.Under1B.Yuan, b.Firm.Yuan) }

// LowInvestmentShare: see Under1BShare.
func (b *Budget) LowInvestmentShare() *decimal.Fixed2 {
	return shareOf(b.LowInvestment.Yuan, b.Firm.Yuan)
}

func shareOf(part, whole int64) *decimal.Fixed2 {
	if whole <= 0 {
		return nil
	}
	v := decimal.RoundHalfUp(big.NewRat(part*100, whole))
	return &v
}

// BudgetBuilder streams firms' estimates into a Budget.
type BudgetBuilder struct {
	b                      Budget
	index                  map[string]int // policy id → its line
	district, industry, bd map[string]*Sum
	bands                  []string
}

// NewBudget starts the budget of set's policies; bands is the size bands'
// order.
func NewBudget(set *Set, bands []string) *BudgetBuilder {
	bb := &BudgetBuilder{b: Budget{Year: set.Year, Title: set.Title, Source: set.Source, Note: set.Note},
		index: map[string]int{}, district: map[string]*Sum{}, industry: map[string]*Sum{}, bd: map[string]*Sum{},
		bands: bands}
	for i, p := range set.Policies {
		bb.index[p.ID] = i
		bb.b.Policies = append(bb.b.Policies, PolicyLine{ID: p.ID, Name: p.Name, Recipient: p.Recipient, CapYuan: p.CapYuan})
	}
	return bb
}

// Add counts one firm's estimate (Set.Estimate of its answers).
func (bb *BudgetBuilder) Add(h Holder, e Estimate) {
	b := &bb.b
	b.Estimated++
	for _, m := range e.Matches {
		line := &b.Policies[bb.index[m.ID]]
		line.add(m.AmountYuan, m.AmountMaxYuan)
		if line.CapYuan > 0 && m.AmountMaxYuan == line.CapYuan {
			line.AtCap++
		}
	}
	if e.StaffMaxYuan > 0 {
		b.Staff.add(e.StaffYuan, e.StaffMaxYuan)
	}
	if e.FirmMaxYuan <= 0 {
		return
	}
	b.Firm.add(e.FirmYuan, e.FirmMaxYuan)
	if h.Under1B {
		b.Under1B.add(e.FirmYuan, e.FirmMaxYuan)
	}
	if h.LowInvestment {
		b.LowInvestment.add(e.FirmYuan, e.FirmMaxYuan)
	}
	addTo(bb.district, h.District, e)
	addTo(bb.industry, h.Industry, e)
	addTo(bb.bd, h.Band, e)
}

func addTo(m map[string]*Sum, key string, e Estimate) {
	if m[key] == nil {
		m[key] = &Sum{}
	}
	m[key].add(e.FirmYuan, e.FirmMaxYuan)
}

// Budget finishes the tables.
func (bb *BudgetBuilder) Budget() *Budget {
	b := bb.b
	b.Policies = append([]PolicyLine(nil), bb.b.Policies...)
	b.ByDistrict, b.ByIndustry = sortedSums(bb.district), sortedSums(bb.industry)
	for _, band := range bb.bands {
		if s := bb.bd[band]; s != nil {
			b.ByBand = append(b.ByBand, GroupSum{Key: band, Sum: *s})
		}
	}
	return &b
}

func sortedSums(m map[string]*Sum) []GroupSum {
	out := make([]GroupSum, 0, len(m))
	for k, s := range m {
		out = append(out, GroupSum{Key: k, Sum: *s})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
