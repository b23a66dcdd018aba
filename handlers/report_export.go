package handlers

import (
	"fmt"
	"net/url"
	"os"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

// The bureau's annual report from the dashboard: POST starts generating it in
// the background, GET reads its progress, and once done a GET downloads the
// files as one .zip. The jobs and the zip are app.ReportJobs'; these routes
// only parse, call it and answer.

// reportRoutes are the bureau's annual report jobs.
func (h *handler) reportRoutes() []route {
	return []route{
		{method: "POST", path: "/api/v1/reports", roles: bureau, h: h.apiReportStart},
		{method: "GET", path: "/api/v1/reports", roles: bureau, h: h.apiReportStatus},
		{method: "GET", path: "/api/v1/reports/download", roles: bureau, h: h.apiReportDownload},
	}
}

// jobStatus is the JSON of a report job.
type jobStatus struct {
	Campaign    int    `json:"campaign"`
	State       string `json:"state"`
	Stage       string `json:"stage"`
	Done        int64  `json:"done"`
	Total       int64  `json:"total"`
	Percent     int    `json:"percent"`
	Error       string `json:"error,omitempty"`
	DownloadURL string `json:"download_url,omitempty"`
}

// Job states, as the JSON gives them.
const (
	jobRunning = app.JobRunning
	jobDone    = app.JobDone
)

// jobBody is a job's status as JSON, with its download once done.
func jobBody(s app.JobStatus) jobStatus {
	b := jobStatus{Campaign: s.Campaign, State: s.State, Stage: s.Stage, Done: s.Done, Total: s.Total,
		Percent: s.Percent, Error: s.Error}
	if s.State == jobDone {
		b.DownloadURL = "/api/v1/reports/download?campaign=" + strconv.Itoa(s.Campaign)
	}
	return b
}

// apiReportStart is POST /api/v1/reports {"campaign":2020}.
func (h *handler) apiReportStart(c *fiber.Ctx) error {
	var body struct {
		Campaign int `json:"campaign"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	st, err := h.App.Reports.Start(c.UserContext(), &who(c).Identity, body.Campaign)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(jobBody(st))
}

// reportYear reads ?campaign=YEAR.
func reportYear(c *fiber.Ctx) (int, error) {
	y, err := strconv.Atoi(c.Query("campaign"))
	if err != nil {
		return 0, apperr.WithFields("年度无效", map[string]string{"campaign": "年度须为四位数字，如 2020"})
	}
	return y, nil
}

// apiReportStatus is GET /api/v1/reports?campaign=2020: the job's progress.
func (h *handler) apiReportStatus(c *fiber.Ctx) error {
	year, err := reportYear(c)
	if err != nil {
		return err
	}
	st, err := h.App.Reports.Status(c.UserContext(), year)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(jobBody(st))
}

// apiReportDownload is GET /api/v1/reports/download?campaign=2020: the .zip.
func (h *handler) apiReportDownload(c *fiber.Ctx) error {
	year, err := reportYear(c)
	if err != nil {
		return err
	}
	zipPath, err := h.App.Reports.Download(c.UserContext(), &who(c).Identity, year, c.Path())
	if err != nil {
		return err
	}
	name := h.City.Name + "制造业数字化转型发展报告-" + strconv.Itoa(year) + ".zip"
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="report.zip"; filename*=UTF-8''`+url.PathEscape(name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	f, err := os.Open(zipPath)
	if err != nil {
		return fmt.Errorf("report download: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("report download: %w", err)
	}
	return c.SendStream(f, int(fi.Size())) // closed once sent
}
