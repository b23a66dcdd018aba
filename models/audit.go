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

// AuditRefs are the records a page of the audit log names by key.
type AuditRefs struct {
	Usernames   []string
	CreditCodes []string
	EntryIDs    []int64
}

// AuditAccount is an official's account as the log shows it.
type AuditAccount struct {
	Role, District string
}

// AuditEntryName is a survey entry as the log shows it: the firm's name in
// that campaign's roster, and the campaign's year.
type AuditEntryName struct {
	Name string
	Year int
}

// AuditNames are the names of the records AuditRefs asked for; a record no
// longer there is missing from its map.
type AuditNames struct {
	Accounts map[string]AuditAccount
	Firms    map[string]string // credit code → the firm's current name
	Entries  map[int64]AuditEntryName
}

// AuditNames looks up, in three queries, the names a page of the log needs.
func (s *Store) AuditNames(ctx context.Context, refs AuditRefs) (*AuditNames, error) {
	db := s.read(ctx)
	out := &AuditNames{Accounts: map[string]AuditAccount{}, Firms: map[string]string{}, Entries: map[int64]AuditEntryName{}}
	if len(refs.Usernames) > 0 {
		var users []User
		if err := db.Select("username, role, district").Where("username IN ?", refs.Usernames).Find(&users).Error; err != nil {
			return nil, fmt.Errorf("models: audit names of accounts: %w", err)
		}
		for _, u := range users {
			out.Accounts[u.Username] = AuditAccount{Role: u.Role, District: u.District}
		}
	}
	if len(refs.CreditCodes) > 0 {
		var firms []struct{ CreditCode, Name string }
		if err := db.Table("enterprises").Select("credit_code, name").Where("credit_code IN ?", refs.CreditCodes).
			Scan(&firms).Error; err != nil {
			return nil, fmt.Errorf("models: audit names of firms: %w", err)
		}
		for _, f := range firms {
			out.Firms[f.CreditCode] = f.Name
		}
	}
	if len(refs.EntryIDs) > 0 {
		var entries []struct {
			ID   int64
			Name string
			Year int
		}
		if err := db.Table("roster_entries e").Select("e.id, e.name, c.year").Joins("JOIN campaigns c ON c.id = e.campaign_id").
			Where("e.id IN ?", refs.EntryIDs).Scan(&entries).Error; err != nil {
			return nil, fmt.Errorf("models: audit names of entries: %w", err)
		}
		for _, e := range entries {
			out.Entries[e.ID] = AuditEntryName{Name: e.Name, Year: e.Year}
		}
	}
	return out, nil
}
