package handlers

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

// adminRoutes are the bureau's desk (/admin/…): campaigns, the roster
// import, invitations, corrections and the audit log. Reminders (催报) are
// also for district officials, who see only their own district's firms.
func (h *handler) adminRoutes() []route {
	return []route{
		{method: "GET", path: "/admin", roles: bureau, h: h.adminHome},
		{method: "GET", path: "/admin/campaigns", roles: bureau, form: true, h: h.campaignsPage},
		{method: "POST", path: "/admin/campaigns", roles: bureau, form: true, h: h.campaignCreate},
		{method: "GET", path: "/admin/campaigns/:year", roles: bureau, form: true, h: h.campaignPage},
		{method: "POST", path: "/admin/campaigns/:year/window", roles: bureau, form: true, h: h.campaignWindow},
		{method: "POST", path: "/admin/campaigns/:year/questionnaire", roles: bureau, form: true, h: h.campaignQuestionnaire},
		{method: "POST", path: "/admin/campaigns/:year/rule", roles: bureau, form: true, h: h.campaignRule},
		{method: "POST", path: "/admin/campaigns/:year/reopen", roles: bureau, form: true, h: h.campaignReopen},

		{method: "GET", path: "/admin/campaigns/:year/roster", roles: bureau, form: true, h: h.rosterPage},
		{method: "POST", path: "/admin/campaigns/:year/roster", roles: bureau, form: true, maxBody: uploadBodyLimit, h: h.rosterUpload},
		{method: "POST", path: "/admin/campaigns/:year/roster/confirm", roles: bureau, form: true, h: h.rosterConfirm},
		{method: "GET", path: "/admin/roster", roles: bureau, h: h.latestCampaignPage("roster")},
		{method: "GET", path: "/admin/roster-template.xlsx", roles: bureau, h: h.rosterTemplate},

		{method: "GET", path: "/admin/invites", roles: bureau, h: h.latestCampaignPage("invites")},
		{method: "GET", path: "/admin/campaigns/:year/invites", roles: bureau, form: true, h: h.invitesPage},
		{method: "POST", path: "/admin/campaigns/:year/invites", roles: bureau, form: true, h: h.invitesIssue},

		{method: "GET", path: "/admin/reminders", roles: officials, h: h.remindersPage},
		{method: "GET", path: "/admin/reminders/export", roles: officials, h: h.remindersExport},

		{method: "GET", path: "/admin/corrections", roles: bureau, form: true, h: h.correctionsPage},
		{method: "POST", path: "/admin/corrections/:id", roles: bureau, form: true, h: h.correctionDecide},

		{method: "GET", path: "/admin/audit", roles: bureau, h: h.auditPage},

		{method: "GET", path: "/admin/reference", roles: bureau, form: true, h: h.referencePage},
		{method: "POST", path: "/admin/reference", roles: bureau, form: true, h: h.referenceAdd},

		{method: "GET", path: "/admin/providers", roles: bureau, form: true, h: h.providersPage},
		{method: "POST", path: "/admin/providers", roles: bureau, form: true, maxBody: uploadBodyLimit, h: h.providersUpload},
	}
}

// adminHome is GET /admin.
func (h *handler) adminHome(c *fiber.Ctx) error {
	return c.Redirect("/admin/campaigns", fiber.StatusSeeOther)
}

// latestCampaignPage sends the menu's 名录导入 and 邀请码 to that page of
// the newest campaign (the one a desk works on); without a campaign, to the
// campaigns page, where the first is created.
func (h *handler) latestCampaignPage(page string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		camp, err := h.App.Campaigns.LatestCampaign(c.UserContext())
		if apperr.Is(err, apperr.NotFound) {
			return c.Redirect("/admin/campaigns", fiber.StatusSeeOther)
		}
		if err != nil {
			return err
		}
		return c.Redirect("/admin/campaigns/"+strconv.Itoa(camp.Year)+"/"+page, fiber.StatusSeeOther)
	}
}

// actor names the logged-in official in histories and the audit log, as the
// login records do.
func actor(c *fiber.Ctx) string { return "user:" + who(c).Username }

// campaignParam finds the campaign named by the :year in the path.
func (h *handler) campaignParam(c *fiber.Ctx) (*app.Campaign, error) {
	year, err := strconv.Atoi(c.Params("year"))
	if err != nil {
		return nil, apperr.New(apperr.NotFound, "年度体检不存在")
	}
	return h.App.Campaigns.CampaignByYear(c.UserContext(), year)
}

// campaignQuery finds the campaign a ?campaign=YEAR asks for, the latest
// when absent.
func (h *handler) campaignQuery(c *fiber.Ctx) (*app.Campaign, error) {
	if y := c.Query("campaign"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil {
			return nil, apperr.New(apperr.NotFound, "年度体检不存在")
		}
		return h.App.Campaigns.CampaignByYear(c.UserContext(), year)
	}
	return h.App.Campaigns.LatestCampaign(c.UserContext())
}

// formValue is a trimmed form field, copied out of Fiber's reused memory.
func formValue(c *fiber.Ctx, key string) string {
	return strings.TrimSpace(strings.Clone(c.FormValue(key)))
}

// pageSize is how many rows a list shows at once.
const pageSize = 50

// pager is a list's place and the links to its neighbours.
type pager struct {
	Page, Pages int
	Total       int64
	Prev, Next  string
}

// pageOf reads ?page= (1-based) and returns the offset.
func pageOf(c *fiber.Ctx) (page, offset int) {
	page, _ = strconv.Atoi(c.Query("page"))
	page = max(page, 1)
	return page, (page - 1) * pageSize
}

// newPager links the pages of a list, keeping the other query parameters.
func newPager(c *fiber.Ctx, page int, total int64) pager {
	p := pager{Page: page, Total: total, Pages: int((total + pageSize - 1) / pageSize)}
	link := func(n int) string {
		q := queryValues(c)
		q.Set("page", strconv.Itoa(n))
		return c.Path() + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

// queryValues copies the request's query, to build links that keep it.
func queryValues(c *fiber.Ctx) url.Values {
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) { q.Set(string(k), string(v)) })
	return q
}

// fieldErrors returns the per-field messages of an invalid-input error, or
// nil for any other error.
func fieldErrors(err error) (string, map[string]string, bool) {
	e, ok := apperr.As(err)
	if !ok || (e.Code != apperr.Invalid && e.Code != apperr.Conflict && e.Code != apperr.NotFound) {
		return "", nil, false
	}
	return e.Message, e.Fields, true
}
