package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"

	"healthcheck/app"
	"healthcheck/apperr"
)

// route is one line of the route table: who may call it is part of the route.
type route struct {
	method, path string
	roles        roleSet // nil: public
	form         bool    // an HTML form: a CSRF token is issued (GET) and checked (POST)
	maxBody      int     // the largest body accepted; 0 is bodyLimit
	h            fiber.Handler
}

var (
	firm      = roleSet{RoleEnterprise}
	officials = roleSet{app.RoleBureau, app.RoleDistrict}
	bureau    = roleSet{app.RoleBureau}
)

// table is every route of the application, with its owner roles. Each area
// lists its routes in its own file; the security test checks them all.
func (h *handler) table() []route {
	var all []route
	for _, group := range [][]route{
		h.publicRoutes(),
		h.firmRoutes(),
		h.officialRoutes(),
		h.accountRoutes(),
		h.adminRoutes(),
		h.reportRoutes(),
	} {
		all = append(all, group...)
	}
	return all
}

// publicRoutes need no session.
func (h *handler) publicRoutes() []route {
	return []route{
		{method: "GET", path: "/healthz", h: h.healthz},
		{method: "GET", path: "/", h: h.root},
		{method: "GET", path: "/login", form: true, h: h.loginPage},
		{method: "POST", path: "/login", form: true, h: h.loginSubmit},
		{method: "POST", path: "/logout", h: h.logout}, // the session's own token (logout)

		{method: "POST", path: "/api/v1/session", h: h.apiLogin},
		{method: "DELETE", path: "/api/v1/session", h: h.apiLogout},
	}
}

// firmRoutes are the enterprise's own survey and report.
func (h *handler) firmRoutes() []route {
	return []route{
		{method: "GET", path: "/survey", roles: firm, h: h.surveyPage},
		{method: "GET", path: "/report", roles: firm, h: h.reportPage},
		{method: "GET", path: "/api/v1/survey", roles: firm, h: h.apiSurvey},
		{method: "PUT", path: "/api/v1/survey/answers", roles: firm, h: h.apiSaveAnswers},
		{method: "POST", path: "/api/v1/survey/submit", roles: firm, h: h.apiSubmit},
		{method: "GET", path: "/api/v1/results/me", roles: firm, h: h.apiResultsMe},
		{method: "POST", path: "/api/v1/corrections", roles: firm, h: h.apiRequestCorrection},
	}
}

func (h *handler) routes(web *fiber.App) {
	// The token lives in the visitor's session, so a token taken from one
	// session (another browser, another user) is refused in another.
	protect := csrf.New(csrf.Config{
		Session:        h.sessions,
		KeyLookup:      "form:_csrf",
		CookieName:     "hc_csrf",
		CookieSameSite: "Lax",
		CookieHTTPOnly: true,
		CookieSecure:   h.SecureCookies,
		Expiration:     2 * time.Hour,
		ContextKey:     csrfKey,
	})
	for _, r := range h.table() {
		chain := []fiber.Handler{limitBody(r.maxBody)}
		if strings.HasPrefix(r.path, "/api/") {
			chain = append(chain, requireJSON)
		}
		if r.roles != nil {
			chain = append(chain, h.guard(r.roles))
		}
		if r.form {
			chain = append(chain, protect)
		}
		web.Add(r.method, r.path, append(chain, r.h)...)
	}
	web.Use(func(c *fiber.Ctx) error { return apperr.New(apperr.NotFound, "页面不存在") })
}

const csrfKey = "csrf"

// healthz answers when the database does.
func (h *handler) healthz(c *fiber.Ctx) error {
	if err := h.App.Ping(c.UserContext()); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "database unavailable"})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// root sends people where they belong.
func (h *handler) root(c *fiber.Ctx) error {
	p, err := h.loadPrincipal(c)
	if err != nil {
		return err
	}
	if p == nil {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return h.redirectHome(c, p)
}
