package app

import (
	"context"

	"healthcheck/stats"
	"healthcheck/survey"
)

// figureStore is what officials read of firms: lists, the chase list, one
// firm's row and its reviews.
type figureStore interface {
	Firms(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, order string, limit, offset int) ([]FirmRow, int64, error)
	EachFirm(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, fn func(*FirmRow) error) error
	FirmRowOf(ctx context.Context, scope Scope, campaignID, entryID int64) (*FirmRow, error)
	Chase(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, cq ContactQuestions, limit, offset int) ([]ChaseRow, int64, error)
	EntryByCreditCode(ctx context.Context, scope Scope, campaignID int64, code string) (*RosterEntry, error)
	Enterprise(ctx context.Context, scope Scope, id int64) (*Enterprise, error)
	Reviews(ctx context.Context, scope Scope, entryID int64) ([]Review, error)
}

// Figures is what officials read: the statistics of their scope (one cached
// snapshot per view, shared by the dashboard, the JSON API and the
// exports), the firms with their state, the firms to chase (催报), and one
// firm's whole file.
type Figures struct {
	figureStore
	flow  *survey.Service
	stats *stats.Service
}

// Of is the statistics of a scope's firms in a campaign, filtered.
func (f *Figures) Of(ctx context.Context, scope Scope, camp *Campaign, filter FirmFilter) (*Snapshot, error) {
	return f.stats.Of(ctx, scope, camp, filter)
}

// City is the whole city's statistics (a firm's report and the officials'
// comparisons read them), optionally of one size band.
func (f *Figures) City(ctx context.Context, camp *Campaign, band string) (*Snapshot, error) {
	return f.stats.Of(ctx, CityScope(), camp, FirmFilter{Band: band})
}

// FirmFile is everything an official sees of one firm in a campaign.
type FirmFile struct {
	Entry      *RosterEntry
	Enterprise *Enterprise
	Row        *FirmRow
	Form       *Form
	Report     *Report // nil until submitted
	History    []HistoryItem
	Reviews    []Review
}

// File reads one firm's file within the official's scope.
func (f *Figures) File(ctx context.Context, scope Scope, camp *Campaign, e *RosterEntry) (*FirmFile, error) {
	ff := &FirmFile{Entry: e}
	var err error
	if ff.Enterprise, err = f.Enterprise(ctx, scope, e.EnterpriseID); err != nil {
		return nil, err
	}
	if ff.Form, err = f.flow.Load(ctx, scope, e.ID); err != nil {
		return nil, err
	}
	if e.Status == StatusSubmitted {
		if ff.Report, err = f.flow.Report(ctx, scope, e.ID); err != nil {
			return nil, err
		}
	}
	if ff.History, err = f.flow.History(ctx, scope, e.EnterpriseID); err != nil {
		return nil, err
	}
	if ff.Reviews, err = f.Reviews(ctx, scope, e.ID); err != nil {
		return nil, err
	}
	if ff.Row, err = f.FirmRowOf(ctx, scope, camp.ID, e.ID); err != nil {
		return nil, err
	}
	return ff, nil
}
