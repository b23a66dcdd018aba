package handlers

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	uc "healthcheck/app"

	"github.com/gofiber/fiber/v2"

	"healthcheck/analysis"
	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
	"healthcheck/testutil/bigcity"
	"healthcheck/testutil/browser"
	"healthcheck/testutil/storedjson"
)

// BenchmarkStatsAtScale measures the officials' statistics at Jiaxing's size
// and at 100,000 firms (the demo city copied, testutil/bigcity; made once
// per machine and schema under os.TempDir), beside a bare baseline in the
// same run. bare_aggregate_sql runs bareStatsQueries with database/sql and
// scans every row; stats_api_uncached is GET /api/v1/stats through
// handlers.New with statistics computed on every request (no snapshot
// cache); json_decode_builder is the way statistics were computed before
// typed figures (jsonStats); dashboard_cached_8_clients is GET /dashboard as served (snapshots
// kept) from eight keep-alive clients at once on a loopback socket, and its
// p50-ms is the median request's time.
//
//	go test ./handlers -run '^$' -bench StatsAtScale -benchtime 20x -timeout 30m
func BenchmarkStatsAtScale(b *testing.B) {
	for _, n := range []int{1750, 100000} {
		b.Run(fmt.Sprintf("firms_%d", n), func(b *testing.B) {
			env := openBigCity(b, n)
			b.Run("bare_aggregate_sql", func(b *testing.B) {
				for b.Loop() {
					bareStats(b, env.db, env.campaign.ID)
				}
			})
			b.Run("json_decode_builder", func(b *testing.B) {
				for b.Loop() {
					if s := jsonStats(b, env); s.Submitted == 0 {
						b.Fatal("no submitted firms")
					}
				}
			})
			b.Run("stats_api_uncached", func(b *testing.B) {
				app := env.app(b, 0)
				cookie := loginBench(b, app)
				for b.Loop() {
					get(b, app, cookie, "/api/v1/stats")
				}
			})
			b.Run("dashboard_cached_8_clients", func(b *testing.B) {
				app := env.app(b, time.Minute)
				base := browser.Serve(b, app)
				cookie := loginBench(b, app)
				clients := make([]*benchClient, 8)
				for i := range clients {
					clients[i] = newBenchClient(base)
					clients[i].cookie = cookie
				}
				page := clients[0].do(b, "GET", "/dashboard", nil) // the snapshot, as a served page would have it
				b.ResetTimer()
				b.ReportMetric(p50(b, clients, "/dashboard"), "p50-ms")
				b.StopTimer()
				// The baseline, in the same run: a bare Fiber handler sending
				// the very same bytes to as many clients at once.
				bare := fiber.New(fiber.Config{DisableStartupMessage: true})
				bare.Get("/dashboard", func(c *fiber.Ctx) error { c.Type("html", "utf-8"); return c.Send(page) })
				b.ReportMetric(p50(b, freshClients(browser.Serve(b, bare), len(clients)), "/dashboard"), "bare-p50-ms")
			})
		})
	}
}

// bigEnv is a cached big city opened for a benchmark.
type bigEnv struct {
	store    *models.Store
	defs     *questionnaires.Registry
	db       *sql.DB
	campaign *models.Campaign
}

const benchUser, benchPassword = "bench-bureau", "bench-password-1"

func openBigCity(b *testing.B, n int) *bigEnv {
	b.Helper()
	path := bigcity.Cached(b, n)
	ctx := context.Background()
	store, err := models.Open(ctx, path, models.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := store.Authenticate(ctx, benchUser, benchPassword); err != nil { // made by an earlier run otherwise
		_, err = store.CreateUser(ctx, models.NewUser{Username: benchUser, Password: benchPassword, Role: models.RoleBureau})
		if err != nil {
			b.Fatal(err)
		}
	}
	c, err := store.CampaignByYear(ctx, 2020)
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.SQL()
	if err != nil {
		b.Fatal(err)
	}
	return &bigEnv{store: store, defs: defs, db: db, campaign: c}
}

func (e *bigEnv) app(b *testing.B, ttl time.Duration) *fiber.App {
	return newWeb(b, Deps{App: uc.New(uc.Config{Store: e.store, Defs: e.defs, City: city.Default(),
		Survey: survey.New(e.store, e.defs), Stats: stats.New(e.store, e.defs, ttl), Log: discardLogger()}), Log: discardLogger()})
}

func loginBench(b *testing.B, app *fiber.App) string {
	return loginAs(b, app, benchUser, benchPassword)
}

// p50 runs b.N requests of path spread over the clients, all at once, and
// returns the median request's time in milliseconds.
func p50(b *testing.B, clients []*benchClient, path string) float64 {
	times := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	next := make(chan int, b.N)
	for i := range b.N {
		next <- i
	}
	close(next)
	for _, bc := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				start := time.Now()
				bc.doStatus(b, "GET", path, nil, http.StatusOK)
				times[i] = time.Since(start)
			}
		}()
	}
	wg.Wait()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	return float64(times[len(times)/2].Microseconds()) / 1000
}

// bareStatsQueries compute the counts and sums a statistics snapshot needs,
// in SQL, over the same rows: the roster's counts by band, district,
// industry, survey and review status; the submitted firms' count and sum of
// totals by band, district, industry and level; and per figure (dimension,
// indicator, scene, need, flag) by band, district and industry the count
// of values, their sum, the sums of numerators and denominators and the
// number of adopters. No quartiles, medians, rates or rounding: only what
// SQLite can sum.
var bareStatsQueries = []string{
	`SELECT e.band, e.district, e.industry, e.status, e.review_status, COUNT(*)
	 FROM roster_entries e WHERE e.campaign_id = $1 GROUP BY 1, 2, 3, 4, 5`,
	`SELECT r.band, r.district, r.industry, r.level, COUNT(*), SUM(r.total)
	 FROM results r WHERE r.campaign_id = $1 GROUP BY 1, 2, 3, 4`,
	`SELECT r.band, r.district, r.industry, f.kind, f.key, COUNT(f.value), SUM(f.value), SUM(f.num), SUM(f.den),
	        SUM(CASE WHEN f.value > 0 THEN 1 ELSE 0 END)
	 FROM results r JOIN result_figures f ON f.entry_id = r.entry_id WHERE r.campaign_id = $1 GROUP BY 1, 2, 3, 4, 5`,
}

// bareStats runs bareStatsQueries and scans every row.
func bareStats(b *testing.B, db *sql.DB, campaignID int64) {
	for _, q := range bareStatsQueries {
		rows, err := db.Query(q, campaignID)
		if err != nil {
			b.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
		if n == 0 {
			b.Fatalf("no rows from %.60s", q)
		}
	}
}

// jsonStats is how statistics were computed before typed figures, kept as
// a second baseline: every firm's roster row and stored result JSON read
// with database/sql, decoded (goccy/go-json, as stats did) and fed to the
// same analysis.Builder and Peers, on one goroutine (stats decoded on every
// core; this machine has two).
func jsonStats(b *testing.B, e *bigEnv) analysis.Stats {
	def, _ := e.defs.Get(e.campaign.QuestionnaireID)
	builder, peers := analysis.NewBuilder(def), analysis.NewPeers()
	err := storedjson.Each(e.db, e.campaign.ID, func(f *analysis.Firm) {
		builder.Add(f)
		peers.Add(f)
	})
	if err != nil {
		b.Fatal(err)
	}
	peers.Done()
	return builder.Stats()
}
