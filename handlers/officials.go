package handlers

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/questionnaires"
)

// officialRoutes are the district officials' and the bureau's: dashboards,
// the firms of their scope, review (县区初审) and 代填, and their API.
func (h *handler) officialRoutes() []route {
	return []route{
		{method: "GET", path: "/dashboard", roles: officials, h: h.dashboardPage},
		{method: "GET", path: "/dashboard/export.xlsx", roles: officials, h: h.dashboardExport},
		{method: "GET", path: "/dashboard/chase.xlsx", roles: officials, h: h.chaseExport},
		{method: "GET", path: "/enterprises", roles: officials, h: h.enterpriseListPage},
		{method: "GET", path: "/enterprises.xlsx", roles: officials, h: h.enterpriseListExport},
		{method: "GET", path: "/enterprises/:credit_code", roles: officials, form: true, h: h.enterprisePage},
		{method: "POST", path: "/enterprises/:credit_code/review", roles: officials, form: true, h: h.reviewSubmit},
		{method: "POST", path: "/enterprises/:credit_code/fill", roles: officials, form: true, h: h.fillStart},
		{method: "GET", path: "/enterprises/:credit_code/fill", roles: officials, h: h.fillPage},

		{method: "GET", path: "/api/v1/stats", roles: officials, h: h.apiStats},
		{method: "GET", path: "/api/v1/enterprises", roles: officials, h: h.apiEnterprises},
		{method: "GET", path: "/api/v1/enterprises/:credit_code", roles: officials, h: h.apiEnterprise},
		{method: "POST", path: "/api/v1/enterprises/:credit_code/review", roles: officials, h: h.apiReview},
		{method: "PUT", path: "/api/v1/enterprises/:credit_code/answers", roles: officials, h: h.apiFillAnswers},
		{method: "POST", path: "/api/v1/enterprises/:credit_code/submit", roles: officials, h: h.apiFillSubmit},
	}
}

// view is what an official asked to look at: a campaign, a scope (their own,
// or for the bureau one district) and filters that apply to every figure,
// chart and export of the page.
type view struct {
	Campaign  *app.Campaign
	Campaigns []app.Campaign
	Def       *questionnaires.Definition
	Scope     app.Scope
	District  string // the district looked at; "" for the whole city
	Band      string
	Industry  string
	Role      string
}

// Filter is the view's filter for statistics (the scope holds the district).
func (v *view) Filter() app.FirmFilter {
	return app.FirmFilter{Band: v.Band, Industry: v.Industry}
}

// CityView reports whether the view covers the whole city.
func (v *view) CityView() bool { return v.District == "" }

// Query is the view as query parameters, for links and exports.
func (v *view) Query() string {
	q := url.Values{"campaign": {strconv.Itoa(v.Campaign.Year)}}
	if v.Role == app.RoleBureau && v.District != "" {
		q.Set("district", v.District)
	}
	if v.Band != "" {
		q.Set("band", v.Band)
	}
	if v.Industry != "" {
		q.Set("industry", v.Industry)
	}
	return q.Encode()
}

// officialView reads and checks the view parameters: a campaign year, a
// district within the caller's scope (404 outside it, as a record would be),
// a size band of the campaign's edition and an industry.
func (h *handler) officialView(c *fiber.Ctx) (*view, error) {
	p := who(c)
	ctx := c.UserContext()
	campaigns, err := h.App.Campaigns.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	v := &view{Campaigns: campaigns, Role: p.Role}
	if v.Campaign, err = h.campaignOf(c, campaigns); err != nil {
		return nil, err
	}
	def, ok := h.Defs.Get(v.Campaign.QuestionnaireID)
	if !ok {
		return nil, apperr.New(apperr.Internal, "本程序缺少该年度问卷 %s", v.Campaign.QuestionnaireID)
	}
	v.Def = def
	district := strings.TrimSpace(c.Query("district"))
	if district != "" && !h.City.HasDistrict(district) {
		return nil, apperr.New(apperr.NotFound, "未找到该区县")
	}
	if v.Scope, err = p.scope().Within(district); err != nil {
		return nil, err
	}
	v.District = v.Scope.District()
	fields := map[string]string{}
	if band := c.Query("band"); band != "" {
		if !hasBand(def, band) {
			fields["band"] = "规模档须为 " + bandList(def) + " 之一"
		}
		v.Band = band
	}
	if ind := c.Query("industry"); ind != "" {
		code, ok := city.ResolveIndustry(ind)
		if !ok {
			fields["industry"] = "行业须为 C13–C43"
		}
		v.Industry = code
	}
	if len(fields) > 0 {
		return nil, apperr.WithFields("筛选条件无效", fields)
	}
	return v, nil
}

// campaignOf is the campaign named by ?campaign=YEAR, or the newest.
func (h *handler) campaignOf(c *fiber.Ctx, campaigns []app.Campaign) (*app.Campaign, error) {
	if len(campaigns) == 0 {
		return nil, apperr.New(apperr.NotFound, "尚未创建年度体检")
	}
	y := c.Query("campaign")
	if y == "" {
		return &campaigns[0], nil
	}
	year, err := strconv.Atoi(y)
	if err != nil {
		return nil, apperr.WithFields("年度无效", map[string]string{"campaign": "年度须为四位数字，如 2020"})
	}
	for i := range campaigns {
		if campaigns[i].Year == year {
			return &campaigns[i], nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "没有 %d 年度体检", year)
}

func hasBand(def *questionnaires.Definition, band string) bool {
	for _, b := range def.SizeBands {
		if b.Label == band {
			return true
		}
	}
	return false
}

func bandList(def *questionnaires.Definition) string {
	labels := make([]string, len(def.SizeBands))
	for i, b := range def.SizeBands {
		labels[i] = b.Label
	}
	return strings.Join(labels, "、")
}

// entryOf finds the firm named in the path in the view's campaign, within the
// caller's scope: outside it the firm does not exist (404).
func (h *handler) entryOf(c *fiber.Ctx, v *view) (*app.RosterEntry, error) {
	code := strings.ToUpper(strings.TrimSpace(c.Params("credit_code")))
	if len(code) != 18 {
		return nil, apperr.New(apperr.NotFound, "未找到该企业")
	}
	return h.App.Figures.EntryByCreditCode(c.UserContext(), who(c).scope(), v.Campaign.ID, code)
}
