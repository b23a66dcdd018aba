package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSupplyReconcilesWithNeeds: each cell of 服务供给与需求, in the book and
// in report.html, counts exactly the submitted firms whose answer in
// answers.csv names the service (city-wide and in the district), beside
// the providers of the register that offer it there; the gaps marked are
// the cells with demand and no provider.
func TestSupplyReconcilesWithNeeds(t *testing.T) {
	d := demoReport(t)
	b := d.read(t, AnswersFile)
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := d.src.Defs.Get("jiaxing-2020")
	q := mustQ(t, def, def.NeedsQuestion)
	col := slices.Index(recs[0], q.ID+" "+q.Title)
	if col < 0 {
		t.Fatalf("answers.csv has no column for %s", q.ID)
	}
	demand := map[string]int{} // "label|district code" and "label|" for the city
	for _, r := range recs[1:] {
		if r[7] != "已提交" {
			continue
		}
		for _, label := range strings.Split(r[col], "；") {
			demand[label+"|"+r[2]]++
			demand[label+"|"]++
		}
	}
	register, err := d.src.Store.Providers(context.Background())
	if err != nil || len(register) == 0 {
		t.Fatalf("the demo has no register: %v", err)
	}
	supply := map[string]int{}
	for _, p := range register {
		for _, kind := range p.Services {
			label := q.OptionLabel(kind)
			supply[label+"|"]++
			for _, dist := range p.Districts {
				supply[label+"|"+dist]++
			}
		}
	}
	rows := sheet(t, d.book(t), SheetSupply)
	if want := (len(q.Options) - 1) * (1 + len(d.src.City.Districts)); len(rows) != want {
		t.Fatalf("服务供需 has %d rows, want %d", len(rows), want)
	}
	html := string(d.read(t, HTMLFile))
	gaps := 0
	for _, r := range rows {
		key := r["服务"] + "|" + r["区县代码"]
		gap := demand[key] > 0 && supply[key] == 0
		if r["有需求的企业（家）"] != strconv.Itoa(demand[key]) || r["提供服务的服务商（家）"] != strconv.Itoa(supply[key]) ||
			r["有需求而无服务商"] != map[bool]string{true: "是", false: "否"}[gap] {
			t.Errorf("%s: book %v, answers.csv %d firms, register %d providers", key, r, demand[key], supply[key])
		}
		if gap && r["区县代码"] != "" {
			gaps++
		}
	}
	// Each kind's row of the districts' table, recomputed cell by cell.
	for _, o := range q.Options[:len(q.Options)-1] {
		row := `<tr><th scope="row">` + o.Label + `</th>`
		for _, dist := range d.src.City.Districts {
			key := o.Label + "|" + dist.Code
			class := "num"
			if demand[key] > 0 && supply[key] == 0 {
				class += " gap"
			}
			row += fmt.Sprintf(`<td class="%s">%d / %d</td>`, class, demand[key], supply[key])
		}
		if !strings.Contains(html, row+"</tr>") {
			t.Errorf("report.html lacks the row %s", row)
		}
	}
	if gaps == 0 || strings.Count(html, `<td class="num gap">`) != gaps {
		t.Errorf("%d gaps in the book, %d marked in report.html", gaps, strings.Count(html, `<td class="num gap">`))
	}
}
