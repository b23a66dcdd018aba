package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
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
// answers.xlsx).
//
// A job's state is a row of the database (report_jobs), so every instance
// on one database sees the same job: one runs per campaign, wherever it was
// asked for, and its progress shows on all. The instance that runs it
// writes its progress with a heartbeat; a job whose heartbeat stops (its
// instance died) shows as failed and may be started again. The files are
// made in a directory of their own under the jobs directory (serve
// --jobs-dir): the system's temporary directory by default, right for one
// machine; several instances share one directory (a network file system)
// so that any of them can hand out the .zip. A 100+ MB zip is a file's
// job, not a database row's: it would bloat the database, its WAL and its
// backups, and be read back whole into memory to be sent.

// Job states.
const (
	JobNone    = "none"
	JobRunning = models.ReportJobRunning
	JobDone    = models.ReportJobDone
	JobFailed  = models.ReportJobFailed
)

// reportJobKeep is how long a finished report stays for download.
const reportJobKeep = time.Hour

// reportJobTimeout bounds one report's generation.
const reportJobTimeout = 30 * time.Minute

// A running job's instance writes its heartbeat every jobBeat; one older
// than jobStale is a dead instance's (a minute: a long GC pause or a slow
// disk is not mistaken for death).
const (
	jobBeat  = 5 * time.Second
	jobStale = time.Minute
)

// The reasons a job failed, shown to the bureau.
const (
	jobFailedReason = "报告生成失败，请稍后重试或联系管理员"
	jobStaleReason  = "生成报告的服务实例已停止响应，报告未完成，请重新生成"
	jobHandedBack   = "服务重启，报告生成已中止，请重新生成"
	jobNoFileReason = "报告文件不在本服务器可读的目录中，请联系管理员检查各实例共享的报告目录（--jobs-dir）"
	jobDirPrefix    = "healthcheck-report-"
	jobZipName      = "report.zip"
)

// reportJob is a job this instance runs: its progress, fresher than the
// row's, and its directory.
type reportJob struct {
	year  int
	token string
	dir   string

	mu       sync.Mutex
	progress report.Progress
}

func (j *reportJob) setProgress(p report.Progress) {
	j.mu.Lock()
	j.progress = p
	j.mu.Unlock()
}

func (j *reportJob) getProgress() report.Progress {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.progress
}

// reportWork makes a job's report and its .zip in j.dir.
type reportWork func(ctx context.Context, j *reportJob) error

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

func statusOf(row *models.ReportJob) JobStatus {
	s := JobStatus{Campaign: row.Campaign, State: row.State, Stage: row.Stage, Done: row.Done, Total: row.Total,
		Error: row.Error}
	if s.Total > 0 {
		s.Percent = int(min(100, s.Done*100/s.Total))
	}
	if s.State == JobDone {
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

// reportStore is what report jobs need of the store.
type reportStore interface {
	CampaignByYear(ctx context.Context, year int) (*Campaign, error)
	Audit(ctx context.Context, actor, action, target, detail string) error
	ClaimReportJob(ctx context.Context, j models.ReportJob, staleBefore int64) (*models.ReportJob, bool, error)
	ReportJob(ctx context.Context, campaign int) (*models.ReportJob, error)
	ReportJobs(ctx context.Context) ([]models.ReportJob, error)
	HeartbeatReportJob(ctx context.Context, campaign int, token, stage string, done, total, at int64) error
	EndReportJob(ctx context.Context, campaign int, token, state, reason string, at int64) error
	FailStaleReportJob(ctx context.Context, campaign int, token, reason string, staleBefore int64) (bool, error)
	DeleteReportJob(ctx context.Context, campaign int, token string, endedBefore int64) (bool, error)
}

// ReportJobs runs this instance's share of the campaigns' jobs: asking
// while one runs (on any instance) joins it; asking after it ended starts
// afresh.
type ReportJobs struct {
	store reportStore
	src   reportSource
	log   *slog.Logger

	// dir holds the jobs' directories; shared says it was named (serve
	// --jobs-dir) for several instances, whose finished reports then
	// outlive this instance's shutdown.
	dir    string
	shared bool
	// instance names this process in the rows it runs.
	instance    string
	beat, stale time.Duration
	now         func() time.Time

	mu sync.Mutex
	// mine are the jobs this instance started (running or ended, and the
	// ones it is claiming), by token.
	mine map[string]*reportJob
	// ctx is every job's parent: cancelled when a shutdown hands the
	// running jobs back. running counts the jobs still working.
	ctx     context.Context
	cancel  context.CancelFunc
	running sync.WaitGroup
}

// JobsConfig says where an instance keeps its jobs' files.
type JobsConfig struct {
	// Dir is the directory shared by the instances (serve --jobs-dir);
	// empty keeps the files under the system's temporary directory.
	Dir string
	// Instance names this process in report_jobs; empty makes one from
	// the host name and process id.
	Instance string
}

func newReportJobs(store reportStore, src reportSource, jc JobsConfig, log *slog.Logger) *ReportJobs {
	ctx, cancel := context.WithCancel(context.Background())
	rj := &ReportJobs{store: store, src: src, log: log, dir: jc.Dir, shared: jc.Dir != "", instance: jc.Instance,
		beat: jobBeat, stale: jobStale, now: time.Now, mine: map[string]*reportJob{}, ctx: ctx, cancel: cancel}
	if rj.dir == "" {
		rj.dir = os.TempDir()
	}
	if rj.instance == "" {
		host, _ := os.Hostname()
		rj.instance = host + ":" + strconv.Itoa(os.Getpid())
	}
	return rj
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
	return rj.start(ctx, year, who.Username, rj.generate)
}

// Status is the campaign's job, JobNone when there is none.
func (rj *ReportJobs) Status(ctx context.Context, year int) (JobStatus, error) {
	row, err := rj.current(ctx, year)
	if err != nil || row == nil {
		return JobStatus{Campaign: year, State: JobNone}, err
	}
	s := statusOf(row)
	if j := rj.local(row.Token); j != nil && s.State == JobRunning {
		p := j.getProgress()
		s = statusOf(&models.ReportJob{Campaign: year, State: JobRunning, Stage: p.Stage, Done: p.Done, Total: p.Total})
	}
	return s, nil
}

// Download is the finished report's .zip, recorded in the audit log as an
// export by who: Conflict while there is none.
func (rj *ReportJobs) Download(ctx context.Context, who *Identity, year int, what string) (string, error) {
	row, err := rj.current(ctx, year)
	if err != nil {
		return "", err
	}
	if row == nil {
		return "", apperr.New(apperr.Conflict, "尚未生成该年度报告，请先点击“生成年度报告”")
	}
	if row.State != JobDone {
		return "", apperr.New(apperr.Conflict, "报告尚未生成完毕")
	}
	path := filepath.Join(rj.jobDir(row.Token), jobZipName)
	if _, err := os.Stat(path); err != nil {
		rj.log.Error("annual report file", "campaign", year, "path", path, "err", err)
		return "", apperr.New(apperr.Conflict, jobNoFileReason)
	}
	if err := rj.store.Audit(ctx, who.Username, "export", what, "campaign="+strconv.Itoa(year)); err != nil {
		return "", err
	}
	return path, nil
}

func (rj *ReportJobs) jobDir(token string) string { return filepath.Join(rj.dir, jobDirPrefix+token) }

func (rj *ReportJobs) ms(t time.Time) int64 { return t.UnixMilli() }

// current is the campaign's job as it stands now: a running job whose
// heartbeat stopped is ended as failed, and one ended more than
// reportJobKeep ago is removed with its files (nil).
func (rj *ReportJobs) current(ctx context.Context, year int) (*models.ReportJob, error) {
	row, err := rj.store.ReportJob(ctx, year)
	if err != nil || row == nil {
		return nil, err
	}
	now := rj.now()
	staleBefore := rj.ms(now.Add(-rj.stale))
	if row.State == JobRunning && rj.orphan(row) {
		// Without a shared jobs directory this is the only instance: a
		// running job it does not know is a previous process's, which died.
		staleBefore = rj.ms(now) + 1
	}
	if row.State == JobRunning && row.HeartbeatAt < staleBefore {
		if _, err := rj.store.FailStaleReportJob(ctx, year, row.Token, jobStaleReason, staleBefore); err != nil {
			return nil, err
		}
		return rj.store.ReportJob(ctx, year)
	}
	if row.State != JobRunning && row.EndedAt < rj.ms(now.Add(-reportJobKeep)) {
		gone, err := rj.store.DeleteReportJob(ctx, year, row.Token, rj.ms(now.Add(-reportJobKeep)))
		if err != nil {
			return nil, err
		}
		if gone {
			rj.forget(row.Token)
		}
		return rj.store.ReportJob(ctx, year)
	}
	return row, nil
}

// expire brings every campaign's job up to date (current), so the files of
// the years nobody looks at any more go after their hour too.
func (rj *ReportJobs) expire(ctx context.Context) error {
	rows, err := rj.store.ReportJobs(ctx)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if _, err := rj.current(ctx, row.Campaign); err != nil {
			return err
		}
	}
	return nil
}

// orphan says a running job cannot be any live instance's: the jobs
// directory is this machine's own and this process does not run it.
func (rj *ReportJobs) orphan(row *models.ReportJob) bool {
	return !rj.shared && rj.local(row.Token) == nil
}

// forget removes an ended job's files and this instance's memory of it.
func (rj *ReportJobs) forget(token string) {
	_ = os.RemoveAll(rj.jobDir(token))
	rj.mu.Lock()
	delete(rj.mine, token)
	rj.mu.Unlock()
}

func (rj *ReportJobs) local(token string) *reportJob {
	rj.mu.Lock()
	defer rj.mu.Unlock()
	return rj.mine[token]
}

// start claims the campaign's job for this instance and runs work, or
// returns the job running elsewhere; a replaced job's files are removed.
func (rj *ReportJobs) start(ctx context.Context, year int, by string, work reportWork) (JobStatus, error) {
	if err := rj.expire(ctx); err != nil {
		return JobStatus{}, err
	}
	prev, err := rj.current(ctx, year)
	if err != nil {
		return JobStatus{}, err
	}
	token, err := newToken()
	if err != nil {
		return JobStatus{}, err
	}
	// The job is known here before its row exists, so that no request
	// meanwhile takes it for a dead process's (orphan).
	j := &reportJob{year: year, token: token, dir: rj.jobDir(token)}
	rj.mu.Lock()
	rj.mine[token] = j
	rj.mu.Unlock()
	now := rj.ms(rj.now())
	row, claimed, err := rj.store.ClaimReportJob(ctx, models.ReportJob{Campaign: year, Token: token, StartedBy: by,
		Instance: rj.instance, State: JobRunning, StartedAt: now, HeartbeatAt: now}, rj.ms(rj.now().Add(-rj.stale)))
	if err != nil || !claimed {
		rj.forget(token)
		if err != nil {
			return JobStatus{}, err
		}
		return rj.Status(ctx, year)
	}
	if prev != nil {
		rj.forget(prev.Token)
	}
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		rj.end(j, fmt.Errorf("report job: %w", err))
		return JobStatus{}, fmt.Errorf("report job: %w", err)
	}
	rj.running.Add(1)
	go func() {
		defer rj.running.Done()
		rj.run(j, work)
	}()
	return statusOf(row), nil
}

func newToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("report job: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// run does a job's work beside its heartbeat and records how it ended. A
// job found replaced (its heartbeat failed as stale elsewhere) is stopped.
func (rj *ReportJobs) run(j *reportJob, work reportWork) {
	ctx, cancel := context.WithTimeout(rj.ctx, reportJobTimeout)
	defer cancel()
	stop := make(chan struct{})
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		rj.heartbeat(j, cancel, stop)
	}()
	err := work(ctx, j)
	close(stop)
	<-beating
	rj.end(j, err)
}

func (rj *ReportJobs) heartbeat(j *reportJob, cancel context.CancelFunc, stop <-chan struct{}) {
	t := time.NewTicker(rj.beat)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		p := j.getProgress()
		err := rj.store.HeartbeatReportJob(rj.ctx, j.year, j.token, p.Stage, p.Done, p.Total, rj.ms(rj.now()))
		if errors.Is(err, models.ErrReportJobGone) {
			rj.log.Warn("annual report taken over; stopping", "campaign", j.year)
			cancel()
			return
		}
		if err != nil && rj.ctx.Err() == nil {
			rj.log.Error("annual report heartbeat", "campaign", j.year, "err", err)
		}
	}
}

// end records a job's outcome: done, or failed with the reason the bureau
// reads (handed back when a shutdown cancelled it).
func (rj *ReportJobs) end(j *reportJob, err error) {
	state, reason := JobDone, ""
	if err != nil {
		state, reason = JobFailed, jobFailedReason
		if rj.ctx.Err() != nil {
			reason = jobHandedBack
		} else {
			rj.log.Error("annual report", "campaign", j.year, "err", err)
		}
	}
	// The outcome is written even while shutting down (rj.ctx cancelled).
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	werr := rj.store.EndReportJob(ctx, j.year, j.token, state, reason, rj.ms(rj.now()))
	if werr != nil && !errors.Is(werr, models.ErrReportJobGone) {
		rj.log.Error("annual report: record its end", "campaign", j.year, "err", werr)
	}
}

// generate makes the job's report and packs it.
func (rj *ReportJobs) generate(ctx context.Context, j *reportJob) error {
	o := report.Options{Year: j.year, Progress: j.setProgress}
	out := filepath.Join(j.dir, "report")
	src := report.Source{Store: rj.src.store, Defs: rj.src.defs, City: rj.src.city, Reference: rj.src.reference(),
		Policies: rj.src.policies}
	if err := report.Generate(ctx, src, o, out); err != nil {
		return err
	}
	return zipFiles(filepath.Join(j.dir, jobZipName), out, report.Files)
}

// Drain lets running jobs finish until ctx ends, then hands back the ones
// still running (cancelled and recorded as failed, to be started again
// after the restart) and waits for them to stop. Their files are removed;
// so are the finished jobs' when the jobs directory is this machine's own
// (no --jobs-dir), whose rows then go too, as if the jobs had never been.
// It reports whether every job finished on its own.
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
	rj.removeMine()
	return clean
}

// removeMine deletes the files of the jobs this instance ran that no other
// instance can hand out: handed-back ones, and every one when the jobs
// directory is not shared.
func (rj *ReportJobs) removeMine() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rj.mu.Lock()
	defer rj.mu.Unlock()
	for token, j := range rj.mine {
		year := j.year
		row, err := rj.store.ReportJob(ctx, year)
		ours := err == nil && row != nil && row.Token == j.token
		if rj.shared && ours && row.State == JobDone {
			continue
		}
		if ours && !rj.shared {
			if _, err := rj.store.DeleteReportJob(ctx, year, j.token, rj.ms(rj.now())+1); err != nil {
				rj.log.Error("annual report: forget at shutdown", "campaign", year, "err", err)
			}
		}
		_ = os.RemoveAll(j.dir)
		delete(rj.mine, token)
	}
}
