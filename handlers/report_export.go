package handlers

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/apperr"
	"healthcheck/report"
)

// The bureau's annual report from the dashboard: POST starts generating it in
// the background, GET reads its progress, and once done a GET downloads the
// files (report.html, report.xlsx, summary.json, answers.csv, answers.xlsx) as one
// .zip. The work and its files belong to the server instance that started
// them: jobs live in memory and under the system's temporary directory, so
// behind a load balancer the progress and download requests must reach the
// same instance (sticky sessions) — or, later, jobs move into the database.

// reportRoutes are the bureau's annual report jobs.
func (h *handler) reportRoutes() []route {
	return []route{
		{method: "POST", path: "/api/v1/reports", roles: bureau, h: h.apiReportStart},
		{method: "GET", path: "/api/v1/reports", roles: bureau, h: h.apiReportStatus},
		{method: "GET", path: "/api/v1/reports/download", roles: bureau, h: h.apiReportDownload},
	}
}

// Job states.
const (
	jobNone    = "none"
	jobRunning = "running"
	jobDone    = "done"
	jobFailed  = "failed"
)

// reportJobKeep is how long a finished report stays for download.
const reportJobKeep = time.Hour

// reportJobTimeout bounds one report's generation.
const reportJobTimeout = 30 * time.Minute

// reportJob is one campaign's report being made or made.
type reportJob struct {
	mu       sync.Mutex
	year     int
	by       string
	state    string
	progress report.Progress
	err      string
	dir      string // working directory, removed when the job expires
	zip      string // the download, once done
	ended    time.Time
}

// reportJobs holds an instance's jobs, one per campaign: asking again while
// one runs joins it; asking after it ended starts afresh.
type reportJobs struct {
	mu   sync.Mutex
	jobs map[int]*reportJob
	// ctx is every job's parent: cancelled when a shutdown hands the
	// running jobs back. running counts the jobs still working.
	ctx     context.Context
	cancel  context.CancelFunc
	running sync.WaitGroup
}

func newReportJobs() *reportJobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &reportJobs{jobs: map[int]*reportJob{}, ctx: ctx, cancel: cancel}
}

// jobStatus is the JSON of a job.
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

func (j *reportJob) status() jobStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := jobStatus{Campaign: j.year, State: j.state, Stage: j.progress.Stage, Done: j.progress.Done,
		Total: j.progress.Total, Error: j.err}
	if s.Total > 0 {
		s.Percent = int(min(100, s.Done*100/s.Total))
	}
	if j.state == jobDone {
		s.Percent = 100
		s.DownloadURL = "/api/v1/reports/download?campaign=" + strconv.Itoa(j.year)
	}
	return s
}

// expire drops finished jobs older than reportJobKeep with their files.
func (rj *reportJobs) expire(now time.Time) {
	for year, j := range rj.jobs {
		j.mu.Lock()
		old := j.state != jobRunning && now.Sub(j.ended) > reportJobKeep
		dir := j.dir
		j.mu.Unlock()
		if old {
			_ = os.RemoveAll(dir)
			delete(rj.jobs, year)
		}
	}
}

// start returns the campaign's running job, or starts a new one with run.
func (rj *reportJobs) start(year int, by string, run func(j *reportJob)) (*reportJob, error) {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	rj.expire(time.Now())
	if j, ok := rj.jobs[year]; ok {
		j.mu.Lock()
		running, dir := j.state == jobRunning, j.dir
		j.mu.Unlock()
		if running {
			return j, nil
		}
		_ = os.RemoveAll(dir)
	}
	dir, err := os.MkdirTemp("", "healthcheck-report-")
	if err != nil {
		return nil, fmt.Errorf("report job: %w", err)
	}
	j := &reportJob{year: year, by: by, state: jobRunning, dir: dir}
	rj.jobs[year] = j
	rj.running.Add(1)
	go func() {
		defer rj.running.Done()
		run(j)
	}()
	return j, nil
}

// drain lets running jobs finish until ctx ends, then hands back the ones
// still running (cancelled; the bureau starts them again after the
// restart), waits for them to stop and removes every job's files. It
// reports whether every job finished on its own.
func (rj *reportJobs) drain(ctx context.Context) bool {
	finished := make(chan struct{})
	go func() {
		rj.running.Wait()
		close(finished)
	}()
	clean := true
	select {
	case <-finished:
	case <-ctx.Done():
		clean = false
		rj.cancel()
		<-finished
	}
	rj.cancel()
	_ = rj.removeAll()
	return clean
}

// removeAll deletes every job's files: a job still running then fails, and
// nothing is left in the temporary directory.
func (rj *reportJobs) removeAll() error {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	for year, j := range rj.jobs {
		j.mu.Lock()
		_ = os.RemoveAll(j.dir)
		j.mu.Unlock()
		delete(rj.jobs, year)
	}
	return nil
}

func (rj *reportJobs) get(year int) *reportJob {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	rj.expire(time.Now())
	return rj.jobs[year]
}

// apiReportStart is POST /api/v1/reports {"campaign":2020}.
func (h *handler) apiReportStart(c *fiber.Ctx) error {
	var body struct {
		Campaign int `json:"campaign"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	campaigns, err := h.Store.Campaigns(c.UserContext())
	if err != nil {
		return err
	}
	found := false
	for _, cp := range campaigns {
		found = found || cp.Year == body.Campaign
	}
	if !found {
		return apperr.New(apperr.NotFound, "没有 %d 年度体检", body.Campaign)
	}
	p := who(c)
	j, err := h.reports.start(body.Campaign, p.Username, h.runReport)
	if err != nil {
		return err
	}
	_ = h.Store.Audit(c.UserContext(), p.Username, "report_started", strconv.Itoa(body.Campaign), "")
	return c.Status(fiber.StatusAccepted).JSON(j.status())
}

// runReport generates a job's report and packs it, in the background.
func (h *handler) runReport(j *reportJob) {
	ctx, cancel := context.WithTimeout(h.reports.ctx, reportJobTimeout)
	defer cancel()
	o := report.Options{Year: j.year, Progress: func(p report.Progress) {
		j.mu.Lock()
		j.progress = p
		j.mu.Unlock()
	}}
	out := filepath.Join(j.dir, "report")
	err := report.Generate(ctx, report.Source{Store: h.Store, Defs: h.Defs, City: h.City, Reference: h.Reference}, o, out)
	zipPath := filepath.Join(j.dir, "report.zip")
	if err == nil {
		err = zipFiles(zipPath, out, report.Files)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ended = time.Now()
	if err != nil {
		h.Log.Error("annual report", "campaign", j.year, "err", err)
		j.state, j.err = jobFailed, "报告生成失败，请稍后重试或联系管理员"
		return
	}
	j.state, j.zip = jobDone, zipPath
}

// zipFiles packs names from dir into one .zip at path, streaming each file.
func zipFiles(path, dir string, names []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, name := range names {
		if err := addToZip(zw, filepath.Join(dir, name), name); err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func addToZip(zw *zip.Writer, path, name string) error {
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, src)
	return err
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
	c.Set(fiber.HeaderCacheControl, "no-store")
	j := h.reports.get(year)
	if j == nil {
		return c.JSON(jobStatus{Campaign: year, State: jobNone})
	}
	return c.JSON(j.status())
}

// apiReportDownload is GET /api/v1/reports/download?campaign=2020: the .zip.
func (h *handler) apiReportDownload(c *fiber.Ctx) error {
	year, err := reportYear(c)
	if err != nil {
		return err
	}
	j := h.reports.get(year)
	if j == nil {
		return apperr.New(apperr.Conflict, "尚未生成该年度报告，请先点击“生成年度报告”")
	}
	s := j.status()
	if s.State != jobDone {
		return apperr.New(apperr.Conflict, "报告尚未生成完毕")
	}
	j.mu.Lock()
	zipPath := j.zip
	j.mu.Unlock()
	_ = h.Store.Audit(c.UserContext(), who(c).Username, "export", c.Path(), "campaign="+strconv.Itoa(year))
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
