package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"healthcheck/clock"
	"healthcheck/models"
	"healthcheck/survey"
)

// surveyStore is what the firm's survey needs of the store besides the
// survey flow: the firm's own record, the withdrawal of an earlier report,
// correction requests and the audit log.
type surveyStore interface {
	Enterprise(ctx context.Context, scope Scope, id int64) (*Enterprise, error)
	Entry(ctx context.Context, scope Scope, entryID int64) (*RosterEntry, *Campaign, error)
	CreditCodeOf(ctx context.Context, e *RosterEntry) (string, error)
	LastWithdrawal(ctx context.Context, scope Scope, entryID int64) (*Review, error)
	RequestCorrection(ctx context.Context, scope Scope, req models.CorrectionRequest) (*models.Correction, error)
	Audit(ctx context.Context, actor, action, target, detail string) error
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}

// Surveys is the firm's survey: load it, save drafts, submit, read the
// report, ask for a roster correction. Officials filling in for a firm go
// through Reviews, which uses the same flow.
type Surveys struct {
	store surveyStore
	flow  *survey.Service
}

// Sheet is a survey as its page shows it: the questionnaire with the saved
// answers, and the firm's roster record.
type Sheet struct {
	*Form
	Enterprise *Enterprise
}

// Load reads an entry's survey within scope (the firm's own, or one an
// official reads or fills in for).
func (s *Surveys) Load(ctx context.Context, scope Scope, entryID int64) (*Sheet, error) {
	f, err := s.flow.Load(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	ent, err := s.store.Enterprise(ctx, scope, f.Entry.EnterpriseID)
	if err != nil {
		return nil, err
	}
	return &Sheet{Form: f, Enterprise: ent}, nil
}

// Entry reads an entry and its campaign within scope.
func (s *Surveys) Entry(ctx context.Context, scope Scope, entryID int64) (*RosterEntry, *Campaign, error) {
	return s.store.Entry(ctx, scope, entryID)
}

// Enterprise reads a firm's roster record within scope.
func (s *Surveys) Enterprise(ctx context.Context, scope Scope, id int64) (*Enterprise, error) {
	return s.store.Enterprise(ctx, scope, id)
}

// Saved is an accepted save.
type Saved = survey.Saved

// Save stores the firm's draft answers (everything typed is kept; see
// survey.Service.Save).
func (s *Surveys) Save(ctx context.Context, scope Scope, entryID int64, version int, answers map[string]json.RawMessage) (*Saved, error) {
	return s.flow.Save(ctx, scope, entryID, version, answers, "")
}

// Outcome is a submitted survey's score and report.
type Outcome = survey.Outcome

// Submit scores the firm's saved answers and stores the result with its
// audit line ("survey_submitted") in one transaction. Submitting again
// returns the stored result and records nothing.
func (s *Surveys) Submit(ctx context.Context, scope Scope, entryID int64, version int, pledge bool) (*Outcome, error) {
	line := func(ctx context.Context, e *RosterEntry) (*AuditEntry, error) {
		code, err := s.store.CreditCodeOf(ctx, e)
		if err != nil {
			return nil, err
		}
		return &AuditEntry{Actor: "firm:" + code, Action: "survey_submitted", Target: code,
			Detail: fmt.Sprintf("%s 第 %d 版答案", e.Name, version)}, nil
	}
	return s.flow.SubmitAs(ctx, scope, entryID, version, pledge, survey.By{AuditFor: line})
}

// firmOf reads an entry and its firm's roster record within scope: the
// audit log names a firm by its credit code.
func (s *Surveys) firmOf(ctx context.Context, scope Scope, entryID int64) (*RosterEntry, *Enterprise, error) {
	e, _, err := s.store.Entry(ctx, scope, entryID)
	if err != nil {
		return nil, nil, err
	}
	ent, err := s.store.Enterprise(ctx, scope, e.EnterpriseID)
	if err != nil {
		return nil, nil, err
	}
	return e, ent, nil
}

// Report is the firm's report once submitted.
func (s *Surveys) Report(ctx context.Context, scope Scope, entryID int64) (*Report, error) {
	return s.flow.Report(ctx, scope, entryID)
}

// History is the firm's scores over the campaigns, oldest first.
func (s *Surveys) History(ctx context.Context, scope Scope, enterpriseID int64) ([]HistoryItem, error) {
	return s.flow.History(ctx, scope, enterpriseID)
}

// CorrectionAsked is a filed correction request.
type CorrectionAsked struct {
	ID     int64
	Status string
}

// RequestCorrection files the firm's request to correct a roster fact
// (field is one of CorrectionFields) and its audit line, together.
func (s *Surveys) RequestCorrection(ctx context.Context, scope Scope, entryID int64, field, requested, note string) (*CorrectionAsked, error) {
	_, ent, err := s.firmOf(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	var corr *models.Correction
	err = s.store.Atomically(ctx, func(ctx context.Context) error {
		var err error
		corr, err = s.store.RequestCorrection(ctx, scope, models.CorrectionRequest{
			EntryID: entryID, Field: field, Requested: requested, Note: note})
		if err != nil {
			return err
		}
		return s.store.Audit(ctx, "firm:"+ent.CreditCode, "correction_requested", ent.CreditCode,
			CorrectionFields[corr.Field]+" → "+corr.RequestedValue)
	})
	if err != nil {
		return nil, err
	}
	return &CorrectionAsked{ID: corr.ID, Status: corr.Status}, nil
}

// Window states of a campaign as the firm's pages name them, and why an
// earlier report was taken back.
const (
	WindowOpen   = "open"
	WindowNotYet = "not_yet"
	WindowClosed = "closed"
	ReturnByUnit = "returned" // a district official returned the survey (退回)
	ReturnReopen = "reopened" // the bureau reopened it
)

// FirmState is where a firm's survey stands, in the words its pages use:
// the campaign's window, and whether an earlier report was taken back (by a
// return or a reopening) and why. Both the questionnaire and /report show it.
type FirmState struct {
	Window   string // WindowOpen, WindowNotYet, WindowClosed
	OpensOn  string // local dates
	ClosesOn string
	// Withdrawn is ReturnByUnit or ReturnReopen while the firm has to change
	// and resubmit; Reason is what the official or the bureau wrote, and
	// EarlierTotal the total of the report that was withdrawn, if known.
	Withdrawn    string
	Reason       string
	WithdrawnAt  *time.Time
	EarlierTotal string
}

// Open reports whether the firm may change its answers now (window only).
func (s FirmState) Open() bool { return s.Window == WindowOpen }

// State reads the state of an entry within scope at now.
func (s *Surveys) State(ctx context.Context, scope Scope, e *RosterEntry, camp *Campaign, now time.Time) (FirmState, error) {
	st := FirmState{Window: WindowOpen, OpensOn: clock.Date(camp.OpensAt),
		ClosesOn: clock.Date(camp.ClosesAt.Add(-time.Second))}
	switch {
	case now.Before(camp.OpensAt):
		st.Window = WindowNotYet
	case !now.Before(camp.ClosesAt):
		st.Window = WindowClosed
	}
	if e.Status == StatusSubmitted || e.ReviewStatus != ReviewReturned {
		return st, nil
	}
	st.Withdrawn, st.Reason = ReturnByUnit, e.ReviewReason
	r, err := s.store.LastWithdrawal(ctx, scope, e.ID)
	if err != nil {
		return st, err
	}
	if r != nil {
		if r.Action == ActionReopen {
			st.Withdrawn = ReturnReopen
		}
		at := r.At
		st.WithdrawnAt = &at
		if r.Total != nil {
			st.EarlierTotal = r.Total.String()
		}
	}
	return st, nil
}
