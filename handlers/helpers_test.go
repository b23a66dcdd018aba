package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/city"
	"healthcheck/clientip"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/reference"
	"healthcheck/stats"
	"healthcheck/survey"
	"healthcheck/testutil/answerset"
	"healthcheck/testutil/browser"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

// testEnv is a running app over a fresh database with one open campaign.
type testEnv struct {
	t        testing.TB
	app      *fiber.App
	store    *models.Store
	defs     *questionnaires.Registry
	campaign *models.Campaign
	invites  map[string]string // credit code → invitation code
}

// Credit codes with valid GB 32100 check characters, one per district used.
var testFirms = []models.RosterInput{
	{CreditCode: "91330481MA2B3C4D5G", Name: "海宁测试皮革有限公司", District: "330481", Industry: "C19", RevenueWan: 5000000, Employees: 300},
	{CreditCode: "91330483MA2B3C4D5D", Name: "桐乡测试化纤有限公司", District: "330483", Industry: "C28", RevenueWan: 20000000, Employees: 900},
	{CreditCode: "91330402MA2B3C4D53", Name: "南湖测试电子有限公司", District: "330402", Industry: "C39", RevenueWan: 1500000, Employees: 120},
}

func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	ctx := context.Background()
	store, defs := openStore(t)
	def := defs.Latest()
	c := &models.Campaign{Year: 2020, Title: "2020年度体检", QuestionnaireID: def.ID,
		OpensAt: time.Now().Add(-24 * time.Hour), ClosesAt: time.Now().Add(24 * time.Hour), MinRevenueWan: 1000000}
	if err := store.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	rows := append([]models.RosterInput(nil), testFirms...)
	for i := range rows {
		rows[i].Band = def.BandOf(rows[i].RevenueWan)
	}
	if err := store.UpsertRoster(ctx, c.ID, rows); err != nil {
		t.Fatal(err)
	}
	issued, err := store.IssueInvites(ctx, models.CityScope(), c.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{t: t, store: store, defs: defs, campaign: c, invites: map[string]string{}}
	for _, iv := range issued {
		env.invites[iv.CreditCode] = iv.Code
	}
	env.app = newApp(t, store, defs)
	return env
}

// openStore opens a fresh database and the built-in editions.
func openStore(t testing.TB) (*models.Store, *questionnaires.Registry) {
	t.Helper()
	store, err := models.Open(context.Background(), testdb.DSN(t, "test.db"), models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	return store, defs
}

// newApp wires the app over a store as serve does, without caching statistics.
func newApp(t testing.TB, store *models.Store, defs *questionnaires.Registry) *fiber.App {
	return newAppCaching(t, store, defs, 0)
}

// newAppCaching keeps statistics for ttl, as serve does for 30 s. app.Test's
// requests come from 0.0.0.0: trusting it as a proxy lets a test client give
// its address in X-Forwarded-For.
func newAppCaching(t testing.TB, store *models.Store, defs *questionnaires.Registry, ttl time.Duration) *fiber.App {
	t.Helper()
	proxies, err := clientip.Parse("0.0.0.0/32", "")
	if err != nil {
		t.Fatal(err)
	}
	return newAppBehind(t, store, defs, ttl, proxies)
}

// newAppBehind wires the app behind the given trusted proxies (nil: none).
func newAppBehind(t testing.TB, store *models.Store, defs *questionnaires.Registry, ttl time.Duration, proxies *clientip.Resolver) *fiber.App {
	t.Helper()
	return newWeb(t, depsFor(t, store, defs, ttl, proxies))
}

// newWeb builds the app (New) and shuts it down at the test's end, as serve
// does at exit: the report jobs a test started and left running are handed
// back, and every job's files removed from $TMPDIR.
func newWeb(tb testing.TB, d Deps) *fiber.App {
	tb.Helper()
	web, err := New(d)
	if err != nil {
		tb.Fatal(err)
	}
	// Shutdown runs the app's shutdown hooks, the jobs' drain among them,
	// even when its server was stopped already (browser.Serve stops the
	// one it ran), which is the error then.
	tb.Cleanup(func() { _ = web.Shutdown() })
	return web
}

// depsFor is what serve gives the app, over a test's store.
func depsFor(t testing.TB, store *models.Store, defs *questionnaires.Registry, ttl time.Duration, proxies *clientip.Resolver) Deps {
	t.Helper()
	pol, err := policies.LoadEmbedded(defs)
	if err != nil {
		t.Fatal(err)
	}
	return depsWithPolicies(t, store, defs, ttl, proxies, pol)
}

// depsWithPolicies is depsFor with the given support policies.
func depsWithPolicies(t testing.TB, store *models.Store, defs *questionnaires.Registry, ttl time.Duration,
	proxies *clientip.Resolver, pol *policies.Registry) Deps {
	t.Helper()
	ref, err := reference.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	st := stats.New(store, defs, ttl)
	svc := survey.New(store, defs)
	svc.Stats, svc.Policies, svc.ApplyAt = st, pol, city.Default().ServicePlatform
	log := failureLogger(t)
	uc := app.New(app.Config{Store: store, Defs: defs, City: city.Default(), Reference: ref, Survey: svc, Stats: st, Log: log})
	return Deps{App: uc, Log: log, Proxies: proxies}
}

// client is a caller with its own cookies.
type client struct {
	env     *testEnv
	cookies map[string]string
	ip      string
}

func (e *testEnv) client() *client {
	return &client{env: e, cookies: map[string]string{}, ip: "10.0.0.1"}
}

// response is a decoded reply.
type response struct {
	status int
	body   []byte
	header http.Header
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// apiError decodes the contract's error envelope.
func (r response) apiError(t testing.TB) errorDetail {
	t.Helper()
	var b errorBody
	r.json(t, &b)
	return b.Error
}

func (cl *client) do(method, path, contentType string, body io.Reader) response {
	cl.env.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-Forwarded-For", cl.ip)
	for k, v := range cl.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := cl.env.app.Test(req, -1)
	if err != nil {
		cl.env.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(cl.cookies, ck.Name)
		} else {
			cl.cookies[ck.Name] = ck.Value
		}
	}
	return response{status: res.StatusCode, body: b, header: res.Header}
}

func (cl *client) api(method, path string, body any) response {
	cl.env.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			cl.env.t.Fatal(err)
		}
		r = strings.NewReader(string(b))
	}
	return cl.do(method, path, "application/json", r)
}

// loginFirm logs in with a firm's invitation code.
func (cl *client) loginFirm(code string) response {
	return cl.api("POST", "/api/v1/session", map[string]string{"credit_code": code, "invite_code": cl.env.invites[code]})
}

func mustStatus(t testing.TB, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d: %s", r.status, want, r.body)
	}
}

// fullAnswers answers every question of the edition validly: the first
// non-exclusive option, level 2 for scenes, numbers that satisfy the rules.
func fullAnswers(def *questionnaires.Definition) map[string]any {
	numbers := map[string]any{
		"p_revenue": 50000, "p_employees": 300, "p_invest_avg": 400, "p_invest_plan": 500,
		"p_project_total": 200, "p_project_it": 80,
		"f_eq_total": 200, "f_eq_digital": 120, "f_eq_networked": 60,
		"u_key_processes": 20, "u_key_processes_nc": 10,
	}
	out := map[string]any{}
	for _, q := range def.Questions() {
		switch q.Type {
		case questionnaires.TypeSingle:
			out[q.ID] = q.Options[0].Value
		case questionnaires.TypeMulti:
			for _, o := range q.Options {
				if !o.Exclusive {
					out[q.ID] = []string{o.Value}
					break
				}
			}
		case questionnaires.TypeScene:
			out[q.ID] = 2
		case questionnaires.TypeText:
			out[q.ID] = answerset.Text(q)
		default:
			if v, ok := numbers[q.ID]; ok {
				out[q.ID] = v
			} else {
				out[q.ID] = 1
			}
		}
	}
	out["p_project"] = "yes"
	return out
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// failureLogger keeps what the app logs (the cause of a 500, which its
// response never tells) and prints it only if the test fails. It writes to
// a buffer rather than to t.Log, which may not be called once the test has
// ended (a report job may log after it).
func failureLogger(t testing.TB) *slog.Logger {
	var mu sync.Mutex
	var buf bytes.Buffer
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if t.Failed() && buf.Len() > 0 {
			t.Logf("the app logged:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil))
}

// lockedWriter serialises writes from the requests' goroutines.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func cityScope() models.Scope { return models.CityScope() }

// serve runs the app on a loopback port and returns its base URL.
func (e *testEnv) serve() string { return browser.Serve(e.t, e.app) }
