package stats_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"healthcheck/analysis"
	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/stats"
)

// TestStreamDecodesInParallelInReadOrder: Stream hands fn every firm once, in
// the order the database reads them (several decoding batches in flight),
// each as FirmOf decodes its row; an error from fn ends the stream with it.
func TestStreamDecodesInParallelInReadOrder(t *testing.T) {
	ctx := context.Background()
	store, err := models.Open(ctx, filepath.Join(t.TempDir(), "s.db"), models.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	firms := 3*stats.BatchSize + 17 // batches in flight, and a partial last one
	sum, err := demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: firms, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	cid := sum.Campaigns[0].ID
	var want []*analysis.Firm
	err = store.EachScored(ctx, models.CityScope(), cid, models.FirmFilter{}, models.Unordered, func(r *models.FirmRow) error {
		f, err := stats.FirmOf(r)
		want = append(want, f)
		return err
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
		if n == stats.BatchSize+5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != stats.BatchSize+5 {
		t.Errorf("after fn failed at firm %d: %v, %d calls", stats.BatchSize+5, err, n)
	}
}
