// Package stats feeds analysis from the store: it streams a campaign's firms
// in a scope into an analysis.Builder and keeps the result for a short while,
// so dashboards, the API, reports and firms' own reports share one snapshot
// and its time ("数据更新于").
package stats

import (
	"context"
	"fmt"
	"sync"
	"time"

	"healthcheck/analysis"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// Snapshot is statistics as computed at At.
type Snapshot struct {
	Stats analysis.Stats
	// Peers are the population's sorted scores, for one firm's standing.
	Peers *analysis.Peers
	At    time.Time

	// gen is the store's statistics generation the snapshot was computed
	// at: a snapshot of an older generation is not served.
	gen int64

	mu   sync.Mutex
	memo map[string]*memoEntry
}

// memoEntry is one derived view, built once.
type memoEntry struct {
	once sync.Once
	v    any
	err  error
}

// Memo returns what build derives from the snapshot (charts, tables, a
// rendered page), building it once per key: derived views live exactly as
// long as the figures they show, so a cached page never outlives its data.
// Concurrent callers of one key wait for its one build; a build may use
// Memo for another key (a page's charts), and a failed build is forgotten
// so the next call tries again.
func (s *Snapshot) Memo(key string, build func() (any, error)) (any, error) {
	s.mu.Lock()
	if s.memo == nil {
		s.memo = map[string]*memoEntry{}
	}
	e, ok := s.memo[key]
	if !ok {
		e = &memoEntry{}
		s.memo[key] = e
	}
	s.mu.Unlock()
	e.once.Do(func() { e.v, e.err = build() })
	if e.err != nil {
		s.mu.Lock()
		if s.memo[key] == e {
			delete(s.memo, key)
		}
		s.mu.Unlock()
		return nil, e.err
	}
	return e.v, nil
}

// Service computes and caches statistics.
type Service struct {
	Store *models.Store
	Defs  *questionnaires.Registry
	// TTL is how long a snapshot is reused; 0 computes every time.
	TTL time.Duration

	mu    sync.Mutex
	cache map[string]*Snapshot
}

// New makes a service whose snapshots live for ttl.
func New(store *models.Store, defs *questionnaires.Registry, ttl time.Duration) *Service {
	return &Service{Store: store, Defs: defs, TTL: ttl, cache: map[string]*Snapshot{}}
}

// Generation names the store's counter (table generations) that a write
// making the snapshots stale bumps, on whichever instance it happens.
const Generation = "stats"

// Of returns the statistics of a campaign's firms in scope that match f.
// A cached snapshot is served only while the store's statistics generation
// is the one it was computed at (one primary-key read), so an instance sees
// another's Invalidate at once.
func (s *Service) Of(ctx context.Context, scope models.Scope, c *models.Campaign, f models.FirmFilter) (*Snapshot, error) {
	key := fmt.Sprintf("%d|%t|%s|%d|%+v", c.ID, scope.IsCity(), scope.District(), scope.EnterpriseID(), f)
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, err
	}
	if snap := s.cached(key, gen); snap != nil {
		return snap, nil
	}
	def, ok := s.Defs.Get(c.QuestionnaireID)
	if !ok {
		return nil, fmt.Errorf("stats: unknown questionnaire %q", c.QuestionnaireID)
	}
	b := analysis.NewBuilder(def)
	peers := analysis.NewPeers()
	err = Stream(ctx, s.Store, scope, c.ID, f, func(firm *analysis.Firm) error {
		b.Add(firm)
		peers.Add(firm)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The generation read before streaming: a bump during it (a write the
	// stream may have missed) makes this snapshot stale at once.
	snap := &Snapshot{Stats: b.Stats(), Peers: peers.Done(), At: time.Now(), gen: gen}
	s.store(key, snap)
	return snap, nil
}

// generation is the store's statistics generation; without a cache it is
// not needed and not read.
func (s *Service) generation(ctx context.Context) (int64, error) {
	if s.TTL <= 0 {
		return 0, nil
	}
	return s.Store.Generation(ctx, Generation)
}

// Invalidate makes every instance's snapshots stale: it bumps the store's
// statistics generation, in the transaction ctx carries when the caller
// made the change in one (models.Store.Atomically), and drops this
// instance's snapshots.
func (s *Service) Invalidate(ctx context.Context) error {
	if err := s.Store.BumpGeneration(ctx, Generation); err != nil {
		return fmt.Errorf("stats: invalidate: %w", err)
	}
	s.Forget()
	return nil
}

// Forget drops this instance's cached snapshots, e.g. after a batch of
// submissions in tests.
func (s *Service) Forget() {
	s.mu.Lock()
	s.cache = map[string]*Snapshot{}
	s.mu.Unlock()
}

func (s *Service) cached(key string, gen int64) *Snapshot {
	if s.TTL <= 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if snap, ok := s.cache[key]; ok && snap.gen == gen && time.Since(snap.At) < s.TTL {
		return snap
	}
	return nil
}

func (s *Service) store(key string, snap *Snapshot) {
	if s.TTL <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) > 1000 { // bound memory when many filters are asked for
		s.cache = map[string]*Snapshot{}
	}
	s.cache[key] = snap
}

// FirmOf converts a stored row for analysis. The store reads the figures
// statistics read from typed columns (total, level, band, dimensions,
// indicators, flags, needs and scenes; not the points or dimension bands),
// so nothing is decoded here.
func FirmOf(row *models.FirmRow) *analysis.Firm {
	f := &analysis.Firm{CreditCode: row.CreditCode, Name: row.Name, District: row.District, Industry: row.Industry,
		Band: row.Band, RevenueWan: row.RevenueWan, Employees: row.Employees, Status: row.Status, ReviewStatus: row.ReviewStatus}
	if row.Status == models.StatusSubmitted {
		f.Result = row.Result
	}
	return f
}
