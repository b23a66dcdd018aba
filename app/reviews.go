package app

import (
	"context"
	"encoding/json"
	"fmt"

	"healthcheck/apperr"
	"healthcheck/stats"
	"healthcheck/survey"
)

// reviewStore is what officials' actions on a firm's survey need of the
// store. Each of these store methods writes its review and audit lines in
// the transaction of its change.
type reviewStore interface {
	Entry(ctx context.Context, scope Scope, entryID int64) (*RosterEntry, *Campaign, error)
	EntryByCreditCode(ctx context.Context, scope Scope, campaignID int64, code string) (*RosterEntry, error)
	Approve(ctx context.Context, scope Scope, entryID int64, actor string) error
	Return(ctx context.Context, scope Scope, entryID int64, actor, reason string) error
	Reopen(ctx context.Context, scope Scope, entryID int64, actor, reason string) error
	StartFill(ctx context.Context, scope Scope, entryID int64, actor, reason string) error
	FillReason(ctx context.Context, scope Scope, entryID int64, actor string) (string, error)
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}

// Reviews is what officials do to a firm's submitted or unsubmitted survey:
// the district's review (初审: approve, or return with a reason the firm
// reads), the bureau's reopening, and filling in for the firm (代填).
type Reviews struct {
	store reviewStore
	flow  *survey.Service
	stats *stats.Service
}

// Decide applies a review decision (ActionApprove, or ActionReturn with a
// reason) to an entry within the official's scope and returns the entry as
// it is afterwards. A return takes the firm's report away: its result is
// removed and the figures no longer count it.
func (r *Reviews) Decide(ctx context.Context, who *Identity, entryID int64, action, reason string) (*RosterEntry, error) {
	scope := who.Scope()
	var decide func(ctx context.Context) error
	switch action {
	case ActionApprove:
		decide = func(ctx context.Context) error { return r.store.Approve(ctx, scope, entryID, who.Username) }
	case ActionReturn:
		decide = func(ctx context.Context) error { return r.store.Return(ctx, scope, entryID, who.Username, reason) }
	default:
		return nil, apperr.WithFields("请选择审核结果", map[string]string{"action": "须为 approve（通过）或 return（退回）"})
	}
	if err := r.changeFigures(ctx, decide); err != nil {
		return nil, err
	}
	after, _, err := r.store.Entry(ctx, scope, entryID)
	return after, err
}

// Reopen gives a firm's submitted survey back to it with the bureau's
// reason (the firm reads it); the firm is named by its credit code in the
// campaign.
func (r *Reviews) Reopen(ctx context.Context, who *Identity, camp *Campaign, creditCode, reason string) (*RosterEntry, error) {
	e, err := r.store.EntryByCreditCode(ctx, who.Scope(), camp.ID, creditCode)
	if err != nil {
		return nil, err
	}
	// The bureau's desk names its accounts "user:NAME" in the log.
	err = r.changeFigures(ctx, func(ctx context.Context) error {
		return r.store.Reopen(ctx, who.Scope(), e.ID, who.Actor(), reason)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// changeFigures makes a change that the official expects in the next
// figures they see, on whichever instance serves them: the statistics
// generation is bumped in the change's transaction.
func (r *Reviews) changeFigures(ctx context.Context, change func(ctx context.Context) error) error {
	return r.store.Atomically(ctx, func(ctx context.Context) error {
		if err := change(ctx); err != nil {
			return err
		}
		return r.stats.Invalidate(ctx)
	})
}

// StartFill records that the official begins filling in the firm's survey
// (代填) and why; saving for the firm requires it.
func (r *Reviews) StartFill(ctx context.Context, who *Identity, entryID int64, reason string) error {
	return r.store.StartFill(ctx, who.Scope(), entryID, who.Username, reason)
}

// FillReason is the reason the official gave when starting to fill in;
// Conflict when they never did.
func (r *Reviews) FillReason(ctx context.Context, who *Identity, entryID int64) (string, error) {
	return r.store.FillReason(ctx, who.Scope(), entryID, who.Username)
}

// FillSave saves answers for the firm, recorded on the entry as filled in
// by the official. It needs the official's reason on record (StartFill).
func (r *Reviews) FillSave(ctx context.Context, who *Identity, entryID int64, version int, answers map[string]json.RawMessage) (*Saved, error) {
	if _, err := r.FillReason(ctx, who, entryID); err != nil {
		return nil, err
	}
	return r.flow.Save(ctx, who.Scope(), entryID, version, answers, who.Username)
}

// FillSubmit submits for the firm. The submission, the official's review
// line (fill_submit, with the reason given at StartFill) and its audit line
// are stored in one transaction; a repeated submit returns the stored
// result and records nothing.
func (r *Reviews) FillSubmit(ctx context.Context, who *Identity, entryID int64, version int, pledge bool) (*Outcome, error) {
	reason, err := r.FillReason(ctx, who, entryID)
	if err != nil {
		return nil, err
	}
	e, _, err := r.store.Entry(ctx, who.Scope(), entryID)
	if err != nil {
		return nil, err
	}
	already := e.Status == StatusSubmitted
	by := survey.By{FilledBy: who.Username,
		Review: &Review{Action: ActionFillSubmit, Actor: who.Username, Reason: reason},
		Audit: &AuditEntry{Actor: who.Username, Action: "review_" + ActionFillSubmit,
			Target: fmt.Sprintf("entry:%d", entryID), Detail: reason}}
	out, err := r.flow.SubmitAs(ctx, who.Scope(), entryID, version, pledge, by)
	if err != nil {
		return nil, err
	}
	// A submission has its own transaction on the hot path, which the bump
	// cannot join; it follows the commit instead.
	if !already {
		if err := r.stats.Invalidate(ctx); err != nil {
			return nil, err
		}
	}
	return out, nil
}
