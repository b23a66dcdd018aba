package stats_test

import (
	"context"
	"testing"
	"time"

	"healthcheck/models"
	"healthcheck/stats"
)

// BenchmarkSnapshotGeneration: what serving a cached snapshot costs now
// that it first reads the statistics generation (several instances), beside
// the generation read alone and computing the snapshot afresh (what the
// cache saves), on the package's 1,750-firm demo city.
//
//	go test ./stats -run '^$' -bench SnapshotGeneration -benchtime 2s
func BenchmarkSnapshotGeneration(b *testing.B) {
	store, defs, sum := demoCity(b)
	ctx := context.Background()
	camp, err := store.CampaignByYear(ctx, sum.Campaigns[0].Year)
	if err != nil {
		b.Fatal(err)
	}
	cached := stats.New(store, defs, time.Hour)
	fresh := stats.New(store, defs, 0)
	b.Run("cached_with_generation_read", func(b *testing.B) {
		for b.Loop() {
			if _, err := cached.Of(ctx, models.CityScope(), camp, models.FirmFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("generation_read_alone", func(b *testing.B) {
		for b.Loop() {
			if _, err := store.Generation(ctx, stats.Generation); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("computed_baseline", func(b *testing.B) {
		for b.Loop() {
			if _, err := fresh.Of(ctx, models.CityScope(), camp, models.FirmFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
