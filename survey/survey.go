// Package survey is the firm's health check as a service: load the
// questionnaire with the saved answers, save drafts, submit and score, and
// read the result back. Handlers and the CLI call it; it holds the rules of
// the flow (window, versions, pledge, completeness) in one place.
package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"healthcheck/apperr"
	"healthcheck/clock"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/stats"
)

// Service runs the survey flow over a store and the questionnaire editions.
type Service struct {
	Store *models.Store
	Defs  *questionnaires.Registry
	Now   func() time.Time

	// For the report; each may be left unset. Stats gives the firm's standing
	// among its peers; Policies the support it may claim, to be applied for
	// at ApplyAt (the city's service platform).
	Stats    *stats.Service
	Policies *policies.Registry
	ApplyAt  string
}

// New makes a service with the real clock.
func New(store *models.Store, defs *questionnaires.Registry) *Service {
	return &Service{Store: store, Defs: defs, Now: time.Now}
}

// Form is what a firm (or an official filling in for it) works on.
type Form struct {
	Entry    *models.RosterEntry
	Campaign *models.Campaign
	Def      *questionnaires.Definition
	Answers  map[string]json.RawMessage // every saved answer, as stored
	// Invalid names the saved answers that break a rule, with the reason
	// shown at each; never nil.
	Invalid questionnaires.FieldErrors
	// Valid are the answers that count (scores, progress, conditions).
	Valid questionnaires.Answers
}

// Load returns the entry's questionnaire and saved answers, the invalid
// ones marked.
func (s *Service) Load(ctx context.Context, scope models.Scope, entryID int64) (*Form, error) {
	e, c, def, err := s.open(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	stored, err := s.Store.Answers(ctx, entryID)
	if err != nil {
		return nil, err
	}
	answers := make(map[string]json.RawMessage, len(stored))
	for id, v := range stored {
		answers[id] = v
	}
	dr := def.DecodeStored(stored)
	return &Form{Entry: e, Campaign: c, Def: def, Answers: answers, Invalid: dr.Invalid, Valid: dr.Answers}, nil
}

// open finds an entry in scope, its campaign and the edition it pins.
func (s *Service) open(ctx context.Context, scope models.Scope, entryID int64) (*models.RosterEntry, *models.Campaign, *questionnaires.Definition, error) {
	e, c, err := s.Store.Entry(ctx, scope, entryID)
	if err != nil {
		return nil, nil, nil, err
	}
	def, err := s.definition(c)
	if err != nil {
		return nil, nil, nil, err
	}
	return e, c, def, nil
}

func (s *Service) definition(c *models.Campaign) (*questionnaires.Definition, error) {
	def, ok := s.Defs.Get(c.QuestionnaireID)
	if !ok {
		return nil, fmt.Errorf("survey: campaign %d pins questionnaire %q, which this program lacks", c.Year, c.QuestionnaireID)
	}
	return def, nil
}

// Saved is an accepted save: the new version, and the answers kept that
// break a rule, each with its reason (an empty object when none).
type Saved struct {
	Version int                        `json:"version"`
	SavedAt time.Time                  `json:"saved_at"`
	Invalid questionnaires.FieldErrors `json:"invalid"`
}

// Save replaces the saved answer set with a (possibly incomplete) new one,
// if version is the one the client last saw. Everything typed is kept,
// including values that break a rule (listed in Saved.Invalid); a malformed
// value refuses the whole save and stores nothing.
func (s *Service) Save(ctx context.Context, scope models.Scope, entryID int64, version int,
	raw map[string]json.RawMessage, filledBy string) (*Saved, error) {
	e, c, def, err := s.open(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	if err := s.writable(e, c, version); err != nil {
		return nil, err
	}
	dr, malformed := def.ParseAnswers(raw)
	if malformed != nil {
		return nil, apperr.WithFields("部分答案格式有误，本次未保存，请按提示修改", malformed)
	}
	v, at, err := s.Store.SaveAnswers(ctx, scope, models.Save{EntryID: entryID, Version: version,
		Answers: dr.Stored(def), Progress: Progress(def, dr.Answers), FilledBy: filledBy})
	if err != nil {
		return nil, err
	}
	return &Saved{Version: v, SavedAt: at, Invalid: dr.Invalid}, nil
}

// writable checks the window, the status and the version before any write.
func (s *Service) writable(e *models.RosterEntry, c *models.Campaign, version int) error {
	if e.Status == models.StatusSubmitted {
		return apperr.New(apperr.Conflict, "问卷已提交，答案只读")
	}
	if !c.Open(s.Now()) {
		return closedError(c)
	}
	if version != e.Version {
		return apperr.New(apperr.Conflict, "答案已在其他页面或设备上更新（当前版本 %d），请刷新后再编辑", e.Version)
	}
	return nil
}

func closedError(c *models.Campaign) error {
	return apperr.New(apperr.Closed, "%d 年度体检填报时间为 %s 至 %s，当前不在填报时间内",
		c.Year, clock.Date(c.OpensAt), clock.Date(c.ClosesAt.Add(-time.Second)))
}

// Progress is the percent of required, applicable questions validly answered.
func Progress(def *questionnaires.Definition, a questionnaires.Answers) int {
	required, done := 0, 0
	for _, q := range def.Questions() {
		if !q.Required || !def.Applies(q, a) {
			continue
		}
		required++
		if _, ok := a[q.ID]; ok {
			done++
		}
	}
	if required == 0 {
		return 100
	}
	return done * 100 / required
}

// Submit scores the saved answers and stores the result. Submitting again
// returns the stored result and changes nothing.
func (s *Service) Submit(ctx context.Context, scope models.Scope, entryID int64, version int,
	pledge bool, filledBy string) (*Outcome, error) {
	return s.SubmitAs(ctx, scope, entryID, version, pledge, By{FilledBy: filledBy})
}

// By is who submits and what is recorded with the submission, in its
// transaction: the official filling in (代填) and their review line, and
// the audit line. Each may be left unset. AuditFor, when set, makes the
// audit line from the entry once it is read, for lines that name the firm
// (a firm's own submit), so the entry is not read twice.
type By struct {
	FilledBy string
	Review   *models.Review
	Audit    *models.AuditEntry
	AuditFor func(ctx context.Context, e *models.RosterEntry) (*models.AuditEntry, error)
}

// SubmitAs is Submit with the submission's records: they are stored with
// the result or not at all, and not again on a repeated submit.
func (s *Service) SubmitAs(ctx context.Context, scope models.Scope, entryID int64, version int,
	pledge bool, by By) (*Outcome, error) {
	e, c, def, err := s.open(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	if e.Status == models.StatusSubmitted {
		return s.storedOutcome(ctx, scope, entryID)
	}
	if err := s.writable(e, c, version); err != nil {
		return nil, err
	}
	if by.AuditFor != nil {
		if by.Audit, err = by.AuditFor(ctx, e); err != nil {
			return nil, err
		}
	}
	stored, err := s.Store.Answers(ctx, entryID)
	if err != nil {
		return nil, err
	}
	dr := def.DecodeStored(stored)
	unfinished := def.Unfinished(dr)
	if !pledge {
		unfinished["pledge"] = "请阅读并勾选真实性承诺"
	}
	if len(unfinished) > 0 {
		return nil, apperr.WithFields(unfinishedMessage(len(dr.Invalid)), unfinished)
	}
	res, row, err := scoreRow(def, c, e, dr.Answers)
	if err != nil {
		return nil, err
	}
	at, err := s.Store.Submit(ctx, scope, models.Submission{EntryID: entryID, Version: version, FilledBy: by.FilledBy, Result: *row,
		Review: by.Review, Audit: by.Audit})
	if apperr.Is(err, apperr.Conflict) {
		// A concurrent submit won the race: answer as a repeated submit would.
		if cur, _, gerr := s.Store.Entry(ctx, scope, entryID); gerr == nil && cur.Status == models.StatusSubmitted {
			return s.storedOutcome(ctx, scope, entryID)
		}
	}
	if err != nil {
		return nil, err
	}
	// What was stored is what was just scored: no need to read it back.
	e.Status, e.SubmittedAt = models.StatusSubmitted, &at
	return s.outcome(ctx, e, def, res)
}

// unfinishedMessage is the reason a submit is refused.
func unfinishedMessage(invalid int) string {
	if invalid > 0 {
		return fmt.Sprintf("问卷尚未完成：有 %d 个答案不符合要求，请修改并补全标出的题目", invalid)
	}
	return "问卷尚未完成，请补全标出的题目"
}

// storedOutcome is the outcome of an already submitted survey.
func (s *Service) storedOutcome(ctx context.Context, scope models.Scope, entryID int64) (*Outcome, error) {
	e, _, def, err := s.open(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	res, err := s.storedResult(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	return s.outcome(ctx, e, def, res)
}

// scoreRow scores answers with the entry's roster facts: the result and the
// row that stores it.
func scoreRow(def *questionnaires.Definition, c *models.Campaign, e *models.RosterEntry,
	answers questionnaires.Answers) (questionnaires.Result, *models.ResultRow, error) {
	res := def.Score(answers, questionnaires.Facts{RevenueWan: e.RevenueWan})
	row, err := models.NewResult(c.ID, res)
	return res, row, err
}

// Rescorer recomputes the stored results of a campaign's submitted surveys
// when their roster facts change (a re-import or an accepted correction of
// the revenue moves the size band and the investment intensity).
func (s *Service) Rescorer(c *models.Campaign) (models.Rescorer, error) {
	def, err := s.definition(c)
	if err != nil {
		return nil, err
	}
	return func(e *models.RosterEntry, stored map[string][]byte) (*models.ResultRow, error) {
		_, row, err := scoreRow(def, c, e, def.DecodeStored(stored).Answers)
		return row, err
	}, nil
}
