// Package handlers is the web layer: Fiber routes and middleware (sessions,
// roles, CSRF), HTML pages and the /api/v1 JSON API. Handlers are thin: they
// parse, call the domain (survey, stats, models), and render.
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/session"
	lru "github.com/hashicorp/golang-lru/v2"

	"healthcheck/city"
	"healthcheck/clientip"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/reference"
	"healthcheck/static"
	"healthcheck/stats"
	"healthcheck/survey"
	"healthcheck/views"
)

// Deps are what the web layer needs.
type Deps struct {
	Store  *models.Store
	Defs   *questionnaires.Registry
	City   *city.Config
	Survey *survey.Service
	Stats  *stats.Service
	// Reference are the published figures the annual report quotes.
	Reference *reference.Registry
	Log       *slog.Logger
	// SecureCookies marks cookies Secure; set it when serving behind TLS.
	SecureCookies bool
	// SessionIdle is how long a session lives without activity.
	SessionIdle time.Duration
	// Proxies are the trusted reverse proxies whose X-Forwarded-For names
	// the client; nil trusts the socket's peer alone.
	Proxies *clientip.Resolver
	// PublicURL is the address firms use (printed on invitation letters),
	// e.g. https://tijian.example.gov.cn; empty takes the request's host.
	PublicURL string
}

// handler holds the dependencies every route uses.
type handler struct {
	Deps
	sessions *session.Store
	decoded  *lru.Cache[string, *decodedSession] // see readSession
	views    *views.Views
	reports  *reportJobs
	// shutdownCtx is the deadline of a graceful shutdown under way.
	shutdownCtx atomic.Pointer[context.Context]
}

// bodyLimit bounds every request body: the largest legitimate one, a full
// answer set, is a few kilobytes. Rosters are uploaded on their own route,
// which takes more (uploadLimit); bodies beyond bodyLimit are streamed
// rather than buffered, so only that route ever reads one (see limitBody).
const bodyLimit = 1 << 20

// Server is the app with the work it runs beside requests (report jobs),
// so that a shutdown can wait for both.
type Server struct {
	App *fiber.App
	h   *handler
}

// New builds the Fiber app; main and the tests share it.
func New(d Deps) (*fiber.App, error) {
	s, err := NewServer(d)
	if err != nil {
		return nil, err
	}
	return s.App, nil
}

// Shutdown stops accepting, waits until ctx ends for the requests in flight
// and the running report jobs, and hands back the jobs still running then
// (cancelled, their files removed). It fails when requests were still
// running at the deadline; handed-back jobs are no failure.
func (s *Server) Shutdown(ctx context.Context) error {
	s.h.shutdownCtx.Store(&ctx)
	return s.App.ShutdownWithContext(ctx)
}

// drainJobs runs when the app shuts down, after the requests: with the
// deadline Shutdown was given, or none (the jobs are handed back at once).
func (h *handler) drainJobs() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if p := h.shutdownCtx.Load(); p != nil {
		ctx = *p
	} else {
		cancel()
	}
	if !h.reports.drain(ctx) {
		h.Log.Warn("report jobs handed back at shutdown; start them again after the restart")
	}
	return nil
}

// NewServer builds the app and what a graceful shutdown needs.
func NewServer(d Deps) (*Server, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.SessionIdle == 0 {
		d.SessionIdle = time.Hour
	}
	v, err := views.New(d.City)
	if err != nil {
		return nil, err
	}
	h := &handler{Deps: d, views: v, reports: newReportJobs()}
	if h.decoded, err = lru.New[string, *decodedSession](decodedSessions); err != nil {
		return nil, fmt.Errorf("handlers: session cache: %w", err)
	}
	h.sessions = session.New(session.Config{
		Storage:        d.Store.Sessions(),
		Expiration:     d.SessionIdle,
		KeyLookup:      "cookie:" + sessionCookie,
		CookieHTTPOnly: true,
		CookieSecure:   d.SecureCookies,
		CookieSameSite: "Lax",
	})
	app := fiber.New(fiber.Config{
		AppName:               "healthcheck",
		ErrorHandler:          h.handleError,
		BodyLimit:             bodyLimit,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          5 * time.Minute, // large exports
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
		// Large bodies are streamed to the one route that accepts them (a
		// roster upload, read to temporary files); every other route refuses
		// them before reading.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
	})
	app.Use(closeAfterLargeBody)
	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: h.logPanic}))
	app.Use(helmet.New(helmet.Config{
		// Everything is served by the binary; charts need inline scripts.
		ContentSecurityPolicy:     "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'",
		CrossOriginEmbedderPolicy: "unsafe-none",
		ReferrerPolicy:            "same-origin",
	}))
	app.Use(static.Prefix, static.Handler())
	h.routes(app)
	app.Hooks().OnShutdown(h.drainJobs)
	return &Server{App: app, h: h}, nil
}

func (h *handler) logPanic(c *fiber.Ctx, e any) {
	h.Log.Error("panic", "method", c.Method(), "path", c.Path(), "panic", e)
}
