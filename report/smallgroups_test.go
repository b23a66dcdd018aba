package report

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/analysis"
	"healthcheck/testutil/smallgroups"
)

// TestSmallGroupsShowCountsOnlyInTheReport: districts, bands and industries
// of one and two submitted firms show their counts and no mean, quartile,
// rate or share in report.html, report.xlsx and summary.json; the group of
// three shows its figures.
func TestSmallGroupsShowCountsOnlyInTheReport(t *testing.T) {
	c := smallgroups.New(t)
	dir := t.TempDir()
	src := Source{Store: c.Store, Defs: c.Defs, City: c.City}
	if err := Generate(context.Background(), src, Options{Year: smallgroups.Year, Now: fixedNow}, dir); err != nil {
		t.Fatal(err)
	}
	t.Run("summary.json", func(t *testing.T) { checkSmallSummary(t, dir) })
	t.Run("report.xlsx", func(t *testing.T) { checkSmallBook(t, dir) })
	t.Run("report.html", func(t *testing.T) { checkSmallHTML(t, dir) })
}

func checkSmallSummary(t *testing.T, dir string) {
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s analysis.StatsJSON
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	smallgroups.CheckStats(t, s)
}

// countColumn: the book's columns of counts (and the response rate), which
// every group shows.
func countColumn(h string) bool {
	for _, c := range []string{"规模档", "区县代码", "行业代码", "名称", "名录企业", "已提交", "填报中", "未开始", "填报率（%）"} {
		if h == c {
			return true
		}
	}
	return strings.HasSuffix(h, "（家）")
}

func checkSmallBook(t *testing.T, dir string) {
	f := openBook(t, filepath.Join(dir, BookFile))
	for _, sh := range []struct{ name, key string }{{SheetBands, "规模档"}, {SheetDistricts, "区县代码"}, {SheetIndustries, "行业代码"}} {
		for _, rec := range sheet(t, f, sh.name) {
			g, ok := groupOf(rec[sh.key])
			if !ok {
				continue
			}
			if rec["已提交"] != strconv.Itoa(len(g.Levels)) || rec["名录企业"] != strconv.Itoa(g.Firms()) {
				t.Errorf("%s %s: counts %s of %s, want %d of %d", sh.name, rec[sh.key], rec["已提交"], rec["名录企业"], len(g.Levels), g.Firms())
			}
			for h, v := range rec {
				if g.Withheld() && !countColumn(h) && v != "" {
					t.Errorf("%s %s (%d submitted): %s = %s", sh.name, rec[sh.key], len(g.Levels), h, v)
				}
			}
			if !g.Withheld() && rec["平均总分"] == "" {
				t.Errorf("%s %s: no mean for a group of %d", sh.name, rec[sh.key], len(g.Levels))
			}
		}
	}
	for _, name := range []string{SheetIndicators, SheetNeeds} {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil || len(rows) < 2 {
			t.Fatalf("sheet %s: %v", name, err)
		}
		for col, h := range rows[0] {
			g, ok := groupOfHeader(h)
			if !ok || strings.HasSuffix(h, "（家）") {
				continue
			}
			filled := 0
			for _, r := range rows[1:] {
				if col < len(r) && r[col] != "" {
					filled++
				}
			}
			if g.Withheld() && filled > 0 {
				t.Errorf("%s: column %s shows %d figures for a group of %d", name, h, filled, len(g.Levels))
			}
			if !g.Withheld() && filled == 0 {
				t.Errorf("%s: column %s is empty for a group of %d", name, h, len(g.Levels))
			}
		}
	}
}

// groupOf finds the group a book row's key (band, district or industry
// code) belongs to.
func groupOf(key string) (smallgroups.Group, bool) {
	for _, g := range smallgroups.Groups {
		if key == g.Band || key == g.District || key == g.Industry {
			return g, true
		}
	}
	return smallgroups.Group{}, false
}

// groupOfHeader finds the group a column ("1-2亿（%）", "南湖区（家）") is of.
func groupOfHeader(h string) (smallgroups.Group, bool) {
	for _, g := range smallgroups.Groups {
		for _, l := range g.Labels() {
			if smallgroups.Names(h, l) {
				return g, true
			}
		}
	}
	return smallgroups.Group{}, false
}

func checkSmallHTML(t *testing.T, dir string) {
	b, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	cells := smallgroups.Cells(string(b))
	for _, leak := range smallgroups.Leaks(cells) {
		t.Error(leak)
	}
	shown := smallgroups.Groups[2]
	for _, l := range shown.Labels() {
		if smallgroups.Shows(cells, l) == 0 {
			t.Errorf("no figure for %s, a group of %d: the tables were not read", l, len(shown.Levels))
		}
	}
	for _, g := range smallgroups.Groups {
		found := false
		for _, c := range cells {
			if c.Row == g.DistrictName && c.Col == "已提交" {
				found = c.Text == strconv.Itoa(len(g.Levels))
			}
		}
		if !found {
			t.Errorf("表1 does not count %s's %d submitted firms", g.DistrictName, len(g.Levels))
		}
	}
}
