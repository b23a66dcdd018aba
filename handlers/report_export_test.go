package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"healthcheck/models"
	"healthcheck/report"
	"healthcheck/testutil/browser"
)

// get calls a GET route with a session cookie and returns status and body.
func sessionGet(t *testing.T, app *fiber.App, cookie, url string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest("GET", url, nil)
	req.Header.Set("Cookie", sessionCookie+"="+cookie)
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func sessionPostJSON(t *testing.T, app *fiber.App, cookie, url, body string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Cookie", sessionCookie+"="+cookie)
	req.Header.Set("Content-Type", "application/json")
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestAnnualReportFromTheDashboard: the bureau starts the report, follows
// its progress and downloads a .zip of the four files, whose summary.json
// holds exactly what GET /api/v1/stats gives the bureau; the export is in
// the audit log; a district official may not start it.
func TestAnnualReportFromTheDashboard(t *testing.T) {
	env := newDemoEnv(t, 150)
	app := env.app(t, 0)
	district := env.login(t, app, "district-330481")
	if st, _ := sessionPostJSON(t, app, district, "/api/v1/reports", `{"campaign":2020}`); st != http.StatusForbidden {
		t.Fatalf("a district official started the city's report: %d", st)
	}
	bureau := env.login(t, app, "bureau")
	if st, body := sessionGet(t, app, bureau, "/api/v1/reports/download?campaign=2020"); st != http.StatusConflict {
		t.Fatalf("download before any report: %d %s, want 409", st, body)
	}
	if st, body := sessionPostJSON(t, app, bureau, "/api/v1/reports", `{"campaign":1999}`); st != http.StatusNotFound {
		t.Fatalf("report of a campaign that does not exist: %d %s", st, body)
	}
	before := jobDirs(t)
	st, body := sessionPostJSON(t, app, bureau, "/api/v1/reports", `{"campaign":2020}`)
	if st != http.StatusAccepted {
		t.Fatalf("start: %d %s", st, body)
	}
	var job jobStatus
	deadline := time.Now().Add(2 * time.Minute)
	for {
		_, body := sessionGet(t, app, bureau, "/api/v1/reports?campaign=2020")
		job = jobStatus{}
		if err := json.Unmarshal(body, &job); err != nil {
			t.Fatal(err)
		}
		if job.State != jobRunning || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if job.State != jobDone || job.Percent != 100 || job.DownloadURL == "" {
		t.Fatalf("job ended as %+v", job)
	}
	st, zipped := sessionGet(t, app, bureau, job.DownloadURL)
	if st != http.StatusOK {
		t.Fatalf("download: %d %s", st, zipped)
	}
	files := unzip(t, zipped)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	want := slices.Sorted(slices.Values(report.Files))
	if !slices.Equal(names, want) {
		t.Fatalf("zip holds %v, want %v", names, want)
	}
	_, api := sessionGet(t, app, bureau, "/api/v1/stats?campaign=2020")
	var fromAPI, fromReport map[string]any
	if err := json.Unmarshal(api, &fromAPI); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(files[report.SummaryFile], &fromReport); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromAPI, fromReport) {
		t.Errorf("summary.json differs from /api/v1/stats:\n%s\n%s", files[report.SummaryFile], api)
	}
	entries, _, err := env.store.AuditLog(context.Background(), models.AuditFilter{}, 20, 0)
	if err != nil {
		t.Fatal(err)
	}
	var started, exported bool
	for _, e := range entries {
		started = started || (e.Actor == "bureau" && e.Action == "report_started")
		exported = exported || (e.Actor == "bureau" && e.Action == "export" && e.Target == "/api/v1/reports/download")
	}
	if !started || !exported {
		t.Errorf("audit log lacks the report (started %t, downloaded %t)", started, exported)
	}
	ours := newJobDirs(t, before)
	if len(ours) == 0 {
		t.Fatal("the job left no files to download from")
	}
	if err := app.Shutdown(); err != nil {
		t.Fatal(err)
	}
	for _, d := range ours {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s is still there after the server shut down", d)
		}
	}
}

func jobDirs(t *testing.T) map[string]bool {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(os.TempDir(), "healthcheck-report-*"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range found {
		out[d] = true
	}
	return out
}

// newJobDirs are the job directories made since before.
func newJobDirs(t *testing.T, before map[string]bool) []string {
	var out []string
	for d := range jobDirs(t) {
		if !before[d] {
			out = append(out, d)
		}
	}
	return out
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestAnnualReportButtonInBrowser clicks 生成年度报告 on the bureau's
// dashboard and watches the progress end in the download link.
func TestAnnualReportButtonInBrowser(t *testing.T) {
	env := newDemoEnv(t, 120)
	base := browser.Serve(t, env.app(t, time.Minute))
	b := browser.New(t)
	loginOfficial(t, b, base, "bureau", env.password(t, "bureau"))
	must(t, b.Navigate(base+"/dashboard"))
	must(t, chromedp.Do(b.Ctx(), chromedp.Click(`#report-start`), chromedp.WaitVisible(`#report-download`)))
	status, err := chromedp.Run(b.Ctx(), chromedp.Text(`#report-status`))
	must(t, err)
	if !strings.Contains(status, "已生成") {
		t.Errorf("status after the report: %q", status)
	}
	href, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[string](`document.getElementById('report-download').getAttribute('href')`))
	must(t, err)
	if href != "/api/v1/reports/download?campaign=2020" {
		t.Errorf("download link %q", href)
	}
	png, err := chromedp.Run(b.Ctx(), chromedp.Screenshot(`.dash-head`))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(browser.ArtifactDir(t), "dashboard-report-done.png"), png, 0o644))
}

// TestReportJobsJoinRunningAndRestartFinished: asking for a campaign's
// report while it runs joins that job; once it has ended (done or failed),
// asking again starts afresh and removes the old job's files; a failed job
// says so in Chinese and offers no download.
func TestReportJobsJoinRunningAndRestartFinished(t *testing.T) {
	rj := newReportJobs()
	defer rj.removeAll()
	release := make(chan struct{})
	var runs atomic.Int32
	failAfter := func(wait <-chan struct{}) func(j *reportJob) {
		return func(j *reportJob) {
			runs.Add(1)
			<-wait
			j.mu.Lock()
			j.state, j.err, j.ended = jobFailed, "报告生成失败，请稍后重试或联系管理员", time.Now()
			j.mu.Unlock()
		}
	}
	first, err := rj.start(2020, "bureau", failAfter(release))
	must(t, err)
	again, err := rj.start(2020, "other-bureau", failAfter(release))
	if err != nil || again != first {
		t.Fatalf("a second request while running started another job (%v)", err)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for first.status().State == jobRunning && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s := first.status(); s.State != jobFailed || s.Error == "" || s.DownloadURL != "" {
		t.Fatalf("failed job reads %+v", s)
	}
	third, err := rj.start(2020, "bureau", failAfter(release))
	if err != nil || third == first {
		t.Fatalf("after the job ended, a new request joined it (%v)", err)
	}
	if _, err := os.Stat(first.dir); !os.IsNotExist(err) {
		t.Errorf("the ended job's files %s were not removed when it was replaced", first.dir)
	}
	for runs.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runs.Load(); n != 2 {
		t.Errorf("%d runs started, want 2 (one joined, one restarted)", n)
	}
}

// TestShutdownWaitsForReportJobsThenHandsThemBack: a job that ends before
// the deadline is waited for; one still running at the deadline is
// cancelled (handed back) and its files removed.
func TestShutdownWaitsForReportJobsThenHandsThemBack(t *testing.T) {
	rj := newReportJobs()
	finished := make(chan struct{})
	_, err := rj.start(2020, "bureau", func(j *reportJob) {
		time.Sleep(200 * time.Millisecond)
		close(finished)
	})
	must(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if !rj.drain(ctx) {
		t.Fatal("a job that finished in time was handed back")
	}
	select {
	case <-finished:
	default:
		t.Fatal("drain returned before the job finished")
	}

	rj = newReportJobs()
	var sawCancel atomic.Bool
	j, err := rj.start(2020, "bureau", func(j *reportJob) {
		<-rj.ctx.Done()
		sawCancel.Store(true)
	})
	must(t, err)
	short, cancel2 := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel2()
	if rj.drain(short) {
		t.Fatal("a job still running at the deadline counted as finished")
	}
	if !sawCancel.Load() {
		t.Fatal("the running job was not cancelled")
	}
	if _, err := os.Stat(j.dir); !os.IsNotExist(err) {
		t.Fatalf("the handed-back job's files remain: %v", err)
	}
}
