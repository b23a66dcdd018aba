package handlers

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
)

// roleSet lists the roles allowed on a route; public routes have none.
type roleSet []string

func (rs roleSet) has(role string) bool {
	for _, r := range rs {
		if r == role {
			return true
		}
	}
	return false
}

// guard admits only sessions with one of the roles: 401 (or the login page)
// without a session, 403 for another role. Every response it admits is
// marked no-store.
func (h *handler) guard(roles roleSet) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p, err := h.loadPrincipal(c)
		if err != nil {
			return err
		}
		if p == nil {
			return apperr.New(apperr.Unauthenticated, "请先登录")
		}
		if !roles.has(p.Role) {
			return apperr.New(apperr.Forbidden, "当前账号无权访问此功能")
		}
		// What a session sees is its own: no shared or browser cache may
		// keep it (a public computer's next user, a proxy).
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Next()
	}
}

// who returns the principal a guard admitted.
func who(c *fiber.Ctx) *principal {
	p, _ := c.Locals(localPrincipal).(*principal)
	return p
}

// requireJSON protects state-changing API calls: a cross-site form cannot send
// application/json, so together with SameSite cookies this stops CSRF on the API.
func requireJSON(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	ct := string(c.Request().Header.ContentType())
	if !bytes.HasPrefix(bytes.ToLower([]byte(ct)), []byte("application/json")) {
		return &apperr.Error{Code: apperr.Invalid, Message: "请求须为 JSON（Content-Type: application/json）", Status: fiber.StatusUnsupportedMediaType}
	}
	return c.Next()
}

// decodeJSON reads the body into v, refusing invalid UTF-8 (which
// encoding/json would silently replace) and trailing data.
func decodeJSON(c *fiber.Ctx, v any) error {
	if !utf8.Valid(c.Body()) {
		return apperr.BadRequest("请求内容不是有效的 UTF-8 文本")
	}
	return decodeJSONBytes(c, v)
}

// decodeJSONBytes reads the body into v as decodeJSON does, but leaves
// invalid UTF-8 to v's json.RawMessage fields, which keep it as sent: a save
// of answers names the question that holds it (422) rather than refusing
// the body as a whole.
//
// json.Unmarshal rather than a json.Decoder: the body is already in memory,
// Unmarshal refuses trailing data itself, and on a body near the 1 MiB limit
// it costs a third of the decoder's time (docs/benchmarks.md).
func decodeJSONBytes(c *fiber.Ctx, v any) error {
	if err := json.Unmarshal(c.Body(), v); err != nil {
		return apperr.BadRequest("请求内容不是有效的 JSON（须为单个 JSON 对象）")
	}
	return nil
}
