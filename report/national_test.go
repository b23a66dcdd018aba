package report

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"healthcheck/demo"
	"healthcheck/models"
)

// National scale: the country's ~500,000 规上 manufacturing firms. Generating
// them through the survey service would take hours, so the benchmark data
// is the 1,750-firm demo city (every answer validated and scored by the real
// flow) copied over and over inside SQLite: each copy gets new ids, credit
// codes and names, and keeps the original's roster facts, answers and stored
// result, which therefore stay consistent with each other.
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
	if err := makeNational(context.Background(), path, firms, t.Logf); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d firms written to %s in %v", firms, path, time.Since(start).Round(time.Second))
}

// makeNational writes a campaign of n firms (2020) into a new database.
func makeNational(ctx context.Context, path string, n int, logf func(string, ...any)) error {
	src, err := openSource(path, models.Options{Synchronous: "NORMAL"})
	if err != nil {
		return err
	}
	defer src.Store.Close()
	if _, err := demo.Generate(ctx, src.Store, src.Defs, src.City, demo.Options{Firms: 1750, Seed: 1}); err != nil {
		return err
	}
	db, err := src.Store.SQL()
	if err != nil {
		return err
	}
	var lo, hi, count int64
	if err := db.QueryRowContext(ctx, `SELECT MIN(id), MAX(id), COUNT(*) FROM roster_entries`).Scan(&lo, &hi, &count); err != nil {
		return err
	}
	var elo, ehi int64
	if err := db.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM enterprises`).Scan(&elo, &ehi); err != nil {
		return err
	}
	if hi-lo+1 != count || ehi-elo+1 != count {
		return fmt.Errorf("demo ids are not contiguous (%d..%d for %d firms)", lo, hi, count)
	}
	for k := int64(1); k*count < int64(n); k++ {
		if err := copyCity(ctx, db, k, count, lo, elo, int64(n)); err != nil {
			return fmt.Errorf("copy %d: %w", k, err)
		}
		if k%50 == 0 {
			logf("%d firms", min(int64(n), (k+1)*count))
		}
	}
	_, err = db.ExecContext(ctx, `ANALYZE`)
	return err
}

// copyCity adds copy k of the demo city: entry e becomes e + k·count, within
// the first n firms.
func copyCity(ctx context.Context, db *sql.DB, k, count, lo, elo, n int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	off, eoff := k*count, k*count
	keep := min(n-k*count, count) // copies of entries lo .. lo+keep-1 (the original city)
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO enterprises (id, credit_code, name, district, industry, contact_name, contact_phone, contact_email, created_at, updated_at)
		  SELECT id + ?, substr(credit_code, 1, 8) || printf('%010d', id + ?), name || '（' || ? || '）', district, industry,
		         contact_name, contact_phone, contact_email, created_at, updated_at
		  FROM enterprises WHERE id - ? < ?`, []any{eoff, eoff, k, elo, keep}},
		{`INSERT INTO roster_entries (id, campaign_id, enterprise_id, name, district, industry, revenue_wan, employees, band,
		         invite_hash, invite_issued_at, status, version, progress, saved_at, submitted_at, last_activity_at,
		         review_status, review_reason, filled_by)
		  SELECT id + ?, campaign_id, enterprise_id + ?, name || '（' || ? || '）', district, industry, revenue_wan, employees, band,
		         '', NULL, status, version, progress, saved_at, submitted_at, last_activity_at, review_status, review_reason, filled_by
		  FROM roster_entries WHERE id - ? < ?`, []any{off, eoff, k, lo, keep}},
		{`INSERT INTO results (entry_id, campaign_id, total, level_code, band, industry, detail, scored_at)
		  SELECT entry_id + ?, campaign_id, total, level_code, band, industry, detail, scored_at FROM results WHERE entry_id - ? < ?`,
			[]any{off, lo, keep}},
		{`INSERT INTO answers (entry_id, question_id, value)
		  SELECT entry_id + ?, question_id, value FROM answers WHERE entry_id - ? < ? ORDER BY entry_id, question_id`,
			[]any{off, lo, keep}},
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}
