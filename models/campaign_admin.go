package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
	"healthcheck/clock"
	"healthcheck/decimal"
)

// answeredSQL is true when any firm of the campaign has saved answers: from
// then on the questionnaire it pins is in use and may not change.
const answeredSQL = `EXISTS (SELECT 1 FROM roster_entries r WHERE r.campaign_id = campaigns.id AND (r.version > 0 OR r.status <> 'not_started'))`

// CampaignInUse reports whether any firm has saved answers in the campaign.
func (s *Store) CampaignInUse(ctx context.Context, id int64) (bool, error) {
	var n int64
	err := s.read(ctx).Table("roster_entries").
		Where("campaign_id = ? AND (version > 0 OR status <> ?)", id, StatusNotStarted).Limit(1).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("models: campaign #%d in use: %w", id, err)
	}
	return n > 0, nil
}

// SetCampaignQuestionnaire pins another questionnaire edition. Once a firm has
// saved answers the edition is in use and can only be superseded by next
// year's campaign: the check and the change are one statement, so a save
// cannot slip in between.
func (s *Store) SetCampaignQuestionnaire(ctx context.Context, c *Campaign, qid, actor string) error {
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Campaign{}).Where("id = ? AND NOT "+answeredSQL, c.ID).Update("questionnaire_id", qid)
		if res.Error != nil {
			return fmt.Errorf("models: set questionnaire of campaign %d: %w", c.Year, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.Conflict, "%d 年度已有企业保存了答案，问卷版本 %s 已在使用，不能更改；新版问卷请用于下一年度体检", c.Year, c.QuestionnaireID)
		}
		return audit(tx, s.now(), actor, "campaign_updated", strconv.Itoa(c.Year), "问卷版本 "+c.QuestionnaireID+" → "+qid)
	})
}

// SetCampaignWindow changes when firms may answer, and records who did.
func (s *Store) SetCampaignWindow(ctx context.Context, c *Campaign, w Campaign, actor string) error {
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&Campaign{}).Where("id = ?", c.ID).
			Updates(map[string]any{"opens_at": w.OpensAt.UTC(), "closes_at": w.ClosesAt.UTC()}).Error
		if err != nil {
			return fmt.Errorf("models: update window of campaign %d: %w", c.Year, err)
		}
		detail := "填报时间 " + windowText(c.OpensAt, c.ClosesAt) + " → " + windowText(w.OpensAt, w.ClosesAt)
		return audit(tx, s.now(), actor, "campaign_updated", strconv.Itoa(c.Year), detail)
	})
}

// SetCampaignRule changes the roster rule (minimum revenue) while the
// campaign's roster is still empty: rows already imported were checked
// against the old rule.
func (s *Store) SetCampaignRule(ctx context.Context, c *Campaign, minRevenue decimal.Fixed2, actor string) error {
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Campaign{}).
			Where("id = ? AND NOT EXISTS (SELECT 1 FROM roster_entries r WHERE r.campaign_id = campaigns.id)", c.ID).
			Update("min_revenue_wan", minRevenue)
		if res.Error != nil {
			return fmt.Errorf("models: set rule of campaign %d: %w", c.Year, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.Conflict, "%d 年度名录已导入，名录规则不能再更改", c.Year)
		}
		return audit(tx, s.now(), actor, "campaign_updated", strconv.Itoa(c.Year),
			"名录营业收入下限 "+c.MinRevenueWan.String()+" → "+minRevenue.String()+" 万元")
	})
}

// Summary describes a campaign's settings for the audit log.
func (c *Campaign) Summary() string {
	return fmt.Sprintf("问卷 %s，填报 %s，名录营业收入下限 %s 万元", c.QuestionnaireID, windowText(c.OpensAt, c.ClosesAt), c.MinRevenueWan)
}

// windowText shows a window as its first and last day in China time (the
// close instant is exclusive).
func windowText(opens, closes time.Time) string {
	return clock.Date(opens) + " 至 " + clock.Date(closes.Add(-time.Second))
}

// CampaignProgress counts a campaign's firms by survey status.
type CampaignProgress struct {
	CampaignID int64
	Firms      int64
	NotStarted int64
	Drafts     int64
	Submitted  int64
	Invited    int64
}

// CampaignProgresses counts every campaign's firms, by campaign id.
func (s *Store) CampaignProgresses(ctx context.Context) (map[int64]CampaignProgress, error) {
	var rows []CampaignProgress
	err := s.read(ctx).Raw(`SELECT campaign_id, COUNT(*) AS firms,
		SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS not_started,
		SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS drafts,
		SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS submitted,
		SUM(CASE WHEN invite_hash <> '' THEN 1 ELSE 0 END) AS invited
		FROM roster_entries GROUP BY campaign_id`, StatusNotStarted, StatusDraft, StatusSubmitted).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: campaign progress: %w", err)
	}
	out := make(map[int64]CampaignProgress, len(rows))
	for _, r := range rows {
		out[r.CampaignID] = r
	}
	return out, nil
}

// Reopen sends a submitted survey back to the firm as a draft, with the
// bureau's reason: the stored result is removed, so statistics count the
// firm as a draft until it submits again, and the firm sees the reason as
// its review (status returned). Recorded in the audit log.
func (s *Store) Reopen(ctx context.Context, scope Scope, entryID int64, actor, reason string) error {
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		err := s.transition(ctx, tx, scope, entryID, "", map[string]any{
			"status": StatusDraft, "submitted_at": nil, "review_status": ReviewReturned, "review_reason": reason,
		}, "e.status = ?", StatusSubmitted)
		if apperr.Is(err, apperr.Conflict) {
			return apperr.New(apperr.Conflict, "该企业的问卷尚未提交，无需重新开放")
		}
		if err != nil {
			return err
		}
		var res ResultRow
		if err := tx.Where("entry_id = ?", entryID).Take(&res).Error; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("models: result of #%d: %w", entryID, err)
		}
		if err := tx.Where("entry_id = ?", entryID).Delete(&ResultRow{}).Error; err != nil {
			return fmt.Errorf("models: remove result of #%d: %w", entryID, err)
		}
		// The review line tells the firm's pages that the bureau, not a
		// district official, took the report back; the audit line follows.
		r := Review{EntryID: entryID, Action: ActionReopen, Actor: actor, Reason: reason, At: s.now()}
		if res.EntryID != 0 {
			r.Total = &res.Total
		}
		if err := tx.Create(&r).Error; err != nil {
			return fmt.Errorf("models: record reopening of #%d: %w", entryID, err)
		}
		var code string
		if err := tx.Raw(`SELECT en.credit_code FROM roster_entries e JOIN enterprises en ON en.id = e.enterprise_id WHERE e.id = ?`, entryID).
			Scan(&code).Error; err != nil {
			return fmt.Errorf("models: entry #%d: %w", entryID, err)
		}
		return audit(tx, s.now(), actor, "survey_reopened", code, reason)
	})
}
