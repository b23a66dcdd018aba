package report

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"healthcheck/models"
	"healthcheck/testutil/bigcity"
)

// BenchmarkAnnualReport writes the whole report (five files) for the demo
// city of 1,750 firms (2019 and 2020, so with the year-on-year chapter),
// beside bare baselines that read the same rows with database/sql and no
// decoding: the campaign's roster with its stored results, and its answers
// (one row per answer, or packed one row per firm). With HC_NATIONAL=1 it
// also runs in this process at national scale (500,000 firms, or
// HC_BIGCITY_FIRMS, the database cached by testutil/bigcity), which is where
// to take profiles; the figures
// of record come from BenchmarkAnnualReportNational in the main package, which
// runs the command and measures its memory:
//
//	go test ./report -run '^$' -bench AnnualReport/city -benchtime 5x
//	HC_NATIONAL=1 go test ./report -run '^$' -bench AnnualReport/national -benchtime 1x -timeout 60m -cpuprofile cpu.out
func BenchmarkAnnualReport(b *testing.B) {
	b.Run("city_1750", func(b *testing.B) {
		d := demoReport(b)
		benchReport(b, d.src, d.opts)
	})
	if os.Getenv("HC_NATIONAL") == "" {
		return
	}
	b.Run("national", func(b *testing.B) {
		firms := 500000
		if s := os.Getenv("HC_BIGCITY_FIRMS"); s != "" { // as the main package's benchmark: a quicker loop
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				b.Fatalf("HC_BIGCITY_FIRMS=%q: a number of firms", s)
			}
			firms = n
		}
		path, err := bigcity.Ensure(context.Background(), firms, b.Logf)
		if err != nil {
			b.Fatal(err)
		}
		src, err := openSource(path, models.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer src.Store.Close()
		benchReport(b, src, Options{Year: bigcity.Year, Now: fixedNow})
	})
}

func benchReport(b *testing.B, src Source, o Options) {
	ctx := context.Background()
	db, err := src.Store.SQL()
	if err != nil {
		b.Fatal(err)
	}
	for name, answers := range map[string]string{"bare_scan": bigcity.AnswerRows, "bare_scan_packed": bigcity.PackedAnswers} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if n, err := bigcity.BareScan(ctx, db, o.Year, bigcity.ScoredRows, answers); err != nil || n == 0 {
					b.Fatalf("bare scan: %d rows, %v", n, err)
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
