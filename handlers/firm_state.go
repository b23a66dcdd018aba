package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/clock"
	"healthcheck/models"
)

// Window states of a campaign as the firm's pages name them.
const (
	windowOpen   = "open"
	windowNotYet = "not_yet"
	windowClosed = "closed"
	returnByUnit = "returned" // a district official returned the survey (退回)
	returnReopen = "reopened" // the bureau reopened it
)

// firmState is where a firm's survey stands, in the words its pages use:
// the campaign's window, and whether an earlier report was taken back (by a
// return or a reopening) and why. Both the questionnaire and /report show it.
type firmState struct {
	Window   string // windowOpen, windowNotYet, windowClosed
	OpensOn  string // local dates
	ClosesOn string
	// Withdrawn is returnByUnit or returnReopen while the firm has to change
	// and resubmit; Reason is what the official or the bureau wrote, and
	// EarlierTotal the total of the report that was withdrawn, if known.
	Withdrawn    string
	Reason       string
	WithdrawnAt  *time.Time
	EarlierTotal string
}

// stateOf reads the state of an entry within scope at now.
func (h *handler) stateOf(c *fiber.Ctx, scope models.Scope, e *models.RosterEntry, camp *models.Campaign, now time.Time) (firmState, error) {
	st := firmState{Window: windowOpen, OpensOn: clock.Date(camp.OpensAt),
		ClosesOn: clock.Date(camp.ClosesAt.Add(-time.Second))}
	switch {
	case now.Before(camp.OpensAt):
		st.Window = windowNotYet
	case !now.Before(camp.ClosesAt):
		st.Window = windowClosed
	}
	if e.Status == models.StatusSubmitted || e.ReviewStatus != models.ReviewReturned {
		return st, nil
	}
	st.Withdrawn, st.Reason = returnByUnit, e.ReviewReason
	r, err := h.Store.LastWithdrawal(c.UserContext(), scope, e.ID)
	if err != nil {
		return st, err
	}
	if r != nil {
		if r.Action == models.ActionReopen {
			st.Withdrawn = returnReopen
		}
		at := r.At
		st.WithdrawnAt = &at
		if r.Total != nil {
			st.EarlierTotal = r.Total.String()
		}
	}
	return st, nil
}

// Open reports whether the firm may change its answers now (window only).
func (s firmState) Open() bool { return s.Window == windowOpen }
