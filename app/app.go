// Package app is the use-case layer, the middle floor between the web
// (handlers/, and the command line) and the store (models/): what a firm, a
// district official or the bureau can do — the firm's survey, logging in,
// reviews and 代填, corrections, campaigns, accounts, invitations, the roster
// import, the figures officials read, the audit log and the annual report's
// jobs. One file per use case. Each use case takes the small store
// interface it needs (declared here, on the consumer's side; *models.Store
// implements them all), so it can be tested without HTTP, and every write
// writes its audit line in the same transaction as the change.
//
// Types. The web names what it shows through this package: app.Campaign,
// app.RosterEntry, app.FirmRow, app.Scope, the statuses and roles. They are
// aliases of the store's and the domain packages' types (types.go), not
// copies: the store's rows are already shaped for reading (one firm type per
// boundary, as the design asks), and a second struct per layer would only be
// a field-by-field copy to keep in step. The aliases keep handlers/ from
// importing models/ and the domain packages directly while the store can
// reshape a row (typed scored rows) without a change here. Where the web
// needs a type the store has no business knowing (a login's outcome, a
// report job's status), app declares its own.
//
// survey/, stats/, roster/, invites/ and policies/ stay packages of their
// own that app uses: each owns one piece of the domain with its own tests
// (the survey flow's rules, the statistics snapshot cache, reading roster
// files, writing invitation letters, matching policies), and folding them in
// would make one package of five concerns. What they lacked was the layer
// that combines them with the store, the audit log and the caller — which is
// this package.
package app

import (
	"context"
	"log/slog"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/reference"
	"healthcheck/stats"
	"healthcheck/survey"
)

// Config is what the use cases are built from: the store, the questionnaire
// editions, the city and the domain services serve builds.
type Config struct {
	Store *models.Store
	Defs  *questionnaires.Registry
	City  *city.Config
	// Survey and Stats are the survey flow (with the policies and the
	// peers it reports against) and the statistics snapshots; when nil,
	// New makes them over Store (without a cache or policies).
	Survey *survey.Service
	Stats  *stats.Service
	// Reference are the published figures the annual report quotes.
	Reference *reference.Registry
	// Jobs says where the report jobs' files are kept (serve --jobs-dir).
	Jobs JobsConfig
	Log  *slog.Logger
}

// App holds every use case.
type App struct {
	Defs *questionnaires.Registry
	City *city.Config

	Surveys     *Surveys
	Logins      *Logins
	Sessions    *Sessions
	Reviews     *Reviews
	Corrections *Corrections
	Campaigns   *Campaigns
	Users       *Users
	Invitations *Invitations
	Roster      *Roster
	Figures     *Figures
	Audit       *AuditLog
	Reports     *ReportJobs
	DataFiles   *DataFiles
	Providers   *Providers

	store *models.Store
}

// New wires the use cases over one store.
func New(c Config) *App {
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Survey == nil {
		c.Survey = survey.New(c.Store, c.Defs)
	}
	if c.Stats == nil {
		c.Stats = stats.New(c.Store, c.Defs, 0)
	}
	st := c.Store
	a := &App{Defs: c.Defs, City: c.City, store: st}
	a.Surveys = &Surveys{store: st, flow: c.Survey}
	a.Logins = &Logins{store: st, city: c.City}
	a.Sessions = &Sessions{store: st}
	a.Reviews = &Reviews{store: st, flow: c.Survey, stats: c.Stats}
	a.Campaigns = &Campaigns{campaignStore: st, writer: st, defs: c.Defs}
	a.Roster = &Roster{store: st, importer: newImporter(st, c.Survey, c.City), city: c.City}
	a.Corrections = &Corrections{store: st, flow: c.Survey, roster: a.Roster}
	a.Users = &Users{store: st}
	a.Invitations = &Invitations{store: st, city: c.City}
	a.Figures = &Figures{figureStore: st, defs: c.Defs, flow: c.Survey, stats: c.Stats}
	a.Audit = &AuditLog{store: st, city: c.City}
	a.Providers = NewProviders(st, c.Defs, c.City)
	ref := c.Reference
	if ref == nil {
		ref = &reference.Registry{}
	}
	a.DataFiles = &DataFiles{store: st, defs: c.Defs, city: c.City, ref: ref}
	a.Reports = newReportJobs(st, reportSource{store: st, defs: c.Defs, city: c.City, reference: a.DataFiles.Reference,
		policies: c.Survey.Policies}, c.Jobs, c.Log)
	return a
}

// Ping checks the database answers, for /healthz.
func (a *App) Ping(ctx context.Context) error { return a.store.Ping(ctx) }

// SessionStorage is where the web's sessions are kept (the database, so
// every instance shares them).
func (a *App) SessionStorage() *SessionStorage { return a.store.Sessions() }
