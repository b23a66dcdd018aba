package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"healthcheck/testutil/bigcity"

	_ "github.com/mattn/go-sqlite3"
)

// BenchmarkAnnualReportNational runs `healthcheck report` as a child process
// on a campaign of 500,000 firms (HC_BIGCITY_FIRMS changes the size), and
// reports its time, its CPU time and its peak resident memory (ru_maxrss), beside two bare
// scans in the same run that read, with database/sql and no decoding, the rows
// the report must read: the campaign's roster with its stored results, then
// its answers — one row per answer (bare_scan), or packed one row per firm by
// the database (bare_scan_packed, the fastest way to read them, and the one
// the target is measured against).
//
// The database is made once (about 10–15 minutes) and cached keyed by schema
// version and size (testutil/bigcity): under os.TempDir(), or, when
// HC_TEST_DB names a PostgreSQL server, as a database on it, which the report
// then reads through --db postgres://….
//
//	go test -run '^$' -bench AnnualReportNational -benchtime 1x -count 3 -timeout 2h .
func BenchmarkAnnualReportNational(b *testing.B) {
	firms := 500000
	if s := os.Getenv("HC_BIGCITY_FIRMS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("HC_BIGCITY_FIRMS=%q: a number of firms", s)
		}
		firms = n
	}
	start := time.Now()
	dsn, err := bigcity.Ensure(context.Background(), firms, b.Logf)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("database of %d firms ready in %v: %s", firms, time.Since(start).Round(time.Second), dsn)
	dir := b.TempDir()
	app := buildBinary(b, dir, "healthcheck", ".")
	for _, scan := range []struct {
		name    string
		queries []string
	}{{"bare_scan", []string{bigcity.ScoredRows, bigcity.AnswerRows}},
		{"bare_scan_packed", []string{bigcity.ScoredRows, bigcity.PackedAnswers}}} {
		b.Run(scan.name, func(b *testing.B) {
			before := selfCPU(b)
			for b.Loop() {
				bareScan(b, dsn, scan.queries)
			}
			b.ReportMetric((selfCPU(b)-before).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
	b.Run("report", func(b *testing.B) {
		var peak int64
		var cpu time.Duration
		for b.Loop() {
			out := filepath.Join(dir, "out")
			cmd := exec.Command(app, "report", "--db", dsn, "--campaign", strconv.Itoa(bigcity.Year), "--out", out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("report: %v\n%s", err, msg)
			}
			peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KiB on Linux
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(peak)/1024, "peak-rss-MiB")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	})
}

// bareScan opens the database (the SQLite file read-only) and reads the
// rows into raw bytes.
func bareScan(b *testing.B, dsn string, queries []string) {
	db, err := bigcity.OpenRead(dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	n, err := bigcity.BareScan(context.Background(), db, bigcity.Year, queries...)
	if err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		b.Fatal("the bare scan read no rows")
	}
}

// selfCPU is this process's CPU time so far (user and system), for the bare
// scans' cpu-s/op beside the report's: on a shared machine the CPU time moves
// less than the wall time.
func selfCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
