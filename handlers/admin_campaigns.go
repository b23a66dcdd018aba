package handlers

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/creditcode"
	"healthcheck/decimal"
	"healthcheck/plaintext"
)

// campaignRow is a campaign in the list with its progress.
type campaignRow struct {
	*app.Campaign
	Progress app.CampaignProgress
	LastDay  time.Time
	State    string
}

// campaignForm is the new-campaign form as typed, with its errors.
type campaignForm struct {
	app.CampaignSpec
	Error  string
	Fields map[string]string
}

type campaignsPageData struct {
	Campaigns      []campaignRow
	Questionnaires []string
	// Editions are every questionnaire edition, built in or added.
	Editions []app.Edition
	Form     campaignForm
}

// campaignsPage is GET /admin/campaigns.
func (h *handler) campaignsPage(c *fiber.Ctx) error {
	next := time.Now().Year()
	if latest, err := h.App.Campaigns.LatestCampaign(c.UserContext()); err == nil {
		next = latest.Year + 1
	}
	form := campaignForm{CampaignSpec: app.CampaignSpec{Year: strconv.Itoa(next), QuestionnaireID: h.Defs.Latest().ID,
		Opens: fmt.Sprintf("%d-03-01", next), Closes: fmt.Sprintf("%d-06-30", next), MinRevenueWan: "10000"}}
	return h.renderCampaigns(c, form)
}

func (h *handler) renderCampaigns(c *fiber.Ctx, form campaignForm) error {
	ctx := c.UserContext()
	cs, err := h.App.Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	progress, err := h.App.Campaigns.CampaignProgresses(ctx)
	if err != nil {
		return err
	}
	editions, err := h.App.DataFiles.Editions(ctx)
	if err != nil {
		return err
	}
	data := campaignsPageData{Questionnaires: h.Defs.IDs(), Editions: editions, Form: form}
	for i := range cs {
		data.Campaigns = append(data.Campaigns, campaignRow{Campaign: &cs[i], Progress: progress[cs[i].ID],
			LastDay: cs[i].ClosesAt.Add(-time.Second), State: windowState(&cs[i])})
	}
	return h.render(c, "admin_campaigns", pageData{Title: "年度体检", Data: data})
}

// windowState says where today stands in a campaign's window.
func windowState(c *app.Campaign) string {
	now := time.Now()
	switch {
	case now.Before(c.OpensAt):
		return "未开始"
	case c.Open(now):
		return "填报中"
	}
	return "已截止"
}

// campaignCreate is POST /admin/campaigns.
func (h *handler) campaignCreate(c *fiber.Ctx) error {
	spec := app.CampaignSpec{Year: formValue(c, "year"), QuestionnaireID: formValue(c, "questionnaire"),
		Opens: formValue(c, "opens"), Closes: formValue(c, "closes"), MinRevenueWan: formValue(c, "min_revenue_wan")}
	camp, err := h.App.Campaigns.Create(c.UserContext(), actor(c), spec)
	if msg, fields, ok := fieldErrors(err); ok {
		c.Status(statusOf[apperr.CodeOf(err)])
		return h.renderCampaigns(c, campaignForm{CampaignSpec: spec, Error: msg, Fields: fields})
	}
	if err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/admin/campaigns/%d?ok=created", camp.Year), fiber.StatusSeeOther)
}

// campaignPageData is one campaign's settings and actions.
type campaignPageData struct {
	Campaign       *app.Campaign
	LastDay        time.Time
	State          string
	Progress       app.CampaignProgress
	InUse          bool
	Questionnaires []string
	Notice         string
	Error          string
	Fields         map[string]string
	Form           map[string]string // values typed into a refused form
	Log            []app.AuditLine
}

// notices are the messages a redirect after a change may show: fixed texts,
// so nothing from the URL reaches the page.
var notices = map[string]string{
	"created":         "年度体检已创建。下一步：导入企业名录。",
	"window":          "填报时间已更新。",
	"questionnaire":   "问卷版本已更换。",
	"rule":            "名录规则已更新。",
	"reopened":        "问卷已重新开放，企业可修改后再次提交。",
	"reopened_closed": "问卷已重新开放；但当前不在填报时间内，企业暂时无法修改，请调整填报时间。",
}

// campaignPage is GET /admin/campaigns/:year.
func (h *handler) campaignPage(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	return h.renderCampaign(c, camp, campaignPageData{Notice: notices[c.Query("ok")]})
}

func (h *handler) renderCampaign(c *fiber.Ctx, camp *app.Campaign, data campaignPageData) error {
	ctx := c.UserContext()
	progress, err := h.App.Campaigns.CampaignProgresses(ctx)
	if err != nil {
		return err
	}
	inUse, err := h.App.Campaigns.CampaignInUse(ctx, camp.ID)
	if err != nil {
		return err
	}
	log, _, err := h.App.Audit.Page(ctx, app.AuditFilter{Target: strconv.Itoa(camp.Year)}, 10, 0)
	if err != nil {
		return err
	}
	data.Campaign, data.LastDay, data.State = camp, camp.ClosesAt.Add(-time.Second), windowState(camp)
	data.Progress, data.InUse, data.Questionnaires, data.Log = progress[camp.ID], inUse, h.Defs.IDs(), log
	return h.render(c, "admin_campaign", pageData{Title: fmt.Sprintf("%d 年度体检", camp.Year), Data: data})
}

// refuse shows the campaign page again with what was wrong in a form.
func (h *handler) refuse(c *fiber.Ctx, camp *app.Campaign, err error, form map[string]string) error {
	msg, fields, ok := fieldErrors(err)
	if !ok {
		return err
	}
	c.Status(statusOf[apperr.CodeOf(err)])
	return h.renderCampaign(c, camp, campaignPageData{Error: msg, Fields: fields, Form: form})
}

// campaignWindow is POST /admin/campaigns/:year/window.
func (h *handler) campaignWindow(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	form := map[string]string{"opens": formValue(c, "opens"), "closes": formValue(c, "closes")}
	from, to, fields := app.ParseWindow(camp.Year, form["opens"], form["closes"])
	if fields != nil {
		return h.refuse(c, camp, apperr.WithFields("填报时间不正确", fields), form)
	}
	if err := h.App.Campaigns.SetCampaignWindow(c.UserContext(), camp, app.Campaign{OpensAt: from, ClosesAt: to}, actor(c)); err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/admin/campaigns/%d?ok=window", camp.Year), fiber.StatusSeeOther)
}

// campaignQuestionnaire is POST /admin/campaigns/:year/questionnaire.
func (h *handler) campaignQuestionnaire(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	qid := formValue(c, "questionnaire")
	if _, ok := h.Defs.Get(qid); !ok {
		return h.refuse(c, camp, apperr.WithFields("问卷版本不存在", map[string]string{"questionnaire": "请选择列表中的问卷版本"}), nil)
	}
	if qid == camp.QuestionnaireID {
		return c.Redirect(fmt.Sprintf("/admin/campaigns/%d", camp.Year), fiber.StatusSeeOther)
	}
	if err := h.App.Campaigns.SetCampaignQuestionnaire(c.UserContext(), camp, qid, actor(c)); err != nil {
		return h.refuse(c, camp, err, nil)
	}
	return c.Redirect(fmt.Sprintf("/admin/campaigns/%d?ok=questionnaire", camp.Year), fiber.StatusSeeOther)
}

// campaignRule is POST /admin/campaigns/:year/rule.
func (h *handler) campaignRule(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	form := map[string]string{"min_revenue_wan": formValue(c, "min_revenue_wan")}
	v, perr := decimal.ParseFixed2(form["min_revenue_wan"])
	if perr != nil || v < 0 {
		return h.refuse(c, camp, apperr.WithFields("名录规则不正确", map[string]string{"min_revenue_wan": "请填写不小于 0 的金额（万元，最多两位小数）"}), form)
	}
	if err := h.App.Campaigns.SetCampaignRule(c.UserContext(), camp, v, actor(c)); err != nil {
		return h.refuse(c, camp, err, form)
	}
	return c.Redirect(fmt.Sprintf("/admin/campaigns/%d?ok=rule", camp.Year), fiber.StatusSeeOther)
}

// campaignReopen is POST /admin/campaigns/:year/reopen: the bureau sends one
// firm's submitted survey back to it, with a reason the firm will read.
func (h *handler) campaignReopen(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	form := map[string]string{"credit_code": formValue(c, "credit_code"), "reason": formValue(c, "reason")}
	fields := map[string]string{}
	if form["credit_code"] == "" {
		fields["credit_code"] = "请填写统一社会信用代码"
	}
	if n := utf8.RuneCountInString(form["reason"]); n == 0 || n > 200 {
		fields["reason"] = "请填写原因（200 字以内），企业会看到这段话"
	} else if plaintext.HasControl(form["reason"], true) {
		fields["reason"] = "原因含有不可见的控制字符，请删除后重新填写"
	}
	if len(fields) > 0 {
		return h.refuse(c, camp, apperr.WithFields("重新开放的信息不完整", fields), form)
	}
	_, err = h.App.Reviews.Reopen(ctx, &who(c).Identity, camp, creditcode.Normalize(form["credit_code"]), form["reason"])
	if apperr.Is(err, apperr.NotFound) {
		return h.refuse(c, camp, apperr.WithFields("本年度名录中没有该企业", map[string]string{"credit_code": "本年度名录中没有该统一社会信用代码"}), form)
	}
	if err != nil {
		return h.refuse(c, camp, err, form)
	}
	ok := "reopened"
	if !camp.Open(time.Now()) {
		ok = "reopened_closed"
	}
	return c.Redirect(fmt.Sprintf("/admin/campaigns/%d?ok=%s", camp.Year, ok), fiber.StatusSeeOther)
}
