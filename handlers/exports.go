package handlers

import (
	"bytes"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"healthcheck/export"
)

// sendXLSX writes tables as an Excel book named after what it holds and the
// view, and records the export in the audit log (who took which data out).
// The book is built in memory first, so a failure is an error page rather
// than a truncated download.
func (h *handler) sendXLSX(c *fiber.Ctx, what string, v *view, tables ...export.Table) error {
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, tables...); err != nil {
		return err
	}
	if err := h.App.Audit.Exported(c.UserContext(), who(c).Username, c.Path(), v.Query()); err != nil {
		return err
	}
	name := what + "-" + strconv.Itoa(v.Campaign.Year) + "-" + h.scopeName(v) + ".xlsx"
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	// An ASCII fallback for old clients, the Chinese name for the rest (RFC 6266).
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="export.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// scopeName names the view's area: the district, or the city.
func (h *handler) scopeName(v *view) string {
	if v.CityView() {
		return h.City.Name
	}
	return h.City.DistrictName(v.District)
}
