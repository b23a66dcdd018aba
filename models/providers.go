package models

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Provider is one service provider of the register (服务商名录).
type Provider struct {
	Name       string
	CreditCode string // "" when the register gives none
	// Services are the kinds offered, as option values of the
	// questionnaire's 服务需求 question.
	Services []string
	// Districts are the GB/T 2260 codes of the districts served.
	Districts []string
	// Certified: recognised by the province or city (认定服务商).
	Certified  bool
	ImportedAt time.Time
	ImportedBy string
}

// providerRow is a provider as stored: its lists comma-separated.
type providerRow struct {
	ID         int64
	Name       string
	CreditCode string
	Services   string
	Districts  string
	Certified  bool
	ImportedAt time.Time
	ImportedBy string
}

func (providerRow) TableName() string { return "service_providers" }

// ReplaceProviders replaces the whole register with ps and writes the audit
// line in the same transaction: an import that fails leaves the old register.
func (s *Store) ReplaceProviders(ctx context.Context, ps []Provider, actor, detail string) error {
	return s.Atomically(ctx, func(ctx context.Context) error {
		tx := s.write(ctx)
		if err := tx.Exec("DELETE FROM service_providers").Error; err != nil {
			return fmt.Errorf("models: clear providers: %w", err)
		}
		at := s.now()
		rows := make([]providerRow, len(ps))
		for i, p := range ps {
			rows[i] = providerRow{Name: p.Name, CreditCode: p.CreditCode, Services: strings.Join(p.Services, ","),
				Districts: strings.Join(p.Districts, ","), Certified: p.Certified, ImportedAt: at, ImportedBy: actor}
		}
		if len(rows) > 0 {
			if err := tx.CreateInBatches(rows, 100).Error; err != nil {
				return fmt.Errorf("models: store providers: %w", err)
			}
		}
		return s.Audit(ctx, actor, "providers_import", "service_providers", detail)
	})
}

// Providers is the register, by name.
func (s *Store) Providers(ctx context.Context) ([]Provider, error) {
	var rows []providerRow
	if err := s.read(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: list providers: %w", err)
	}
	out := make([]Provider, len(rows))
	for i, r := range rows {
		out[i] = Provider{Name: r.Name, CreditCode: r.CreditCode, Services: splitList(r.Services),
			Districts: splitList(r.Districts), Certified: r.Certified, ImportedAt: r.ImportedAt, ImportedBy: r.ImportedBy}
	}
	return out, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
