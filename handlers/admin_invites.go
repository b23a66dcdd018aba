package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/creditcode"
)

// invitesPageData is the campaign's firms and their codes.
type invitesPageData struct {
	Campaign  *app.Campaign
	Progress  app.CampaignProgress
	Uninvited int64
	Firms     []app.FirmRow
	Pager     pager
	Search    string
	Error     string
	// PublicURL is where the letters send firms; empty: letters cannot be
	// printed (never from the request's Host, which a caller chooses).
	PublicURL string
}

// invitesPage is GET /admin/campaigns/:year/invites.
func (h *handler) invitesPage(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	return h.renderInvites(c, camp, "")
}

func (h *handler) renderInvites(c *fiber.Ctx, camp *app.Campaign, msg string) error {
	ctx := c.UserContext()
	progress, err := h.App.Campaigns.CampaignProgresses(ctx)
	if err != nil {
		return err
	}
	page, offset := pageOf(c)
	search := c.Query("q")
	firms, total, err := h.App.Figures.Firms(ctx, who(c).scope(), camp.ID, app.FirmFilter{Search: search}, "name", pageSize, offset)
	if err != nil {
		return err
	}
	pr := progress[camp.ID]
	data := invitesPageData{Campaign: camp, Progress: pr, Uninvited: pr.Firms - pr.Invited, Firms: firms,
		Pager: newPager(c, page, total), Search: search, Error: msg, PublicURL: h.publicURL()}
	return h.render(c, "admin_invites", pageData{Title: fmt.Sprintf("%d 年度邀请码", camp.Year), Data: data})
}

// invitesIssue is POST /admin/campaigns/:year/invites. Codes are stored
// hashed and exist in clear only now, so the answer to this request is the
// codes themselves: the letters to print, or the file for mail merge.
// Nothing in clear is kept on the server.
func (h *handler) invitesIssue(c *fiber.Ctx) error {
	camp, err := h.campaignParam(c)
	if err != nil {
		return err
	}
	format := formValue(c, "format")
	if format != app.InviteCSV && format != app.InviteXLSX && format != app.InviteLetters {
		format = app.InviteLetters
	}
	if format == app.InviteLetters && h.publicURL() == "" {
		// Refused before any code is issued, so no code is lost.
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderInvites(c, camp, noPublicURL)
	}
	which, code := formValue(c, "mode"), ""
	switch which {
	case app.InviteOne:
		code = creditcode.Normalize(formValue(c, "credit_code"))
	case app.InviteAll:
		if formValue(c, "confirm") != "1" {
			c.Status(fiber.StatusUnprocessableEntity)
			return h.renderInvites(c, camp, "重新生成全部邀请码会使所有旧码立即失效，请勾选确认后再操作")
		}
	default:
		which = app.InviteNew
	}
	issued, err := h.App.Invitations.Issue(c.UserContext(), &who(c).Identity, camp, which, code, format)
	if e, ok := apperr.As(err); ok && (e.Code == apperr.NotFound || e.Code == apperr.Conflict) {
		c.Status(statusOf[e.Code])
		return h.renderInvites(c, camp, e.Message)
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, app.InviteContentType(format))
	if format != app.InviteLetters {
		c.Set(fiber.HeaderContentDisposition, attachment(fmt.Sprintf("%d年度邀请码-%s.%s", camp.Year, time.Now().Format("20060102-150405"), format)))
	}
	return h.App.Invitations.Write(c, format, camp, h.views, h.publicURL()+"/login", issued)
}

// noPublicURL explains why letters cannot be printed.
const noPublicURL = "未配置平台对外访问地址，无法打印邀请函：请管理员以 serve --public-url https://…（或环境变量 HC_PUBLIC_URL）重新启动平台；在此之前可先导出 Excel 或 CSV 用于邮件合并"

// publicURL is the address firms reach the platform at, as configured;
// never the request's Host header, which any caller can set.
func (h *handler) publicURL() string {
	return strings.TrimRight(h.PublicURL, "/")
}
