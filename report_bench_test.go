package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"healthcheck/report"
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
// version and size (testutil/bigcity): in ~/.cache/healthcheck-bigcity, or, when
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
	var scanWall float64
	scanCPU := map[string]float64{} // each bare scan's, for the floors
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
			before, start := selfCPU(b), time.Now()
			for b.Loop() {
				bareScan(b, dsn, scan.queries)
			}
			cpu := (selfCPU(b) - before).Seconds() / float64(b.N)
			b.ReportMetric(cpu, "cpu-s/op")
			scanCPU[scan.name] = cpu
			if scan.name == "bare_scan" {
				scanWall = time.Since(start).Seconds() / float64(b.N)
			}
		})
	}
	out := filepath.Join(dir, "out") // the last report's files, which the bare write copies
	var reportCPU float64
	b.Run("report", func(b *testing.B) {
		var peak int64
		var cpu time.Duration
		for b.Loop() {
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
			cmd := exec.Command(app, "report", "--db", dsn, "--campaign", strconv.Itoa(bigcity.Year), "--out", out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("report: %v\n%s", err, msg)
			}
			peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KiB on Linux
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		b.ReportMetric(float64(peak)/1024, "peak-rss-MiB")
		reportCPU = cpu.Seconds() / float64(b.N)
		b.ReportMetric(reportCPU, "cpu-s/op")
	})
	var writeCPU float64
	b.Run("bare_write", func(b *testing.B) { writeCPU = benchBareWrite(b, out) })
	logFloors(b, scanWall, scanCPU, writeCPU, reportCPU)
}

// logFloors logs the least any report on this stack can take: reading (as
// the bare scans read) and writing (as the bare write writes) can overlap on
// the machine's cores, no more. Both reads give a floor: the row-by-row one,
// the baseline, and the packed one, the cheapest read we know.
func logFloors(b *testing.B, scanWall float64, scanCPU map[string]float64, writeCPU, reportCPU float64) {
	if scanWall == 0 || writeCPU == 0 {
		return
	}
	for _, name := range []string{"bare_scan", "bare_scan_packed"} {
		read := scanCPU[name]
		if read == 0 {
			continue
		}
		floor := (read + writeCPU) / float64(runtime.NumCPU())
		b.Logf("floor with %s: read %.1f cpu-s + bare write %.1f cpu-s over %d cores = at least %.1f s, "+
			"%.2f× the bare scan's %.1f s (1.5× is %.1f s); the report's %.1f cpu-s are %.2f× the floor's",
			name, read, writeCPU, runtime.NumCPU(), floor, floor/scanWall, scanWall, 1.5*scanWall,
			reportCPU, reportCPU/(read+writeCPU))
	}
}

// benchBareWrite writes files of the shape of the report's answers.csv,
// answers.xlsx and report.xlsx (out holds them) with the required stack
// alone, the three at once as the report writes them (bigcity.WriteCSV,
// WriteBook): the least any report on this stack can spend writing them.
func benchBareWrite(b *testing.B, out string) (cpuPerOp float64) {
	csvShape, err := bigcity.SampleCSV(filepath.Join(out, report.AnswersFile), 2000)
	if err != nil {
		b.Fatal(err)
	}
	var books [2][]bigcity.Table
	for i, name := range []string{report.AnswersBookFile, report.BookFile} {
		if books[i], err = bigcity.SampleBook(filepath.Join(out, name), 2000); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	before := selfCPU(b)
	for b.Loop() {
		var wg sync.WaitGroup
		errs := make([]error, 3)
		wg.Go(func() {
			errs[0] = writeTo(filepath.Join(dir, "a.csv"), func(w io.Writer) error { return bigcity.WriteCSV(w, csvShape) })
		})
		for i, tables := range books {
			wg.Go(func() {
				errs[1+i] = writeTo(filepath.Join(dir, strconv.Itoa(i)+".xlsx"), func(w io.Writer) error { return bigcity.WriteBook(w, tables) })
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			b.Fatal(err)
		}
	}
	cpuPerOp = (selfCPU(b) - before).Seconds() / float64(b.N)
	b.ReportMetric(cpuPerOp, "cpu-s/op")
	return cpuPerOp
}

// writeTo writes a file through a 64 KiB buffer, as the report does.
func writeTo(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
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
