package app

import (
	"archive/zip"
	"context"
	"errors"
	"log/slog"
	"math"
	"os"
	"path/filepath"
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
		st, err = a.Reports.Status(ctx, 2020)
		must(t, err)
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
	if s, _ := a.Reports.Status(ctx, 2020); s.State != JobDone {
		t.Errorf("the finished job was replaced (%s) although the new start was refused", s.State)
	}
}

// jobsOn is an instance's report jobs over store, its files in dir; its
// heartbeat is quick so that tests see it stop.
func jobsOn(t *testing.T, store *models.Store, dir, name string) *ReportJobs {
	t.Helper()
	rj := newReportJobs(store, reportSource{}, JobsConfig{Dir: dir, Instance: name}, slog.Default())
	rj.beat, rj.stale = 20*time.Millisecond, time.Second
	t.Cleanup(func() { rj.Drain(context.Background()) })
	return rj
}

func jobStore(t *testing.T) *models.Store {
	t.Helper()
	store, err := models.Open(t.Context(), testdb.DSN(t, "jobs.db"), models.Options{})
	must(t, err)
	t.Cleanup(func() { store.Close() })
	return store
}

// dirOf is the directory of the campaign's current job.
func dirOf(t *testing.T, rj *ReportJobs, year int) string {
	t.Helper()
	row, err := rj.store.ReportJob(t.Context(), year)
	must(t, err)
	if row == nil {
		t.Fatalf("no job for %d", year)
	}
	return rj.jobDir(row.Token)
}

// work is a job's work that reports progress, waits for release and then
// writes its zip or fails.
func work(runs *atomic.Int32, release <-chan struct{}, fail bool) reportWork {
	return func(ctx context.Context, j *reportJob) error {
		runs.Add(1)
		j.setProgress(report.Progress{Stage: "答卷", Done: 1, Total: 4})
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		if fail {
			return errors.New("broken")
		}
		return os.WriteFile(filepath.Join(j.dir, jobZipName), []byte("zip"), 0o600)
	}
}

func waitState(t *testing.T, rj *ReportJobs, year int, not string) JobStatus {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, err := rj.Status(t.Context(), year)
		must(t, err)
		if s.State != not || time.Now().After(deadline) {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestReportJobsJoinRunningAndRestartFinished: asking for a campaign's
// report while it runs joins that job; once it has ended (done or failed),
// asking again starts afresh and removes the old job's files; a failed job
// says so in Chinese and offers no download.
func TestReportJobsJoinRunningAndRestartFinished(t *testing.T) {
	rj := jobsOn(t, jobStore(t), t.TempDir(), "A")
	ctx := t.Context()
	release := make(chan struct{})
	var runs atomic.Int32
	first, err := rj.start(ctx, 2020, "bureau", work(&runs, release, true))
	must(t, err)
	firstDir := dirOf(t, rj, 2020)
	again, err := rj.start(ctx, 2020, "other-bureau", work(&runs, release, true))
	if err != nil || again.State != JobRunning || dirOf(t, rj, 2020) != firstDir {
		t.Fatalf("a second request while running started another job (%+v, %v)", again, err)
	}
	if first.State != JobRunning {
		t.Fatalf("started job reads %+v", first)
	}
	close(release)
	s := waitState(t, rj, 2020, JobRunning)
	if s.State != JobFailed || s.Error != jobFailedReason || s.Percent == 100 {
		t.Fatalf("failed job reads %+v", s)
	}
	if _, err := rj.Download(ctx, &Identity{Username: "bureau"}, 2020, "x"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a failed job's download: %v", err)
	}
	_, err = rj.start(ctx, 2020, "bureau", work(&runs, release, false))
	must(t, err)
	if dirOf(t, rj, 2020) == firstDir {
		t.Fatal("after the job ended, a new request joined it")
	}
	if _, err := os.Stat(firstDir); !os.IsNotExist(err) {
		t.Errorf("the ended job's files %s were not removed when it was replaced", firstDir)
	}
	if s := waitState(t, rj, 2020, JobRunning); s.State != JobDone || s.Percent != 100 {
		t.Fatalf("second job ended as %+v", s)
	}
	if n := runs.Load(); n != 2 {
		t.Errorf("%d runs started, want 2 (one joined, one restarted)", n)
	}
}

// TestReportJobsAcrossInstances: two instances on one database and one
// shared jobs directory. A job started on A is joined, not repeated, when
// asked on B; B sees its progress and, once done, hands out A's zip. When
// A's heartbeat stops (its process died) B shows the job failed with the
// reason and starts it again. A finished job expires after the hour with
// its files.
func TestReportJobsAcrossInstances(t *testing.T) {
	store, dir := jobStore(t), t.TempDir()
	a, b := jobsOn(t, store, dir, "A"), jobsOn(t, store, dir, "B")
	ctx := t.Context()
	release := make(chan struct{})
	var runs atomic.Int32
	_, err := a.start(ctx, 2020, "bureau", work(&runs, release, false))
	must(t, err)
	onB, err := b.start(ctx, 2020, "bureau2", work(&runs, release, false))
	must(t, err)
	if onB.State != JobRunning || len(b.mine) != 0 {
		t.Fatalf("B started its own job (%+v, %d of its own)", onB, len(b.mine))
	}
	deadline := time.Now().Add(10 * time.Second)
	for s, _ := b.Status(ctx, 2020); s.Done != 1 && time.Now().Before(deadline); s, _ = b.Status(ctx, 2020) {
		time.Sleep(10 * time.Millisecond)
	}
	if s, _ := b.Status(ctx, 2020); s.Stage != "答卷" || s.Percent != 25 {
		t.Errorf("B sees the progress as %+v", s)
	}
	close(release)
	if s := waitState(t, b, 2020, JobRunning); s.State != JobDone {
		t.Fatalf("B sees the job end as %+v", s)
	}
	path, err := b.Download(ctx, &Identity{Username: "bureau2"}, 2020, "x")
	must(t, err)
	if got, err := os.ReadFile(path); err != nil || string(got) != "zip" {
		t.Fatalf("B hands out %q (%v)", got, err)
	}
	if runs.Load() != 1 {
		t.Fatalf("%d runs, want 1", runs.Load())
	}

	// A job whose instance died: its heartbeat stops at once.
	a.beat = time.Hour
	stuck := make(chan struct{})
	defer close(stuck)
	_, err = a.start(ctx, 2021, "bureau", work(&runs, stuck, false))
	must(t, err)
	b.now = func() time.Time { return time.Now().Add(2 * time.Second) }
	s, err := b.Status(ctx, 2021)
	must(t, err)
	if s.State != JobFailed || s.Error != jobStaleReason {
		t.Fatalf("a dead instance's job reads %+v", s)
	}
	if _, err := b.start(ctx, 2021, "bureau2", work(&runs, release, false)); err != nil || len(b.mine) != 1 {
		t.Fatalf("the dead instance's job could not be started again: %v", err)
	}
	if s := waitState(t, b, 2021, JobRunning); s.State != JobDone {
		t.Fatalf("the restarted job ended as %+v", s)
	}

	// An hour after it ended, the 2021 report goes with its files.
	zip2021, err := b.Download(ctx, &Identity{Username: "bureau2"}, 2021, "x")
	must(t, err)
	b.now = func() time.Time { return time.Now().Add(reportJobKeep + time.Minute) }
	if s, _ := b.Status(ctx, 2021); s.State != JobNone {
		t.Fatalf("an expired job reads %+v", s)
	}
	if _, err := os.Stat(filepath.Dir(zip2021)); !os.IsNotExist(err) {
		t.Fatalf("an expired job's files remain: %v", err)
	}
	// The 2020 report, which nobody asks about, goes when any job starts.
	dir2020 := dirOf(t, b, 2020)
	_, err = b.start(ctx, 2022, "bureau2", work(&runs, release, false))
	must(t, err)
	if row, _ := store.ReportJob(ctx, 2020); row != nil {
		t.Errorf("the expired 2020 job is still there: %+v", row)
	}
	if _, err := os.Stat(dir2020); !os.IsNotExist(err) {
		t.Errorf("the expired 2020 job's files remain: %v", err)
	}
}

// TestShutdownWaitsForReportJobsThenHandsThemBack: a job that ends before
// the deadline is waited for; one still running at the deadline is
// cancelled (handed back, failed with the reason, to be started again) and
// its files removed. Without a shared directory, shutting down removes the
// finished jobs too, as if they had never been; with one, they stay for the
// other instances to hand out.
func TestShutdownWaitsForReportJobsThenHandsThemBack(t *testing.T) {
	store := jobStore(t)
	ctx := t.Context()
	for _, shared := range []bool{false, true} {
		dir := ""
		if shared {
			dir = t.TempDir()
		}
		rj := newReportJobs(store, reportSource{}, JobsConfig{Dir: dir}, slog.Default())
		var runs atomic.Int32
		release := make(chan struct{})
		_, err := rj.start(ctx, 2020, "bureau", work(&runs, release, false))
		must(t, err)
		doneDir := dirOf(t, rj, 2020)
		time.AfterFunc(200*time.Millisecond, func() { close(release) })
		_, err = rj.start(ctx, 2021, "bureau", work(&runs, make(chan struct{}), false))
		must(t, err)
		runningDir := dirOf(t, rj, 2021)
		short, cancel := context.WithTimeout(ctx, time.Second)
		if rj.Drain(short) {
			t.Fatal("a job still running at the deadline counted as finished")
		}
		cancel()
		if _, err := os.Stat(runningDir); !os.IsNotExist(err) {
			t.Fatalf("the handed-back job's files remain: %v", err)
		}
		row, err := store.ReportJob(ctx, 2021)
		must(t, err)
		if !shared && row != nil || shared && (row.State != JobFailed || row.Error != jobHandedBack) {
			t.Errorf("shared %t: the handed-back job reads %+v", shared, row)
		}
		_, err = os.Stat(doneDir)
		if kept := err == nil; kept != shared {
			t.Errorf("shared %t: the finished job's files kept: %t", shared, kept)
		}
		for _, y := range []int{2020, 2021} {
			if row, _ := store.ReportJob(ctx, y); row != nil {
				_, err := store.DeleteReportJob(ctx, y, row.Token, math.MaxInt64)
				must(t, err)
			}
		}
	}
}

// TestRestartAfterACrashOnOneMachine: without a shared jobs directory there
// is one instance, so a running job the new process does not know is the
// crashed one's: it shows failed at once (not after the heartbeat's
// minute) and starts again; the old runner, if it were alive, stops.
func TestRestartAfterACrashOnOneMachine(t *testing.T) {
	store := jobStore(t)
	ctx := t.Context()
	crashed := newReportJobs(store, reportSource{}, JobsConfig{}, slog.Default())
	crashed.beat = 20 * time.Millisecond
	var runs atomic.Int32
	_, err := crashed.start(ctx, 2020, "bureau", work(&runs, make(chan struct{}), false))
	must(t, err)
	restarted := newReportJobs(store, reportSource{}, JobsConfig{}, slog.Default())
	defer restarted.Drain(ctx)
	s, err := restarted.Status(ctx, 2020)
	must(t, err)
	if s.State != JobFailed || s.Error != jobStaleReason {
		t.Fatalf("the crashed process's job reads %+v", s)
	}
	release := make(chan struct{})
	close(release)
	_, err = restarted.start(ctx, 2020, "bureau", work(&runs, release, false))
	must(t, err)
	if s := waitState(t, restarted, 2020, JobRunning); s.State != JobDone {
		t.Fatalf("the job started again ended as %+v", s)
	}
	stopped := make(chan struct{})
	go func() {
		crashed.running.Wait()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the replaced runner did not stop when its heartbeat found the job gone")
	}
	crashed.Drain(ctx)
}
