package stats_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sync"
	"testing"

	"healthcheck/analysis"
	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

// TestStreamGivesEveryFirmInReadOrder: Stream hands fn every firm once, in
// the order the store reads them, each as FirmOf converts its row; an error
// from fn ends the stream with it.
func TestStreamGivesEveryFirmInReadOrder(t *testing.T) {
	ctx := context.Background()
	const stopAt = 261
	store, _, sum := demoCity(t)
	cid, firms := sum.Campaigns[0].ID, sum.Campaigns[0].Firms
	var err error
	var want []*analysis.Firm
	err = store.EachScored(ctx, models.CityScope(), cid, models.FirmFilter{}, func(r *models.FirmRow) error {
		want = append(want, stats.FirmOf(r))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []*analysis.Firm
	if err := stats.Stream(ctx, store, models.CityScope(), cid, models.FirmFilter{}, func(f *analysis.Firm) error {
		got = append(got, f)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != firms || !reflect.DeepEqual(got, want) {
		t.Fatalf("Stream gave %d firms, not the %d read in order", len(got), len(want))
	}

	stop := errors.New("stop here")
	n := 0
	err = stats.Stream(ctx, store, models.CityScope(), cid, models.FirmFilter{}, func(*analysis.Firm) error {
		n++
		if n == stopAt {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != stopAt {
		t.Errorf("after fn failed at firm %d: %v, %d calls", stopAt, err, n)
	}
}

// sharedCity is the demo city of 1,750 firms the package's tests read,
// generated once (under -race a city of a few hundred firms already costs
// tens of seconds of CPU) and removed by TestMain.
type sharedCity struct {
	once  sync.Once
	dir   string
	drop  func() error // the PostgreSQL database, when the tests run on one
	store *models.Store
	defs  *questionnaires.Registry
	sum   *demo.Summary
	err   error
}

var city1750 sharedCity

// demoCity returns the package's demo city; tests only read it.
func demoCity(t testing.TB) (*models.Store, *questionnaires.Registry, *demo.Summary) {
	t.Helper()
	c := &city1750
	c.once.Do(func() { c.err = c.generate() })
	if c.err != nil {
		t.Fatalf("the package's demo city: %v", c.err)
	}
	return c.store, c.defs, c.sum
}

func (c *sharedCity) generate() error {
	ctx := context.Background()
	var err error
	if c.dir, err = os.MkdirTemp("", "stats-test-"); err != nil {
		return err
	}
	dsn, drop, err := testdb.New(c.dir, "s.db")
	if err != nil {
		return err
	}
	c.drop = drop
	if c.store, err = models.Open(ctx, dsn, models.Options{Synchronous: "NORMAL"}); err != nil {
		return err
	}
	if c.defs, err = questionnaires.LoadEmbedded(); err != nil {
		return err
	}
	c.sum, err = demo.Generate(ctx, c.store, c.defs, city.Default(), demo.Options{Firms: 1750, Seed: 1})
	return err
}

// TestMain removes the shared city once every test is done.
func TestMain(m *testing.M) {
	code := m.Run()
	c := &city1750
	if c.store != nil {
		c.store.Close()
	}
	if c.drop != nil {
		if err := c.drop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
	}
	if c.dir != "" {
		os.RemoveAll(c.dir)
	}
	os.Exit(code)
}
