package models

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Saves and submits are the platform's hot path: every autosave of every firm
// is one. SQLite has one writer, so whatever runs inside their transaction
// makes every other firm wait. They are therefore written through
// database/sql with statements prepared once, not through GORM, whose
// per-statement building and reflection would run while holding the lock.

// hotTx is a hot-path transaction. The writing pool has one connection,
// which the transaction holds, so a statement cannot be prepared while it is
// open: a text seen for the first time runs unprepared and is prepared after
// the commit, for every later transaction.
type hotTx struct {
	*sql.Tx
	unprepared []string
}

// exec runs query inside tx, through its prepared statement once there is one.
func (s *Store) exec(ctx context.Context, tx *hotTx, query string, args ...any) (sql.Result, error) {
	if st, ok := s.stmts.Load(query); ok {
		return tx.StmtContext(ctx, st.(*sql.Stmt)).ExecContext(ctx, args...)
	}
	tx.unprepared = append(tx.unprepared, query)
	return tx.ExecContext(ctx, rebind(s.dialect, query), args...)
}

// prepare keeps a prepared statement for each query. A failure only costs
// speed (the text keeps running unprepared), so it is not reported.
func (s *Store) prepare(ctx context.Context, db *sql.DB, queries []string) {
	for _, q := range queries {
		_, _ = s.prepared(ctx, &s.stmts, db, q)
	}
}

// prepared returns query's statement from cache, preparing it on db the
// first time.
func (s *Store) prepared(ctx context.Context, cache *stmtCache, db *sql.DB, query string) (*sql.Stmt, error) {
	if st, ok := cache.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, rebind(s.dialect, query))
	if err != nil {
		return nil, fmt.Errorf("models: prepare: %w", err)
	}
	if old, loaded := cache.LoadOrStore(query, st); loaded {
		st.Close()
		return old.(*sql.Stmt), nil
	}
	return st, nil
}

// stmtCache holds the hot path's prepared statements; their texts are a
// handful (scope kinds, answer counts), so it stays small.
type stmtCache = sync.Map

// query runs a hot-path read (the entry, its answers, its ranks) through a
// statement prepared once on the reading pool; database/sql prepares it
// again on whichever connection runs it.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.readStmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	db, err := s.r.DB()
	if err != nil {
		return nil, fmt.Errorf("models: reader: %w", err)
	}
	return s.prepared(ctx, &s.readStmts, db, query)
}

// queryOne scans the single row of a hot-path read into dest; it returns
// sql.ErrNoRows when there is none.
func (s *Store) queryOne(ctx context.Context, query string, args []any, dest ...any) error {
	st, err := s.readStmt(ctx, query)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dest...)
}

// rebind turns the hot path's "?" placeholders into PostgreSQL's "$n"
// (GORM does this for its own statements). The hot path's texts hold no "?"
// inside quotes.
func rebind(dialect, query string) string {
	if dialect != "postgres" || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// change is an UPDATE of one entry's columns, applied only while a
// condition holds (the version the client saw, the status it may leave).
type change struct {
	set  []string // "column = ?"
	args []any
}

func (c *change) add(column string, v any) {
	c.set = append(c.set, column+" = ?")
	c.args = append(c.args, v)
}

// moveEntry applies ch to an entry in scope when cond holds; when nothing
// matched it says why (not found, submitted, stale version). The official
// filling in for the firm (代填), if any, is recorded.
func (s *Store) moveEntry(ctx context.Context, tx *hotTx, scope Scope, entryID int64, filledBy string,
	ch change, cond string, condArgs ...any) error {
	if filledBy != "" {
		ch.add("filled_by", filledBy)
	}
	scopeCond, scopeArgs := scope.where("e")
	q := "UPDATE roster_entries AS e SET " + strings.Join(ch.set, ", ") +
		" WHERE e.id = ? AND " + cond + " AND " + scopeCond
	args := append(append(append(ch.args, entryID), condArgs...), scopeArgs...)
	res, err := s.exec(ctx, tx, q, args...)
	if err != nil {
		return fmt.Errorf("models: update entry #%d: %w", entryID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return s.whyNotWritable(ctx, s.read(ctx), scope, entryID)
	}
	return nil
}
