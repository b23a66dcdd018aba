// Package smallgroups builds, for tests of the small-group rule, a campaign
// whose districts, size bands and industries have one, two and three
// submitted firms: every output (dashboard, API, report.html, report.xlsx,
// summary.json) must show those of one and two by their counts only. It is
// test support: import it only from _test.go files.
package smallgroups

import (
	"context"
	"fmt"
	"html"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"healthcheck/analysis"
	"healthcheck/city"
	"healthcheck/clock"
	"healthcheck/creditcode"
	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/survey"
	"healthcheck/testutil/answerset"
)

// Year is the campaign's year.
const Year = 2020

// Group is one slice of the city: the same firms make up a district, a size
// band and an industry, so each kind of grouping has one of each size.
type Group struct {
	District, DistrictName, Band, Industry string
	RevenueWan                             int64
	// Submitted firms answer at these maturity levels (answerset.Full);
	// Drafts and NotStarted firms are in the roster too.
	Levels             []int
	Drafts, NotStarted int
}

// Withheld reports whether the rule leaves the group with counts only.
func (g Group) Withheld() bool { return len(g.Levels) < 3 }

// Firms counts the group's roster.
func (g Group) Firms() int { return len(g.Levels) + g.Drafts + g.NotStarted }

// Groups are the city's three slices: 1, 2 and 3 submitted firms.
var Groups = []Group{
	{District: "330402", DistrictName: "南湖区", Band: "1-2亿", Industry: "C13", RevenueWan: 15000, Levels: []int{1}, NotStarted: 1},
	{District: "330411", DistrictName: "秀洲区", Band: "2-4亿", Industry: "C17", RevenueWan: 30000, Levels: []int{2, 3}, Drafts: 1},
	{District: "330421", DistrictName: "嘉善县", Band: "4-10亿", Industry: "C26", RevenueWan: 60000, Levels: []int{1, 2, 4}},
}

// City is the database the groups were written to.
type City struct {
	Store      *models.Store
	Defs       *questionnaires.Registry
	City       *city.Config
	Campaign   *models.Campaign
	Submitted  int
	Submission time.Time // when the firms submitted (the service's clock)
}

// New writes the groups into a new database under tb.TempDir(); the store
// is closed when the test ends.
func New(tb testing.TB) *City {
	tb.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, filepath.Join(tb.TempDir(), "small.db"), models.Options{Synchronous: "NORMAL"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		tb.Fatal(err)
	}
	c := &City{Store: store, Defs: defs, City: city.Default()}
	if err := c.fill(ctx); err != nil {
		tb.Fatal(err)
	}
	return c
}

func (c *City) fill(ctx context.Context) error {
	opens, _ := clock.DayStart(fmt.Sprintf("%d-04-01", Year))
	closes, _ := clock.DayStart(fmt.Sprintf("%d-07-01", Year))
	c.Campaign = &models.Campaign{Year: Year, Title: fmt.Sprintf("%d年度小组测试", Year), QuestionnaireID: "jiaxing-2020",
		OpensAt: opens, ClosesAt: closes, MinRevenueWan: 1000000}
	if err := c.Store.CreateCampaign(ctx, c.Campaign); err != nil {
		return err
	}
	def, ok := c.Defs.Get(c.Campaign.QuestionnaireID)
	if !ok {
		return fmt.Errorf("smallgroups: no edition %s", c.Campaign.QuestionnaireID)
	}
	var rows []models.RosterInput
	levels := map[string]int{} // credit code → level, -1 a draft
	n := 0
	for _, g := range Groups {
		for i := range g.Firms() {
			n++
			code, _ := creditcode.Complete(fmt.Sprintf("91%sMA%07d", g.District, n))
			rows = append(rows, models.RosterInput{CreditCode: code, Name: fmt.Sprintf("%s测试企业%d", g.DistrictName, n),
				District: g.District, Industry: g.Industry, RevenueWan: decimal.Fixed2(g.RevenueWan * 100), Employees: 200,
				Band: def.BandOf(decimal.Fixed2(g.RevenueWan * 100))})
			switch {
			case i < len(g.Levels):
				levels[code] = g.Levels[i]
			case i < len(g.Levels)+g.Drafts:
				levels[code] = -1
			}
		}
	}
	if err := c.Store.UpsertRoster(ctx, c.Campaign.ID, rows); err != nil {
		return err
	}
	c.Submission = opens.Add(30 * 24 * time.Hour)
	svc := survey.New(c.Store, c.Defs)
	svc.Now = func() time.Time { return c.Submission }
	var entries []*models.FirmRow
	err := c.Store.EachFirm(ctx, models.CityScope(), c.Campaign.ID, models.FirmFilter{}, func(r *models.FirmRow) error {
		cp := *r
		entries = append(entries, &cp)
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range entries {
		level, ok := levels[r.CreditCode]
		if !ok {
			continue
		}
		scope := models.FirmScope(r.EnterpriseID)
		saved, err := svc.Save(ctx, scope, r.EntryID, 0, answerset.Raw(answerset.Full(def, max(level, 0))), "")
		if err != nil {
			return err
		}
		if level < 0 {
			continue
		}
		if _, err := svc.Submit(ctx, scope, r.EntryID, saved.Version, true, ""); err != nil {
			return err
		}
		c.Submitted++
	}
	return nil
}

// Cell is one data cell of an HTML table: its table's caption, its row's
// and its column's names.
type Cell struct {
	Caption, Row, Col, Text string
}

var (
	tableRe   = regexp.MustCompile(`(?s)<table[^>]*>(.*?)</table>`)
	captionRe = regexp.MustCompile(`(?s)<caption[^>]*>(.*?)</caption>`)
	theadRe   = regexp.MustCompile(`(?s)<thead>(.*?)</thead>`)
	tbodyRe   = regexp.MustCompile(`(?s)<tbody>(.*?)</tbody>`)
	headRe    = regexp.MustCompile(`(?s)<th[ >].*?</th>`)
	rowRe     = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRe    = regexp.MustCompile(`(?s)<(?:th|td)[^>]*>(.*?)</(?:th|td)>`)
	tagRe     = regexp.MustCompile(`<[^>]+>`)
	figureRe  = regexp.MustCompile(`^[−+-]?[0-9]+\.[0-9]{2}%?$`)
)

// Cells reads every data cell of the tables of a page (the report's and the
// dashboard's markup), named by the first cell of its row and the header of
// its column.
func Cells(page string) []Cell {
	var out []Cell
	for _, t := range tableRe.FindAllStringSubmatch(page, -1) {
		caption := ""
		if m := captionRe.FindStringSubmatch(t[1]); m != nil {
			caption = text(m[1])
		}
		var cols []string
		if m := theadRe.FindStringSubmatch(t[1]); m != nil {
			for _, h := range headRe.FindAllString(m[1], -1) {
				cols = append(cols, text(h))
			}
		}
		body := t[1]
		if m := tbodyRe.FindStringSubmatch(t[1]); m != nil {
			body = m[1]
		}
		for _, r := range rowRe.FindAllStringSubmatch(body, -1) {
			cells := cellRe.FindAllStringSubmatch(r[1], -1)
			if len(cells) < 2 {
				continue
			}
			row := text(cells[0][1])
			for i, c := range cells[1:] {
				col := ""
				if i+1 < len(cols) {
					col = cols[i+1]
				}
				out = append(out, Cell{Caption: caption, Row: row, Col: col, Text: text(c[1])})
			}
		}
	}
	return out
}

func text(s string) string {
	return strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(s, "")))
}

// IsFigure reports whether a cell shows a figure (two decimals, as every
// mean, quartile, rate and share is printed) rather than a count or "—".
func IsFigure(s string) bool { return figureRe.MatchString(s) }

// Names reports whether a row or column header names the slice labelled
// label ("南湖区", "1-2亿", "C13" for "C13 农副食品加工业 n=1", "1-2亿（%）").
func Names(header, label string) bool {
	return header == label || strings.HasPrefix(header, label+" ") || strings.HasPrefix(header, label+"（")
}

// Labels are the names pages print for a group: district name, band, industry code.
func (g Group) Labels() []string { return []string{g.DistrictName, g.Band, g.Industry} }

// ResponseRate reports whether a cell is a response rate (填报率), which the
// rule leaves shown: it is progress, made of two counts shown anyway.
func ResponseRate(c Cell) bool {
	return strings.Contains(c.Caption, "填报率") || strings.Contains(c.Col, "填报率")
}

// Leaks lists the figures the cells show for a withheld group, in its row or
// its column; response rates aside.
func Leaks(cells []Cell) []string {
	var out []string
	for _, c := range cells {
		if !IsFigure(c.Text) || ResponseRate(c) {
			continue
		}
		for _, g := range Groups {
			if !g.Withheld() {
				continue
			}
			for _, l := range g.Labels() {
				if Names(c.Row, l) || Names(c.Col, l) {
					out = append(out, fmt.Sprintf("%s: row %q, column %q shows %s", c.Caption, c.Row, c.Col, c.Text))
				}
			}
		}
	}
	return out
}

// Shows counts the figures the cells show for the slice labelled label: a
// test checks the shown group has some, so the scan is known to read them.
func Shows(cells []Cell, label string) int {
	n := 0
	for _, c := range cells {
		if IsFigure(c.Text) && !ResponseRate(c) && (Names(c.Row, label) || Names(c.Col, label)) {
			n++
		}
	}
	return n
}

// CheckStats checks the groups in a GET /api/v1/stats body (or summary.json)
// of the whole city: each group's count, and figures only for the group of
// three.
func CheckStats(tb testing.TB, s analysis.StatsJSON) {
	tb.Helper()
	for _, g := range Groups {
		for _, e := range []struct {
			what string
			sum  *analysis.SummaryJSON
		}{
			{"band " + g.Band, find(s.ByBand, func(x analysis.BandJSON) (bool, *analysis.SummaryJSON) { return x.Band == g.Band, &x.SummaryJSON })},
			{"district " + g.District, find(s.ByDistrict, func(x analysis.DistrictJSON) (bool, *analysis.SummaryJSON) {
				return x.District == g.District, &x.SummaryJSON
			})},
			{"industry " + g.Industry, find(s.ByIndustry, func(x analysis.IndustryJSON) (bool, *analysis.SummaryJSON) {
				return x.Industry == g.Industry, &x.SummaryJSON
			})},
		} {
			checkSummary(tb, e.what, g, e.sum)
		}
	}
	if s.Withheld || s.MeanTotal == nil || s.Submitted != 6 {
		tb.Errorf("the city of 6 submitted firms: withheld %t, mean %v, submitted %d", s.Withheld, s.MeanTotal, s.Submitted)
	}
}

func find[T any](xs []T, match func(T) (bool, *analysis.SummaryJSON)) *analysis.SummaryJSON {
	for _, x := range xs {
		if ok, s := match(x); ok {
			return s
		}
	}
	return nil
}

func checkSummary(tb testing.TB, what string, g Group, s *analysis.SummaryJSON) {
	tb.Helper()
	switch {
	case s == nil:
		tb.Errorf("%s is missing", what)
	case s.N != len(g.Levels):
		tb.Errorf("%s: n %d, want the count %d", what, s.N, len(g.Levels))
	case s.Withheld != g.Withheld():
		tb.Errorf("%s: withheld %t, want %t", what, s.Withheld, g.Withheld())
	case g.Withheld() && (s.Mean != nil || s.Q1 != nil || s.Median != nil || s.Q3 != nil):
		tb.Errorf("%s of %d firms shows figures: %+v", what, s.N, s)
	case !g.Withheld() && (s.Mean == nil || s.Median == nil):
		tb.Errorf("%s of %d firms lacks its figures: %+v", what, s.N, s)
	}
}

// CheckWithheldView checks the body of a view (a filter or a district) that
// holds one withheld group only: counts, and no mean, rate or median.
func CheckWithheldView(tb testing.TB, what string, g Group, s analysis.StatsJSON) {
	tb.Helper()
	if !s.Withheld || s.Submitted != len(g.Levels) || s.Firms != g.Firms() || s.MeanTotal != nil {
		tb.Errorf("%s: withheld %t, %d of %d firms submitted (want %d of %d), mean %v", what, s.Withheld,
			s.Submitted, s.Firms, len(g.Levels), g.Firms(), s.MeanTotal)
	}
	levels := 0
	for _, n := range s.Levels {
		levels += n
	}
	if levels != len(g.Levels) {
		tb.Errorf("%s: levels count %d firms, want %d", what, levels, len(g.Levels))
	}
	for k, v := range s.Indicators {
		if v != nil {
			tb.Errorf("%s: indicator %s = %s", what, k, v)
		}
	}
	for k, v := range s.IndicatorMedians {
		if v != nil {
			tb.Errorf("%s: median %s = %s", what, k, v)
		}
	}
}
