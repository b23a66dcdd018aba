package handlers

import (
	"fmt"
	"io"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
)

// uploadLimit bounds a roster upload: a province's 50,000 firms are a few
// megabytes as .xlsx or CSV. The upload's body may be a little larger (the
// form around the file), so that a file just over the limit gets the roster
// page's message rather than a bare 413.
const (
	uploadLimit     = 16 << 20
	uploadBodyLimit = uploadLimit + 1<<20
)

// drainLimit is how much of a refused body is read and dropped before the
// answer: closing a connection with unread data makes the kernel reset it,
// and the client may lose the 413 it was sent. Larger bodies are cut off.
const drainLimit = 8 << 20

// limitBody refuses a body larger than max (bodyLimit when 0) or of unknown
// length (chunked) before any handler reads it into memory.
func limitBody(max int) fiber.Handler {
	if max == 0 {
		max = bodyLimit
	}
	return func(c *fiber.Ctx) error {
		n := c.Request().Header.ContentLength()
		if n <= max && n != -1 {
			return c.Next()
		}
		if stream := c.Context().RequestBodyStream(); stream != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(stream, drainLimit))
		}
		if n == -1 { // chunked
			return &apperr.Error{Code: apperr.Invalid, Message: "请求须注明内容长度（Content-Length）", Status: http.StatusLengthRequired}
		}
		return &apperr.Error{Code: apperr.Invalid, Message: fmt.Sprintf("请求内容过大（上限 %d MB）", max>>20), Status: http.StatusRequestEntityTooLarge}
	}
}

// closeAfterLargeBody closes the connection after answering a request whose
// body was streamed: if the handler refused it unread, the rest of it must
// not be taken for the next request on the connection.
func closeAfterLargeBody(c *fiber.Ctx) error {
	if n := c.Request().Header.ContentLength(); n > bodyLimit || n == -1 {
		c.Context().SetConnectionClose()
	}
	return c.Next()
}
