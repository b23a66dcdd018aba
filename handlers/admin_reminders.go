package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/city"
	"healthcheck/export"
)

// remindersPageData is the firms still to chase in the caller's scope.
type remindersPageData struct {
	Campaign              *app.Campaign
	Campaigns             []app.Campaign
	Districts             []city.District // the bureau may pick one
	District              string
	Status                string
	Search                string
	Counts                remindersCounts
	Firms                 []app.ChaseRow
	Pager                 pager
	ExportXLSX, ExportCSV string // the export with the same filters
}

type remindersCounts struct {
	Firms, Submitted, Drafts, NotStarted int64
}

// reminderView reads the filters and the district looked at: the bureau may
// pick one, a district official has its own, and another district does not
// exist for it (404), as on the dashboard.
func reminderView(c *fiber.Ctx) (app.Scope, app.FirmFilter, error) {
	scope, err := who(c).scope().Within(c.Query("district"))
	if err != nil {
		return app.Scope{}, app.FirmFilter{}, err
	}
	return scope, app.FirmFilter{Status: c.Query("status"), Search: c.Query("q")}, nil
}

// remindersPage is GET /admin/reminders: per firm its status, progress and
// last activity, furthest from done first.
func (h *handler) remindersPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	camp, err := h.campaignQuery(c)
	if err != nil {
		return err
	}
	campaigns, err := h.App.Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	scope, f, err := reminderView(c)
	if err != nil {
		return err
	}
	page, offset := pageOf(c)
	firms, err := h.App.Figures.Chase(ctx, scope, camp, f, pageSize, offset)
	if err != nil {
		return err
	}
	total, err := h.App.Figures.CountChase(ctx, scope, camp, f)
	if err != nil {
		return err
	}
	counts, err := h.reminderCounts(c, scope, camp)
	if err != nil {
		return err
	}
	data := remindersPageData{Campaign: camp, Campaigns: campaigns, District: scope.District(), Status: f.Status,
		Search: f.Search, Counts: counts, Firms: firms, Pager: newPager(c, page, total),
		ExportXLSX: exportLink(c, "xlsx"), ExportCSV: exportLink(c, "csv")}
	if who(c).Role == app.RoleBureau {
		data.Districts = h.City.Districts
	}
	return h.render(c, "admin_reminders", pageData{Title: "催报", Data: data})
}

// reminderCounts is the scope's progress, from the same snapshot the
// dashboard uses.
func (h *handler) reminderCounts(c *fiber.Ctx, scope app.Scope, camp *app.Campaign) (remindersCounts, error) {
	snap, err := h.App.Figures.Of(c.UserContext(), scope, camp, app.FirmFilter{})
	if err != nil {
		return remindersCounts{}, err
	}
	s := snap.Stats
	return remindersCounts{Firms: int64(s.Firms), Submitted: int64(s.Submitted), Drafts: int64(s.Drafts), NotStarted: int64(s.NotStarted)}, nil
}

// remindersExport is GET /admin/reminders/export?format=xlsx|csv: the firms
// to chase with their contacts, in the caller's scope.
func (h *handler) remindersExport(c *fiber.Ctx) error {
	camp, err := h.campaignQuery(c)
	if err != nil {
		return err
	}
	scope, f, err := reminderView(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	rows, err := h.App.Figures.Chase(ctx, scope, camp, f, 0, 0)
	if err != nil {
		return err
	}
	t := h.chaseSheet(rows)
	where := "全市"
	if d := scope.District(); d != "" {
		where = h.City.DistrictName(d)
	}
	if err := h.App.Audit.Exported(ctx, actor(c), fmt.Sprint(camp.Year), "催报名单（"+where+"）"); err != nil {
		return err
	}
	format := "xlsx"
	if c.Query("format") == "csv" {
		format = "csv"
	}
	name := fmt.Sprintf("%d年度催报名单-%s-%s.%s", camp.Year, where, time.Now().Format("20060102"), format)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentDisposition, attachment(name))
	if format == "csv" {
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		return export.WriteCSV(c, t)
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return export.WriteXLSX(c, t)
}

// exportLink is the export of what the page shows: the same filters, all pages.
func exportLink(c *fiber.Ctx, format string) string {
	q := queryValues(c)
	q.Del("page")
	q.Set("format", format)
	return "/admin/reminders/export?" + q.Encode()
}
