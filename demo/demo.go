// Package demo fills a database with a synthetic but plausible health check:
// a roster of Jiaxing firms, one campaign per year, and answers submitted
// through the same survey service the firms use, so every stored score went
// through validation and scoring. The same seed gives the same roster and
// answers, byte for byte.
package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/survey"
)

// QuestionnaireID is the edition every demo campaign pins.
const QuestionnaireID = "jiaxing-2020"

// Defaults for the zero values of Options.
const (
	DefaultResponded  = 0.85
	DefaultDraftShare = 0.5
	DefaultYear       = 2020
)

// Options shape the data set.
type Options struct {
	Firms int   // firms on every roster; 0 leaves the campaigns empty
	Seed  int64 // the same seed gives the same data
	// Responded is the share of firms that submit in each campaign: 0 means
	// DefaultResponded, a negative value none.
	Responded float64
	Years     []int // one campaign each; empty means [DefaultYear]
	// DraftShare is the share of the firms that did not submit that saved a
	// draft: 0 means DefaultDraftShare, a negative value none.
	DraftShare float64
}

// Summary is what a demo run created, for the caller to print once.
type Summary struct {
	Campaigns []CampaignSummary // in year order
	// Pending has not submitted in the latest campaign: log in with it to
	// fill in the survey. Nil without firms or when every firm submitted.
	Pending *FirmLogin
	// Submitted has submitted in the latest campaign (in every campaign when
	// one such firm exists): log in with it to read a report. Nil if none.
	Submitted *FirmLogin
	// Invites are the codes of every firm in the latest campaign, in roster
	// order: codes are stored hashed, so this is the only time they can be
	// written out (e.g. to the CSV that the invite command makes).
	Invites  []models.IssuedInvite
	Accounts []Account // bureau first, then one per district
	Elapsed  time.Duration
}

// CampaignSummary counts one campaign's firms.
type CampaignSummary struct {
	Year      int
	ID        int64
	Title     string
	Firms     int
	Submitted int
	Drafts    int
}

// FirmLogin is a firm's login for the latest campaign.
type FirmLogin struct {
	CreditCode string
	Name       string
	District   string
	InviteCode string
}

// Account is an official's login; the password exists only here.
type Account struct {
	Username string
	Password string
	Role     string
	District string
}

// Generate creates the campaigns, rosters, answers, invitation codes and
// officials' accounts in store, which should be new: existing campaign years
// or usernames make it fail.
func Generate(ctx context.Context, store *models.Store, defs *questionnaires.Registry, cfg *city.Config, o Options) (*Summary, error) {
	start := time.Now()
	if cfg == nil {
		cfg = city.Default()
	}
	if defs == nil {
		return nil, errors.New("demo: no questionnaire registry")
	}
	def, ok := defs.Get(QuestionnaireID)
	if !ok {
		return nil, fmt.Errorf("demo: questionnaire %q is not built in", QuestionnaireID)
	}
	o, err := o.normalize()
	if err != nil {
		return nil, err
	}
	st := streams{seed: uint64(o.Seed)}
	firms, err := makeRoster(st, cfg, o.Firms, len(o.Years))
	if err != nil {
		return nil, err
	}
	run := &run{st: st, now: start, store: store, svc: survey.New(store, defs), def: def, cfg: cfg, firms: firms, o: o}
	sum := &Summary{}
	for k, year := range o.Years {
		cs, err := run.campaign(ctx, k, year)
		if err != nil {
			return nil, err
		}
		sum.Campaigns = append(sum.Campaigns, cs)
	}
	if o.Firms > 0 {
		if err := storeProviders(ctx, store, st, cfg, def); err != nil {
			return nil, err
		}
	}
	sum.Pending, sum.Submitted = run.samples()
	sum.Invites = run.invites[len(run.invites)-1]
	if sum.Accounts, err = createAccounts(ctx, store, cfg); err != nil {
		return nil, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// normalize applies the defaults and rejects what cannot make a data set.
func (o Options) normalize() (Options, error) {
	if o.Firms < 0 {
		return o, fmt.Errorf("demo: firms must not be negative, got %d", o.Firms)
	}
	switch {
	case o.Responded == 0:
		o.Responded = DefaultResponded
	case o.Responded < 0:
		o.Responded = 0
	case o.Responded > 1:
		return o, fmt.Errorf("demo: responded is a share from 0 to 1, got %g", o.Responded)
	}
	switch {
	case o.DraftShare == 0:
		o.DraftShare = DefaultDraftShare
	case o.DraftShare < 0:
		o.DraftShare = 0
	case o.DraftShare > 1:
		return o, fmt.Errorf("demo: draft share is a share from 0 to 1, got %g", o.DraftShare)
	}
	years := slices.Clone(o.Years)
	if len(years) == 0 {
		years = []int{DefaultYear}
	}
	slices.Sort(years)
	for i, y := range years {
		if y < 2000 || y > 2100 {
			return o, fmt.Errorf("demo: year %d is out of range", y)
		}
		if i > 0 && years[i-1] == y {
			return o, fmt.Errorf("demo: year %d is given twice", y)
		}
	}
	o.Years = years
	return o, nil
}
