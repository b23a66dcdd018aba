package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthcheck/report"
	"healthcheck/testutil/testdb"
)

// TestReportCommand writes the four files of a small demo's report; printing
// to a buffer (not a terminal) draws no progress bar, only the file list.
func TestReportCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db := testdb.DSN(t, "d.db")
	var out bytes.Buffer
	if err := dispatch(ctx, []string{"demo", "--db", db, "--firms", "40", "--seed", "4"}, &out); err != nil {
		t.Fatal(err)
	}
	if err := dispatch(ctx, []string{"report", "--db", db, "--campaign", "2020"}, &out); err == nil {
		t.Error("report without --out did not fail")
	}
	out.Reset()
	outDir := filepath.Join(dir, "报告")
	if err := dispatch(ctx, []string{"report", "--db", db, "--campaign", "2020", "--out", outDir}, &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range report.Files {
		fi, err := os.Stat(filepath.Join(outDir, f))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
		if !strings.Contains(out.String(), filepath.Join(outDir, f)) {
			t.Errorf("output does not name %s:\n%s", f, out.String())
		}
	}
	if strings.ContainsAny(out.String(), "\r\x1b") {
		t.Errorf("a progress bar was drawn into a non-terminal: %q", out.String())
	}
	if err := dispatch(ctx, []string{"report", "--db", db, "--campaign", "1999", "--out", outDir}, &out); err == nil {
		t.Error("a report of a campaign that does not exist did not fail")
	}
}
