package stats_test

import (
	"context"
	"errors"
	"reflect"
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
	const firms, stopAt = 300, 261
	store, _, sum := demoCity(t, demo.Options{Firms: firms, Seed: 3})
	cid := sum.Campaigns[0].ID
	var err error
	var want []*analysis.Firm
	err = store.EachScored(ctx, models.CityScope(), cid, models.FirmFilter{}, models.Unordered, func(r *models.FirmRow) error {
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

// demoCity generates a demo city in a new database.
func demoCity(t testing.TB, o demo.Options) (*models.Store, *questionnaires.Registry, *demo.Summary) {
	t.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, testdb.DSN(t, "s.db"), models.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := demo.Generate(ctx, store, defs, city.Default(), o)
	if err != nil {
		t.Fatal(err)
	}
	return store, defs, sum
}
