package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/creditcode"
	"healthcheck/plaintext"
)

// accountRoutes are the bureau's account management.
func (h *handler) accountRoutes() []route {
	return []route{
		{method: "GET", path: "/admin/users", roles: bureau, form: true, h: h.usersPage},
		{method: "POST", path: "/admin/users", roles: bureau, form: true, h: h.userCreate},
		{method: "POST", path: "/admin/users/:id/disable", roles: bureau, form: true, h: h.userDisable},
		{method: "POST", path: "/admin/users/:id/enable", roles: bureau, form: true, h: h.userEnable},
		{method: "POST", path: "/admin/users/:id/password", roles: bureau, form: true, h: h.userPassword},
		{method: "POST", path: "/admin/lockouts", roles: bureau, form: true, h: h.lockoutClear},
	}
}

// usersPageData is the account list with the form to add one.
type usersPageData struct {
	Users     []app.User
	Districts []city.District
	Me        int64
	Form      newUserForm
	Error     *apperr.Error
	Done      string
	// Issued is a password generated for an account, shown this once.
	Issued *issuedPassword
	// Unlock is the account typed into a refused unlock form.
	Unlock string
}

type issuedPassword struct {
	Username, Password string
}

type newUserForm struct {
	Username string `form:"username"`
	Role     string `form:"role"`
	District string `form:"district"`
	Password string `form:"password"`
}

// usersPage is GET /admin/users.
func (h *handler) usersPage(c *fiber.Ctx) error {
	return h.renderUsers(c, usersPageData{Done: userDone[c.Query("done")]})
}

// userDone confirms what a form did; only these fixed texts are shown.
var userDone = map[string]string{
	"disabled": "账号已停用，其登录已失效。",
	"enabled":  "账号已启用。",
}

func (h *handler) renderUsers(c *fiber.Ctx, d usersPageData) error {
	us, err := h.App.Users.List(c.UserContext())
	if err != nil {
		return err
	}
	d.Users, d.Districts, d.Me = us, h.City.Districts, who(c).UserID
	return h.render(c, "admin_users", pageData{Title: "账号管理", Data: d})
}

// usersAgain shows the page with what was wrong with a form.
func (h *handler) usersAgain(c *fiber.Ctx, d usersPageData, err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal {
		return err
	}
	d.Error = e
	c.Status(statusOf[e.Code])
	return h.renderUsers(c, d)
}

// userCreate is POST /admin/users: a district or bureau account. Without a
// password typed, one is generated and shown once.
func (h *handler) userCreate(c *fiber.Ctx) error {
	var f newUserForm
	if err := c.BodyParser(&f); err != nil {
		return apperr.BadRequest("表单无效")
	}
	f.Username = strings.TrimSpace(f.Username)
	d := usersPageData{Form: f}
	d.Form.Password = "" // never echoed back
	if f.Role == app.RoleDistrict && !h.City.HasDistrict(f.District) {
		return h.usersAgain(c, d, apperr.WithFields("账号信息不正确", map[string]string{"district": "请选择所属区县"}))
	}
	pw, generated := f.Password, f.Password == ""
	if generated {
		pw = app.NewPassword()
	}
	u, err := h.App.Users.Create(c.UserContext(), &who(c).Identity,
		app.NewUser{Username: f.Username, Password: pw, Role: f.Role, District: f.District})
	if err != nil {
		return h.usersAgain(c, d, err)
	}
	d = usersPageData{Done: "已创建账号 " + u.Username + "。"}
	if generated {
		d.Issued = &issuedPassword{Username: u.Username, Password: pw}
	}
	return h.renderUsers(c, d)
}

func userID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "账号不存在")
	}
	return id, nil
}

func (h *handler) userDisable(c *fiber.Ctx) error { return h.setDisabled(c, true) }
func (h *handler) userEnable(c *fiber.Ctx) error  { return h.setDisabled(c, false) }

func (h *handler) setDisabled(c *fiber.Ctx, disabled bool) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	if _, err := h.App.Users.SetDisabled(c.UserContext(), &who(c).Identity, id, disabled); err != nil {
		return h.usersAgain(c, usersPageData{}, err)
	}
	done := "enabled"
	if disabled {
		done = "disabled"
	}
	return c.Redirect("/admin/users?done="+done, fiber.StatusSeeOther)
}

type passwordForm struct {
	Password string `form:"password"`
}

// userPassword is POST /admin/users/{id}/password: a new password, typed or
// generated (shown once). The account's other sessions end; resetting one's
// own keeps the current session.
func (h *handler) userPassword(c *fiber.Ctx) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	var f passwordForm
	if err := c.BodyParser(&f); err != nil {
		return apperr.BadRequest("表单无效")
	}
	pw, generated := f.Password, f.Password == ""
	if generated {
		pw = app.NewPassword()
	}
	u, err := h.App.Users.ResetPassword(c.UserContext(), &who(c).Identity, id, pw)
	if err != nil {
		return h.usersAgain(c, usersPageData{}, err)
	}
	if id == who(c).UserID {
		if err := h.keepSession(c, u.SessionEpoch); err != nil {
			return err
		}
	}
	d := usersPageData{Done: "已重置 " + u.Username + " 的密码，该账号其他已登录的会话已失效。"}
	if generated {
		d.Issued = &issuedPassword{Username: u.Username, Password: pw}
	}
	return h.renderUsers(c, d)
}

// keepSession moves the current session to the account's new epoch.
func (h *handler) keepSession(c *fiber.Ctx, epoch int) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(kEpoch, epoch)
	return sess.Save()
}

// lockoutClear is POST /admin/lockouts: the bureau's reset of an account's
// login failures (a user name or a firm's credit code), once it has made
// sure the owner is asking. The reset is in the audit log.
func (h *handler) lockoutClear(c *fiber.Ctx) error {
	typed := formValue(c, "account")
	account := "user:" + typed
	if code := creditcode.Normalize(typed); creditcode.Valid(code) {
		account = "firm:" + code
	}
	if typed == "" || plaintext.HasControl(typed, false) {
		return h.usersAgain(c, usersPageData{Unlock: typed},
			apperr.WithFields("请填写账号", map[string]string{"account": "请填写用户名或统一社会信用代码"}))
	}
	n, err := h.App.Users.ClearLoginFailures(c.UserContext(), &who(c).Identity, account, h.clientIP(c))
	if err != nil {
		return err
	}
	return h.renderUsers(c, usersPageData{Done: fmt.Sprintf("已清除 %s 的 %d 次登录失败记录。", typed, n)})
}
