package handlers

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/city"
	"healthcheck/demo"
)

// BenchmarkReportPage serves a demo firm's report (1,750 firms, 2019 and
// 2020; statistics cached as serve caches them) beside a bare Fiber handler
// through the same app.Test path:
//
//	go test ./handlers -run '^$' -bench ReportPage -benchmem
func BenchmarkReportPage(b *testing.B) {
	store, defs := openStore(b)
	sum, err := demo.Generate(context.Background(), store, defs, city.Default(),
		demo.Options{Firms: 1750, Seed: 1, Years: []int{2019, 2020}})
	if err != nil {
		b.Fatal(err)
	}
	app := newAppCaching(b, store, defs, time.Hour)
	login := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(
		`{"credit_code":"`+sum.Submitted.CreditCode+`","invite_code":"`+sum.Submitted.InviteCode+`"}`))
	login.Header.Set("Content-Type", "application/json")
	res, err := app.Test(login, -1)
	if err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("login: %v %v", err, res)
	}
	cookies := res.Cookies()

	bare := fiber.New(fiber.Config{DisableStartupMessage: true})
	bare.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	get := func(app *fiber.App, path string) func(*testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", path, nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				res, err := app.Test(req, -1)
				if err != nil || res.StatusCode != http.StatusOK {
					b.Fatalf("GET %s: %v %v", path, err, res)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}
	}
	b.Run("bare_handler", get(bare, "/"))
	b.Run("results_me", get(app, "/api/v1/results/me"))
	b.Run("report_page", get(app, "/report"))
}
