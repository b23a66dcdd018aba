package report

import (
	"context"
	_ "embed"
	"fmt"
	"math/big"
	"strings"

	"healthcheck/analysis"
	"healthcheck/decimal"
	"healthcheck/export"
)

// The 服务供给与需求 chapter: the firms' 服务需求 against the register of
// service providers, by kind and district (analysis.SupplyAndDemand).

//go:embed chapter_supply.tmpl
var supplyChapterSource string

// perProvider is firms per provider, two decimals: 23 firms, 4 providers →
// "5.75".
func perProvider(firms, providers int) string {
	return decimal.RoundHalfUp(big.NewRat(int64(firms), int64(providers))).String()
}

// SheetSupply is the data book's sheet of the chapter.
const SheetSupply = "服务供需"

// gatherSupply reads the register and sets it against the needs tallies.
func (g *gen) gatherSupply(ctx context.Context, d *Data) error {
	ps, err := g.src.Store.Providers(ctx)
	if err != nil {
		return err
	}
	suppliers := make([]analysis.Supplier, len(ps))
	for i, p := range ps {
		suppliers[i] = analysis.Supplier{Services: p.Services, Districts: p.Districts, Certified: p.Certified}
	}
	s := analysis.SupplyAndDemand(d.Annual.Stats.NeedsByKind, d.Annual.NeedsByDistrict, suppliers)
	d.Supply = &s
	return nil
}

// supplyChapter is what chapter_supply.tmpl lays out.
type supplyChapter struct {
	ID, Heading string
	N           int
	S           *analysis.Supply
	Districts   []string // the columns' names
	// Rows are the kinds, each with its city cell and one cell a district.
	Rows []supplyKindRow
	// GapText names the largest gaps in words.
	GapText string
}

type supplyKindRow struct {
	City  analysis.SupplyCell
	Cells []analysis.SupplyCell
}

// SupplyChapter lays out demand against supply for the template.
func (v *vocab) SupplyChapter() *supplyChapter {
	n := v.PolicyChapter().N + 1
	c := &supplyChapter{ID: "supply", N: n, Heading: chineseNumeral(n) + "、服务供给与需求", S: v.d.Supply}
	s := c.S
	for _, r := range s.ByDistrict {
		c.Districts = append(c.Districts, v.district(r.District))
	}
	for i, city := range s.City {
		row := supplyKindRow{City: city}
		for _, r := range s.ByDistrict {
			row.Cells = append(row.Cells, r.Cells[i])
		}
		c.Rows = append(c.Rows, row)
	}
	var parts []string
	for i, g := range s.Gaps {
		if i == gapsNamed {
			break
		}
		parts = append(parts, fmt.Sprintf("%s的%s（%d 家企业）", v.district(g.District), g.Label, g.Demand))
	}
	if len(parts) > 0 {
		c.GapText = fmt.Sprintf("有企业需要、但本区县没有任何服务商提供的服务共 %d 处，需求最多的是：%s。", len(s.Gaps), strings.Join(parts, "、"))
	} else {
		c.GapText = "各区县企业需要的服务，当地都至少有一家服务商提供。"
	}
	return c
}

// gapsNamed is how many gaps the chapter names in its sentence; the table
// marks them all.
const gapsNamed = 5

// supplySheet is the chapter's table, one row per kind and place.
func (v *vocab) supplySheet() export.Table {
	t := export.Table{Sheet: SheetSupply, Header: []string{"服务", "区县代码", "区县", "有需求的企业（家）", "提供服务的服务商（家）", "其中认定服务商（家）", "有需求而无服务商"},
		Widths: []float64{16, 10, 10, 18, 20, 20, 16}, Wrap: []bool{true}, Print: &export.Print{}}
	s := v.d.Supply
	for i, c := range s.City {
		t.Rows = append(t.Rows, []any{c.Label, "", "全市", c.Demand, c.Providers, c.Certified, yesNoOf(c.Gap())})
		for _, r := range s.ByDistrict {
			dc := r.Cells[i]
			t.Rows = append(t.Rows, []any{dc.Label, r.District, v.district(r.District), dc.Demand, dc.Providers, dc.Certified, yesNoOf(dc.Gap())})
		}
	}
	return t
}
