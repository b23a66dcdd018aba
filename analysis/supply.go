package analysis

import (
	"slices"
	"sort"
)

// This file sets the firms' 服务需求 (demand) against the register of
// service providers (supply), by kind of service and district: where firms
// want help that no provider offers (the seed's finding that third-party
// providers are too few). Demand is exactly the needs tallies of Stats and
// Annual, so the two chapters of the report cannot disagree.

// Supplier is one service provider as supply counts it.
type Supplier struct {
	// Services are the kinds offered (option values of 服务需求).
	Services []string
	// Districts are the GB/T 2260 codes served.
	Districts []string
	Certified bool
}

// SupplyCell sets one kind's demand against its supply in one place.
type SupplyCell struct {
	Key, Label string
	// Demand counts the submitted firms asking for the kind.
	Demand int
	// Providers offer the kind there; Certified of them are certified.
	Providers, Certified int
}

// Gap reports firms wanting the kind where no provider offers it.
func (c SupplyCell) Gap() bool { return c.Demand > 0 && c.Providers == 0 }

// SupplyRow is one district's cells, in the kinds' order.
type SupplyRow struct {
	District  string
	Submitted int
	Cells     []SupplyCell
}

// SupplyGap is a kind wanted in a district with no provider there.
type SupplyGap struct {
	District   string
	Key, Label string
	Demand     int
}

// Supply is demand against supply.
type Supply struct {
	// Providers counts the register; Certified its certified providers.
	Providers, Certified int
	// City is each kind city-wide: every firm asking, every provider
	// offering it anywhere.
	City       []SupplyCell
	ByDistrict []SupplyRow
	// Gaps are the cells with demand and no provider, most firms first.
	Gaps []SupplyGap
}

// SupplyAndDemand counts supply against the needs tallies: city is
// Stats.NeedsByKind, byDistrict Annual.NeedsByDistrict.
func SupplyAndDemand(city []NeedCount, byDistrict []NeedTable, suppliers []Supplier) Supply {
	out := Supply{Providers: len(suppliers)}
	for _, s := range suppliers {
		if s.Certified {
			out.Certified++
		}
	}
	out.City = cells(city, func(s Supplier) bool { return true }, suppliers)
	for _, t := range byDistrict {
		serves := func(s Supplier) bool { return slices.Contains(s.Districts, t.Key) }
		row := SupplyRow{District: t.Key, Submitted: t.Submitted, Cells: cells(t.Needs, serves, suppliers)}
		for _, c := range row.Cells {
			if c.Gap() {
				out.Gaps = append(out.Gaps, SupplyGap{District: t.Key, Key: c.Key, Label: c.Label, Demand: c.Demand})
			}
		}
		out.ByDistrict = append(out.ByDistrict, row)
	}
	sort.SliceStable(out.Gaps, func(i, j int) bool { return out.Gaps[i].Demand > out.Gaps[j].Demand })
	return out
}

// cells counts, for each kind of needs, the suppliers there that offer it.
func cells(needs []NeedCount, there func(Supplier) bool, suppliers []Supplier) []SupplyCell {
	out := make([]SupplyCell, 0, len(needs))
	for _, n := range needs {
		c := SupplyCell{Key: n.Key, Label: n.Label, Demand: n.Firms}
		for _, s := range suppliers {
			if there(s) && slices.Contains(s.Services, n.Key) {
				c.Providers++
				if s.Certified {
					c.Certified++
				}
			}
		}
		out = append(out, c)
	}
	return out
}
