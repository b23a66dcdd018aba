package handlers

import (
	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/views"
)

type auditPageData struct {
	Action  string
	Actions []views.AuditAction
	Entries []app.AuditLine
	Pager   pager
}

// auditPage is GET /admin/audit: who did what, newest first.
func (h *handler) auditPage(c *fiber.Ctx) error {
	page, offset := pageOf(c)
	action := c.Query("action")
	entries, total, err := h.App.Audit.Page(c.UserContext(), app.AuditFilter{Action: action}, pageSize, offset)
	if err != nil {
		return err
	}
	data := auditPageData{Action: action, Actions: views.AuditActions, Entries: entries, Pager: newPager(c, page, total)}
	return h.render(c, "admin_audit", pageData{Title: "操作日志", Data: data})
}
