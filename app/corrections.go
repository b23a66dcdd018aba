package app

import (
	"context"
	"unicode/utf8"

	"healthcheck/apperr"
	"healthcheck/models"
	"healthcheck/plaintext"
	"healthcheck/roster"
	"healthcheck/survey"
)

// correctionStore is what the bureau's corrections desk needs of the store;
// DecideCorrection writes its audit line in its own transaction.
type correctionStore interface {
	Corrections(ctx context.Context, status string, limit, offset int) ([]CorrectionRow, int64, error)
	CorrectionByID(ctx context.Context, id int64) (*CorrectionRow, error)
	CampaignByID(ctx context.Context, id int64) (*Campaign, error)
	DecideCorrection(ctx context.Context, d models.Decision) error
}

// Corrections is the bureau's answer to firms' requests to correct their
// roster facts (名录更正): accepted with the value checked by the roster's
// rules (the firm's result rescored when its band moves), or refused with a
// note the firm reads.
type Corrections struct {
	store  correctionStore
	flow   *survey.Service
	roster *Roster
}

// List is one page of the requests with status ("" for all), and how many
// there are.
func (c *Corrections) List(ctx context.Context, status string, limit, offset int) ([]CorrectionRow, int64, error) {
	return c.store.Corrections(ctx, status, limit, offset)
}

// Decision is the bureau's answer to one request.
type Decision struct {
	ID     int64
	Accept bool
	Value  string // accepted: the value, as typed
	Note   string // refused: why (required); accepted: optional
	Actor  string
}

// Decide accepts or refuses a request. A form error (the value breaks the
// roster's rules, a missing note, the request decided meanwhile) comes back
// as an Invalid or Conflict error whose message names what to fix.
func (c *Corrections) Decide(ctx context.Context, d Decision) error {
	row, err := c.store.CorrectionByID(ctx, d.ID)
	if err != nil {
		return err
	}
	camp, err := c.store.CampaignByID(ctx, row.CampaignID)
	if err != nil {
		return err
	}
	md := models.Decision{ID: d.ID, Accept: d.Accept, Note: d.Note, Actor: d.Actor}
	var problem string
	switch {
	case utf8.RuneCountInString(d.Note) > 200:
		problem = "说明不能超过 200 字"
	case plaintext.HasControl(d.Note, true) || plaintext.HasControl(d.Value, false):
		problem = "含有不可见的控制字符，请删除后重新填写"
	case !d.Accept && d.Note == "":
		problem = "拒绝时请写明原因，企业会看到"
	case d.Accept:
		rules, err := c.roster.importer.Rules(camp)
		if err != nil {
			return err
		}
		md.Value, md.Band, problem = roster.CheckValue(row.Field, d.Value, rules)
		if md.Rescore, err = c.flow.Rescorer(camp); err != nil {
			return err
		}
	}
	if problem != "" {
		return apperr.New(apperr.Invalid, "%s", problem)
	}
	return c.store.DecideCorrection(ctx, md)
}
