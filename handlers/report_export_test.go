package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
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
	files := downloadReport(t, app, bureau)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	want := slices.Sorted(slices.Values(report.Files))
	if !slices.Equal(names, want) {
		t.Fatalf("zip holds %v, want %v", names, want)
	}
	checkSameFigures(t, app, bureau, files[report.HTMLFile])
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

// downloadReport waits for the 2020 report the bureau (session cookie)
// started to finish, downloads it and returns its files by name.
func downloadReport(t *testing.T, app *fiber.App, cookie string) map[string][]byte {
	t.Helper()
	var job jobStatus
	deadline := time.Now().Add(2 * time.Minute)
	for {
		_, body := sessionGet(t, app, cookie, "/api/v1/reports?campaign=2020")
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
	st, zipped := sessionGet(t, app, cookie, job.DownloadURL)
	if st != http.StatusOK {
		t.Fatalf("download: %d %s", st, zipped)
	}
	return unzip(t, zipped)
}

func jobDirs(t *testing.T) map[string]bool {
	t.Helper()
	found, err := reportJobDirs()
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

// figureTable is a figure's data table as a reader sees it: the caption
// without the report's number and the dashboard's update time, and the cells.
type figureTable struct {
	Caption string
	Cells   []string
}

var (
	figureTableRe = regexp.MustCompile(`(?s)<table class="data" id="tbl-([a-z_]+)">(.*?)</table>`)
	captionRe     = regexp.MustCompile(`(?s)<caption[^>]*>(.*?)</caption>`)
	cellRe        = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
)

// figureTables reads every figure's table of a page by its chart id.
func figureTables(page []byte) map[string]figureTable {
	out := map[string]figureTable{}
	for _, m := range figureTableRe.FindAllStringSubmatch(string(page), -1) {
		ft := figureTable{}
		if c := captionRe.FindStringSubmatch(m[2]); c != nil {
			caption := html.UnescapeString(c[1])
			caption, _, _ = strings.Cut(caption, "；数据更新于")
			ft.Caption = regexp.MustCompile(`^图\d+ `).ReplaceAllString(caption, "")
		}
		for _, c := range cellRe.FindAllStringSubmatch(m[2], -1) {
			ft.Cells = append(ft.Cells, html.UnescapeString(c[1]))
		}
		out[m[1]] = ft
	}
	return out
}

// checkSameFigures: the dashboard's city view and the annual report draw
// the figures they share from one catalogue entry, so each shared figure
// has the same title and the same data table in both.
func checkSameFigures(t *testing.T, app *fiber.App, cookie string, reportHTML []byte) {
	t.Helper()
	st, page := sessionGet(t, app, cookie, "/dashboard?campaign=2020")
	if st != http.StatusOK {
		t.Fatalf("dashboard: %d", st)
	}
	dash, rep := figureTables(page), figureTables(reportHTML)
	shared := 0
	for id, d := range dash {
		r, ok := rep[id]
		if !ok {
			continue
		}
		shared++
		if d.Caption != r.Caption {
			t.Errorf("figure %s: the dashboard's title %q, the report's %q", id, d.Caption, r.Caption)
		}
		if !slices.Equal(d.Cells, r.Cells) {
			t.Errorf("figure %s: the tables differ:\ndashboard %q\nreport    %q", id, d.Cells, r.Cells)
		}
	}
	if len(dash) < 7 || shared < 7 {
		t.Errorf("%d figures on the dashboard, %d of them in the report; the catalogue's shared figures are missing", len(dash), shared)
	}
}
