package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
	"healthcheck/creditcode"
	"healthcheck/invites"
	"healthcheck/models"
)

// invitesPageData is the campaign's firms and their codes.
type invitesPageData struct {
	Campaign  *models.Campaign
	Progress  models.CampaignProgress
	Uninvited int64
	Firms     []models.FirmRow
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

func (h *handler) renderInvites(c *fiber.Ctx, camp *models.Campaign, msg string) error {
	ctx := c.UserContext()
	progress, err := h.Store.CampaignProgresses(ctx)
	if err != nil {
		return err
	}
	page, offset := pageOf(c)
	search := c.Query("q")
	firms, total, err := h.Store.Firms(ctx, who(c).scope(), camp.ID, models.FirmFilter{Search: search}, "name", pageSize, offset)
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
	if format != invites.CSV && format != invites.XLSX && format != invites.Letters {
		format = invites.Letters
	}
	if format == invites.Letters && h.publicURL() == "" {
		// Refused before any code is issued, so no code is lost.
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderInvites(c, camp, noPublicURL)
	}
	ctx, scope := c.UserContext(), who(c).scope()
	var issued []models.IssuedInvite
	target, detail := fmt.Sprint(camp.Year), ""
	switch formValue(c, "mode") {
	case "firm":
		code := creditcode.Normalize(formValue(c, "credit_code"))
		iv, err := h.Store.ReissueInvite(ctx, scope, camp.ID, code)
		if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
			c.Status(fiber.StatusNotFound)
			return h.renderInvites(c, camp, e.Message)
		}
		if err != nil {
			return err
		}
		issued, target, detail = []models.IssuedInvite{*iv}, code, fmt.Sprintf("%d 年度，", camp.Year)+invites.Detail(1, true, format)
	case "all":
		if formValue(c, "confirm") != "1" {
			c.Status(fiber.StatusUnprocessableEntity)
			return h.renderInvites(c, camp, "重新生成全部邀请码会使所有旧码立即失效，请勾选确认后再操作")
		}
		if issued, err = h.Store.IssueInvites(ctx, scope, camp.ID, true); err != nil {
			return err
		}
		detail = invites.Detail(len(issued), true, format)
	default:
		if issued, err = h.Store.IssueInvites(ctx, scope, camp.ID, false); err != nil {
			return err
		}
		detail = invites.Detail(len(issued), false, format)
	}
	if len(issued) == 0 {
		c.Status(fiber.StatusConflict)
		return h.renderInvites(c, camp, "所有企业都已有邀请码；如需补发，请对单个企业重新生成")
	}
	if err := h.Store.Audit(ctx, actor(c), "invites_issued", target, detail); err != nil {
		return err
	}
	o := invites.Output{Format: format, Campaign: camp, City: h.City, Views: h.views, LoginURL: h.publicURL() + "/login"}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, invites.ContentType(format))
	if format != invites.Letters {
		c.Set(fiber.HeaderContentDisposition, attachment(fmt.Sprintf("%d年度邀请码-%s.%s", camp.Year, time.Now().Format("20060102-150405"), format)))
	}
	return o.Write(c, issued)
}

// noPublicURL explains why letters cannot be printed.
const noPublicURL = "未配置平台对外访问地址，无法打印邀请函：请管理员以 serve --public-url https://…（或环境变量 HC_PUBLIC_URL）重新启动平台；在此之前可先导出 Excel 或 CSV 用于邮件合并"

// publicURL is the address firms reach the platform at, as configured;
// never the request's Host header, which any caller can set.
func (h *handler) publicURL() string {
	return strings.TrimRight(h.PublicURL, "/")
}
