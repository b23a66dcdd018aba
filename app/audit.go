package app

import (
	"context"

	"healthcheck/city"
)

// auditStore is the audit log.
type auditStore interface {
	Audit(ctx context.Context, actor, action, target, detail string) error
	AuditLog(ctx context.Context, f AuditFilter, limit, offset int) ([]AuditEntry, int64, error)
	auditNamer
}

// AuditLog is who did what: reading the log, and recording the exports
// (data taken out is the one action with no write of its own).
type AuditLog struct {
	store auditStore
	city  *city.Config
}

// Page is the entries matching f, newest first, at most limit after
// offset, in words (see AuditLine), and how many match.
func (a *AuditLog) Page(ctx context.Context, f AuditFilter, limit, offset int) ([]AuditLine, int64, error) {
	entries, n, err := a.store.AuditLog(ctx, f, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	names, err := a.store.AuditNames(ctx, auditRefs(entries))
	if err != nil {
		return nil, 0, err
	}
	w := auditWords{city: a.city, names: names}
	lines := make([]AuditLine, len(entries))
	for i, e := range entries {
		lines[i] = w.line(e)
	}
	return lines, n, nil
}

// Exported records that actor takes data out (target: what, detail: which
// view). It is written before the data is sent, and a failure refuses the
// export: nothing leaves unrecorded.
func (a *AuditLog) Exported(ctx context.Context, actor, target, detail string) error {
	return a.store.Audit(ctx, actor, "export", target, detail)
}

// AccountNames names accounts as the log does (the office and login name,
// the firm's name): a firm's review history shows who decided by name.
func (a *AuditLog) AccountNames(ctx context.Context, actors []string) (map[string]string, error) {
	entries := make([]AuditEntry, len(actors))
	for i, s := range actors {
		entries[i].Actor = s
	}
	names, err := a.store.AuditNames(ctx, auditRefs(entries))
	if err != nil {
		return nil, err
	}
	w := auditWords{city: a.city, names: names}
	out := make(map[string]string, len(actors))
	for _, s := range actors {
		out[s] = w.account(s)
	}
	return out, nil
}
