package survey_test

import (
	"context"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
	"healthcheck/testutil/testdb"
)

// BenchmarkReport measures a firm's report over the city's demo (1,750 firms,
// 2019 and 2020), each figure beside a bare baseline over the same rows:
//
//   - bare_rows: reading the firm's stored result and answers (the rows a
//     report starts from), with no decoding;
//   - warm: the whole report with statistics cached, as serve runs (30 s);
//   - bare_peer_rows: streaming the firm's size band and industry rows, with
//     no decoding or statistics;
//   - cold: the whole report computing the band's and industry's statistics
//     afresh (the first report after the cache expires).
//
// go test ./survey -run '^$' -bench Report -benchmem
func BenchmarkReport(b *testing.B) {
	ctx := context.Background()
	store, err := models.Open(ctx, testdb.DSN(b, "bench.db"), models.Options{Synchronous: "NORMAL"})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	sum, err := demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: 1750, Seed: 1, Years: []int{2019, 2020}})
	if err != nil {
		b.Fatal(err)
	}
	pol, err := policies.LoadEmbedded(defs)
	if err != nil {
		b.Fatal(err)
	}
	campaign := sum.Campaigns[len(sum.Campaigns)-1]
	c, err := store.CampaignByID(ctx, campaign.ID)
	if err != nil {
		b.Fatal(err)
	}
	entry, err := store.EntryByCreditCode(ctx, models.CityScope(), campaign.ID, sum.Submitted.CreditCode)
	if err != nil {
		b.Fatal(err)
	}
	scope := models.FirmScope(entry.EnterpriseID)
	service := func(ttl time.Duration) *survey.Service {
		svc := survey.New(store, defs)
		svc.Stats, svc.Policies, svc.ApplyAt = stats.New(store, defs, ttl), pol, city.Default().ServicePlatform
		return svc
	}
	report := func(svc *survey.Service) func(*testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Report(ctx, scope, entry.ID); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("bare_rows", func(b *testing.B) {
		for b.Loop() {
			if _, err := store.Result(ctx, scope, entry.ID); err != nil {
				b.Fatal(err)
			}
			if _, err := store.Answers(ctx, entry.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", report(service(time.Hour)))
	b.Run("bare_peer_rows", func(b *testing.B) {
		for b.Loop() {
			for _, f := range []models.FirmFilter{{Band: entry.Band}, {Industry: entry.Industry}} {
				if err := store.EachFirm(ctx, models.CityScope(), c.ID, f, func(*models.FirmRow) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("cold", report(service(0)))
}
