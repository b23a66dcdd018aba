package models

import (
	"context"
	"errors"
	"fmt"
)

// ReportJob is a campaign's annual report job as every instance sees it
// (table report_jobs). Times are Unix milliseconds; EndedAt is 0 while it
// runs.
type ReportJob struct {
	Campaign    int
	Token       string
	StartedBy   string
	Instance    string
	State       string
	Stage       string
	Done        int64
	Total       int64
	Error       string
	StartedAt   int64
	HeartbeatAt int64
	EndedAt     int64
}

// Report job states as stored; app names them for the pages.
const (
	ReportJobRunning = "running"
	ReportJobDone    = "done"
	ReportJobFailed  = "failed"
)

// ClaimReportJob makes j the campaign's job unless another job of the
// campaign is running with a heartbeat at or after staleBefore: one
// statement, so two instances asked at once cannot both start one. It
// returns the campaign's job after the claim and whether it is j; the
// previous job (nil when there was none) is returned so the caller can
// remove its files.
func (s *Store) ClaimReportJob(ctx context.Context, j ReportJob, staleBefore int64) (cur *ReportJob, claimed bool, err error) {
	res := s.write(ctx).Exec(`INSERT INTO report_jobs (campaign, token, started_by, instance, state, stage, done,
		total, error, started_at, heartbeat_at, ended_at)
		VALUES (?, ?, ?, ?, ?, '', 0, 0, '', ?, ?, 0)
		ON CONFLICT (campaign) DO UPDATE SET token = excluded.token, started_by = excluded.started_by,
			instance = excluded.instance, state = excluded.state, stage = '', done = 0, total = 0, error = '',
			started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, ended_at = 0
		WHERE report_jobs.state <> ? OR report_jobs.heartbeat_at < ?`,
		j.Campaign, j.Token, j.StartedBy, j.Instance, ReportJobRunning, j.StartedAt, j.HeartbeatAt,
		ReportJobRunning, staleBefore)
	if res.Error != nil {
		return nil, false, fmt.Errorf("models: claim report job %d: %w", j.Campaign, res.Error)
	}
	cur, err = s.ReportJob(ctx, j.Campaign)
	if err != nil {
		return nil, false, err
	}
	if cur == nil {
		return nil, false, fmt.Errorf("models: claim report job %d: row vanished", j.Campaign)
	}
	return cur, res.RowsAffected == 1 && cur.Token == j.Token, nil
}

// ReportJob is the campaign's job, nil when there is none.
func (s *Store) ReportJob(ctx context.Context, campaign int) (*ReportJob, error) {
	var rows []ReportJob
	err := s.write(ctx).Raw(`SELECT campaign, token, started_by, instance, state, stage, done, total, error,
		started_at, heartbeat_at, ended_at FROM report_jobs WHERE campaign = ?`, campaign).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: read report job %d: %w", campaign, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// ReportJobs lists every stored job, for sweeping the jobs directory.
func (s *Store) ReportJobs(ctx context.Context) ([]ReportJob, error) {
	var rows []ReportJob
	err := s.read(ctx).Raw(`SELECT campaign, token, started_by, instance, state, stage, done, total, error,
		started_at, heartbeat_at, ended_at FROM report_jobs ORDER BY campaign`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: list report jobs: %w", err)
	}
	return rows, nil
}

// ErrReportJobGone says the job was replaced or ended by someone else (it
// was found stale, or a shutdown handed it back): its runner stops.
var ErrReportJobGone = errors.New("models: report job no longer ours")

// HeartbeatReportJob records a running job's progress and that its
// instance is alive.
func (s *Store) HeartbeatReportJob(ctx context.Context, campaign int, token, stage string, done, total, at int64) error {
	return s.updateRunningJob(ctx, campaign, token, map[string]any{"stage": stage, "done": done, "total": total,
		"heartbeat_at": at})
}

// EndReportJob marks a running job done or failed (with the reason shown).
func (s *Store) EndReportJob(ctx context.Context, campaign int, token, state, reason string, at int64) error {
	return s.updateRunningJob(ctx, campaign, token, map[string]any{"state": state, "error": reason,
		"heartbeat_at": at, "ended_at": at})
}

func (s *Store) updateRunningJob(ctx context.Context, campaign int, token string, set map[string]any) error {
	res := s.write(ctx).Table("report_jobs").Where("campaign = ? AND token = ? AND state = ?",
		campaign, token, ReportJobRunning).Updates(set)
	if res.Error != nil {
		return fmt.Errorf("models: update report job %d: %w", campaign, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrReportJobGone
	}
	return nil
}

// FailStaleReportJob ends a running job whose heartbeat is older than
// staleBefore as failed with reason, dated at its last heartbeat; false when
// it was not stale (or not that job) any more.
func (s *Store) FailStaleReportJob(ctx context.Context, campaign int, token, reason string, staleBefore int64) (bool, error) {
	res := s.write(ctx).Exec(`UPDATE report_jobs SET state = ?, error = ?, ended_at = heartbeat_at
		WHERE campaign = ? AND token = ? AND state = ? AND heartbeat_at < ?`,
		ReportJobFailed, reason, campaign, token, ReportJobRunning, staleBefore)
	if res.Error != nil {
		return false, fmt.Errorf("models: fail stale report job %d: %w", campaign, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// DeleteReportJob removes an ended job that ended before endedBefore; false
// when it is running, newer, or was replaced.
func (s *Store) DeleteReportJob(ctx context.Context, campaign int, token string, endedBefore int64) (bool, error) {
	res := s.write(ctx).Exec(`DELETE FROM report_jobs WHERE campaign = ? AND token = ? AND state <> ? AND ended_at < ?`,
		campaign, token, ReportJobRunning, endedBefore)
	if res.Error != nil {
		return false, fmt.Errorf("models: delete report job %d: %w", campaign, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Generation is the named counter's value (table generations), e.g.
// "stats", which a write that makes cached figures stale bumps.
func (s *Store) Generation(ctx context.Context, name string) (int64, error) {
	var v []int64
	if err := s.read(ctx).Raw(`SELECT value FROM generations WHERE name = ?`, name).Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("models: read generation %s: %w", name, err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	return v[0], nil
}

// BumpGeneration adds one to the named counter.
func (s *Store) BumpGeneration(ctx context.Context, name string) error {
	if err := s.write(ctx).Exec(`UPDATE generations SET value = value + 1 WHERE name = ?`, name).Error; err != nil {
		return fmt.Errorf("models: bump generation %s: %w", name, err)
	}
	return nil
}
