package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
	"healthcheck/models"
)

// Login limits, counted in the database so every instance shares them.
const (
	loginWindow        = 10 * time.Minute
	maxFailsPerAccount = 10
	maxFailsPerAddress = 30
)

// credentials is what a login form or API call sends: a username and password
// for officials, a credit code and invitation code for firms.
type credentials struct {
	Username   string `json:"username" form:"username"`
	Password   string `json:"password" form:"password"`
	CreditCode string `json:"credit_code" form:"credit_code"`
	InviteCode string `json:"invite_code" form:"invite_code"`
}

// login checks credentials under the rate limits and starts a session.
func (h *handler) login(c *fiber.Ctx, cr credentials) (*principal, error) {
	ctx := c.UserContext()
	account, err := accountKey(cr)
	if err != nil {
		return nil, err
	}
	byAccount, byAddress, err := h.Store.LoginFailures(ctx, account, c.IP(), time.Now().Add(-loginWindow))
	if err != nil {
		return nil, err
	}
	if byAccount >= maxFailsPerAccount || byAddress >= maxFailsPerAddress {
		return nil, apperr.New(apperr.TooManyRequests, "登录失败次数过多，请 10 分钟后再试")
	}
	p, invite, err := h.verify(ctx, cr)
	if apperr.Is(err, apperr.Unauthenticated) {
		if rerr := h.Store.RecordLoginFailure(ctx, account, c.IP()); rerr != nil {
			return nil, rerr
		}
		_ = h.Store.Audit(ctx, account, "login_failed", "", c.IP())
		return nil, warnLockout(err, maxFailsPerAccount-byAccount-1)
	}
	if err != nil {
		return nil, err
	}
	if err := h.startSession(c, p, invite); err != nil {
		return nil, err
	}
	_ = h.Store.Audit(ctx, account, "login", "", c.IP())
	return p, nil
}

// warnLockout tells someone near the limit how many tries are left, so a
// locked account does not come as a surprise.
func warnLockout(err error, left int64) error {
	e, ok := apperr.As(err)
	if !ok || left > 3 {
		return err
	}
	msg := e.Message + fmt.Sprintf("。10 分钟内再错 %d 次，该账号将暂停登录 10 分钟", left)
	if left <= 0 {
		msg = e.Message + "。错误次数已达上限，该账号暂停登录 10 分钟"
	}
	return &apperr.Error{Code: e.Code, Message: msg, Fields: e.Fields, Status: e.Status}
}

func accountKey(cr credentials) (string, error) {
	switch {
	case cr.CreditCode != "":
		return "firm:" + strings.ToUpper(strings.TrimSpace(cr.CreditCode)), nil
	case cr.Username != "":
		return "user:" + strings.TrimSpace(cr.Username), nil
	}
	return "", apperr.WithFields("请填写登录信息", map[string]string{"username": "请填写用户名或统一社会信用代码"})
}

// verify resolves credentials to a principal, and for firms the code hash the
// session is bound to.
func (h *handler) verify(ctx context.Context, cr credentials) (*principal, string, error) {
	if cr.CreditCode != "" {
		code := strings.ToUpper(strings.TrimSpace(cr.CreditCode))
		e, err := h.Store.EntryByInvite(ctx, code, cr.InviteCode)
		if err != nil {
			return nil, "", err
		}
		return &principal{Role: RoleEnterprise, EnterpriseID: e.EnterpriseID, EntryID: e.ID,
			District: e.District, Name: e.Name}, e.InviteHash, nil
	}
	u, err := h.Store.Authenticate(ctx, strings.TrimSpace(cr.Username), cr.Password)
	if err != nil {
		return nil, "", err
	}
	name := "市经信局"
	if u.Role == models.RoleDistrict {
		name = h.City.DistrictName(u.District) + "经信部门"
	}
	return &principal{Role: u.Role, UserID: u.ID, Username: u.Username, District: u.District, Epoch: u.SessionEpoch,
		Name: name + "（" + u.Username + "）"}, "", nil
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
	if c.Cookies(sessionCookie) != "" {
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

// logout is POST /logout from the header's form.
func (h *handler) logout(c *fiber.Ctx) error {
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
		e, _, err := h.Store.Entry(c.UserContext(), p.scope(), p.EntryID)
		if err != nil {
			return err
		}
		to = "/survey"
		if e.Status == models.StatusSubmitted {
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

// safeNext keeps redirects on this site: a path, not //host or a scheme.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return ""
	}
	return next
}
