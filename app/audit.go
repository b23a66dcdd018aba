package app

import "context"

// auditStore is the audit log.
type auditStore interface {
	Audit(ctx context.Context, actor, action, target, detail string) error
	AuditLog(ctx context.Context, f AuditFilter, limit, offset int) ([]AuditEntry, int64, error)
}

// AuditLog is who did what: reading the log, and recording the exports
// (data taken out is the one action with no write of its own).
type AuditLog struct {
	store auditStore
}

// Page is the entries matching f, newest first, at most limit after
// offset, and how many match.
func (a *AuditLog) Page(ctx context.Context, f AuditFilter, limit, offset int) ([]AuditEntry, int64, error) {
	return a.store.AuditLog(ctx, f, limit, offset)
}

// Exported records that actor takes data out (target: what, detail: which
// view). It is written before the data is sent, and a failure refuses the
// export: nothing leaves unrecorded.
func (a *AuditLog) Exported(ctx context.Context, actor, target, detail string) error {
	return a.store.Audit(ctx, actor, "export", target, detail)
}
