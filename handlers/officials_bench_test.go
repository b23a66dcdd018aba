package handlers

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// benchFirms is the size of Jiaxing's roster.
const benchFirms = 1750

// get requests path with the cookie and checks the page came back whole.
func get(b *testing.B, app *fiber.App, cookie, path string) {
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	res, err := app.Test(req, -1)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || n == 0 {
		b.Fatalf("%s: status %d, %d bytes", path, res.StatusCode, n)
	}
}

// bareAggregate is the baseline: one SQL query over the same rows that
// counts the campaign's firms and averages their totals per size band.
const bareAggregate = `SELECT e.band, COUNT(*), SUM(CASE WHEN e.status = 'submitted' THEN 1 ELSE 0 END), AVG(r.total)
	FROM roster_entries e LEFT JOIN results r ON r.entry_id = e.id
	WHERE e.campaign_id = (SELECT MAX(id) FROM campaigns) GROUP BY e.band`

// BenchmarkOfficials measures the officials' statistics at Jiaxing's size:
// the bare aggregate query (baseline), /api/v1/stats computed on every
// request and from the cached snapshot, and /dashboard for the bureau's city
// view and a district, cached as served. Ratios to the baseline are reported
// in docs/benchmarks.md.
func BenchmarkOfficials(b *testing.B) {
	e := newDemoEnv(b, benchFirms)
	b.Run("bare_aggregate_sql", func(b *testing.B) {
		db, err := e.store.SQL()
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			rows, err := db.Query(bareAggregate)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var band string
				var firms, submitted int
				var mean *float64
				if err := rows.Scan(&band, &firms, &submitted, &mean); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			if n != 5 {
				b.Fatalf("%d bands", n)
			}
		}
	})
	uncached := e.app(b, 0)
	cached := e.app(b, time.Minute)
	for _, c := range []struct {
		name string
		app  *fiber.App
		user string
		path string
	}{
		{"stats_api_uncached", uncached, "bureau", "/api/v1/stats"},
		{"stats_api_cached", cached, "bureau", "/api/v1/stats"},
		{"stats_api_district_cached", cached, "district-330481", "/api/v1/stats"},
		{"dashboard_city_cached", cached, "bureau", "/dashboard"},
		{"dashboard_district_cached", cached, "district-330481", "/dashboard"},
		{"dashboard_city_uncached", uncached, "bureau", "/dashboard"},
	} {
		cookie := e.login(b, c.app, c.user)
		b.Run(c.name, func(b *testing.B) {
			get(b, c.app, cookie, c.path) // fill the cache, as a served page would have
			for b.Loop() {
				get(b, c.app, cookie, c.path)
			}
		})
	}
}
