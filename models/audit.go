package models

import (
	"context"
	"fmt"
)

// Audit appends one line to the audit log.
func (s *Store) Audit(ctx context.Context, actor, action, target, detail string) error {
	e := AuditEntry{At: s.now(), Actor: actor, Action: action, Target: target, Detail: detail}
	if err := s.write(ctx).Create(&e).Error; err != nil {
		return fmt.Errorf("models: audit %s: %w", action, err)
	}
	return nil
}

// AuditLog returns the newest entries first, at most limit, skipping offset.
func (s *Store) AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, int64, error) {
	var n int64
	if err := s.read(ctx).Model(&AuditEntry{}).Count(&n).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count audit log: %w", err)
	}
	var out []AuditEntry
	if err := s.read(ctx).Order("id DESC").Limit(limit).Offset(offset).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("models: read audit log: %w", err)
	}
	return out, n, nil
}
