package report

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"healthcheck/testutil/bigcity"
)

// National scale: the country's ~500,000 规上 manufacturing firms, made by
// bigcity (the demo city copied inside SQLite).
//
//	HC_NATIONAL_DB=/tmp/national.db go test ./report -run TestMakeNationalDB -timeout 60m -v
//
// HC_NATIONAL_FIRMS changes the size (default 500000).

const (
	nationalDBEnv    = "HC_NATIONAL_DB"
	nationalFirmsEnv = "HC_NATIONAL_FIRMS"
)

func TestMakeNationalDB(t *testing.T) {
	path := os.Getenv(nationalDBEnv)
	if path == "" {
		t.Skip("set " + nationalDBEnv + " to the database file to write")
	}
	firms := 500000
	if s := os.Getenv(nationalFirmsEnv); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1750 {
			t.Fatalf("%s=%q: a number of firms, at least 1750", nationalFirmsEnv, s)
		}
		firms = n
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("%s exists; remove it first", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := bigcity.Make(context.Background(), path, firms, t.Logf); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d firms written to %s in %v", firms, path, time.Since(start).Round(time.Second))
}
