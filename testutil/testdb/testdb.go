// Package testdb gives each test a database of its own: a SQLite file in the
// test's temporary directory, or, when HC_TEST_DB names a PostgreSQL server
// (postgres://user@host/db?…, a role that may create databases), a new
// database on that server, dropped when the test ends. CI runs the suite
// once each way, so every test that opens a store checks both.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// Env is the variable that points the tests at a PostgreSQL server.
const Env = "HC_TEST_DB"

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(Env) != "" }

// SkipOnPostgres skips a test of SQLite's own behaviour (its file, its
// pragmas, VACUUM INTO) when the tests run on PostgreSQL.
func SkipOnPostgres(tb testing.TB, why string) {
	tb.Helper()
	if Postgres() {
		tb.Skip("SQLite only: " + why)
	}
}

// DSN returns the address of a new, empty database for tb: a file named name
// in tb's temporary directory, or a new PostgreSQL database on the server
// HC_TEST_DB names, dropped at tb's cleanup.
func DSN(tb testing.TB, name string) string {
	tb.Helper()
	dsn, drop, err := New(tb.TempDir(), name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := drop(); err != nil {
			tb.Errorf("testdb: %v", err)
		}
	})
	return dsn
}

// New is DSN for a caller without a test (a TestMain's fixture): the file
// name in dir, or a new PostgreSQL database; drop removes the latter.
func New(dir, name string) (dsn string, drop func() error, err error) {
	if !Postgres() {
		return filepath.Join(dir, name), func() error { return nil }, nil
	}
	dsn, err = create(os.Getenv(Env))
	if err != nil {
		return "", nil, err
	}
	return dsn, func() error { return Drop(dsn) }, nil
}

// FailInserts makes every INSERT into table fail with msg from now on, as a
// full disk or a broken table would, through a trigger in the database's
// own dialect.
func FailInserts(ctx context.Context, db *sql.DB, table, msg string) error {
	stmts := []string{fmt.Sprintf(`CREATE TRIGGER %s_down BEFORE INSERT ON %s BEGIN SELECT RAISE(ABORT, '%s'); END`, table, table, msg)}
	if Postgres() {
		stmts = []string{
			fmt.Sprintf(`CREATE FUNCTION %s_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%s'; END $$`, table, msg),
			fmt.Sprintf(`CREATE TRIGGER %s_down BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION %s_down()`, table, table, table),
		}
	}
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("testdb: break %s: %w", table, err)
		}
	}
	return nil
}

// create makes a database named hc_test_<random> on server and returns its
// address: a copy of the migrated template when there is one (see
// UseTemplate), else an empty database.
func create(server string) (string, error) {
	source, err := template(server)
	if err != nil {
		return "", err
	}
	name, err := randomName("hc_test_")
	if err != nil {
		return "", err
	}
	if err := admin(server, "CREATE DATABASE "+name+" TEMPLATE "+source); err != nil {
		return "", fmt.Errorf("testdb: create database on %s: %w", Env, err)
	}
	return withDatabase(server, name)
}

func randomName(prefix string) (string, error) {
	suffix := make([]byte, 8)
	if _, err := rand.Read(suffix); err != nil {
		return "", err
	}
	return prefix + hex.EncodeToString(suffix), nil
}

// Migrating a new PostgreSQL database takes about a second (hundreds of
// catalogue changes); copying a migrated one takes a fraction of it. A test
// binary that calls UseTemplate has its databases copied from a template
// migrated once per schema and kept on the server, named by the schema's
// digest, so an edited migration gets a template of its own.
var templates struct {
	sync.Mutex
	key     string
	migrate func(dsn string) error
	name    string // once made
}

// UseTemplate makes DSN copy new PostgreSQL databases from one that migrate
// has brought up to the schema key names (testdb cannot import the store,
// whose own tests use it, so the store's test support passes it in).
func UseTemplate(key string, migrate func(dsn string) error) {
	templates.Lock()
	defer templates.Unlock()
	templates.key, templates.migrate = key, migrate
}

// template returns the database new ones are copied from, making it first
// if needed. Test binaries run in parallel, so its making is under a lock
// held on the server.
func template(server string) (string, error) {
	templates.Lock()
	defer templates.Unlock()
	if templates.migrate == nil {
		return "template0", nil
	}
	if templates.name != "" {
		return templates.name, nil
	}
	name := "hc_template_" + templates.key[:min(16, len(templates.key))]
	db, err := sql.Open("pgx", server)
	if err != nil {
		return "", err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("testdb: connect to %s: %w", Env, err)
	}
	defer conn.Close()
	// The same lock for every test binary of every checkout on the server.
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(1818)`); err != nil {
		return "", fmt.Errorf("testdb: lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(1818)`) //nolint:errcheck // ends with the connection anyway
	var ready bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`,
		name).Scan(&ready); err != nil {
		return "", fmt.Errorf("testdb: look for the template: %w", err)
	}
	if !ready {
		if err := makeTemplate(ctx, conn, server, name); err != nil {
			return "", err
		}
	}
	templates.name = name
	return name, nil
}

// makeTemplate migrates a new database and marks it a template (a
// half-made one, left by a crash, is replaced).
func makeTemplate(ctx context.Context, conn *sql.Conn, server, name string) error {
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0"} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("testdb: make the template: %w", err)
		}
	}
	dsn, err := withDatabase(server, name)
	if err != nil {
		return err
	}
	if err := templates.migrate(dsn); err != nil {
		return fmt.Errorf("testdb: migrate the template: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH IS_TEMPLATE true"); err != nil {
		return fmt.Errorf("testdb: mark the template: %w", err)
	}
	return nil
}

// Drop removes the database dsn names, ending the sessions still connected
// to it (a server killed by a test leaves none, a store left open might).
func Drop(dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	if !strings.HasPrefix(name, "hc_test_") {
		return fmt.Errorf("testdb: will not drop %q, which this package did not create", name)
	}
	return admin(os.Getenv(Env), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

// Database is the address of the database name on the server HC_TEST_DB
// names, for fixtures that keep databases of their own there
// (testutil/bigcity).
func Database(name string) (string, error) { return withDatabase(os.Getenv(Env), name) }

// admin runs one statement on the server's own database.
func admin(server, stmt string) error {
	db, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

// withDatabase is server's address with its database replaced by name.
func withDatabase(server, name string) (string, error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("testdb: %s must be a postgres:// URL", Env)
	}
	u.Path = "/" + name
	return u.String(), nil
}
