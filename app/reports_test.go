package app

import (
	"archive/zip"
	"context"
	"log/slog"
	"os"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/report"
	"healthcheck/testutil/testdb"
)

// TestReportJobZipHoldsTheFiles: the bureau starts a campaign's report on a
// small demo city; the job runs to done and its .zip holds the report's
// files. Starting and downloading are in the log; a year with no campaign
// is not found; with the log down nothing starts.
func TestReportJobZipHoldsTheFiles(t *testing.T) {
	ctx := context.Background()
	store, err := models.Open(ctx, testdb.DSN(t, "demo.db"), models.Options{Synchronous: "NORMAL"})
	must(t, err)
	t.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	must(t, err)
	_, err = demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: 60, Seed: 3})
	must(t, err)
	a := New(Config{Store: store, Defs: defs, City: city.Default()})
	t.Cleanup(func() { a.Reports.Drain(ctx) })
	bureau := &Identity{Role: RoleBureau, Username: "bureau"}
	if _, err := a.Reports.Start(ctx, bureau, 1999); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a report of 1999: %v", err)
	}
	if _, err := a.Reports.Download(ctx, bureau, 2020, "/api/v1/reports/download"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a download before any report: %v", err)
	}
	st, err := a.Reports.Start(ctx, bureau, 2020)
	must(t, err)
	deadline := time.Now().Add(2 * time.Minute)
	for st.State == JobRunning && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		st = a.Reports.Status(2020)
	}
	if st.State != JobDone || st.Percent != 100 {
		t.Fatalf("the job ended as %+v", st)
	}
	path, err := a.Reports.Download(ctx, bureau, 2020, "/api/v1/reports/download")
	must(t, err)
	zr, err := zip.OpenReader(path)
	must(t, err)
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.UncompressedSize64 == 0 {
			t.Errorf("%s is empty", f.Name)
		}
	}
	slices.Sort(names)
	if want := slices.Sorted(slices.Values(report.Files)); !slices.Equal(names, want) {
		t.Errorf("the zip holds %v, want %v", names, want)
	}
	for _, action := range []string{"report_started", "export"} {
		if lines, n, err := store.AuditLog(ctx, AuditFilter{Action: action, Actor: "bureau"}, 5, 0); err != nil || n != 1 {
			t.Errorf("%s in the log: %d %+v (%v)", action, n, lines, err)
		}
	}
	db, err := store.SQL()
	must(t, err)
	must(t, testdb.FailInserts(ctx, db, "audit_log", "down"))
	if _, err := a.Reports.Start(ctx, bureau, 2020); err == nil || apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a report started without its audit line (%v)", err)
	}
	if s := a.Reports.Status(2020); s.State != JobDone {
		t.Errorf("the finished job was replaced (%s) although the new start was refused", s.State)
	}
}

// TestReportJobsJoinRunningAndRestartFinished: asking for a campaign's
// report while it runs joins that job; once it has ended (done or failed),
// asking again starts afresh and removes the old job's files; a failed job
// says so in Chinese and offers no download.
func TestReportJobsJoinRunningAndRestartFinished(t *testing.T) {
	rj := newReportJobs(reportSource{}, slog.Default())
	defer rj.removeAll()
	release := make(chan struct{})
	var runs atomic.Int32
	failAfter := func(wait <-chan struct{}) func(j *reportJob) {
		return func(j *reportJob) {
			runs.Add(1)
			<-wait
			j.mu.Lock()
			j.state, j.err, j.ended = JobFailed, "报告生成失败，请稍后重试或联系管理员", time.Now()
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
	for first.status().State == JobRunning && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s := first.status(); s.State != JobFailed || s.Error == "" || s.Percent == 100 {
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
	rj := newReportJobs(reportSource{}, slog.Default())
	finished := make(chan struct{})
	_, err := rj.start(2020, "bureau", func(j *reportJob) {
		time.Sleep(200 * time.Millisecond)
		close(finished)
	})
	must(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if !rj.Drain(ctx) {
		t.Fatal("a job that finished in time was handed back")
	}
	select {
	case <-finished:
	default:
		t.Fatal("drain returned before the job finished")
	}

	rj = newReportJobs(reportSource{}, slog.Default())
	var sawCancel atomic.Bool
	j, err := rj.start(2020, "bureau", func(j *reportJob) {
		<-rj.ctx.Done()
		sawCancel.Store(true)
	})
	must(t, err)
	short, cancel2 := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel2()
	if rj.Drain(short) {
		t.Fatal("a job still running at the deadline counted as finished")
	}
	if !sawCancel.Load() {
		t.Fatal("the running job was not cancelled")
	}
	if _, err := os.Stat(j.dir); !os.IsNotExist(err) {
		t.Fatalf("the handed-back job's files remain: %v", err)
	}
}
