package handlers

import (
	"io"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

// referenceFileLimit bounds an uploaded file of reference figures: a year's
// file is a few kilobytes.
const referenceFileLimit = 256 << 10

type referencePageData struct {
	Years  []app.ReferenceYear
	Notice string
	Error  string
}

// referencePage is GET /admin/reference: the published figures by year.
func (h *handler) referencePage(c *fiber.Ctx) error {
	data := referencePageData{}
	if c.Query("ok") == "added" {
		data.Notice = "已录入。该年度的年度报告将在“参考”栏引用这些数据。"
	}
	return h.renderReference(c, data)
}

func (h *handler) renderReference(c *fiber.Ctx, data referencePageData) error {
	years, err := h.App.DataFiles.ReferenceYears(c.UserContext())
	if err != nil {
		return err
	}
	data.Years = years
	return h.render(c, "admin_reference", pageData{Title: "参考数据", Data: data})
}

// referenceAdd is POST /admin/reference: a year's file of published figures.
func (h *handler) referenceAdd(c *fiber.Ctx) error {
	file, err := referenceUpload(c)
	if err == nil {
		_, err = h.App.DataFiles.AddReference(c.UserContext(), actor(c), file, c.FormValue("replace") == "1")
	}
	if e, ok := apperr.As(err); ok {
		c.Status(statusOf[e.Code])
		return h.renderReference(c, referencePageData{Error: e.Message})
	}
	if err != nil {
		return err
	}
	return c.Redirect("/admin/reference?ok=added", fiber.StatusSeeOther)
}

// referenceUpload reads the form's file, refusing a missing or oversized one.
func referenceUpload(c *fiber.Ctx) ([]byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "请选择要上传的参考数据文件（.yaml）")
	}
	if fh.Size > referenceFileLimit {
		return nil, apperr.New(apperr.Invalid, "文件超过 %d KB：一个年度的参考数据文件只有几 KB，请检查是否选错了文件", referenceFileLimit>>10)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "无法读取上传的文件")
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, referenceFileLimit))
}
