package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/reference"
	"healthcheck/report"
)

// The bureau's annual report from the dashboard: Start generates it in the
// background, Status reads its progress, and once done Download gives the
// .zip of its files (report.html, report.xlsx, summary.json, answers.csv,
// answers.xlsx). The work and its files belong to the server instance that
// started them: jobs live in memory and under the system's temporary
// directory, so behind a load balancer the progress and download requests
// must reach the same instance (sticky sessions) — or, later, jobs move into
// the database.

// Job states.
const (
	JobNone    = "none"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
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

// JobStatus is where a campaign's report stands.
type JobStatus struct {
	Campaign int
	State    string // JobNone, JobRunning, JobDone, JobFailed
	Stage    string
	Done     int64
	Total    int64
	Percent  int
	Error    string // a failed job's reason, in Chinese
}

func (j *reportJob) status() JobStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := JobStatus{Campaign: j.year, State: j.state, Stage: j.progress.Stage, Done: j.progress.Done,
		Total: j.progress.Total, Error: j.err}
	if s.Total > 0 {
		s.Percent = int(min(100, s.Done*100/s.Total))
	}
	if j.state == JobDone {
		s.Percent = 100
	}
	return s
}

// reportSource is what a report is made from.
type reportSource struct {
	store *models.Store
	defs  *questionnaires.Registry
	city  *city.Config
	// reference gives the published figures as they are when a job starts
	// (the bureau may add a year's while the server runs).
	reference func() *reference.Registry
	// policies are the support policies the 政策测算 chapter estimates, the
	// survey flow's (what firms' reports match).
	policies *policies.Registry
}

// reportStore is what starting a report needs of the store.
type reportStore interface {
	CampaignByYear(ctx context.Context, year int) (*Campaign, error)
	Audit(ctx context.Context, actor, action, target, detail string) error
}

// ReportJobs holds an instance's jobs, one per campaign: asking again while
// one runs joins it; asking after it ended starts afresh.
type ReportJobs struct {
	mu   sync.Mutex
	jobs map[int]*reportJob
	// ctx is every job's parent: cancelled when a shutdown hands the
	// running jobs back. running counts the jobs still working.
	ctx     context.Context
	cancel  context.CancelFunc
	running sync.WaitGroup

	store reportStore
	src   reportSource
	log   *slog.Logger
}

func newReportJobs(src reportSource, log *slog.Logger) *ReportJobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &ReportJobs{jobs: map[int]*reportJob{}, ctx: ctx, cancel: cancel, store: src.store, src: src, log: log}
}

// Start records that the official asks for the campaign's report
// ("report_started") and starts it, or joins the one running. A failed
// audit write starts nothing.
func (rj *ReportJobs) Start(ctx context.Context, who *Identity, year int) (JobStatus, error) {
	if _, err := rj.store.CampaignByYear(ctx, year); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return JobStatus{}, apperr.New(apperr.NotFound, "没有 %d 年度体检", year)
		}
		return JobStatus{}, err
	}
	if err := rj.store.Audit(ctx, who.Username, "report_started", strconv.Itoa(year), ""); err != nil {
		return JobStatus{}, err
	}
	j, err := rj.start(year, who.Username, rj.run)
	if err != nil {
		return JobStatus{}, err
	}
	return j.status(), nil
}

// Status is the campaign's job, JobNone when there is none.
func (rj *ReportJobs) Status(year int) JobStatus {
	j := rj.get(year)
	if j == nil {
		return JobStatus{Campaign: year, State: JobNone}
	}
	return j.status()
}

// Download is the finished report's .zip, recorded in the audit log as an
// export by who: Conflict while there is none.
func (rj *ReportJobs) Download(ctx context.Context, who *Identity, year int, what string) (string, error) {
	j := rj.get(year)
	if j == nil {
		return "", apperr.New(apperr.Conflict, "尚未生成该年度报告，请先点击“生成年度报告”")
	}
	if j.status().State != JobDone {
		return "", apperr.New(apperr.Conflict, "报告尚未生成完毕")
	}
	if err := rj.store.Audit(ctx, who.Username, "export", what, "campaign="+strconv.Itoa(year)); err != nil {
		return "", err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.zip, nil
}

// expire drops finished jobs older than reportJobKeep with their files.
func (rj *ReportJobs) expire(now time.Time) {
	for year, j := range rj.jobs {
		j.mu.Lock()
		old := j.state != JobRunning && now.Sub(j.ended) > reportJobKeep
		dir := j.dir
		j.mu.Unlock()
		if old {
			_ = os.RemoveAll(dir)
			delete(rj.jobs, year)
		}
	}
}

// start returns the campaign's running job, or starts a new one with run.
func (rj *ReportJobs) start(year int, by string, run func(j *reportJob)) (*reportJob, error) {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	rj.expire(time.Now())
	if j, ok := rj.jobs[year]; ok {
		j.mu.Lock()
		running, dir := j.state == JobRunning, j.dir
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
	j := &reportJob{year: year, by: by, state: JobRunning, dir: dir}
	rj.jobs[year] = j
	rj.running.Add(1)
	go func() {
		defer rj.running.Done()
		run(j)
	}()
	return j, nil
}

// Drain lets running jobs finish until ctx ends, then hands back the ones
// still running (cancelled; the bureau starts them again after the
// restart), waits for them to stop and removes every job's files. It
// reports whether every job finished on its own.
func (rj *ReportJobs) Drain(ctx context.Context) bool {
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
	rj.removeAll()
	return clean
}

// removeAll deletes every job's files: a job still running then fails, and
// nothing is left in the temporary directory.
func (rj *ReportJobs) removeAll() {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	for year, j := range rj.jobs {
		j.mu.Lock()
		_ = os.RemoveAll(j.dir)
		j.mu.Unlock()
		delete(rj.jobs, year)
	}
}

func (rj *ReportJobs) get(year int) *reportJob {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	rj.expire(time.Now())
	return rj.jobs[year]
}

// run generates a job's report and packs it, in the background.
func (rj *ReportJobs) run(j *reportJob) {
	ctx, cancel := context.WithTimeout(rj.ctx, reportJobTimeout)
	defer cancel()
	o := report.Options{Year: j.year, Progress: func(p report.Progress) {
		j.mu.Lock()
		j.progress = p
		j.mu.Unlock()
	}}
	out := filepath.Join(j.dir, "report")
	src := report.Source{Store: rj.src.store, Defs: rj.src.defs, City: rj.src.city, Reference: rj.src.reference(),
		Policies: rj.src.policies}
	err := report.Generate(ctx, src, o, out)
	zipPath := filepath.Join(j.dir, "report.zip")
	if err == nil {
		err = zipFiles(zipPath, out, report.Files)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ended = time.Now()
	if err != nil {
		rj.log.Error("annual report", "campaign", j.year, "err", err)
		j.state, j.err = JobFailed, "报告生成失败，请稍后重试或联系管理员"
		return
	}
	j.state, j.zip = JobDone, zipPath
}
