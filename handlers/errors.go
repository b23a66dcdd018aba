package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
)

// statusOf maps error codes to HTTP statuses, in one place.
var statusOf = map[string]int{
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.NotFound:        http.StatusNotFound,
	apperr.Invalid:         http.StatusUnprocessableEntity,
	apperr.Conflict:        http.StatusConflict,
	apperr.Closed:          http.StatusForbidden,
	apperr.TooManyRequests: http.StatusTooManyRequests,
	apperr.Internal:        http.StatusInternalServerError,
}

// errorBody is the contract's error envelope.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// handleError is Fiber's ErrorHandler: application errors become their status
// and message; anything else is logged and shown as a generic internal error,
// never as err.Error().
func (h *handler) handleError(c *fiber.Ctx, err error) error {
	e := h.toAppError(c, err)
	status := e.Status
	if status == 0 {
		status = statusOf[e.Code]
	}
	if isAPI(c) {
		return c.Status(status).JSON(errorBody{Error: errorDetail{Code: e.Code, Message: e.Message, Fields: e.Fields}})
	}
	if status == http.StatusUnauthorized {
		return c.Redirect("/login?next="+c.OriginalURL(), http.StatusSeeOther)
	}
	c.Status(status)
	return h.render(c, "error", pageData{Title: "出错了", Data: e})
}

// toAppError classifies err; unknown errors are logged here and only here.
func (h *handler) toAppError(c *fiber.Ctx, err error) *apperr.Error {
	if e, ok := apperr.As(err); ok {
		return e
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case http.StatusNotFound:
			return apperr.New(apperr.NotFound, "页面不存在")
		case http.StatusMethodNotAllowed:
			return &apperr.Error{Code: apperr.Invalid, Message: "不支持的请求方法", Status: fe.Code}
		case http.StatusRequestEntityTooLarge:
			return &apperr.Error{Code: apperr.Invalid, Message: "请求内容过大", Status: fe.Code}
		case http.StatusForbidden:
			return apperr.New(apperr.Forbidden, "请求已过期或来源无效，请刷新页面后重试")
		}
		if fe.Code < 500 {
			return &apperr.Error{Code: apperr.Invalid, Message: "请求无效", Status: fe.Code}
		}
	}
	h.Log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	return apperr.New(apperr.Internal, "服务器内部错误，请稍后重试")
}

func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }
