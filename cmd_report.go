package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"healthcheck/app"
	"healthcheck/models"
	"healthcheck/report"
)

func runReport(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	dsn := dbFlag(fs)
	year := fs.Int("campaign", 0, "年度，如 2020")
	dir := fs.String("out", "", "输出目录：写入 report.html、report.xlsx、summary.json、answers.csv（供程序读取）和 answers.xlsx（供人查看）")
	cityFile := fs.String("city", "", "城市配置文件（默认嘉兴市）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *year == 0 || *dir == "" {
		return fmt.Errorf("report: --campaign and --out are required")
	}
	limitMemory()
	e, err := openEnv(ctx, *dsn, *cityFile, models.Options{})
	if err != nil {
		return err
	}
	defer e.store.Close()
	if _, err := e.store.CampaignByYear(ctx, *year); err != nil {
		return err
	}
	// The report holds every firm's answers: like any export it is logged
	// first, and refused when it cannot be.
	if err := e.store.Audit(ctx, app.CommandLine.Actor(), "report", fmt.Sprint(*year), filepath.Clean(*dir)); err != nil {
		return fmt.Errorf("report: record it in the audit log: %w", err)
	}
	start := time.Now()
	o := report.Options{Year: *year}
	bar := progressBar(out)
	if bar != nil {
		o.Progress = func(p report.Progress) {
			bar.ChangeMax64(p.Total)
			bar.Describe(p.Stage)
			_ = bar.Set64(p.Done)
		}
	}
	err = report.Generate(ctx, report.Source{Store: e.store, Defs: e.data.Defs, City: e.city, Reference: e.data.Reference, Policies: e.data.Policies}, o, *dir)
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已生成 %d 年度报告（用时 %.1f 秒）：\n", *year, time.Since(start).Seconds())
	for _, f := range report.Files {
		fmt.Fprintf(out, "  %s\n", filepath.Join(*dir, f))
	}
	return nil
}

// progressBar draws on the terminal only: when out is a file or a pipe
// (scripts, CI logs) the bar's redraws would be noise, so there is none.
func progressBar(out io.Writer) *progressbar.ProgressBar {
	f, ok := out.(*os.File)
	if !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(-1, progressbar.OptionSetWriter(f), progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionUseANSICodes(true))
}

// reportMemoryLimit is the report command's soft memory limit unless
// GOMEMLIMIT sets another. At 500,000 firms the report's live heap is some
// 250 MB (the statistics keep each firm's scores for the quartiles, and each
// book's stream writer buffers 16 MB); left to its default the collector lets
// the heap grow to twice the live heap before collecting, which took the
// process to 545 MB resident. Under the limit it collects sooner, at the cost
// of a little CPU near it.
const reportMemoryLimit = 384 << 20

// limitMemory sets reportMemoryLimit unless the environment chose a limit.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(reportMemoryLimit)
	}
}
