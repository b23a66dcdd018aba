// Package bigcity makes, for benchmarks only, a campaign of any number of
// firms (the country's ~500,000 规上 manufacturing firms by default) quickly,
// and caches the database file under os.TempDir() keyed by the schema version
// and the size, so a rerun costs nothing and a new migration makes a new file.
//
// Generating half a million firms through the survey service would take
// hours, so the data is the 1,750-firm demo city (every answer validated and
// scored by the real flow) copied over and over inside SQLite: each copy gets
// new ids, credit codes and names and keeps the original's roster facts,
// answers and stored results, which therefore stay consistent with each other.
// The copy is generic over columns: it copies every column of the tables that
// hang off a roster entry, so results' columns added by later migrations are
// filled too.
package bigcity

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// Year is the campaign's year.
const Year = 2020

// cityFirms is the size of the demo city that is copied.
const cityFirms = 1750

// Path is where the cached database of n firms lives.
func Path(n int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("healthcheck-bigcity-schema%d-%d.db", models.SchemaVersion(), n))
}

// Cached is Ensure for a benchmark: the path of a database of n firms,
// made on the first call on this machine; the benchmark fails if it cannot
// be made.
func Cached(tb testing.TB, n int) string {
	tb.Helper()
	path, err := Ensure(context.Background(), n, tb.Logf)
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

// Ensure returns the path of a database with one campaign (Year) of n firms,
// making it first if it is not cached (logf hears the progress). It is
// written under a temporary name and renamed when complete, so an
// interrupted run never leaves a partial database under the cached name.
func Ensure(ctx context.Context, n int, logf func(string, ...any)) (string, error) {
	path := Path(n)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".making"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		_ = os.Remove(p)
	}
	start := time.Now()
	if err := build(ctx, tmp, n, logf); err != nil {
		return "", fmt.Errorf("bigcity: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("bigcity: %w", err)
	}
	logf("bigcity: %d firms written to %s in %v", n, path, time.Since(start).Round(time.Second))
	return path, nil
}

// build writes the campaign of n firms into a new database at path.
func build(ctx context.Context, path string, n int, logf func(string, ...any)) error {
	store, err := models.Open(ctx, path, models.Options{Synchronous: "NORMAL"})
	if err != nil {
		return err
	}
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		store.Close()
		return err
	}
	if _, err := demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: min(n, cityFirms), Seed: 1}); err != nil {
		store.Close()
		return err
	}
	db, err := store.SQL()
	if err == nil {
		err = copyCity(ctx, db, int64(n), logf)
	}
	if err == nil {
		// fold the WAL into the file, so the cache is one file
		_, err = db.ExecContext(ctx, `ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	return err
}

// copyCity copies the demo city until the roster holds n firms.
func copyCity(ctx context.Context, db *sql.DB, n int64, logf func(string, ...any)) error {
	var lo, hi, count, elo, ehi int64
	if err := db.QueryRowContext(ctx, `SELECT MIN(id), MAX(id), COUNT(*) FROM roster_entries`).Scan(&lo, &hi, &count); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM enterprises`).Scan(&elo, &ehi); err != nil {
		return err
	}
	if hi-lo+1 != count || ehi-elo+1 != count || lo != elo {
		return fmt.Errorf("demo ids are not contiguous (%d..%d, %d..%d for %d firms)", lo, hi, elo, ehi, count)
	}
	stmts, err := copyStatements(ctx, db)
	if err != nil {
		return err
	}
	for k := int64(1); k*count < n; k++ {
		keep := min(n-k*count, count) // copies of the first keep firms
		if err := copyOnce(ctx, db, stmts, k*count, lo, keep, k); err != nil {
			return fmt.Errorf("copy %d: %w", k, err)
		}
		if k%50 == 0 {
			logf("bigcity: %d firms", min(n, (k+1)*count))
		}
	}
	return nil
}

// copyOnce adds one copy in a transaction: every row of the first keep
// firms (ids lo…) gets ids shifted by off and its name the copy's number k.
func copyOnce(ctx context.Context, db *sql.DB, stmts []string, off, lo, keep, k int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q, sql.Named("off", off), sql.Named("lo", lo), sql.Named("keep", keep),
			sql.Named("k", fmt.Sprintf("（%d）", k))); err != nil {
			return fmt.Errorf("%w\n%s", err, q)
		}
	}
	return tx.Commit()
}

// copyStatements is one INSERT … SELECT per table: enterprises, the roster,
// then every table keyed by a roster entry (answers, results …), each
// listing the table's columns as the schema has them now.
func copyStatements(ctx context.Context, db *sql.DB) ([]string, error) {
	tables := []struct{ name, key string }{{"enterprises", "id"}, {"roster_entries", "id"}}
	// Tables whose entry_id refers to the roster come before those whose
	// entry_id refers to another of them (result_figures to results), so
	// every copied row finds its parent.
	rows, err := db.QueryContext(ctx, `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'entry_id'
		ORDER BY (SELECT COUNT(*) FROM pragma_foreign_key_list(m.name) f WHERE f."from" = 'entry_id' AND f."table" <> 'roster_entries'), m.name`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, struct{ name, key string }{name, "entry_id"})
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var out []string
	for _, t := range tables {
		cols, err := columns(ctx, db, t.name)
		if err != nil {
			return nil, err
		}
		exprs := make([]string, len(cols))
		for i, c := range cols {
			exprs[i] = shifted(t.name, c)
		}
		out = append(out, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s WHERE %s - @lo < @keep ORDER BY %s",
			t.name, strings.Join(cols, ", "), strings.Join(exprs, ", "), t.name, t.key, t.key))
	}
	return out, nil
}

// shifted is how a copy writes one column: ids move by @off, credit codes
// stay 18 characters and unique, names carry the copy's number, invitations
// are not copied; anything else is copied as it is.
func shifted(table, col string) string {
	switch {
	case col == "id" || col == "entry_id" || col == "enterprise_id":
		return col + " + @off"
	case col == "credit_code":
		return "substr(credit_code, 1, 8) || printf('%010d', id + @off)"
	case col == "name" && (table == "enterprises" || table == "roster_entries"):
		return "name || @k"
	case col == "invite_hash":
		return "''"
	case col == "invite_issued_at":
		return "NULL"
	}
	return col
}

func columns(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}
