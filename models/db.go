// Package models owns persistence: the GORM models, opening the database,
// the versioned migrations and every query. Every query that reads or writes
// a firm's data takes a Scope, so access control is data, not an if.
package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store is the application's database. SQLite allows one writer at a time, so
// writes go through a pool of one connection (no "database is locked" under
// load) while reads use a pool of their own.
type Store struct {
	w, r    *gorm.DB
	dialect string
	// The hot path's prepared statements (hotpath.go), on the writing and
	// the reading pool.
	stmts, readStmts stmtCache
	// commits batches the hot path's writes (groupcommit.go).
	commits *committer
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Options tune how a database is opened.
type Options struct {
	// Synchronous is SQLite's synchronous pragma: FULL (default) loses no
	// acknowledged write even on power loss; NORMAL is faster and may lose the
	// last transactions on an operating-system crash (never on a process crash).
	Synchronous string
	ReadConns   int
}

// Open opens the database named by dsn, a SQLite file path (created if
// needed) or a postgres:// URL of an existing PostgreSQL database, and brings
// its schema up to date.
func Open(ctx context.Context, dsn string, o Options) (*Store, error) {
	open := openSQLite
	if IsPostgres(dsn) {
		open = openPostgres
	}
	s, err := open(dsn, o)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func openSQLite(path string, o Options) (*Store, error) {
	sync := strings.ToUpper(o.Synchronous)
	if sync == "" {
		sync = "FULL"
	}
	if sync != "FULL" && sync != "NORMAL" {
		return nil, fmt.Errorf("models: synchronous must be FULL or NORMAL, not %q", o.Synchronous)
	}
	// Pragmas go in the DSN so every pooled connection gets them.
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
	params := "_journal_mode=WAL&_synchronous=" + sync + "&_busy_timeout=5000&_foreign_keys=on"
	cfg := gormConfig()
	// Every request repeats the same few statements; preparing them once
	// saves SQLite's parse on each. The cache is bounded because imports
	// and IN lists produce statements of many shapes.
	cfg.PrepareStmt = true
	cfg.PrepareStmtMaxSize = 256
	cfg.PrepareStmtTTL = time.Hour
	w, err := gorm.Open(sqlite.Open("file:"+path+"?"+params+"&_txlock=immediate"), cfg)
	if err != nil {
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}
	r, err := gorm.Open(sqlite.Open("file:"+path+"?"+params), cfg)
	if err != nil {
		return nil, fmt.Errorf("models: open %s for reading: %w", path, err)
	}
	return newStore(w, r, "sqlite", o)
}

func gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true, // we open explicit transactions where it matters
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
}

// newStore sizes the pools and starts the group committer. The writing pool
// has one connection on either database: the committer batches the hot
// path's writes on it, and the store's other write transactions, which read
// before they write, run one at a time as they do on SQLite.
func newStore(w, r *gorm.DB, dialect string, o Options) (*Store, error) {
	if err := setPool(w, 1); err != nil {
		return nil, err
	}
	n := o.ReadConns
	if n <= 0 {
		n = 8
	}
	if err := setPool(r, n); err != nil {
		return nil, err
	}
	s := &Store{w: w, r: r, dialect: dialect, Now: func() time.Time { return time.Now().UTC() }}
	s.startCommitter()
	return s, nil
}

// ownerOnly makes the database file readable and writable by its owner alone
// (0600), creating it so if it is new: it holds every firm's answers and the
// sessions. SQLite creates the -wal and -shm files with the database file's
// permissions; those left by an older version are narrowed here too.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("models: open %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("models: make %s private: %w", p, err)
		}
	}
	return nil
}

func setPool(db *gorm.DB, n int) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("models: pool: %w", err)
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	sqlDB.SetConnMaxIdleTime(0)
	return nil
}

// Close closes both pools.
func (s *Store) Close() error {
	s.stopCommitter()
	var first error
	for _, c := range []*stmtCache{&s.stmts, &s.readStmts} {
		c.Range(func(_, st any) bool {
			st.(*sql.Stmt).Close()
			return true
		})
	}
	for _, db := range []*gorm.DB{s.w, s.r} {
		if sqlDB, err := db.DB(); err == nil {
			if err := sqlDB.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// SQL returns the writing pool as database/sql, for backups and baselines.
func (s *Store) SQL() (*sql.DB, error) { return s.w.DB() }

// Ping checks the database answers, for /healthz.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.r.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// now is the store's time of a write, to the microsecond: PostgreSQL keeps
// no finer, and a write must answer with the time that a later read gives.
func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// write and read give the pools bound to ctx.
// Within Atomically, writes join its transaction.
func (s *Store) write(ctx context.Context) *gorm.DB {
	if tx, ok := inAtomic(ctx); ok {
		return tx
	}
	return s.w.WithContext(ctx)
}
func (s *Store) read(ctx context.Context) *gorm.DB { return s.r.WithContext(ctx) }

// redact hides a password in a database URL for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
