package handlers

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	_ "github.com/mattn/go-sqlite3"

	"healthcheck/city"
	"healthcheck/decimal"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/testutil/browser"
	"healthcheck/testutil/testdb"
)

// The benchmarks send every request through a real loopback socket with
// keep-alive clients, several firms at once, and run each beside a bare
// baseline in the same process: a Fiber handler sending the same bytes, or a
// database/sql transaction writing the same rows with the same pragmas. The
// ratio of the two is what docs/benchmarks.md reports.
//
//	go test -run '^$' -bench . -benchtime 2s ./handlers

// benchClient is one firm's keep-alive client and its session.
type benchClient struct {
	http    *http.Client
	base    string
	cookie  string
	version int
}

func (bc *benchClient) do(b *testing.B, method, path string, body []byte) []byte {
	return bc.doStatus(b, method, path, body, http.StatusOK)
}

// doStatus sends a request and fails the benchmark unless it gets status want.
func (bc *benchClient) doStatus(b *testing.B, method, path string, body []byte, want int) []byte {
	req, _ := http.NewRequest(method, bc.base+path, bytes.NewReader(body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bc.cookie != "" {
		req.Header.Set("Cookie", sessionCookie+"="+bc.cookie)
	}
	res, err := bc.http.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != want {
		b.Fatalf("%s %s: %d %.300s", method, path, res.StatusCode, out)
	}
	return out
}

// measureCPU reports the process's CPU time (user and system, every
// goroutine: server, client and database) per operation from now until the
// returned function is called. Beside ns/op it shows whether a run was
// bound by the processors or by waiting (the single writer, fsync).
//
// With HC_BENCH_CPUPROFILE=DIR it also writes a CPU profile of the timed
// part alone to DIR/<benchmark>.pprof: go test's -cpuprofile records the
// set-up as well (logins and saves of the new firms), which dominates it.
func measureCPU(b *testing.B) (done func()) {
	stopProfile := profileTimedPart(b)
	start := processCPU(b)
	return func() {
		b.ReportMetric(float64(processCPU(b)-start)/float64(b.N)/1e6, "cpu-ms/op")
		stopProfile()
	}
}

func profileTimedPart(b *testing.B) (stop func()) {
	dir := os.Getenv("HC_BENCH_CPUPROFILE")
	if dir == "" {
		return func() {}
	}
	name := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(b.Name())+".pprof")
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func newBenchClient(base string) *benchClient {
	return &benchClient{base: base, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
}

// benchWorkers is how many firms work at once: four per CPU.
func benchWorkers() int { return 4 * runtime.GOMAXPROCS(0) }

// runEach runs fn b.N times spread over the clients, one goroutine each.
func runEach(b *testing.B, clients []*benchClient, fn func(*benchClient)) {
	var next atomic.Int64
	b.SetParallelism(len(clients) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		bc := clients[next.Add(1)-1]
		for pb.Next() {
			fn(bc)
		}
	})
}

// benchEnv is the app on a real socket over a city-sized campaign: the demo's
// 1,750 firms, 85% of them submitted, so percentiles and statistics read as
// many rows as they would in Jiaxing.
func benchEnv(b *testing.B) (*testEnv, string) {
	env := newTestEnv(b)
	_, err := demo.Generate(context.Background(), env.store, env.defs, city.Default(),
		demo.Options{Firms: 1750, Seed: 1, Years: []int{2019}})
	if err != nil {
		b.Fatal(err)
	}
	return env, browser.Serve(b, env.app)
}

// addFirms puts n more firms on the campaign's roster and logs each in.
func addFirms(b *testing.B, env *testEnv, base string, n int) []*benchClient {
	ctx := context.Background()
	def := env.defs.Latest()
	tag := time.Now().UnixNano() % 1e8
	industries := city.Industries()
	rows := make([]models.RosterInput, n)
	for i := range rows {
		// Spread over industries and bands as a real roster is (seven in
		// ten under 10亿), so a percentile reads a band's or an industry's
		// firms, not all of them.
		rev := benchRevenues[i%len(benchRevenues)]
		rows[i] = models.RosterInput{CreditCode: fmt.Sprintf("B%08d%09d", tag, i), Name: fmt.Sprintf("基准测试企业%d", i),
			District: "330481", Industry: industries[i%len(industries)], RevenueWan: rev, Employees: 200}
		rows[i].Band = def.BandOf(rows[i].RevenueWan)
	}
	if err := env.store.UpsertRoster(ctx, env.campaign.ID, rows); err != nil {
		b.Fatal(err)
	}
	issued, err := env.store.IssueInvites(ctx, models.CityScope(), env.campaign.ID, false)
	if err != nil {
		b.Fatal(err)
	}
	clients := make([]*benchClient, 0, n)
	for _, iv := range issued {
		bc := newBenchClient(base)
		body, _ := json.Marshal(map[string]string{"credit_code": iv.CreditCode, "invite_code": iv.Code})
		res, err := bc.http.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		res.Body.Close()
		for _, ck := range res.Cookies() {
			if ck.Name == sessionCookie {
				bc.cookie = ck.Value
			}
		}
		clients = append(clients, bc)
	}
	// After the run the firms leave again, so every run works on a campaign
	// of the city's size rather than on all earlier runs' firms, and their
	// idle keep-alive connections do not exhaust the file descriptors.
	b.Cleanup(func() {
		for _, bc := range clients {
			bc.http.CloseIdleConnections()
		}
		removeFirms(b, env, fmt.Sprintf("B%08d%%", tag))
	})
	return clients
}

// benchRevenues are the added firms' revenues in 万元, cycled.
var benchRevenues = []decimal.Fixed2{
	1200000, 1500000, 2500000, 3000000, 5000000, 7000000, 9000000, 15000000, 30000000, 60000000,
}

// removeFirms deletes the firms whose credit codes match like, with their
// entries, answers and results.
func removeFirms(b *testing.B, env *testEnv, like string) {
	db, err := env.store.SQL()
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM roster_entries WHERE enterprise_id IN (SELECT id FROM enterprises WHERE credit_code LIKE $1)`,
		`DELETE FROM enterprises WHERE credit_code LIKE $1`,
	} {
		if _, err := db.Exec(q, like); err != nil {
			b.Fatalf("remove the benchmark's firms: %v", err)
		}
	}
}

// saveBody is a full answer set at the client's version.
func saveBody(answers []byte, version int) []byte {
	return fmt.Appendf(nil, `{"version":%d,"answers":%s}`, version, answers)
}

func fullAnswersJSON(env *testEnv) []byte {
	b, _ := json.Marshal(fullAnswers(env.defs.Latest()))
	return b
}

// BenchmarkSurveyPage is GET /survey for a logged-in firm with a full draft,
// beside a bare Fiber handler sending the very same bytes.
func BenchmarkSurveyPage(b *testing.B) {
	env, base := benchEnv(b)
	answers := fullAnswersJSON(env)
	clients := addFirms(b, env, base, benchWorkers())
	for _, bc := range clients {
		bc.do(b, "PUT", "/api/v1/survey/answers", saveBody(answers, 0))
	}
	page := clients[0].do(b, "GET", "/survey", nil)
	b.Run("app", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		runEach(b, clients, func(bc *benchClient) { bc.do(b, "GET", "/survey", nil) })
	})
	bare := fiber.New(fiber.Config{DisableStartupMessage: true})
	bare.Get("/survey", func(c *fiber.Ctx) error { c.Type("html", "utf-8"); return c.Send(page) })
	bareBase := browser.Serve(b, bare)
	b.Run("bare_fiber_same_bytes", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		runEach(b, freshClients(bareBase, len(clients)), func(bc *benchClient) { bc.do(b, "GET", "/survey", nil) })
	})
}

func freshClients(base string, n int) []*benchClient {
	out := make([]*benchClient, n)
	for i := range out {
		out[i] = newBenchClient(base)
	}
	return out
}

// BenchmarkSave is PUT /api/v1/survey/answers with a full answer set, beside
// a bare transaction making the same writes: the entry's version and state,
// the old answers deleted, the new ones inserted in one statement.
func BenchmarkSave(b *testing.B) {
	env, base := benchEnv(b)
	answers := fullAnswersJSON(env)
	clients := addFirms(b, env, base, benchWorkers())
	b.Run("app", func(b *testing.B) {
		runEach(b, clients, func(bc *benchClient) {
			bc.do(b, "PUT", "/api/v1/survey/answers", saveBody(answers, bc.version))
			bc.version++
		})
	})
	db := bareDB(b, env)
	rows := storedRows(b, env, clients[0])
	b.Run("bare_sql_same_rows", func(b *testing.B) {
		var next atomic.Int64
		entries := entryIDs(b, env)
		b.SetParallelism(len(clients) / runtime.GOMAXPROCS(0))
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			id := entries[next.Add(1)-1]
			for pb.Next() {
				bareSave(b, db, id, rows)
			}
		})
	})
}

// bareDB opens the benchmark's database with database/sql: on SQLite with
// the pragmas the application uses and one writing connection, as the
// application writes; on PostgreSQL through pgx with a connection per
// worker, as a bare program would use the server (the application's own
// writes go through one connection, batched by its group commit).
func bareDB(b *testing.B, env *testEnv) *sql.DB {
	w, err := env.store.SQL()
	if err != nil {
		b.Fatal(err)
	}
	if testdb.Postgres() {
		return barePostgres(b, w)
	}
	var path string
	if err := w.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path); err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	b.Cleanup(func() { db.Close() })
	return db
}

func barePostgres(b *testing.B, w *sql.DB) *sql.DB {
	var name string
	if err := w.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		b.Fatal(err)
	}
	dsn, err := testdb.Database(name)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxIdleConns(benchWorkers())
	b.Cleanup(func() { db.Close() })
	return db
}

// valueRows is n rows of cols numbered parameters for a multi-row INSERT:
// ($1, $2), ($3, $4)…, which SQLite and PostgreSQL both take.
func valueRows(n, cols int) string {
	var sb strings.Builder
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for j := range cols {
			if j > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "$%d", i*cols+j+1)
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

// storedRows are the answer rows one full save writes.
func storedRows(b *testing.B, env *testEnv, bc *benchClient) [][2]string {
	var rows [][2]string
	err := env.store.EachFirm(context.Background(), models.CityScope(), env.campaign.ID, models.FirmFilter{Status: "draft"},
		func(f *models.FirmRow) error {
			if rows != nil {
				return nil
			}
			stored, err := env.store.Answers(context.Background(), f.EntryID)
			for k, v := range stored {
				rows = append(rows, [2]string{k, string(v)})
			}
			return err
		})
	if err != nil || len(rows) < 40 {
		b.Fatalf("stored rows: %d, %v", len(rows), err)
	}
	return rows
}

func entryIDs(b *testing.B, env *testEnv) []int64 {
	var ids []int64
	err := env.store.EachFirm(context.Background(), models.CityScope(), env.campaign.ID, models.FirmFilter{},
		func(f *models.FirmRow) error { ids = append(ids, f.EntryID); return nil })
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

func bareSave(b *testing.B, db *sql.DB, entryID int64, rows [][2]string) {
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	now := time.Now().UTC()
	if _, err := tx.Exec(`UPDATE roster_entries SET version = version + 1, progress = 100, saved_at = $1, last_activity_at = $2,
		status = 'draft' WHERE id = $3 AND status <> 'submitted'`, now, now, entryID); err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(`DELETE FROM answers WHERE entry_id = $1`, entryID); err != nil {
		b.Fatal(err)
	}
	args := make([]any, 0, 3*len(rows))
	for _, r := range rows {
		args = append(args, entryID, r[0], r[1])
	}
	q := `INSERT INTO answers (entry_id, question_id, value) VALUES ` + valueRows(len(rows), 3)
	if _, err := tx.Exec(q, args...); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSubmit is POST /api/v1/survey/submit of a complete draft (scored,
// stored, and the report with its percentiles returned), beside a bare
// transaction writing the same rows: the entry's new state, its result with
// its typed figures, and its audit line.
func BenchmarkSubmit(b *testing.B) {
	env, base := benchEnv(b)
	answers := fullAnswersJSON(env)
	var stored storedResult
	b.Run("app", func(b *testing.B) {
		b.StopTimer()
		clients := addFirms(b, env, base, b.N)
		for _, bc := range clients {
			bc.do(b, "PUT", "/api/v1/survey/answers", saveBody(answers, 0))
		}
		var next atomic.Int64
		b.SetParallelism(benchWorkers() / runtime.GOMAXPROCS(0))
		b.StartTimer()
		done := measureCPU(b)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				clients[next.Add(1)-1].do(b, "POST", "/api/v1/survey/submit", []byte(`{"version":1,"pledge":true}`))
			}
		})
		b.StopTimer()
		done()
		stored = storedResultOf(b, env)
	})
	db := bareDB(b, env)
	b.Run("bare_sql_same_rows", func(b *testing.B) {
		b.StopTimer()
		clients := addFirms(b, env, base, b.N)
		for _, bc := range clients {
			bc.do(b, "PUT", "/api/v1/survey/answers", saveBody(answers, 0))
		}
		drafts := draftIDs(b, env)
		var next atomic.Int64
		b.SetParallelism(benchWorkers() / runtime.GOMAXPROCS(0))
		b.StartTimer()
		done := measureCPU(b)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				bareSubmit(b, db, env.campaign.ID, drafts[next.Add(1)-1], stored)
			}
		})
		b.StopTimer()
		done()
	})
}

// storedResult is one submitted firm's result as stored: its JSON, its
// packed figures and its figure rows, for the bare transaction to write again.
type storedResult struct {
	detail  string
	packed  string // results.figures
	figures []any  // entry_id placeholder, kind, key, value, num, den per figure
	n       int
}

func storedResultOf(b *testing.B, env *testEnv) storedResult {
	var entryID int64
	err := env.store.EachFirm(context.Background(), models.CityScope(), env.campaign.ID, models.FirmFilter{Status: "submitted"},
		func(f *models.FirmRow) error { entryID = f.EntryID; return nil })
	if err != nil || entryID == 0 {
		b.Fatalf("no stored result: %v", err)
	}
	r, err := env.store.Result(context.Background(), models.CityScope(), entryID)
	if err != nil {
		b.Fatal(err)
	}
	db := bareDB(b, env)
	out := storedResult{detail: r.Detail}
	if err := db.QueryRow(`SELECT figures FROM results WHERE entry_id = $1`, entryID).Scan(&out.packed); err != nil {
		b.Fatal(err)
	}
	rows, err := db.Query(`SELECT kind, key, value, num, den FROM result_figures WHERE entry_id = $1 ORDER BY kind, key`, entryID)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, key string
		var value, num, den sql.NullInt64
		if err := rows.Scan(&kind, &key, &value, &num, &den); err != nil {
			b.Fatal(err)
		}
		out.figures = append(out.figures, int64(0), kind, key, value, num, den)
		out.n++
	}
	return out
}

func draftIDs(b *testing.B, env *testEnv) []int64 {
	var ids []int64
	err := env.store.EachFirm(context.Background(), models.CityScope(), env.campaign.ID, models.FirmFilter{Status: "draft"},
		func(f *models.FirmRow) error { ids = append(ids, f.EntryID); return nil })
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

func bareSubmit(b *testing.B, db *sql.DB, campaignID, entryID int64, stored storedResult) {
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	now := time.Now().UTC()
	if _, err := tx.Exec(`UPDATE roster_entries SET status = 'submitted', submitted_at = $1, last_activity_at = $2,
		review_status = 'pending', review_reason = '', progress = 100 WHERE id = $3 AND version = 1 AND status = 'draft'`,
		now, now, entryID); err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO results (entry_id, campaign_id, total, level_code, level, band, industry, district, detail,
		figures, scored_at) VALUES `+valueRows(1, 11),
		entryID, campaignID, 4669, 2, "二级", "4-10亿", "C17", "330402", stored.detail, stored.packed, now); err != nil {
		b.Fatal(err)
	}
	figures := append([]any(nil), stored.figures...)
	for i := 0; i < len(figures); i += 6 {
		figures[i] = entryID
	}
	q := `INSERT INTO result_figures (entry_id, kind, key, value, num, den) VALUES ` + valueRows(stored.n, 6)
	if _, err := tx.Exec(q, figures...); err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO audit_log (at, actor, action, target, detail) VALUES `+valueRows(1, 5),
		now, "firm:91330481MA2B3C4D5G", "survey_submitted", "91330481MA2B3C4D5G", "第 1 版答案"); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
