package handlers

import (
	"context"
	"crypto/subtle"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
	"healthcheck/models"
)

// Login limits, counted in the database so every instance shares them; the
// numbers and their reasons are in docs/security.md. The contract's "10
// wrong codes or passwords for one firm or user within 10 minutes: 429"
// holds per (account, address): the attacker's address is refused, the
// owner's is not.
var (
	// firmLimits: an invitation code has about 59 bits (12 of 31
	// characters), so even the ceiling's 1,000 failures a day for a year
	// give an attacker odds of about 1 in 10^12.
	firmLimits = loginLimits(1000, 24*time.Hour)
	// officialLimits: a password may be guessable, so NIST SP 800-63B
	// §5.2.2's 100 consecutive failures is the account's ceiling.
	officialLimits = loginLimits(100, 30*24*time.Hour)
)

// loginLimits are the rules every account shares, with its own ceiling.
func loginLimits(ceiling int, period time.Duration) models.LoginLimits {
	return models.LoginLimits{PairFree: 10, AddressFree: 30, BaseDelay: 10 * time.Minute, MaxDelay: 24 * time.Hour,
		Ceiling: ceiling, CeilingPeriod: period, KnownFor: 30 * 24 * time.Hour}
}

// credentials is what a login form or API call sends: a username and password
// for officials, a credit code and invitation code for firms.
type credentials struct {
	Username   string `json:"username" form:"username"`
	Password   string `json:"password" form:"password"`
	CreditCode string `json:"credit_code" form:"credit_code"`
	InviteCode string `json:"invite_code" form:"invite_code"`
}

// login checks credentials under the rate limits and starts a session. The
// attempt is recorded before the credential is checked (BeginLogin), so a
// parallel burst is counted as it is evaluated.
func (h *handler) login(c *fiber.Ctx, cr credentials) (*principal, error) {
	ctx := c.UserContext()
	account, err := accountKey(cr)
	if err != nil {
		return nil, err
	}
	limits := officialLimits
	if cr.CreditCode != "" {
		limits = firmLimits
	}
	address := h.clientIP(c)
	att, refusal, err := h.Store.BeginLogin(ctx, account, address, limits)
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refused(c, refusal)
	}
	p, invite, err := h.verify(ctx, cr)
	if apperr.Is(err, apperr.Unauthenticated) {
		if err := h.Store.LoginFailed(ctx, att); err != nil {
			return nil, err
		}
		_ = h.Store.Audit(ctx, account, "login_failed", "", address)
		return nil, warnLockout(err, int64(limits.PairFree-att.PairFailures-1))
	}
	if err != nil {
		return nil, err
	}
	if err := h.Store.LoginSucceeded(ctx, att); err != nil {
		return nil, err
	}
	if err := h.startSession(c, p, invite); err != nil {
		return nil, err
	}
	_ = h.Store.Audit(ctx, account, "login", "", address)
	return p, nil
}

// refused is the 429 for an attempt the limits did not let through.
func refused(c *fiber.Ctx, r *models.LoginRefusal) error {
	if r.Ceiling {
		return apperr.New(apperr.TooManyRequests,
			"该账号近期登录失败次数过多，已暂停从新的网络地址登录；请从曾成功登录过的网络登录，或联系市经信局解除限制")
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(r.RetryAfter.Seconds()))))
	if r.Busy {
		return apperr.New(apperr.TooManyRequests, "同一网络正在登录的人数较多，请几秒后再试")
	}
	minutes := int(math.Ceil(r.RetryAfter.Minutes()))
	return apperr.New(apperr.TooManyRequests, "登录失败次数过多，请 %d 分钟后再试", minutes)
}

// warnLockout tells someone near the limit how many tries are left, so a
// locked account does not come as a surprise.
func warnLockout(err error, left int64) error {
	e, ok := apperr.As(err)
	if !ok || left > 3 {
		return err
	}
	msg := e.Message + fmt.Sprintf("。再错 %d 次，将暂停从此网络登录该账号 10 分钟", left)
	if left <= 0 {
		msg = e.Message + "。错误次数已达上限，暂停从此网络登录该账号 10 分钟"
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
