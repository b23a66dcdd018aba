package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Audit appends one line to the audit log.
func (s *Store) Audit(ctx context.Context, actor, action, target, detail string) error {
	return audit(s.write(ctx), s.now(), actor, action, target, detail)
}

// audit appends to the log within a transaction, so an action and its record
// are written together.
func audit(tx *gorm.DB, at time.Time, actor, action, target, detail string) error {
	e := AuditEntry{At: at, Actor: actor, Action: action, Target: target, Detail: detail}
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("models: audit %s: %w", action, err)
	}
	return nil
}

// AuditFilter narrows the audit log; empty fields match all.
type AuditFilter struct {
	Action string
	Actor  string // exact account, e.g. "user:bureau" or "firm:91330…"
	Target string
}

// AuditLog returns the matching entries newest first, at most limit, skipping
// offset, and how many match.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter, limit, offset int) ([]AuditEntry, int64, error) {
	q := s.read(ctx).Model(&AuditEntry{})
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.Target != "" {
		q = q.Where("target = ?", f.Target)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count audit log: %w", err)
	}
	var out []AuditEntry
	if err := q.Order("id DESC").Limit(limit).Offset(offset).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("models: read audit log: %w", err)
	}
	return out, n, nil
}
