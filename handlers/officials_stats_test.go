package handlers

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"healthcheck/analysis"
)

// getJSON requests path with a session cookie and decodes the reply.
func getJSON(t *testing.T, app *fiber.App, cookie, path string, v any) int {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusOK && v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v: %s", path, err, b)
		}
	}
	return res.StatusCode
}

// TestStatsByScope: a district official's statistics count only their
// district and equal what the bureau sees for it; the city's counts are the
// sums over the districts; another district does not exist for them.
func TestStatsByScope(t *testing.T) {
	env := sharedDemoEnv(t)
	app := env.app(t, 0)
	bureau := env.login(t, app, "bureau")
	var city analysis.StatsJSON
	if s := getJSON(t, app, bureau, "/api/v1/stats?campaign=2020", &city); s != http.StatusOK {
		t.Fatalf("city stats: %d", s)
	}
	if city.City != nil {
		t.Error("the city view needs no comparison block")
	}
	var sum analysis.StatsJSON
	sum.Levels = map[string]int{}
	for _, d := range city.ByDistrict {
		var own, viaBureau analysis.StatsJSON
		cookie := env.login(t, app, "district-"+d.District)
		if s := getJSON(t, app, cookie, "/api/v1/stats", &own); s != http.StatusOK {
			t.Fatalf("%s stats: %d", d.District, s)
		}
		getJSON(t, app, bureau, "/api/v1/stats?district="+d.District, &viaBureau)
		a, _ := json.Marshal(own)
		b, _ := json.Marshal(viaBureau)
		if string(a) != string(b) {
			t.Errorf("%s: the official's and the bureau's figures differ:\n%s\n%s", d.District, a, b)
		}
		if len(own.ByDistrict) != 1 || own.ByDistrict[0].District != d.District || own.Submitted != d.N {
			t.Errorf("%s official sees districts %+v, submitted %d (city says %d)", d.District, own.ByDistrict, own.Submitted, d.N)
		}
		if own.City == nil || own.City.MeanTotal == nil || *own.City.MeanTotal != *city.MeanTotal {
			t.Errorf("%s: the city block must carry the city's mean %v: %+v", d.District, city.MeanTotal, own.City)
		}
		sum.Firms += own.Firms
		sum.Submitted += own.Submitted
		sum.Drafts += own.Drafts
		sum.NotStarted += own.NotStarted
		sum.LowInvestmentUnder1B += own.LowInvestmentUnder1B
		sum.Approved += own.Approved
		sum.Returned += own.Returned
		for k, n := range own.Levels {
			sum.Levels[k] += n
		}
		other := "330402"
		if d.District == other {
			other = "330411"
		}
		if s := getJSON(t, app, cookie, "/api/v1/stats?district="+other, nil); s != http.StatusNotFound {
			t.Errorf("%s asking for %s: %d, want 404", d.District, other, s)
		}
	}
	if sum.Firms != city.Firms || sum.Submitted != city.Submitted || sum.Drafts != city.Drafts ||
		sum.NotStarted != city.NotStarted || sum.LowInvestmentUnder1B != city.LowInvestmentUnder1B {
		t.Errorf("sum over districts %+v ≠ city %+v", sum, city)
	}
	for k, n := range city.Levels {
		if sum.Levels[k] != n {
			t.Errorf("level %s: districts add up to %d, city %d", k, sum.Levels[k], n)
		}
	}
	if want := env.sum.Campaigns[len(env.sum.Campaigns)-1].Firms; city.Firms != want || city.Submitted+city.Drafts+city.NotStarted != city.Firms {
		t.Errorf("city counts %+v", city)
	}
}

func TestStatsFiltersAndBadRequests(t *testing.T) {
	env := sharedDemoEnv(t)
	app := env.app(t, 0)
	bureau := env.login(t, app, "bureau")
	var all, band analysis.StatsJSON
	getJSON(t, app, bureau, "/api/v1/stats", &all)
	if s := getJSON(t, app, bureau, "/api/v1/stats?band=1-2亿", &band); s != http.StatusOK {
		t.Fatalf("band filter: %d", s)
	}
	if band.Submitted != all.ByBand[0].N || band.ByBand[0].N != all.ByBand[0].N || band.ByBand[1].N != 0 {
		t.Errorf("band 1-2亿: submitted %d, by_band %+v; city band n %d", band.Submitted, band.ByBand, all.ByBand[0].N)
	}
	req := func(path string) (int, errorDetail) {
		r := httptest.NewRequest("GET", path, nil)
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: bureau})
		res, err := app.Test(r, -1)
		if err != nil {
			t.Fatal(err)
		}
		var body errorBody
		_ = json.NewDecoder(res.Body).Decode(&body)
		return res.StatusCode, body.Error
	}
	if s, e := req("/api/v1/stats?band=3亿"); s != http.StatusUnprocessableEntity || e.Fields["band"] == "" {
		t.Errorf("unknown band: %d %+v", s, e)
	}
	if s, e := req("/api/v1/stats?industry=C99"); s != http.StatusUnprocessableEntity || e.Fields["industry"] == "" {
		t.Errorf("unknown industry: %d %+v", s, e)
	}
	if s, _ := req("/api/v1/stats?campaign=1999"); s != http.StatusNotFound {
		t.Errorf("unknown campaign: %d", s)
	}
	if s, _ := req("/api/v1/stats?district=999999"); s != http.StatusNotFound {
		t.Errorf("unknown district: %d", s)
	}
}
