package app

import (
	"context"
	"io"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/roster"
	"healthcheck/survey"
)

// uploadStore keeps uploaded roster files until the bureau confirms them.
type uploadStore interface {
	SaveUpload(ctx context.Context, u *RosterUpload) error
	Upload(ctx context.Context, campaignID, id int64) (*RosterUpload, error)
}

// Roster is the roster import from the upload page: a file is checked and
// kept, the bureau sees what it would do, then confirms (the import writes
// its audit line, "roster_imported", in its own transaction). The command
// line's import uses roster.Importer itself.
type Roster struct {
	store    uploadStore
	importer *roster.Importer
	city     *city.Config
}

func newImporter(st *models.Store, flow *survey.Service, cfg *city.Config) *roster.Importer {
	return &roster.Importer{Store: st, Survey: flow, City: cfg}
}

// RosterRequest is one check or import of a roster file into a campaign.
type RosterRequest = roster.Request

// Check reads and checks a file exactly as Import would, and what it would
// add and change; nothing is written.
func (r *Roster) Check(ctx context.Context, req RosterRequest) (*RosterResult, *RosterDiff, error) {
	return r.importer.Check(ctx, req)
}

// Import imports a checked file in one transaction.
func (r *Roster) Import(ctx context.Context, req RosterRequest) (*RosterResult, *RosterDiff, error) {
	return r.importer.Import(ctx, req)
}

// Keep stores an upload until it is confirmed (its ID is set).
func (r *Roster) Keep(ctx context.Context, u *RosterUpload) error { return r.store.SaveUpload(ctx, u) }

// Upload reads a kept upload of the campaign.
func (r *Roster) Upload(ctx context.Context, campaignID, id int64) (*RosterUpload, error) {
	return r.store.Upload(ctx, campaignID, id)
}

// Refusal is what an import of a checked file would answer now (nil: it
// would go through), in the command line's words.
func (r *Roster) Refusal(res *RosterResult, req RosterRequest) error { return roster.Refusal(res, req) }

// Describe shows a stored roster value (a district code, an industry code,
// an amount) as people read it.
func (r *Roster) Describe(field, value string) string { return roster.Describe(r.city, field, value) }

// SkippedByReason groups the rows read as no firm by reason.
func (r *Roster) SkippedByReason(res *RosterResult) []string { return roster.SkippedByReason(res) }

// WriteTemplate writes the roster template (.xlsx).
func (r *Roster) WriteTemplate(w io.Writer) error { return roster.WriteTemplate(w, r.city) }

// MiB writes a byte count in MiB for messages.
var MiB = roster.MiB
