package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"healthcheck/clock"
	"healthcheck/models"
)

// A demo campaign reads like a real year: the bureau opens it on 1 April and
// closes it at the end of June, invitations go out the week before, and the
// firms answer in office hours on working days, a fifth of them in the first
// weeks and the rest gathering towards the deadline, and the districts
// approve each submission a day to a week later (docs/demo.md). The firms
// really answer in seconds, through the survey service; the times are then
// written as they would have been (models.Store.Restamp), and the approvals
// recorded at theirs (models.Store.RecordApprovals).

// Fieldwork months of a campaign: from the first day of opensMonth to the
// last day of lastMonth.
const (
	opensMonth = time.April
	lastMonth  = time.June
	// earlyShare answer soon after the invitation; the others' answers
	// gather towards the deadline.
	earlyShare = 0.2
)

// window is a demo campaign's dates.
type window struct {
	// opens and closes are the campaign's stored window.
	opens, closes time.Time
	// from and to bound the activity stamped: the fieldwork, or the part of
	// it that has already happened.
	from, to time.Time
}

// campaignWindow is year's window as seen at now. The latest campaign stays
// open past its fieldwork (to the end of next year) when that is over, so
// the printed firm login can still try the survey; its data is stamped
// within the fieldwork all the same.
func campaignWindow(year int, latest bool, now time.Time) window {
	from := time.Date(year, opensMonth, 1, 0, 0, 0, 0, clock.Zone)
	end := time.Date(year, lastMonth+1, 1, 0, 0, 0, 0, clock.Zone)
	if from.After(now) { // a future year: open from the start of this one
		from = time.Date(clock.Local(now).Year(), time.January, 1, 0, 0, 0, 0, clock.Zone)
	}
	w := window{opens: from, closes: end, from: from, to: end}
	if now.Before(end) {
		w.to = now
	}
	if latest && !now.Before(end) {
		w.closes = time.Date(clock.Local(now).Year()+2, time.January, 1, 0, 0, 0, 0, clock.Zone)
	}
	return w
}

// answeredAt draws when a firm answered, as the fraction t of the window: an
// early responder within its first third, anyone else with t³ as the share
// done by t (half of them in the last fifth).
func answeredAt(r *rand.Rand) float64 {
	if r.Float64() < earlyShare {
		return r.Float64() / 3
	}
	return math.Cbrt(r.Float64())
}

// officeTime places the fraction t of the window on a working day between
// 8:30 and 18:00, inside the window.
func (w window) officeTime(r *rand.Rand, t float64) time.Time {
	days := int(w.to.Sub(w.from).Hours() / 24)
	day := clock.Local(w.from).AddDate(0, 0, min(int(t*float64(days)), max(days-1, 0)))
	switch day.Weekday() {
	case time.Saturday:
		day = day.AddDate(0, 0, -1)
	case time.Sunday:
		if day.AddDate(0, 0, 1).Before(w.to) {
			day = day.AddDate(0, 0, 1)
		} else { // the fieldwork ends on a Sunday: the Friday before
			day = day.AddDate(0, 0, -2)
		}
	}
	office := time.Duration(r.Float64() * float64(9*time.Hour+30*time.Minute))
	at := day.Add(8*time.Hour + 30*time.Minute + office).Truncate(time.Second)
	if at.Before(w.from) {
		at = w.from.Add(9 * time.Hour)
	}
	if !at.Before(w.to) { // today, in a fieldwork not over yet
		at = w.to.Add(-time.Duration(1+r.IntN(120)) * time.Minute)
	}
	return at
}

// reviewWithin is how long after its fieldwork an earlier campaign's
// reviews went on; the latest campaign's late submissions are still pending.
const reviewWithin = 14 * 24 * time.Hour

// reviewedAt is when the district approved a submission, one to seven days
// after it, in office hours on a working day; zero when that is not before
// limit (the review is still to come).
func reviewedAt(r *rand.Rand, submitted, limit time.Time) time.Time {
	day := clock.Local(submitted).AddDate(0, 0, 1+r.IntN(7))
	switch day.Weekday() {
	case time.Saturday:
		day = day.AddDate(0, 0, 2)
	case time.Sunday:
		day = day.AddDate(0, 0, 1)
	}
	y, m, d := day.Date()
	at := time.Date(y, m, d, 9, 0, 0, 0, clock.Zone).Add(time.Duration(r.IntN(8*60)) * time.Minute)
	if !at.Before(limit) {
		return time.Time{}
	}
	return at
}

// stamps are the times of the campaign's entries: every firm invited the
// week before the opening, drafts last saved and surveys submitted (a few
// minutes after their last save) within the window, and the districts'
// approvals of the submissions (all of an earlier campaign's, the latest's
// but for those of its last days).
func (r *run) stamps(w window, latest bool, year int, states []int, refs map[string]entryRef) ([]models.Stamp, []time.Time, error) {
	limit := w.to
	if !latest {
		limit = w.to.Add(reviewWithin)
	}
	if limit.After(r.now) {
		limit = r.now
	}
	invited := w.from.AddDate(0, 0, -5).Add(10 * time.Hour)
	out := make([]models.Stamp, 0, len(r.firms))
	reviewed := make([]time.Time, len(r.firms))
	for i, f := range r.firms {
		ref, ok := refs[f.code]
		if !ok {
			return nil, nil, fmt.Errorf("demo: %s has no roster entry in %d", f.name, year)
		}
		st := models.Stamp{EntryID: ref.entry, InvitedAt: invited}
		rnd := r.st.of(f.idx, fmt.Sprintf("timeline/%d", year))
		switch states[i] {
		case submitted:
			st.SubmittedAt = w.officeTime(rnd, answeredAt(rnd))
			st.SavedAt = st.SubmittedAt.Add(-time.Duration(3+rnd.IntN(57)) * time.Minute)
			reviewed[i] = reviewedAt(rnd, st.SubmittedAt, limit)
		case draft:
			st.SavedAt = w.officeTime(rnd, answeredAt(rnd))
		}
		out = append(out, st)
	}
	return out, reviewed, nil
}

// approvals are the districts' approvals the stamps plan, each by the
// official of the firm's district.
func approvals(stamps []models.Stamp, reviewed []time.Time, district map[int64]string) []models.Approval {
	var out []models.Approval
	for i, st := range stamps {
		if !reviewed[i].IsZero() {
			out = append(out, models.Approval{EntryID: st.EntryID, Actor: "district-" + district[st.EntryID], At: reviewed[i]})
		}
	}
	return out
}
