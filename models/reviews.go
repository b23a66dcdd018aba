package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"healthcheck/apperr"
	"healthcheck/decimal"
	"healthcheck/plaintext"
)

// Review actions, as stored in reviews.action and the audit log.
const (
	ActionApprove    = "approve"     // 县区初审通过
	ActionReturn     = "return"      // 退回修改, with a reason the firm sees
	ActionFill       = "fill"        // an official starts filling in for the firm (代填), with a reason
	ActionFillSubmit = "fill_submit" // an official submitted the survey for the firm
	ActionReopen     = "reopen"      // the bureau reopened a submitted survey, with a reason the firm sees
)

// Review is one thing an official did to a firm's survey.
type Review struct {
	ID      int64
	EntryID int64
	Action  string
	Actor   string
	Reason  string
	Version int
	Total   *decimal.Fixed2 // a return: the total whose result was removed
	At      time.Time
}

// reasonMax bounds a return's or 代填's reason, in characters.
const reasonMax = 500

func checkReason(reason, field, missing string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", apperr.WithFields(missing, map[string]string{field: missing})
	case utf8.RuneCountInString(reason) > reasonMax:
		msg := fmt.Sprintf("不能超过 %d 字", reasonMax)
		return "", apperr.WithFields(msg, map[string]string{field: msg})
	case plaintext.HasControl(reason, true):
		return "", apperr.WithFields(controlMessage, map[string]string{field: controlMessage})
	}
	return reason, nil
}

// Approve passes a submitted survey in review (县区初审通过).
func (s *Store) Approve(ctx context.Context, scope Scope, entryID int64, actor string) error {
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		e, err := s.reviewable(tx, scope, entryID)
		if err != nil {
			return err
		}
		if e.ReviewStatus == ReviewApproved {
			return apperr.New(apperr.Conflict, "该问卷已审核通过")
		}
		err = s.decide(tx, scope, e, map[string]any{"review_status": ReviewApproved, "review_reason": ""})
		if err != nil {
			return err
		}
		return s.recordReview(tx, Review{EntryID: entryID, Action: ActionApprove, Actor: actor, Version: e.Version})
	})
}

// Return sends a submitted survey back to the firm (退回): it becomes a draft
// again with the reason, which the firm sees when it opens the survey, and
// its stored score is removed, so statistics count only submitted surveys.
// The review record keeps the removed total.
func (s *Store) Return(ctx context.Context, scope Scope, entryID int64, actor, reason string) error {
	reason, err := checkReason(reason, "reason", "请填写退回原因，企业将看到该原因")
	if err != nil {
		return err
	}
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		e, err := s.reviewable(tx, scope, entryID)
		if err != nil {
			return err
		}
		var res ResultRow
		if err := tx.Where("entry_id = ?", entryID).Take(&res).Error; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("models: result of #%d: %w", entryID, err)
		}
		err = s.decide(tx, scope, e, map[string]any{"status": StatusDraft, "review_status": ReviewReturned,
			"review_reason": reason, "last_activity_at": s.now()})
		if err != nil {
			return err
		}
		if err := tx.Where("entry_id = ?", entryID).Delete(&ResultRow{}).Error; err != nil {
			return fmt.Errorf("models: remove result of #%d: %w", entryID, err)
		}
		r := Review{EntryID: entryID, Action: ActionReturn, Actor: actor, Reason: reason, Version: e.Version}
		if res.EntryID != 0 {
			r.Total = &res.Total
		}
		return s.recordReview(tx, r)
	})
}

// reviewable reads a submitted entry in scope for a review decision.
func (s *Store) reviewable(tx *gorm.DB, scope Scope, entryID int64) (*RosterEntry, error) {
	e, err := s.entryIn(tx, scope, entryID)
	if err != nil {
		return nil, err
	}
	if e.Status != StatusSubmitted {
		return nil, apperr.New(apperr.Conflict, "该问卷尚未提交，不能审核")
	}
	return e, nil
}

// decide applies a review decision to the submitted entry e as it was read,
// and fails if it changed meanwhile (another official decided first).
func (s *Store) decide(tx *gorm.DB, scope Scope, e *RosterEntry, upd map[string]any) error {
	res := scope.on(tx.Table("roster_entries AS e"), "e").
		Where("e.id = ? AND e.status = ? AND e.version = ? AND e.review_status = ?", e.ID, StatusSubmitted, e.Version, e.ReviewStatus).
		Updates(upd)
	if res.Error != nil {
		return fmt.Errorf("models: review #%d: %w", e.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.Conflict, "该问卷的状态已变化，请刷新页面后重试")
	}
	return nil
}

// StartFill records that an official begins filling in a firm's survey
// (代填) and why. Saving for the firm requires it.
func (s *Store) StartFill(ctx context.Context, scope Scope, entryID int64, actor, reason string) error {
	reason, err := checkReason(reason, "reason", "请填写代填原因，如“企业提交纸质问卷，由区县代录”")
	if err != nil {
		return err
	}
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		e, err := s.entryIn(tx, scope, entryID)
		if err != nil {
			return err
		}
		if e.Status == StatusSubmitted {
			return apperr.New(apperr.Conflict, "问卷已提交，不能代填")
		}
		return s.recordReview(tx, Review{EntryID: entryID, Action: ActionFill, Actor: actor, Reason: reason, Version: e.Version})
	})
}

// FillReason is the reason the official gave when starting to fill in this
// firm's survey; Conflict (a step is missing, not a permission) when they
// never did.
func (s *Store) FillReason(ctx context.Context, scope Scope, entryID int64, actor string) (string, error) {
	var r Review
	err := scope.on(s.read(ctx).Table("reviews AS rv").Joins("JOIN roster_entries AS e ON e.id = rv.entry_id"), "e").
		Where("rv.entry_id = ? AND rv.actor = ? AND rv.action = ?", entryID, actor, ActionFill).
		Order("rv.id DESC").Select("rv.*").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", apperr.New(apperr.Conflict, "请先在企业详情页填写代填原因并开始代填")
	}
	if err != nil {
		return "", fmt.Errorf("models: fill reason of #%d: %w", entryID, err)
	}
	return r.Reason, nil
}

// LastWithdrawal is the latest return (退回) or reopening of the entry's
// survey in scope, which took its earlier report away; nil when there is
// none since its last submission.
func (s *Store) LastWithdrawal(ctx context.Context, scope Scope, entryID int64) (*Review, error) {
	var rows []Review
	err := scope.on(s.read(ctx).Table("reviews AS rv").Joins("JOIN roster_entries AS e ON e.id = rv.entry_id"), "e").
		Where("rv.entry_id = ? AND rv.action IN ?", entryID, []string{ActionReturn, ActionReopen}).
		Order("rv.id DESC").Limit(1).Select("rv.*").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: last withdrawal of #%d: %w", entryID, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// entryIn reads an entry in scope inside a transaction.
func (s *Store) entryIn(tx *gorm.DB, scope Scope, entryID int64) (*RosterEntry, error) {
	var e RosterEntry
	err := scope.on(tx.Table("roster_entries AS e"), "e").Where("e.id = ?", entryID).Select("e.*").Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.NotFound, "未找到该企业的填报记录")
	}
	if err != nil {
		return nil, fmt.Errorf("models: entry #%d: %w", entryID, err)
	}
	return &e, nil
}

// recordReview stores a review and the same event in the audit log.
func (s *Store) recordReview(tx *gorm.DB, r Review) error {
	if r.At.IsZero() { // only RecordApprovals writes one that happened before
		r.At = s.now()
	}
	if err := tx.Create(&r).Error; err != nil {
		return fmt.Errorf("models: record %s of #%d: %w", r.Action, r.EntryID, err)
	}
	detail := r.Reason
	if r.Total != nil {
		detail = fmt.Sprintf("%s（原总分 %s）", r.Reason, r.Total)
	}
	a := AuditEntry{At: r.At, Actor: r.Actor, Action: "review_" + r.Action, Target: fmt.Sprintf("entry:%d", r.EntryID), Detail: detail}
	if err := tx.Create(&a).Error; err != nil {
		return fmt.Errorf("models: audit %s of #%d: %w", r.Action, r.EntryID, err)
	}
	return nil
}

// Reviews lists what officials did to an entry's survey, oldest first.
func (s *Store) Reviews(ctx context.Context, scope Scope, entryID int64) ([]Review, error) {
	var out []Review
	err := scope.on(s.read(ctx).Table("reviews AS rv").Joins("JOIN roster_entries AS e ON e.id = rv.entry_id"), "e").
		Where("rv.entry_id = ?", entryID).Order("rv.id").Select("rv.*").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: reviews of #%d: %w", entryID, err)
	}
	return out, nil
}
