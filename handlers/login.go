package handlers

import (
	"crypto/subtle"
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

// credentials is what a login form or API call sends.
type credentials = app.Credentials

// login checks credentials under the login policy (app.Logins) and starts a
// session for whom they name.
func (h *handler) login(c *fiber.Ctx, cr credentials) (*principal, error) {
	in, err := h.App.Logins.Login(c.UserContext(), cr, h.clientIP(c))
	var refused *app.Refused
	if errors.As(err, &refused) && refused.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(refused.RetryAfter.Seconds()))))
	}
	if err != nil {
		return nil, err
	}
	p := &principal{Identity: in.Identity}
	if err := h.startSession(c, p, in.InviteHash); err != nil {
		return nil, err
	}
	return p, nil
}

// apiLogin is POST /api/v1/session.
func (h *handler) apiLogin(c *fiber.Ctx) error {
	var cr credentials
	if err := decodeJSON(c, &cr); err != nil {
		return err
	}
	p, err := h.login(c, cr)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"role": p.Role, "name": p.Name, "district": p.District})
}

// apiLogout is DELETE /api/v1/session.
func (h *handler) apiLogout(c *fiber.Ctx) error {
	if err := h.endSession(c); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// loginPage is GET /login.
func (h *handler) loginPage(c *fiber.Ctx) error {
	if p, _ := h.loadPrincipal(c); p != nil {
		return h.redirectHome(c, p)
	}
	form := loginForm{Next: safeNext(c.Query("next")), Tab: c.Query("tab")}
	if h.sessionExpired(c) {
		// A session cookie without a live session: it expired, or the
		// account was disabled or its password reset meanwhile.
		form.Notice = "登录已失效（长时间未操作或账号状态已变更），请重新登录。"
	}
	if form.Tab == "" && officialPath(form.Next) {
		form.Tab = "official"
	}
	return h.render(c, "login", pageData{Title: "登录", Data: form})
}

type loginForm struct {
	Next, Tab, Error string
	Notice           string
	CreditCode       string
	Username         string
}

// loginSubmit is POST /login from the form; it re-renders with the error.
func (h *handler) loginSubmit(c *fiber.Ctx) error {
	var cr credentials
	if err := c.BodyParser(&cr); err != nil {
		return apperr.BadRequest("表单无效")
	}
	form := loginForm{Next: safeNext(c.FormValue("next")), CreditCode: cr.CreditCode, Username: cr.Username, Tab: "firm"}
	if cr.CreditCode == "" {
		form.Tab = "official"
	}
	p, err := h.login(c, cr)
	if e, ok := apperr.As(err); ok && e.Code != apperr.Internal {
		// The form is shown again with the reason; the page itself is fine
		// (200), so browsers do not log a failed resource.
		form.Error = e.Message
		return h.render(c, "login", pageData{Title: "登录", Data: form})
	}
	if err != nil {
		return err
	}
	if form.Next == "" {
		return h.redirectHome(c, p)
	}
	return c.Redirect(form.Next, fiber.StatusSeeOther)
}

// logout is POST /logout from the header's form, which carries the
// session's logout token: another site cannot log a user out.
func (h *handler) logout(c *fiber.Ctx) error {
	p, err := h.loadPrincipal(c)
	if err != nil {
		return err
	}
	if p == nil {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	if subtle.ConstantTimeCompare([]byte(c.FormValue("logout_token")), []byte(p.LogoutToken)) != 1 || p.LogoutToken == "" {
		return apperr.New(apperr.Forbidden, "退出请求无效，请使用页面上的“退出登录”按钮")
	}
	if err := h.endSession(c); err != nil {
		return err
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// redirectHome sends p where its role lands: officials on the dashboard; a
// firm on its report once submitted, otherwise on the questionnaire.
func (h *handler) redirectHome(c *fiber.Ctx, p *principal) error {
	to := "/dashboard"
	if p.Role == RoleEnterprise {
		e, _, err := h.App.Surveys.Entry(c.UserContext(), p.scope(), p.EntryID)
		if err != nil {
			return err
		}
		to = "/survey"
		if e.Status == app.StatusSubmitted {
			to = "/report"
		}
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

// officialPath reports whether a page is for officials, so the login page
// opens on the officials' tab when it was asked for.
func officialPath(p string) bool {
	for _, prefix := range []string{"/dashboard", "/enterprises", "/admin"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// safeNext keeps redirects on this site: only a path here, never another
// host however spelt. Browsers drop tabs and newlines from URLs and read a
// backslash as a slash, so "/\t/evil.example/" and "/\\evil" mean
// "//evil…", another host: any whitespace, control character or backslash
// is refused, and what is left must parse as a bare path.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return ""
	}
	for _, r := range next {
		if r <= ' ' || r == 0x7f || r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	return next
}
