package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"healthcheck/testutil/testdb"
)

// TestDemoReportIsTheSameOnSQLiteAndPostgres generates the demo city of
// 1,750 firms over 2019 and 2020 into a SQLite file and into a PostgreSQL
// database, and writes the 2020 annual report from each: summary.json (the
// city's figures, to the cent), answers.csv and report.html (less its
// generation time) must be byte for byte the same. It needs a PostgreSQL
// server (HC_TEST_DB), which CI's second pass gives.
func TestDemoReportIsTheSameOnSQLiteAndPostgres(t *testing.T) {
	t.Parallel()
	if !testdb.Postgres() {
		t.Skip("needs a PostgreSQL server: set " + testdb.Env)
	}
	if testing.Short() {
		t.Skip("generates the demo city twice")
	}
	sqlite := filepath.Join(t.TempDir(), "city.db")
	postgres := testdb.DSN(t, "city.db")
	var reports [2][]byte
	for i, db := range []string{sqlite, postgres} {
		mustCLI(t, "demo", "--db", db, "--firms", "1750", "--seed", "1", "--years", "2019,2020")
		reports[i] = annualReport(t, db, 2020)
	}
	if !bytes.Contains(reports[0], []byte(`"submitted"`)) {
		t.Fatalf("the SQLite report has no summary:\n%.400s", reports[0])
	}
	if !bytes.Equal(reports[0], reports[1]) {
		a, b := reports[0], reports[1]
		i := 0
		for i < min(len(a), len(b)) && a[i] == b[i] {
			i++
		}
		t.Fatalf("the reports differ from byte %d:\nSQLite:     %.300s\nPostgreSQL: %.300s", i, a[i:], b[i:])
	}
}
