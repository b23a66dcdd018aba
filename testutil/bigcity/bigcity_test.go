package bigcity

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"healthcheck/models"
	"healthcheck/testutil/testdb"
)

// extra is how many firms past the demo city the test builds: one partial
// copy, which exercises the copy's key range at both of its ends.
const extra = 300

// TestBuildCopiesTheCityAndKeepsTheSchema builds a city of one demo city and
// a partial copy, and checks that every copied table's copy holds exactly
// the original's first firms' rows, shifted, and that the finished database
// has the indexes and constraints a freshly migrated one has (on PostgreSQL
// the build drops the secondary ones for the copies and re-makes them).
func TestBuildCopiesTheCityAndKeepsTheSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,750-firm demo city")
	}
	ctx := context.Background()
	dsn := testdb.DSN(t, "city.db")
	if err := build(ctx, dsn, cityFirms+extra, t.Logf); err != nil {
		t.Fatal(err)
	}
	db := openSQL(t, dsn)
	checkCopies(t, db)

	fresh := testdb.DSN(t, "fresh.db")
	store, err := models.Open(ctx, fresh, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	want, got := schema(t, openSQL(t, fresh)), schema(t, db)
	if !slices.Equal(got, want) {
		t.Errorf("the built database's indexes and constraints differ from the migrations':\ngot  %q\nwant %q", got, want)
	}
	if len(want) < 10 {
		t.Fatalf("read only %d indexes and constraints: the schema query is wrong", len(want))
	}
}

func openSQL(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := OpenRead(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checkCopies compares, table by table, the copy's rows with the original
// first extra firms' rows, ids shifted by the city's size.
func checkCopies(t *testing.T, db *sql.DB) {
	t.Helper()
	ctx := context.Background()
	var count int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM roster_entries`).Scan(&count); err != nil || count != cityFirms+extra {
		t.Fatalf("roster holds %d firms (%v), want %d", count, err, cityFirms+extra)
	}
	for _, c := range []struct{ table, key, same string }{
		{"enterprises", "id", "b.district = a.district AND b.name = a.name || '（1）'"},
		{"roster_entries", "id", "b.enterprise_id = a.enterprise_id + 1750 AND b.status = a.status AND b.name = a.name || '（1）'"},
		{"answers", "entry_id", "b.question_id = a.question_id AND b.value = a.value"},
		{"results", "entry_id", "b.total = a.total AND b.figures = a.figures"},
		{"result_figures", "entry_id", "b.kind = a.kind AND b.key = a.key AND b.value = a.value"},
	} {
		var orig, copied, matched int
		q := fmt.Sprintf(`SELECT (SELECT COUNT(*) FROM %[1]s a WHERE a.%[2]s <= %[3]d),
			(SELECT COUNT(*) FROM %[1]s b WHERE b.%[2]s > %[4]d),
			(SELECT COUNT(*) FROM %[1]s a JOIN %[1]s b ON b.%[2]s = a.%[2]s + %[4]d AND %[5]s WHERE a.%[2]s <= %[3]d)`,
			c.table, c.key, extra, cityFirms, c.same)
		if err := db.QueryRowContext(ctx, q).Scan(&orig, &copied, &matched); err != nil {
			t.Fatalf("%s: %v", c.table, err)
		}
		if orig == 0 || copied != orig || matched != orig {
			t.Errorf("%s: the first %d firms have %d rows, the copy %d, of which %d match", c.table, extra, orig, copied, matched)
		}
	}
}

// schema lists the database's indexes and constraints, each with its
// definition.
func schema(t *testing.T, db *sql.DB) []string {
	t.Helper()
	q := `SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') FROM sqlite_master
		WHERE type = 'index' OR (type = 'table' AND name NOT LIKE 'sqlite_%') ORDER BY 1`
	if testdb.Postgres() {
		q = `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace
			UNION ALL
			SELECT indrelid::regclass || ' ' || indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid) FROM pg_index
			WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace)
			ORDER BY 1`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
