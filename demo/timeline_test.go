package demo

import (
	"context"
	"testing"
	"time"

	"healthcheck/clock"
	"healthcheck/models"
)

// TestCampaignsReadLikeARealYear: each campaign's saves and submissions lie
// in its April–June fieldwork, on working days in office hours, spread over
// many days and gathering towards the deadline; invitations go out before
// the opening. The earlier campaign is closed, the latest stays open so the
// demo's firm login can try the survey. The districts approved every
// submission of the earlier campaign and the latest's but for its last days,
// a day to a week after each.
func TestCampaignsReadLikeARealYear(t *testing.T) {
	store, sum := generate(t, Options{Firms: 300, Seed: 4, Years: []int{2019, 2020}})
	ctx := context.Background()
	for _, cs := range sum.Campaigns {
		c, err := store.CampaignByYear(ctx, cs.Year)
		if err != nil {
			t.Fatal(err)
		}
		from := time.Date(cs.Year, time.April, 1, 0, 0, 0, 0, clock.Zone)
		end := time.Date(cs.Year, time.July, 1, 0, 0, 0, 0, clock.Zone)
		latest := cs.Year == 2020
		if !c.OpensAt.Equal(from) || latest == c.ClosesAt.Equal(end) || (latest && !c.Open(time.Now())) {
			t.Errorf("%d: window %s – %s", cs.Year, c.OpensAt, c.ClosesAt)
		}
		days := map[string]int{}
		late, submitted, approved := 0, 0, 0
		err = store.EachFirm(ctx, models.CityScope(), c.ID, models.FirmFilter{}, func(r *models.FirmRow) error {
			if r.InviteIssuedAt == nil || !r.InviteIssuedAt.Before(from) {
				t.Errorf("%d %s: invited %v, want before the opening", cs.Year, r.Name, r.InviteIssuedAt)
			}
			for _, at := range []*time.Time{r.SavedAt, r.SubmittedAt} {
				if at == nil {
					continue
				}
				local := clock.Local(*at)
				hour := float64(local.Hour()) + float64(local.Minute())/60
				if at.Before(from) || !at.Before(end) || local.Weekday() == time.Saturday || local.Weekday() == time.Sunday ||
					hour < 7.5 || hour >= 18 {
					t.Errorf("%d %s: %s is outside the fieldwork's office hours", cs.Year, r.Name, local)
				}
			}
			if r.Status == models.StatusSubmitted {
				submitted++
				days[clock.Date(*r.SubmittedAt)]++
				if r.SavedAt == nil || !r.SavedAt.Before(*r.SubmittedAt) {
					t.Errorf("%d %s: last saved %v, submitted %v", cs.Year, r.Name, r.SavedAt, r.SubmittedAt)
				}
				if !r.SubmittedAt.Before(end.AddDate(0, 0, -28)) {
					late++
				}
				if r.ReviewStatus == models.ReviewApproved {
					approved++
					checkReview(t, store, r, end.AddDate(0, 0, 14))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if submitted != cs.Submitted || len(days) < 30 {
			t.Errorf("%d: %d submissions on %d days, want %d spread over the fieldwork", cs.Year, submitted, len(days), cs.Submitted)
		}
		if pending := submitted - approved; latest && (pending == 0 || pending > submitted/3) || !latest && pending != 0 {
			t.Errorf("%d: %d of %d submissions still pending review", cs.Year, pending, submitted)
		}
		if share := float64(late) / float64(submitted); share < 0.4 || share > 0.75 {
			t.Errorf("%d: %.0f%% submitted in the last four weeks, want most but not all", cs.Year, share*100)
		}
	}
}

// checkReview: an approval is the district's, a day to a week after the
// submission and before limit, and its audit line has its time.
func checkReview(t *testing.T, store *models.Store, r *models.FirmRow, limit time.Time) {
	t.Helper()
	rs, err := store.Reviews(context.Background(), models.CityScope(), r.EntryID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("%s: reviews %v %v", r.Name, rs, err)
	}
	at := rs[0].At
	if rs[0].Actor != "district-"+r.District || at.Sub(*r.SubmittedAt) < 12*time.Hour || at.Sub(*r.SubmittedAt) > 10*24*time.Hour ||
		!at.Before(limit) {
		t.Errorf("%s: submitted %s, approved %s by %s", r.Name, r.SubmittedAt, at, rs[0].Actor)
	}
}
