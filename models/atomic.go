package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// A use case that changes something writes its audit line in the same
// transaction as the change, so the log never misses an action and never
// records one that did not happen. Atomically is how: every GORM write the
// store makes with the context fn receives joins one transaction (a store
// method's own transaction becomes a savepoint in it).

// txKey carries the open transaction in a context.
type txKey struct{}

// errHotInTx refuses a hot-path write inside Atomically: the group
// committer needs the one writing connection the transaction holds.
var errHotInTx = errors.New("models: a save or submit cannot join another transaction (it has its own, with its audit line)")

// Atomically runs fn in one transaction on the writing connection: the
// store's writes through fn's context all commit, or none does.
func (s *Store) Atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, nested := ctx.Value(txKey{}).(*gorm.DB); nested {
		return fn(ctx)
	}
	return s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// inAtomic reports the transaction a context carries, if any.
func inAtomic(ctx context.Context) (*gorm.DB, bool) {
	tx, ok := ctx.Value(txKey{}).(*gorm.DB)
	return tx, ok
}

// hotRecords writes a submission's records inside its hot transaction: the
// official's review line for 代填 and the audit line, with the submission's
// time.
func (s *Store) hotRecords(ctx context.Context, tx *hotTx, at time.Time, sub Submission) error {
	if r := sub.Review; r != nil {
		_, err := s.exec(ctx, tx, `INSERT INTO reviews (entry_id, action, actor, reason, version, at) VALUES (?, ?, ?, ?, ?, ?)`,
			sub.EntryID, r.Action, r.Actor, r.Reason, sub.Version, at)
		if err != nil {
			return fmt.Errorf("models: record %s of #%d: %w", r.Action, sub.EntryID, err)
		}
	}
	if a := sub.Audit; a != nil {
		_, err := s.exec(ctx, tx, `INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
			at, a.Actor, a.Action, a.Target, a.Detail)
		if err != nil {
			return fmt.Errorf("models: audit %s of #%d: %w", a.Action, sub.EntryID, err)
		}
	}
	return nil
}
