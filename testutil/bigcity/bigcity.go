// Package bigcity makes, for benchmarks only, a campaign of any number of
// firms (the country's ~500,000 规上 manufacturing firms by default) quickly,
// and caches it keyed by the schema version and the size, so a rerun costs
// nothing and a new migration makes a new one: a SQLite file in the user's
// cache directory (CacheDir), or, when HC_TEST_DB names a PostgreSQL server (testdb), a
// database on that server named the same way, kept there between runs.
//
// Generating half a million firms through the survey service would take
// hours, so the data is the 1,750-firm demo city (every answer validated and
// scored by the real flow) copied over and over inside the database with
// INSERT … SELECT: each copy gets new ids, credit codes and names and keeps
// the original's roster facts, answers and stored results, which therefore
// stay consistent with each other. The copy is generic over columns: it
// copies every column of the tables that hang off a roster entry, so
// results' columns added by later migrations are filled too. On PostgreSQL
// the copied tables' indexes and keys are dropped for the copies and re-made
// from their catalogue definitions at the end, so the finished database has
// the schema the migrations made.
package bigcity

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/testutil/testdb"
)

// Year is the campaign's year.
const Year = 2020

// cityFirms is the size of the demo city that is copied.
const cityFirms = 1750

// CacheDir is where the cached SQLite databases live: healthcheck-bigcity
// in the user's cache directory ($XDG_CACHE_HOME, or ~/.cache), or under
// os.TempDir() when there is none. Not os.TempDir() itself: a test binary
// whose tests run through browser.RunTests has a temporary directory of its
// own, removed when it ends, and the cache must outlive it.
func CacheDir() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "healthcheck-bigcity")
	}
	return filepath.Join(os.TempDir(), "healthcheck-bigcity")
}

// Path is where the cached SQLite database of n firms lives.
func Path(n int) string {
	return filepath.Join(CacheDir(), fmt.Sprintf("schema%d-%d.db", models.SchemaVersion(), n))
}

// pgName is the cached PostgreSQL database of n firms.
func pgName(n int) string { return fmt.Sprintf("hc_bigcity_schema%d_%d", models.SchemaVersion(), n) }

// Cached is Ensure for a benchmark: the address of a database of n firms,
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

// Ensure returns the address (models.Open's dsn) of a database with one
// campaign (Year) of n firms, making it first if it is not cached (logf
// hears the progress). It is written under a temporary name and renamed when
// complete, so an interrupted run never leaves a partial database under the
// cached name.
func Ensure(ctx context.Context, n int, logf func(string, ...any)) (string, error) {
	if testdb.Postgres() {
		return ensurePostgres(ctx, n, logf)
	}
	path := Path(n)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("bigcity: %w", err)
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

// ensurePostgres is Ensure on the server HC_TEST_DB names: the database is
// made as <name>_making and renamed when complete.
func ensurePostgres(ctx context.Context, n int, logf func(string, ...any)) (string, error) {
	name := pgName(n)
	dsn, err := testdb.Database(name)
	if err != nil {
		return "", err
	}
	server, err := sql.Open("pgx", os.Getenv(testdb.Env))
	if err != nil {
		return "", err
	}
	defer server.Close()
	var ready bool
	if err := server.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&ready); err != nil {
		return "", fmt.Errorf("bigcity: look for %s: %w", name, err)
	}
	if ready {
		return dsn, nil
	}
	start := time.Now()
	tmp := name + "_making"
	tmpDSN, err := testdb.Database(tmp)
	if err != nil {
		return "", err
	}
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + tmp + " WITH (FORCE)",
		"CREATE DATABASE " + tmp + " ENCODING 'UTF8' TEMPLATE template0"} {
		if _, err := server.ExecContext(ctx, stmt); err != nil {
			return "", fmt.Errorf("bigcity: %w", err)
		}
	}
	if err := build(ctx, tmpDSN, n, logf); err != nil {
		return "", fmt.Errorf("bigcity: %w", err)
	}
	if _, err := server.ExecContext(ctx, "ALTER DATABASE "+tmp+" RENAME TO "+name); err != nil {
		return "", fmt.Errorf("bigcity: %w", err)
	}
	logf("bigcity: %d firms written to PostgreSQL database %s in %v", n, name, time.Since(start).Round(time.Second))
	return dsn, nil
}

// OpenRead opens the database Ensure returned with database/sql, for bare
// baselines: the SQLite file read-only, or the PostgreSQL database.
func OpenRead(dsn string) (*sql.DB, error) {
	if models.IsPostgres(dsn) {
		return sql.Open("pgx", dsn)
	}
	return sql.Open("sqlite3", "file:"+dsn+"?mode=ro")
}

// build writes the campaign of n firms into a new database at dsn.
func build(ctx context.Context, dsn string, n int, logf func(string, ...any)) error {
	store, err := models.Open(ctx, dsn, models.Options{Synchronous: "NORMAL"})
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
	d := dialects[store.Dialect()]
	db, err := store.SQL()
	if err == nil {
		err = fill(ctx, db, d, int64(n), logf)
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	return err
}

// fill copies the city on SQLite through the pool as it always has; on
// PostgreSQL through one connection whose session settings make bulk
// loading cheaper (bulkConn), the copied tables' indexes and keys dropped
// for the copies and re-made after (stageAndDrop).
func fill(ctx context.Context, db *sql.DB, d dialect, n int64, logf func(string, ...any)) error {
	if !d.postgres {
		return copyAndFinish(ctx, db, d, n, logf)
	}
	conn, err := bulkConn(ctx, db)
	if err != nil {
		return err
	}
	defer conn.Close()
	return copyAndFinish(ctx, conn, d, n, logf)
}

// copyAndFinish copies the city, then runs the dialect's finishing steps.
func copyAndFinish(ctx context.Context, db querier, d dialect, n int64, logf func(string, ...any)) error {
	if err := copyCity(ctx, db, d, n, logf); err != nil {
		return err
	}
	for _, stmt := range d.finish {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// querier is what copying needs of a database: the pool (*sql.DB) or one
// of its connections (*sql.Conn), whose session settings then hold for
// every statement.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// dialect is what copying the city says differently on each database. The
// copy statements name their parameters @off, @lo, @keep and @k; args gives
// them as the driver takes them.
type dialect struct {
	tables     string   // the tables with an entry_id, those whose entry_id refers to the roster first
	columns    string   // a table's columns in order; the table's name is the one parameter
	creditCode string   // a copy's unique 18-character credit code
	source     string   // the table a copy reads a table's original rows from, as a format of its name
	finish     []string // after the copy: statistics for the planner, the cache made whole
	args       func(off, lo, keep int64, k string) []any
	postgres   bool // parameters are numbered ($1…) and ids drawn from sequences, which must move past the copies'
}

var dialects = map[string]dialect{
	"sqlite": {
		// Tables whose entry_id refers to the roster come before those whose
		// entry_id refers to another of them (result_figures to results), so
		// every copied row finds its parent.
		tables: `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'entry_id'
		ORDER BY (SELECT COUNT(*) FROM pragma_foreign_key_list(m.name) f WHERE f."from" = 'entry_id' AND f."table" <> 'roster_entries'), m.name`,
		columns:    `SELECT name FROM pragma_table_info(?) ORDER BY cid`,
		creditCode: "substr(credit_code, 1, 8) || printf('%010d', id + @off)",
		source:     "%s",
		// fold the WAL into the file, so the cache is one file
		finish: []string{`ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)`},
		args: func(off, lo, keep int64, k string) []any {
			return []any{sql.Named("off", off), sql.Named("lo", lo), sql.Named("keep", keep), sql.Named("k", k)}
		},
	},
	"postgres": {
		tables: `SELECT r.relname FROM pg_class r
		JOIN pg_attribute a ON a.attrelid = r.oid AND a.attname = 'entry_id' AND NOT a.attisdropped
		WHERE r.relkind = 'r' AND r.relnamespace = current_schema()::regnamespace
		ORDER BY (SELECT COUNT(*) FROM pg_constraint f WHERE f.conrelid = r.oid AND f.contype = 'f'
			AND f.conkey = ARRAY[a.attnum] AND f.confrelid <> 'roster_entries'::regclass), r.relname`,
		columns: `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
		ORDER BY attnum`,
		creditCode: "substr(credit_code, 1, 8) || lpad((id + @off)::text, 10, '0')",
		source:     sourceTable,
		// the visibility map too, so the report's scans can be index-only
		finish: []string{`VACUUM ANALYZE`},
		args: func(off, lo, keep int64, k string) []any {
			return []any{off, lo, keep, k}
		},
		postgres: true,
	},
}

// pgParams numbers copyStatements' parameters in the order of dialect.args
// (@keep before @k, which it begins with).
var pgParams = strings.NewReplacer("@off", "$1", "@lo", "$2", "@keep", "$3", "@k", "$4")

// copyCity copies the demo city until the roster holds n firms.
func copyCity(ctx context.Context, db querier, d dialect, n int64, logf func(string, ...any)) error {
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
	withID, stmts, err := copyStatements(ctx, db, d)
	if err != nil {
		return err
	}
	restore := func(context.Context) error { return nil }
	if d.postgres {
		// after copyStatements, whose order of tables reads the foreign keys
		if restore, err = stageAndDrop(ctx, db, stmts); err != nil {
			return err
		}
	}
	for k := int64(1); k*count < n; k++ {
		keep := min(n-k*count, count) // copies of the first keep firms
		if err := copyOnce(ctx, db, stmts, d.args(k*count, lo, keep, fmt.Sprintf("（%d）", k))); err != nil {
			return fmt.Errorf("copy %d: %w", k, err)
		}
		if k%50 == 0 {
			logf("bigcity: %d firms", min(n, (k+1)*count))
		}
	}
	if err := restore(ctx); err != nil || !d.postgres {
		return err
	}
	return moveSequences(ctx, db, withID)
}

// moveSequences sets the id sequence of each table (copied, with an id
// column) to its largest id, so rows inserted later get new ones.
func moveSequences(ctx context.Context, db querier, tables []string) error {
	for _, t := range tables {
		var seq sql.NullString
		if err := db.QueryRowContext(ctx, `SELECT pg_get_serial_sequence($1, 'id')`, t).Scan(&seq); err != nil {
			return fmt.Errorf("sequence of %s: %w", t, err)
		}
		if !seq.Valid {
			continue // an id of its own making
		}
		if _, err := db.ExecContext(ctx, `SELECT setval($1::regclass, (SELECT MAX(id) FROM `+t+`))`, seq.String); err != nil {
			return fmt.Errorf("move %s: %w", seq.String, err)
		}
	}
	return nil
}

// copyOnce adds one copy in a transaction: every row of the first keep
// firms (ids lo…) gets ids shifted by off and its name the copy's number k,
// as args give them.
func copyOnce(ctx context.Context, db querier, stmts []copyStmt, args []any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q.sql, args[:q.args]...); err != nil {
			return fmt.Errorf("%w\n%s", err, q.sql)
		}
	}
	return tx.Commit()
}

// copyStmt is one copy statement and how many of dialect.args it takes:
// PostgreSQL's driver refuses more arguments than the statement has
// parameters, and only the roster's statements name the copy's number.
type copyStmt struct {
	table, key string
	sql        string
	args       int
}

// copyStatements is one INSERT … SELECT per table: enterprises, the roster,
// then every table keyed by a roster entry (answers, results …), each
// listing the table's columns as the schema has them now. It returns the
// tables that have an id column too.
func copyStatements(ctx context.Context, db querier, d dialect) ([]string, []copyStmt, error) {
	tables := []struct{ name, key string }{{"enterprises", "id"}, {"roster_entries", "id"}}
	rows, err := db.QueryContext(ctx, d.tables)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, nil, err
		}
		tables = append(tables, struct{ name, key string }{name, "entry_id"})
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	var withID []string
	var out []copyStmt
	for _, t := range tables {
		cols, err := columns(ctx, db, d, t.name)
		if err != nil {
			return nil, nil, err
		}
		exprs := make([]string, len(cols))
		for i, c := range cols {
			exprs[i] = shifted(d, t.name, c)
		}
		// The key's range is written so that an index on it can find it:
		// each copy reads the original city's rows, not the whole growing
		// table.
		q := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s WHERE %s >= @lo AND %s < @lo + @keep ORDER BY %s",
			t.name, strings.Join(cols, ", "), strings.Join(exprs, ", "), fmt.Sprintf(d.source, t.name), t.key, t.key, t.key)
		st := copyStmt{table: t.name, key: t.key, sql: q, args: 4}
		if d.postgres {
			st.sql = pgParams.Replace(q)
			if !strings.Contains(st.sql, "$4") {
				st.args = 3 // @off, @lo and @keep are in every one
			}
		}
		if slices.Contains(cols, "id") {
			withID = append(withID, t.name)
		}
		out = append(out, st)
	}
	return withID, out, nil
}

// shifted is how a copy writes one column: ids move by @off, credit codes
// stay 18 characters and unique, names carry the copy's number, invitations
// are not copied; anything else is copied as it is.
func shifted(d dialect, table, col string) string {
	switch {
	case col == "id" || col == "entry_id" || col == "enterprise_id":
		return col + " + @off"
	case col == "credit_code":
		return d.creditCode
	case col == "name" && (table == "enterprises" || table == "roster_entries"):
		return "name || @k"
	case col == "invite_hash":
		return "''"
	case col == "invite_issued_at":
		return "NULL"
	}
	return col
}

func columns(ctx context.Context, db querier, d dialect, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, d.columns, table)
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
