package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/city"
	"healthcheck/export"
	"healthcheck/models"
	"healthcheck/stats"
)

// remindersPageData is the firms still to chase in the caller's scope.
type remindersPageData struct {
	Campaign              *models.Campaign
	Campaigns             []models.Campaign
	Districts             []city.District // the bureau may pick one
	District              string
	Status                string
	Search                string
	Counts                remindersCounts
	Firms                 []models.FirmRow
	Pager                 pager
	ExportXLSX, ExportCSV string // the export with the same filters
}

type remindersCounts struct {
	Firms, Submitted, Drafts, NotStarted int64
}

// reminderFilter reads the filters; a district official's district comes
// from the scope, whatever the query says.
func reminderFilter(c *fiber.Ctx) models.FirmFilter {
	f := models.FirmFilter{Status: c.Query("status"), Search: c.Query("q")}
	if who(c).Role == models.RoleBureau {
		f.District = c.Query("district")
	}
	return f
}

// remindersPage is GET /admin/reminders: per firm its status, progress and
// last activity, furthest from done first.
func (h *handler) remindersPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	camp, err := h.campaignQuery(c)
	if err != nil {
		return err
	}
	campaigns, err := h.Store.Campaigns(ctx)
	if err != nil {
		return err
	}
	scope, f := who(c).scope(), reminderFilter(c)
	page, offset := pageOf(c)
	firms, total, err := stats.ToChase(ctx, h.Store, scope, camp.ID, f, pageSize, offset)
	if err != nil {
		return err
	}
	counts, err := h.reminderCounts(c, camp, f.District)
	if err != nil {
		return err
	}
	data := remindersPageData{Campaign: camp, Campaigns: campaigns, District: f.District, Status: f.Status,
		Search: f.Search, Counts: counts, Firms: firms, Pager: newPager(c, page, total),
		ExportXLSX: exportLink(c, "xlsx"), ExportCSV: exportLink(c, "csv")}
	if who(c).Role == models.RoleBureau {
		data.Districts = h.City.Districts
	}
	return h.render(c, "admin_reminders", pageData{Title: "催报", Data: data})
}

// reminderCounts is the scope's progress, from the same snapshot the
// dashboard uses.
func (h *handler) reminderCounts(c *fiber.Ctx, camp *models.Campaign, district string) (remindersCounts, error) {
	snap, err := h.Stats.Of(c.UserContext(), who(c).scope(), camp, models.FirmFilter{District: district})
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
	ctx, scope, f := c.UserContext(), who(c).scope(), reminderFilter(c)
	t := stats.ChaseTable(ctx, h.Store, scope, camp.ID, f, h.City)
	where := "全市"
	if d := scope.District(); d != "" {
		where = h.City.DistrictName(d)
	} else if f.District != "" {
		where = h.City.DistrictName(f.District)
	}
	if err := h.Store.Audit(ctx, actor(c), "export", fmt.Sprint(camp.Year), "催报名单（"+where+"）"); err != nil {
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
