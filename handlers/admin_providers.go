package handlers

import (
	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

type providersPageData struct {
	Providers []providerLine
	Kinds     []app.ProviderKind
	Notice    string
	Error     string
	// Rejected are the refused rows of the file just uploaded, which
	// imported nothing; RejectedMore counts those not listed.
	Rejected     []string
	RejectedMore int
	Filename     string
}

// providerLine is a provider as the page lists it: kinds and districts by
// their names.
type providerLine struct {
	Name, CreditCode    string
	Services, Districts string
	Certified           bool
}

// providersPage is GET /admin/providers: the service-provider register.
func (h *handler) providersPage(c *fiber.Ctx) error {
	data := providersPageData{}
	if c.Query("ok") == "imported" {
		data.Notice = "已导入，原有的服务商名录已被替换。年度报告的“服务供给与需求”一章按此名录比对。"
	}
	return h.renderProviders(c, data)
}

func (h *handler) renderProviders(c *fiber.Ctx, data providersPageData) error {
	ctx := c.UserContext()
	list, err := h.App.Providers.List(ctx)
	if err != nil {
		return err
	}
	if data.Kinds, err = h.App.Providers.Kinds(ctx); err != nil {
		return err
	}
	label := map[string]string{}
	for _, k := range data.Kinds {
		label[k.Value] = k.Label
	}
	for _, p := range list {
		data.Providers = append(data.Providers, providerLine{Name: p.Name, CreditCode: p.CreditCode, Certified: p.Certified,
			Services:  joinNames(p.Services, func(v string) string { return label[v] }),
			Districts: h.districtList(p.Districts)})
	}
	return h.render(c, "admin_providers", pageData{Title: "服务商名录", Data: data})
}

// districtList names the districts served, or 全市 when they are all.
func (h *handler) districtList(codes []string) string {
	if len(codes) == len(h.App.City.Districts) {
		return "全市"
	}
	return joinNames(codes, h.App.City.DistrictName)
}

func joinNames(values []string, name func(string) string) string {
	out := ""
	for i, v := range values {
		if i > 0 {
			out += "、"
		}
		out += name(v)
	}
	return out
}

// providersUpload is POST /admin/providers: a register file replaces the
// register when every row passes; otherwise the page lists the refused rows
// and nothing is written.
func (h *handler) providersUpload(c *fiber.Ctx) error {
	name, data, err := uploadedFile(c)
	var res *app.ProviderFile
	imported := false
	if err == nil {
		res, imported, err = h.App.Providers.Upload(c.UserContext(), actor(c), name, data)
	}
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderProviders(c, providersPageData{Error: e.Message, Filename: name})
	}
	if err != nil {
		return err
	}
	if !imported {
		page := providersPageData{Filename: name, RejectedMore: res.RejectedCount - len(res.Rejected),
			Error: "文件中有不合格的行，未导入任何服务商；请改正以下各行后重新上传。"}
		for _, r := range res.Rejected {
			page.Rejected = append(page.Rejected, r.String())
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderProviders(c, page)
	}
	return c.Redirect("/admin/providers?ok=imported", fiber.StatusSeeOther)
}
