// Package bigcity makes large campaigns for benchmarks, up to the country's
// ~500,000 规上 manufacturing firms. Generating them through the survey
// service would take hours, so the data is the 1,750-firm demo city (every
// answer validated and scored by the real flow) copied over and over inside
// SQLite: each copy gets new ids, credit codes and names, and keeps the
// original's roster facts, answers and stored result with its typed
// figures, which therefore stay consistent with each other. It is test
// support: import it only from _test.go files.
package bigcity

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// Cached returns a database of n firms made by Make, kept under
// os.TempDir() and keyed by the schema version, so benchmarks pay for it
// once per machine (100,000 firms take about a minute). Delete the file to
// make it again.
func Cached(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("healthcheck-bigcity-schema%d-%d.db", models.SchemaVersion(), n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := Make(context.Background(), tmp, n, tb.Logf); err != nil {
		removeDB(tmp)
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		removeDB(tmp)
		tb.Fatal(err)
	}
	removeDB(tmp) // the -wal and -shm files left beside the temporary name
	tb.Logf("made %s (%d firms) in %v", path, n, time.Since(start).Round(time.Second))
	return path
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
}

// Make writes a campaign of n firms (2020) into a new database at path.
func Make(ctx context.Context, path string, n int, logf func(string, ...any)) error {
	store, err := models.Open(ctx, path, models.Options{Synchronous: "NORMAL"})
	if err != nil {
		return err
	}
	defer store.Close()
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		return err
	}
	if _, err := demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: 1750, Seed: 1}); err != nil {
		return err
	}
	db, err := store.SQL()
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
		{`INSERT INTO results (entry_id, campaign_id, total, level_code, level, band, industry, district, detail, figures, scored_at)
		  SELECT entry_id + ?, campaign_id, total, level_code, level, band, industry, district, detail, figures, scored_at
		  FROM results WHERE entry_id - ? < ?`, []any{off, lo, keep}},
		{`INSERT INTO result_figures (entry_id, kind, key, value, num, den)
		  SELECT entry_id + ?, kind, key, value, num, den FROM result_figures WHERE entry_id - ? < ? ORDER BY entry_id, kind, key`,
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
