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

// Of returns the statistics of a campaign's firms in scope that match f.
func (s *Service) Of(ctx context.Context, scope models.Scope, c *models.Campaign, f models.FirmFilter) (*Snapshot, error) {
	key := fmt.Sprintf("%d|%t|%s|%d|%+v", c.ID, scope.IsCity(), scope.District(), scope.EnterpriseID(), f)
	if snap := s.cached(key); snap != nil {
		return snap, nil
	}
	def, ok := s.Defs.Get(c.QuestionnaireID)
	if !ok {
		return nil, fmt.Errorf("stats: unknown questionnaire %q", c.QuestionnaireID)
	}
	b := analysis.NewBuilder(def)
	peers := analysis.NewPeers()
	err := Stream(ctx, s.Store, scope, c.ID, f, func(firm *analysis.Firm) error {
		b.Add(firm)
		peers.Add(firm)
		return nil
	})
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Stats: b.Stats(), Peers: peers.Done(), At: time.Now()}
	s.store(key, snap)
	return snap, nil
}

// Forget drops cached snapshots, e.g. after a batch of submissions in tests.
func (s *Service) Forget() {
	s.mu.Lock()
	s.cache = map[string]*Snapshot{}
	s.mu.Unlock()
}

func (s *Service) cached(key string) *Snapshot {
	if s.TTL <= 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if snap, ok := s.cache[key]; ok && time.Since(snap.At) < s.TTL {
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
