package handlers

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// List limits of GET /api/v1/enterprises (contract: at most 1000).
const (
	defaultLimit = 50
	maxLimit     = 1000
)

// enterpriseItem is one element of the contract's enterprise list.
type enterpriseItem struct {
	CreditCode   string          `json:"credit_code"`
	Name         string          `json:"name"`
	District     string          `json:"district"`
	DistrictName string          `json:"district_name"`
	Industry     string          `json:"industry"`
	RevenueWan   decimal.Fixed2  `json:"revenue_wan"`
	Band         string          `json:"band"`
	Status       string          `json:"status"`
	Score        *decimal.Fixed2 `json:"score"`
	Level        *string         `json:"level"`
	Flags        []string        `json:"flags"`
}

// itemOf shapes a stored row; the level label comes from the row's edition.
func (h *handler) itemOf(def *questionnaires.Definition, r *app.FirmRow) enterpriseItem {
	it := enterpriseItem{CreditCode: r.CreditCode, Name: r.Name, District: r.District,
		DistrictName: h.City.DistrictName(r.District), Industry: r.Industry, RevenueWan: r.RevenueWan,
		Band: r.Band, Status: r.Status, Flags: []string{}}
	if r.Status != app.StatusSubmitted || r.Total == nil {
		return it
	}
	it.Score = r.Total
	if r.LevelCode != nil && *r.LevelCode >= 0 && *r.LevelCode < len(def.Levels) {
		it.Level = &def.Levels[*r.LevelCode].Label
	}
	if r.Flags != nil {
		it.Flags = r.Flags
	}
	return it
}

// listQuery is a list request: the view, the list's own filters, a sort
// order and a page.
type listQuery struct {
	*view
	Status, Review, Flag, Search, Sort string
	Limit, Offset                      int
}

// Filter adds the list's own filters to the view's.
func (q *listQuery) Filter() app.FirmFilter {
	f := q.view.Filter()
	f.Status, f.Review, f.Flag, f.Search = q.Status, q.Review, q.Flag, q.Search
	return f
}

var (
	statuses = map[string]bool{app.StatusNotStarted: true, app.StatusDraft: true, app.StatusSubmitted: true}
	reviews  = map[string]bool{app.ReviewPending: true, app.ReviewApproved: true, app.ReviewReturned: true}
)

// listQueryOf reads a list request; bad filters are named field by field.
func (h *handler) listQueryOf(c *fiber.Ctx) (*listQuery, error) {
	v, err := h.officialView(c)
	if err != nil {
		return nil, err
	}
	q := &listQuery{view: v, Status: c.Query("status"), Review: c.Query("review"), Flag: c.Query("flag"),
		Search: strings.TrimSpace(c.Query("q")), Sort: c.Query("sort"), Limit: defaultLimit}
	fields := map[string]string{}
	if q.Status != "" && !statuses[q.Status] {
		fields["status"] = "状态须为 not_started、draft 或 submitted"
	}
	if q.Review != "" && !reviews[q.Review] {
		fields["review"] = "审核状态须为 pending、approved 或 returned"
	}
	if q.Flag != "" && !hasFlag(v.Def, q.Flag) {
		fields["flag"] = "标记须为 " + flagList(v.Def) + " 之一"
	}
	if len([]rune(q.Search)) > 50 {
		fields["q"] = "搜索词不能超过 50 个字"
	}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			fields["limit"] = "limit 须为 1–1000 的整数"
		}
		q.Limit = min(n, maxLimit)
	}
	if s := c.Query("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			fields["offset"] = "offset 须为非负整数"
		}
		q.Offset = n
	}
	if len(fields) > 0 {
		return nil, apperr.WithFields("查询条件无效", fields)
	}
	return q, nil
}

// listPage reads a list request and its page of firms, with the number of
// all matches.
func (h *handler) listPage(c *fiber.Ctx) (*listQuery, []app.FirmRow, int64, error) {
	q, err := h.listQueryOf(c)
	if err != nil {
		return nil, nil, 0, err
	}
	rows, total, err := h.App.Figures.Firms(c.UserContext(), q.Scope, q.Campaign.ID, q.Filter(), q.Sort, q.Limit, q.Offset)
	if err != nil {
		return nil, nil, 0, err
	}
	return q, rows, total, nil
}

func hasFlag(def *questionnaires.Definition, code string) bool {
	for _, f := range def.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

func flagList(def *questionnaires.Definition) string {
	codes := make([]string, len(def.Flags))
	for i, f := range def.Flags {
		codes[i] = f.Code
	}
	return strings.Join(codes, "、")
}

// apiEnterprises is GET /api/v1/enterprises: one page of the firms in scope
// and the number of all matches.
func (h *handler) apiEnterprises(c *fiber.Ctx) error {
	q, rows, total, err := h.listPage(c)
	if err != nil {
		return err
	}
	items := make([]enterpriseItem, len(rows))
	for i := range rows {
		items[i] = h.itemOf(q.Def, &rows[i])
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"items": items, "total": total})
}

// enterpriseDetail is GET /api/v1/enterprises/{credit_code}: the list's
// fields, the survey's state, its answers, its result and its history.
type enterpriseDetail struct {
	enterpriseItem
	IndustryName   string                     `json:"industry_name"`
	Employees      int                        `json:"employees"`
	Campaign       int                        `json:"campaign"`
	Progress       int                        `json:"progress"`
	Version        int                        `json:"version"`
	Review         reviewBody                 `json:"review"`
	FilledBy       string                     `json:"filled_by"`
	SavedAt        *time.Time                 `json:"saved_at"`
	SubmittedAt    *time.Time                 `json:"submitted_at"`
	LastActivityAt *time.Time                 `json:"last_activity_at"`
	Answers        map[string]json.RawMessage `json:"answers"`
	Invalid        questionnaires.FieldErrors `json:"invalid"` // saved answers that break a rule, with the reason
	Result         *app.Report                `json:"result"`
	History        []app.HistoryItem          `json:"history"`
	Reviews        []reviewItem               `json:"reviews"`
}

type reviewItem struct {
	Action string          `json:"action"`
	Actor  string          `json:"actor"`
	Reason string          `json:"reason"`
	Total  *decimal.Fixed2 `json:"total,omitempty"`
	At     time.Time       `json:"at"`
}

// firmFile is everything an official may read about one firm in a
// campaign, with the view it was asked in.
type firmFile struct {
	View *view
	*app.FirmFile
}

// loadFirm reads the firm named in the path, within the caller's scope.
func (h *handler) loadFirm(c *fiber.Ctx) (*firmFile, error) {
	v, err := h.officialView(c)
	if err != nil {
		return nil, err
	}
	e, err := h.entryOf(c, v)
	if err != nil {
		return nil, err
	}
	f, err := h.App.Figures.File(c.UserContext(), who(c).scope(), v.Campaign, e)
	if err != nil {
		return nil, err
	}
	return &firmFile{View: v, FirmFile: f}, nil
}

func (h *handler) apiEnterprise(c *fiber.Ctx) error {
	ff, err := h.loadFirm(c)
	if err != nil {
		return err
	}
	e := ff.Entry
	d := enterpriseDetail{enterpriseItem: h.itemOf(ff.View.Def, ff.Row), IndustryName: views.IndustryName(e.Industry),
		Employees: e.Employees, Campaign: ff.View.Campaign.Year, Progress: e.Progress, Version: e.Version,
		Review: reviewBody{Status: e.ReviewStatus, Reason: e.ReviewReason}, FilledBy: e.FilledBy,
		SavedAt: e.SavedAt, SubmittedAt: e.SubmittedAt, LastActivityAt: e.LastActivityAt,
		Answers: ff.Form.Answers, Invalid: ff.Form.Invalid, Result: ff.Report, History: ff.History, Reviews: []reviewItem{}}
	for _, r := range ff.Reviews {
		d.Reviews = append(d.Reviews, reviewItem{Action: r.Action, Actor: r.Actor, Reason: r.Reason, Total: r.Total, At: r.At})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(d)
}
