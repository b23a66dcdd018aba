package bigcity

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// sourceTable is, on PostgreSQL, where a copy reads a table's original
// rows: a temporary copy of the demo city's rows indexed by their key
// (stageAndDrop), so a copy reads 1,750 firms' rows however large the table has
// grown, with no index on the table itself.
const sourceTable = "pg_temp.bigcity_%s"

// bulkConn is one connection of db set up for the copies: a commit does not
// wait for its WAL to reach the disk (a crash loses the unfinished database,
// which is rebuilt under its temporary name anyway), the staged city stays
// in memory, and re-making the indexes and checking the foreign keys may
// sort in memory.
func bulkConn(ctx context.Context, db *sql.DB) (*sql.Conn, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("a connection for the copies: %w", err)
	}
	err = execAll(ctx, conn, []string{`SET synchronous_commit = off`, `SET temp_buffers = '256MB'`,
		`SET maintenance_work_mem = '1GB'`})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// indexes lists, for the copied tables, their primary keys, unique
// constraints, foreign keys and the indexes that back no constraint, and the
// foreign keys that refer to them:
// each as the statement that drops it and the one that makes it again, read
// from the catalogue (pg_get_constraintdef, pg_get_indexdef) so it is re-made
// exactly as the migrations made it. Foreign keys come first, so dropping in
// this order and re-making in the reverse one never drops a key another
// depends on.
const indexes = `
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
	format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)),
	CASE c.contype WHEN 'f' THEN 0 ELSE 1 END AS rank
FROM pg_constraint c
WHERE (c.conrelid = ANY($1::text[]::regclass[]) AND c.contype IN ('f', 'p', 'u'))
	OR (c.confrelid = ANY($1::text[]::regclass[]) AND c.contype = 'f')
UNION ALL
SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), 2
FROM pg_index i
WHERE i.indrelid = ANY($1::text[]::regclass[])
	AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
ORDER BY rank, 1`

// stageAndDrop stages the city's rows of every copied table (sourceTable),
// then drops the tables' indexes and keys (see indexes) and returns what
// makes them again. Maintaining them row by row through hundreds of copies
// (every copied answer adds a primary-key entry and a WAL record for it) and
// checking each copied row's foreign keys one at a time is most of a copy's
// cost; building each index once from the finished table, and checking each
// foreign key with one join, is a fraction of it.
func stageAndDrop(ctx context.Context, db querier, stmts []copyStmt) (func(context.Context) error, error) {
	var stage, tables []string
	for _, st := range stmts {
		src := fmt.Sprintf(sourceTable, st.table)
		stage = append(stage, fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT * FROM %s`, src[len("pg_temp."):], st.table),
			fmt.Sprintf(`CREATE INDEX ON %s (%s)`, src, st.key), `ANALYZE `+src)
		tables = append(tables, st.table)
	}
	if err := execAll(ctx, db, stage); err != nil {
		return nil, err
	}
	drops, makes, err := indexDDL(ctx, db, tables)
	if err != nil {
		return nil, err
	}
	if err := execAll(ctx, db, drops); err != nil {
		return nil, err
	}
	slices.Reverse(makes)
	return func(ctx context.Context) error { return execAll(ctx, db, makes) }, nil
}

// indexDDL runs the indexes query on tables.
func indexDDL(ctx context.Context, db querier, tables []string) (drops, makes []string, err error) {
	rows, err := db.QueryContext(ctx, indexes, tables)
	if err != nil {
		return nil, nil, fmt.Errorf("read the indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var drop, make string
		var rank int
		if err := rows.Scan(&drop, &make, &rank); err != nil {
			return nil, nil, err
		}
		drops, makes = append(drops, drop), append(makes, make)
	}
	return drops, makes, rows.Err()
}

func execAll(ctx context.Context, db querier, stmts []string) error {
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}
