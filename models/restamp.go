package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Stamp is when one roster entry was invited, last saved and submitted, for
// a campaign's history written after the fact (the demo data set, whose
// firms answer in seconds what real firms answered over weeks).
type Stamp struct {
	EntryID   int64
	InvitedAt time.Time
	// SavedAt is the last save; zero for a firm that never saved.
	SavedAt time.Time
	// SubmittedAt is the submission, also the time its result was scored;
	// zero for a survey not submitted.
	SubmittedAt time.Time
}

// Restamp sets the entries' invitation, save, submission and last activity
// times, and their results' scoring times, in one transaction. It writes no
// audit line: it records when things happened, it does not make them happen.
func (s *Store) Restamp(ctx context.Context, stamps []Stamp) error {
	return s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, st := range stamps {
			if err := restamp(tx, st); err != nil {
				return fmt.Errorf("models: restamp entry #%d: %w", st.EntryID, err)
			}
		}
		return nil
	})
}

func restamp(tx *gorm.DB, st Stamp) error {
	upd := map[string]any{"invite_issued_at": st.InvitedAt.UTC()}
	last := st.SavedAt
	if !st.SavedAt.IsZero() {
		upd["saved_at"] = st.SavedAt.UTC()
	}
	if !st.SubmittedAt.IsZero() {
		upd["submitted_at"] = st.SubmittedAt.UTC()
		last = st.SubmittedAt
		err := tx.Table("results").Where("entry_id = ?", st.EntryID).Update("scored_at", st.SubmittedAt.UTC()).Error
		if err != nil {
			return err
		}
	}
	if !last.IsZero() {
		upd["last_activity_at"] = last.UTC()
	}
	return tx.Table("roster_entries").Where("id = ?", st.EntryID).Updates(upd).Error
}

// Approval is a district official's approval of a submitted survey, at a
// time of its own.
type Approval struct {
	EntryID int64
	Actor   string
	At      time.Time
}

// RecordApprovals writes approvals that happened before they were recorded
// (a campaign's history written after the fact: the demo) as Approve writes
// them - the entry's review status, the review record and its audit line -
// at their own times, in one transaction. An entry not submitted fails it.
func (s *Store) RecordApprovals(ctx context.Context, approvals []Approval) error {
	return s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, a := range approvals {
			var version []int
			err := tx.Raw(`UPDATE roster_entries SET review_status = ?, review_reason = '' WHERE id = ? AND status = ? RETURNING version`,
				ReviewApproved, a.EntryID, StatusSubmitted).Scan(&version).Error
			if err != nil {
				return fmt.Errorf("models: approve #%d: %w", a.EntryID, err)
			}
			if len(version) != 1 {
				return fmt.Errorf("models: approve #%d: no submitted survey", a.EntryID)
			}
			r := Review{EntryID: a.EntryID, Action: ActionApprove, Actor: a.Actor, Version: version[0], At: a.At.UTC()}
			if err := s.recordReview(tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// LastActivity is the latest save, submission or return recorded in a
// campaign within scope: the moment its figures stand at. ok is false when
// nothing was ever saved.
func (s *Store) LastActivity(ctx context.Context, scope Scope, campaignID int64) (at time.Time, ok bool, err error) {
	// The latest row rather than MAX(): SQLite gives an aggregate no column
	// type, so the driver would not read it as a time.
	var last time.Time
	q := scope.on(s.read(ctx).Table("roster_entries AS e"), "e").
		Where("e.campaign_id = ? AND e.last_activity_at IS NOT NULL", campaignID).
		Order("e.last_activity_at DESC").Limit(1).Select("e.last_activity_at")
	switch err := q.Row().Scan(&last); {
	case errors.Is(err, sql.ErrNoRows):
		return time.Time{}, false, nil
	case err != nil:
		return time.Time{}, false, fmt.Errorf("models: last activity of campaign #%d: %w", campaignID, err)
	}
	return last, true, nil
}
