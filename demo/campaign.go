package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/survey"
)

// Survey states the demo gives a firm in a campaign.
const (
	notStarted = iota
	draft
	submitted
)

// run carries one Generate call.
type run struct {
	st    streams
	now   time.Time // when the demo is made
	store *models.Store
	svc   *survey.Service
	def   *questionnaires.Definition
	cfg   *city.Config
	firms []*firm
	o     Options

	// per campaign, in year order
	states  [][]int
	invites [][]models.IssuedInvite
}

// campaign creates year's campaign (index k), its roster, answers and codes.
func (r *run) campaign(ctx context.Context, k, year int) (CampaignSummary, error) {
	w := campaignWindow(year, k == len(r.o.Years)-1, r.now)
	// The firms answer on a clock inside the window, whatever the window's
	// year; the times stored are then set by the timeline.
	r.svc.Now = func() time.Time { return w.to.Add(-time.Second) }
	c, err := r.createCampaign(ctx, year, w)
	if err != nil {
		return CampaignSummary{}, err
	}
	cs := CampaignSummary{Year: year, ID: c.ID, Title: c.Title, Firms: len(r.firms)}
	states := r.plan(k, year)
	r.states = append(r.states, states)
	var refs map[string]entryRef
	if len(r.firms) > 0 {
		if err := r.store.UpsertRoster(ctx, c.ID, rosterInputs(r.firms, r.def, k)); err != nil {
			return cs, err
		}
		if refs, err = r.fill(ctx, c.ID, k, year, states); err != nil {
			return cs, err
		}
	}
	inv, err := r.store.IssueInvites(ctx, models.CityScope(), c.ID, false)
	if err != nil {
		return cs, err
	}
	r.invites = append(r.invites, inv)
	if len(r.firms) > 0 {
		stamps, reviewed, err := r.stamps(w, k == len(r.o.Years)-1, year, states, refs)
		if err != nil {
			return cs, err
		}
		if err := r.store.Restamp(ctx, stamps); err != nil {
			return cs, err
		}
		if err := r.store.RecordApprovals(ctx, approvals(stamps, reviewed, r.districtsOf(refs))); err != nil {
			return cs, err
		}
	}
	for _, s := range states {
		switch s {
		case submitted:
			cs.Submitted++
		case draft:
			cs.Drafts++
		}
	}
	return cs, nil
}

// createCampaign stores the campaign with the window w (campaignWindow).
func (r *run) createCampaign(ctx context.Context, year int, w window) (*models.Campaign, error) {
	c := &models.Campaign{Year: year, Title: fmt.Sprintf("%d年度%s制造业数字化转型集体体检", year, r.cfg.Name),
		QuestionnaireID: QuestionnaireID, OpensAt: w.opens, ClosesAt: w.closes,
		MinRevenueWan: minRevenueWan * 100}
	if err := r.store.CreateCampaign(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// plan decides who submits, who leaves a draft and who has not started, in
// exact shares. More mature firms are a little more likely to respond, and
// the firms closest to responding are the ones with drafts.
func (r *run) plan(k, year int) []int {
	n := len(r.firms)
	rnd := r.st.of(-1, fmt.Sprintf("states/%d", year))
	keys := make([]float64, n)
	order := make([]int, n)
	for i, f := range r.firms {
		keys[i] = rnd.Float64() + 0.3*(f.p(k)-0.5)
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case keys[a] > keys[b]:
			return -1
		case keys[a] < keys[b]:
			return 1
		}
		return a - b
	})
	nSub := int(math.Round(float64(n) * r.o.Responded))
	nDraft := int(math.Round(float64(n-nSub) * r.o.DraftShare))
	states := make([]int, n)
	for rank, i := range order {
		switch {
		case rank < nSub:
			states[i] = submitted
		case rank < nSub+nDraft:
			states[i] = draft
		}
	}
	return states
}

// entryRef locates a firm's roster entry.
type entryRef struct{ entry, enterprise int64 }

// fill saves and submits the planned answers through the survey service, on
// a few workers: the database takes one write at a time, but the reads,
// validation and scoring around each write run side by side. Every firm's
// answers depend only on the seed, so the order of work changes nothing
// stored but timestamps.
func (r *run) fill(ctx context.Context, campaignID int64, k, year int, states []int) (map[string]entryRef, error) {
	refs, err := r.entries(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers(); w++ {
		wg.Go(func() {
			for i := range jobs {
				if err := r.answer(ctx, refs[r.firms[i].code], i, k, year, states[i]); err != nil {
					cancel(fmt.Errorf("demo: %d %s: %w", year, r.firms[i].name, err))
				}
			}
		})
	}
feed:
	for i, s := range states {
		if s == notStarted {
			continue
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return refs, context.Cause(ctx)
}

// workers: a few more than the processors, since each job also waits on
// the single writer.
func workers() int { return min(8, runtime.GOMAXPROCS(0)+2) }

// districtsOf maps the campaign's entries to their firms' districts, whose
// officials review them.
func (r *run) districtsOf(refs map[string]entryRef) map[int64]string {
	out := make(map[int64]string, len(refs))
	for _, f := range r.firms {
		out[refs[f.code].entry] = f.district
	}
	return out
}

func (r *run) entries(ctx context.Context, campaignID int64) (map[string]entryRef, error) {
	refs := make(map[string]entryRef, len(r.firms))
	err := r.store.EachFirm(ctx, models.CityScope(), campaignID, models.FirmFilter{}, func(row *models.FirmRow) error {
		refs[row.CreditCode] = entryRef{row.EntryID, row.EnterpriseID}
		return nil
	})
	return refs, err
}

// answer does what the firm does: save its answers (all of them, or part of
// them for a draft), then submit with the truthfulness pledge.
func (r *run) answer(ctx context.Context, ref entryRef, i, k, year, state int) error {
	if ctx.Err() != nil {
		return nil // another job failed; its error is the one reported
	}
	f := r.firms[i]
	all := answers(r.st, f, k, year)
	share := 1.0
	if state == draft {
		share = 0.3 + 0.5*r.st.of(f.idx, fmt.Sprintf("draft/%d", year)).Float64()
	}
	scope := models.FirmScope(ref.enterprise)
	saved, err := r.svc.Save(ctx, scope, ref.entry, 0, encode(r.def, all, share), "")
	if err != nil || state != submitted {
		return err
	}
	_, err = r.svc.Submit(ctx, scope, ref.entry, saved.Version, true, "")
	return err
}

// encode turns answers into the JSON a browser would send. A draft keeps the
// first share of them in form order, as people fill a form from the top.
func encode(def *questionnaires.Definition, all map[string]any, share float64) map[string]json.RawMessage {
	var ids []string
	for _, q := range def.Questions() {
		if _, ok := all[q.ID]; ok {
			ids = append(ids, q.ID)
		}
	}
	ids = ids[:max(1, int(math.Round(float64(len(ids))*share)))]
	raw := make(map[string]json.RawMessage, len(ids))
	for _, id := range ids {
		b, err := json.Marshal(all[id])
		if err != nil {
			panic(fmt.Sprintf("demo: encode %s: %v", id, err)) // only our own plain values get here
		}
		raw[id] = b
	}
	return raw
}

// samples picks the firms whose logins the summary shows, in roster order.
func (r *run) samples() (pending, done *FirmLogin) {
	last := len(r.states) - 1
	if last < 0 || len(r.firms) == 0 {
		return nil, nil
	}
	codes := map[string]string{}
	for _, inv := range r.invites[last] {
		codes[inv.CreditCode] = inv.Code
	}
	login := func(i int) *FirmLogin {
		f := r.firms[i]
		return &FirmLogin{CreditCode: f.code, Name: f.name, District: f.district, InviteCode: codes[f.code]}
	}
	pend := r.firstWhere(func(i int) bool { return r.states[last][i] == notStarted })
	if pend < 0 {
		pend = r.firstWhere(func(i int) bool { return r.states[last][i] == draft })
	}
	sub := r.firstWhere(func(i int) bool { return r.submittedEvery(i) })
	if sub < 0 {
		sub = r.firstWhere(func(i int) bool { return r.states[last][i] == submitted })
	}
	if pend >= 0 {
		pending = login(pend)
	}
	if sub >= 0 {
		done = login(sub)
	}
	return pending, done
}

func (r *run) firstWhere(ok func(int) bool) int {
	for i := range r.firms {
		if ok(i) {
			return i
		}
	}
	return -1
}

func (r *run) submittedEvery(i int) bool {
	for _, s := range r.states {
		if s[i] != submitted {
			return false
		}
	}
	return true
}
