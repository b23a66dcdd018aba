package handlers

import (
	"context"
	"healthcheck/testutil/testdb"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
)

// demoEnv is the demo city (firms, answers, accounts) in a temporary
// database, for officials' pages that need a population.
type demoEnv struct {
	store *models.Store
	defs  *questionnaires.Registry
	sum   *demo.Summary
}

func newDemoEnv(tb testing.TB, firms int) *demoEnv {
	tb.Helper()
	ctx := context.Background()
	// NORMAL sync only makes generating faster; reads do not depend on it.
	store, err := models.Open(ctx, testdb.DSN(tb, "demo.db"), models.Options{Synchronous: "NORMAL"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		tb.Fatal(err)
	}
	sum, err := demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: firms, Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return &demoEnv{store: store, defs: defs, sum: sum}
}

// app builds the application with statistics cached for ttl (0: never).
func (e *demoEnv) app(tb testing.TB, ttl time.Duration) *fiber.App {
	tb.Helper()
	uc := app.New(app.Config{Store: e.store, Defs: e.defs, City: city.Default(), Survey: survey.New(e.store, e.defs),
		Stats: stats.New(e.store, e.defs, ttl), Log: discardLogger()})
	web, err := New(Deps{App: uc, Log: discardLogger()})
	if err != nil {
		tb.Fatal(err)
	}
	return web
}

// password of a demo account.
func (e *demoEnv) password(tb testing.TB, username string) string {
	for _, a := range e.sum.Accounts {
		if a.Username == username {
			return a.Password
		}
	}
	tb.Fatalf("no demo account %s", username)
	return ""
}

// login returns the session cookie of a demo account.
func (e *demoEnv) login(tb testing.TB, app *fiber.App, username string) string {
	tb.Helper()
	return loginAs(tb, app, username, e.password(tb, username))
}

// loginAs returns the session cookie of an official's account.
func loginAs(tb testing.TB, app *fiber.App, username, password string) string {
	tb.Helper()
	req := httptest.NewRequest("POST", "/api/v1/session",
		strings.NewReader(`{"username":"`+username+`","password":"`+password+`"}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := app.Test(req, -1)
	if err != nil || res.StatusCode != http.StatusOK {
		tb.Fatalf("login %s: %v %v", username, res.StatusCode, err)
	}
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			return c.Value
		}
	}
	tb.Fatalf("login %s: no session cookie", username)
	return ""
}
