package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"healthcheck/analysis"
	"healthcheck/app"
	"healthcheck/clock"
	"healthcheck/figures"
	"healthcheck/views"
)

// The page lists the first firms of its two work lists; the lists page and
// the exports have them all.
const (
	chaseShown  = 30
	lowInvShown = 30
)

// dashboardData is the /dashboard page: one view's statistics (and the
// city's for comparison when the view is a district), as KPIs, tables and
// charts that all read the same snapshot.
type dashboardData struct {
	Filters    filterBar
	View       *view
	Stats      *analysis.Stats
	City       *analysis.Stats // nil in the city view
	Updated    string
	Area       string // 嘉兴市 or the district's name
	KPIs       []kpi
	Progress   progressTable
	Charts     dashboardCharts
	LowInv     []lowInvItem
	LowInvURL  string
	LowInvRule string // the edition's rule in words
	Chase      []chaseItem
	ChaseTotal int64
	ExportURL  string
	ChaseURL   string
	ListURL    string
}

type kpi struct {
	Label, Value, Note string
	Link               string
}

// dashboard gathers everything the page and its export show.
type dashboard struct {
	view       *view
	own, city  *app.Snapshot
	chase      []app.ChaseRow
	chaseTotal int64
}

// loadDashboard reads the view, its statistics and the firms to chase.
func (h *handler) loadDashboard(c *fiber.Ctx, chaseLimit int) (*dashboard, error) {
	v, err := h.officialView(c)
	if err != nil {
		return nil, err
	}
	own, city, err := h.viewStats(c, v)
	if err != nil {
		return nil, err
	}
	// The number to chase is the snapshot's, counted once with its
	// statistics rather than on every request.
	d := &dashboard{view: v, own: own, city: city, chaseTotal: int64(own.Stats.NotStarted + own.Stats.Drafts)}
	d.chase, err = h.App.Figures.Chase(c.UserContext(), v.Scope, v.Campaign, v.Filter(), chaseLimit, 0)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// dashboardPage is GET /dashboard. The page's own part (KPIs, tables,
// charts and the firms to chase) is rendered once per statistics snapshot
// and view, and laid out for each request: the snapshot's figures and its
// count of firms to chase change together, every 30 s at most, and
// rendering the tables on every request was most of a cached page's CPU.
func (h *handler) dashboardPage(c *fiber.Ctx) error {
	v, err := h.officialView(c)
	if err != nil {
		return err
	}
	own, city, err := h.viewStats(c, v)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("dashboard-page|%s|%s|%p", v.Role, v.Query(), city)
	pre, err := own.Memo(key, func() (any, error) {
		d := &dashboard{view: v, own: own, city: city, chaseTotal: int64(own.Stats.NotStarted + own.Stats.Drafts)}
		chase, err := h.App.Figures.Chase(c.UserContext(), v.Scope, v.Campaign, v.Filter(), chaseShown, 0)
		if err != nil {
			return nil, err
		}
		d.chase = chase
		data, err := h.dashboardData(d)
		if err != nil {
			return nil, err
		}
		return h.views.Prerender("dashboard", views.Page{Title: "总览", Data: data})
	})
	if err != nil {
		return err
	}
	return h.render(c, "prerendered", pageData{Title: "总览", Data: pre})
}

// dashboardData lays out one view's statistics for the page.
func (h *handler) dashboardData(d *dashboard) (dashboardData, error) {
	v := d.view
	s := &d.own.Stats
	data := dashboardData{Filters: h.filterBar(v, "/dashboard"), View: v, Stats: s, Area: h.scopeName(v),
		Updated: clock.Local(d.own.At).Format("2006-01-02 15:04"), Chase: h.chaseItems(d.chase), ChaseTotal: d.chaseTotal,
		LowInvURL: "/enterprises?" + v.Query() + "&flag=" + analysis.FlagLowInvestment + "&status=submitted",
		ExportURL: "/dashboard/export.xlsx?" + v.Query(), ChaseURL: "/dashboard/chase.xlsx?" + v.Query(),
		ListURL: "/enterprises?" + v.Query(), LowInvRule: figures.LowInvestmentRule(v.Def)}
	if d.city != nil {
		data.City = &d.city.Stats
	}
	data.KPIs = h.kpis(v, s, data.City)
	data.Progress = h.progressTable(v, s, data.City)
	data.LowInv = h.lowInvItems(s.LowInvestment[:min(lowInvShown, len(s.LowInvestment))])
	var err error
	data.Charts, err = h.cachedCharts(d)
	return data, err
}

// cachedCharts builds a dashboard's charts once per snapshot: they depend on
// nothing else (the view's area is the snapshot's scope).
func (h *handler) cachedCharts(d *dashboard) (dashboardCharts, error) {
	var city *analysis.Stats
	if d.city != nil {
		city = &d.city.Stats
	}
	key := fmt.Sprintf("dashboard-charts|%p", d.city)
	v, err := d.own.Memo(key, func() (any, error) {
		return h.dashboardCharts(d.view, &d.own.Stats, city, clock.Local(d.own.At).Format("2006-01-02 15:04"))
	})
	if err != nil {
		return nil, err
	}
	return v.(dashboardCharts), nil
}

// chaseItem is a firm to chase as the page shows it, formatted once here
// rather than field by field in the template.
type chaseItem struct {
	Code, Name, District, Band, Status, Contact, Source, Phone, Activity string
	Progress                                                             int
	Returned                                                             bool
}

func (h *handler) chaseItems(rows []app.ChaseRow) []chaseItem {
	out := make([]chaseItem, len(rows))
	for i := range rows {
		r := &rows[i]
		out[i] = chaseItem{Code: r.CreditCode, Name: r.Name, District: h.City.DistrictName(r.District), Band: r.Band,
			Status: views.StatusText(r.Status), Contact: r.Contact.Name, Source: r.ContactSource, Phone: r.Contact.Phone,
			Activity: timeText(r.LastActivityAt), Progress: r.Progress, Returned: r.ReviewStatus == app.ReviewReturned}
	}
	return out
}

// lowInvItem is a low-investment firm as the page shows it.
type lowInvItem struct {
	Code, Name, District, Industry, Band, Intensity, Total, Level, Weakest string
}

func (h *handler) lowInvItems(fs []analysis.FlaggedFirm) []lowInvItem {
	out := make([]lowInvItem, len(fs))
	for i, f := range fs {
		out[i] = lowInvItem{Code: f.CreditCode, Name: f.Name, District: h.City.DistrictName(f.District),
			Industry: f.Industry + " " + views.IndustryName(f.Industry), Band: f.Band, Intensity: pctOr(f.Indicator),
			Total: f.Total.String(), Level: f.Level, Weakest: f.Weakest + "（" + f.WeakestPercent.String() + "%）"}
	}
	return out
}
