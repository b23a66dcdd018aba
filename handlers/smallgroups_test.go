package handlers

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"github.com/gofiber/fiber/v2"

	"healthcheck/analysis"
	"healthcheck/app"
	"healthcheck/models"
	"healthcheck/stats"
	"healthcheck/survey"
	"healthcheck/testutil/smallgroups"
)

// TestSmallGroupsShowCountsOnlyOnTheDashboardAndAPI: districts, bands and
// industries of one and two submitted firms show their counts and no mean,
// quartile, rate or share on the dashboard and in /api/v1/stats, for the
// bureau's city view, a filtered view and a district official.
func TestSmallGroupsShowCountsOnlyOnTheDashboardAndAPI(t *testing.T) {
	c := smallgroups.New(t)
	ctx := context.Background()
	const password = "small-groups-password"
	for _, u := range []models.NewUser{{Username: "bureau", Password: password, Role: models.RoleBureau},
		{Username: "nanhu", Password: password, Role: models.RoleDistrict, District: smallgroups.Groups[0].District}} {
		if _, err := c.Store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	uc := app.New(app.Config{Store: c.Store, Defs: c.Defs, City: c.City, Survey: survey.New(c.Store, c.Defs),
		Stats: stats.New(c.Store, c.Defs, 0), Log: discardLogger()})
	web := newWeb(t, Deps{App: uc, Log: discardLogger()})
	bureau, nanhu := loginAs(t, web, "bureau", password), loginAs(t, web, "nanhu", password)

	var city analysis.StatsJSON
	if s := getJSON(t, web, bureau, "/api/v1/stats", &city); s != http.StatusOK {
		t.Fatalf("city stats: %d", s)
	}
	smallgroups.CheckStats(t, city)
	for _, g := range smallgroups.Groups[:2] {
		for _, q := range []string{"district=" + g.District, "band=" + url.QueryEscape(g.Band), "industry=" + g.Industry} {
			var view analysis.StatsJSON
			if s := getJSON(t, web, bureau, "/api/v1/stats?"+q, &view); s != http.StatusOK {
				t.Fatalf("%s: %d", q, s)
			}
			smallgroups.CheckWithheldView(t, q, g, view)
		}
	}
	var own analysis.StatsJSON
	getJSON(t, web, nanhu, "/api/v1/stats", &own)
	smallgroups.CheckWithheldView(t, "the 南湖区 official", smallgroups.Groups[0], own)
	if own.City == nil || own.City.MeanTotal == nil || *own.City.MeanTotal != *city.MeanTotal {
		t.Errorf("the 南湖区 official's city block must carry the city's mean %v: %+v", city.MeanTotal, own.City)
	}

	cells := smallgroups.Cells(dashboardPage(t, web, bureau, "/dashboard"))
	for _, leak := range smallgroups.Leaks(cells) {
		t.Error("city view: " + leak)
	}
	if smallgroups.Shows(cells, smallgroups.Groups[2].DistrictName) == 0 {
		t.Error("the city view shows no figure for the district of three firms: the tables were not read")
	}
	// A view of one firm shows counts only: every figure left on the page
	// is a response rate or a national target.
	band := dashboardPage(t, web, bureau, "/dashboard?band="+url.QueryEscape(smallgroups.Groups[0].Band))
	for _, cell := range smallgroups.Cells(band) {
		if smallgroups.IsFigure(cell.Text) && !smallgroups.ResponseRate(cell) && cell.Col != "全国2025年目标（%）" {
			t.Errorf("the view of one firm shows %s: row %q, column %q = %s", cell.Caption, cell.Row, cell.Col, cell.Text)
		}
	}
	if !meanKPI.MatchString(band) {
		t.Error("the view of one firm must show its mean total as —")
	}
}

// meanKPI is the dashboard's 平均总分 card with no figure.
var meanKPI = regexp.MustCompile(`(?s)平均总分</[a-z]+>\s*<[^>]+>—<`)

func dashboardPage(t *testing.T, web *fiber.App, cookie, path string) string {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	res, err := web.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	return string(b)
}
