package app

import (
	"context"

	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
)

// figureStore is what officials read of firms: lists, the chase list, one
// firm's row and its reviews.
type figureStore interface {
	Firms(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, order string, limit, offset int) ([]FirmRow, int64, error)
	EachFirm(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, fn func(*FirmRow) error) error
	FirmRowOf(ctx context.Context, scope Scope, campaignID, entryID int64) (*FirmRow, error)
	Chase(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, cq ContactQuestions, limit, offset int) ([]ChaseRow, error)
	CountChase(ctx context.Context, scope Scope, campaignID int64, f FirmFilter) (int64, error)
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
	defs  *questionnaires.Registry
	flow  *survey.Service
	stats *stats.Service
}

// contactQuestions are the profile questions where a firm names the person
// filling in its survey (填报联系人).
var contactQuestions = ContactQuestions{Name: "p_contact_name", Phone: "p_contact_phone", Email: "p_contact_email"}

// contactsOf are the contact questions an edition has.
func contactsOf(def *questionnaires.Definition) ContactQuestions {
	cq := contactQuestions
	for _, id := range []*string{&cq.Name, &cq.Phone, &cq.Email} {
		if _, ok := def.Question(*id); !ok {
			*id = ""
		}
	}
	return cq
}

// Chase lists the campaign's firms still to chase (催报: not started or a
// draft) in scope, furthest from done first, with the contact each gave in
// its answers; limit 0 lists them all. It reads one page from an index; the
// dashboard takes how many there are from its statistics snapshot, other
// pages from CountChase.
func (f *Figures) Chase(ctx context.Context, scope Scope, camp *Campaign, filter FirmFilter, limit, offset int) ([]ChaseRow, error) {
	var cq ContactQuestions
	if def, ok := f.defs.Get(camp.QuestionnaireID); ok {
		cq = contactsOf(def)
	}
	return f.figureStore.Chase(ctx, scope, camp.ID, filter, cq, limit, offset)
}

// CountChase counts the firms Chase lists, for a page without a snapshot
// (the reminders page's search filter has none).
func (f *Figures) CountChase(ctx context.Context, scope Scope, camp *Campaign, filter FirmFilter) (int64, error) {
	return f.figureStore.CountChase(ctx, scope, camp.ID, filter)
}

// SurveyContact is the 填报联系人 a firm gave in its (valid) answers.
func SurveyContact(def *questionnaires.Definition, a questionnaires.Answers) Contact {
	cq := contactsOf(def)
	text := func(id string) string {
		if id == "" {
			return ""
		}
		return a[id].Str
	}
	return Contact{Name: text(cq.Name), Phone: text(cq.Phone), Email: text(cq.Email)}
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
