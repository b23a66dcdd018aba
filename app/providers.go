package app

import (
	"context"
	"fmt"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/providers"
	"healthcheck/questionnaires"
	"healthcheck/roster"
)

// Provider is one service provider of the register (服务商名录).
type Provider = models.Provider

// ProviderKind is a kind of service, an option of 服务需求.
type ProviderKind = providers.Kind

// ProviderFile is a register file read and checked.
type ProviderFile = providers.Result

// providerStore is what the register needs of the store; ReplaceProviders
// writes its audit line in its own transaction.
type providerStore interface {
	Campaigns(ctx context.Context) ([]Campaign, error)
	Providers(ctx context.Context) ([]models.Provider, error)
	ReplaceProviders(ctx context.Context, ps []models.Provider, actor, detail string) error
}

// Providers is the bureau's register of service providers: listed, and
// replaced whole by an imported file that has no rejected row.
type Providers struct {
	store providerStore
	defs  *questionnaires.Registry
	city  *city.Config
}

// Kinds are the kinds of service, the 服务需求 options of the latest
// campaign's edition (the latest edition's before any campaign).
func (p *Providers) Kinds(ctx context.Context) ([]ProviderKind, error) {
	camps, err := p.store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	id := p.defs.Latest().ID
	latest := 0
	for _, c := range camps {
		if c.Year > latest {
			latest, id = c.Year, c.QuestionnaireID
		}
	}
	def, ok := p.defs.Get(id)
	if !ok {
		return nil, fmt.Errorf("app: unknown questionnaire %q", id)
	}
	return providers.Kinds(def), nil
}

// List is the register, by name.
func (p *Providers) List(ctx context.Context) ([]Provider, error) { return p.store.Providers(ctx) }

// Import reads a register file and, when no row is rejected, replaces the
// register with it; with a rejected row nothing is written and the result
// lists every refusal (Imported false). limits bound the reading (the
// upload page's or the command line's).
func (p *Providers) Import(ctx context.Context, actor, filename string, data []byte, limits roster.Limits, dryRun bool) (*ProviderFile, bool, error) {
	kinds, err := p.Kinds(ctx)
	if err != nil {
		return nil, false, err
	}
	if len(kinds) == 0 {
		return nil, false, apperr.New(apperr.Invalid, "问卷没有服务需求题，无法导入服务商名录")
	}
	res, err := providers.Read(data, providers.Rules{Kinds: kinds, City: p.city, Limits: limits})
	if err != nil {
		return nil, false, err
	}
	if res.RejectedCount > 0 || dryRun {
		return res, false, nil
	}
	if len(res.Providers) == 0 {
		return nil, false, apperr.New(apperr.Invalid, "文件中没有服务商")
	}
	detail := fmt.Sprintf("%s：%d 家服务商", filename, len(res.Providers))
	if err := p.store.ReplaceProviders(ctx, res.Providers, actor, detail); err != nil {
		return nil, false, err
	}
	return res, true, nil
}

// Upload is Import from the upload page, under its limits; actor names the
// official ("user:NAME").
func (p *Providers) Upload(ctx context.Context, actor, filename string, data []byte) (*ProviderFile, bool, error) {
	return p.Import(ctx, actor, filename, data, roster.UploadLimits, false)
}

// NewProviders is the register's use case for the command line.
func NewProviders(st *models.Store, defs *questionnaires.Registry, cfg *city.Config) *Providers {
	return &Providers{store: st, defs: defs, city: cfg}
}
