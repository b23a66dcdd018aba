package report

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"healthcheck/models"
)

// BenchmarkAnnualReport writes the whole report (four files) for the demo
// city of 1,750 firms (2019 and 2020, so with the year-on-year chapter),
// beside a bare baseline that reads the same rows with database/sql and no
// decoding: the campaign's roster with its stored results, and its answers.
// With HC_NATIONAL_DB set to a database made by TestMakeNationalDB it also
// runs at national scale:
//
//	go test ./report -run '^$' -bench AnnualReport -benchtime 5x
//	HC_NATIONAL_DB=/tmp/national.db go test ./report -run '^$' -bench AnnualReport/national -benchtime 1x -timeout 60m
func BenchmarkAnnualReport(b *testing.B) {
	b.Run("city_1750", func(b *testing.B) {
		d := demoReport(b)
		benchReport(b, d.src, d.opts)
	})
	if path := os.Getenv(nationalDBEnv); path != "" {
		b.Run("national", func(b *testing.B) {
			src, err := openSource(path, models.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer src.Store.Close()
			benchReport(b, src, Options{Year: 2020, Now: fixedNow})
		})
	}
}

func benchReport(b *testing.B, src Source, o Options) {
	ctx := context.Background()
	c, err := src.Store.CampaignByYear(ctx, o.Year)
	if err != nil {
		b.Fatal(err)
	}
	for name, queries := range map[string][]string{"bare_scan": rowQueries, "bare_scan_packed": packedQueries} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if n := bareScan(b, src.Store, c.ID, queries); n == 0 {
					b.Fatal("no rows")
				}
			}
		})
	}
	b.Run("report", func(b *testing.B) {
		dir := b.TempDir()
		for b.Loop() {
			if err := Generate(ctx, src, o, filepath.Join(dir, "out")); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The baselines read, with database/sql and no decoding, the rows the report
// reads: every roster entry of the campaign with its enterprise and stored
// result, then its answers, either one row per answer (rowQueries) or packed
// one row per firm as the report reads them (packedQueries).
var (
	firmRows = `SELECT e.id, en.credit_code, e.name, e.district, e.industry, e.revenue_wan, e.employees, e.band, e.status,
		e.review_status, r.detail
		FROM roster_entries e JOIN enterprises en ON en.id = e.enterprise_id LEFT JOIN results r ON r.entry_id = e.id
		WHERE e.campaign_id = ?`
	rowQueries = []string{firmRows, `SELECT a.entry_id, a.question_id, a.value FROM answers a
		JOIN roster_entries e ON e.id = a.entry_id WHERE e.campaign_id = ?`}
	packedQueries = []string{firmRows, `SELECT e.id, (SELECT string_agg(a.question_id || '=' || a.value, ';')
		FROM answers a WHERE a.entry_id = e.id) FROM roster_entries e WHERE e.campaign_id = ? ORDER BY e.enterprise_id`}
)

// bareScan runs the queries into raw bytes and returns the number of rows.
func bareScan(b *testing.B, store *models.Store, campaignID int64, queries []string) int {
	db, err := store.SQL()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, q := range queries {
		rows, err := db.Query(q, campaignID)
		if err != nil {
			b.Fatal(err)
		}
		cols, _ := rows.Columns()
		raw := make([]any, len(cols))
		for i := range raw {
			raw[i] = new([]byte)
		}
		for rows.Next() {
			if err := rows.Scan(raw...); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
	}
	return n
}
