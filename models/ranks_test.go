package models

import (
	"context"
	"testing"

	"healthcheck/decimal"
	"healthcheck/testutil/testdb"
)

// A firm is ranked among the firms of the industry its roster entry names
// now: an accepted correction or a re-import that moves it to another
// industry moves its result with it.
func TestRanksFollowTheRosterIndustry(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	rows := []RosterInput{firm("330481", 1, 2000000), firm("330481", 2, 2000000), firm("330481", 3, 2000000)}
	c := seed(t, s, 2020, rows...)
	entries := make([]*RosterEntry, len(rows))
	for i, r := range rows {
		entries[i] = entryOf(t, s, c, r.CreditCode)
		submit(t, s, entries[i], []decimal.Fixed2{1000, 2000, 3000}[i])
	}
	industryN := func(industry string) int64 {
		t.Helper()
		_, in, err := s.Ranks(ctx, c.ID, "1-10亿", industry, 2000)
		if err != nil {
			t.Fatal(err)
		}
		return in.N
	}
	band, in, err := s.Ranks(ctx, c.ID, "1-10亿", "C17", 2000)
	if err != nil || band != (Rank{N: 3, Below: 1, Equal: 1}) || in != (Rank{N: 3, Below: 1, Equal: 1}) {
		t.Fatalf("ranks of 20.00 in band and C17: %+v %+v %v", band, in, err)
	}

	corr, err := s.RequestCorrection(ctx, FirmScope(entries[0].EnterpriseID),
		CorrectionRequest{EntryID: entries[0].ID, Field: "industry", Requested: "C34"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideCorrection(ctx, Decision{ID: corr.ID, Accept: true, Value: "C34", Actor: "user:bureau"}); err != nil {
		t.Fatal(err)
	}
	if c17, c34 := industryN("C17"), industryN("C34"); c17 != 2 || c34 != 1 {
		t.Fatalf("after the correction: C17 %d firms, C34 %d; want 2 and 1", c17, c34)
	}

	rows[1].Industry = "C34"
	if _, err := s.ImportRoster(ctx, Import{Campaign: c, Rows: rows, Actor: "user:bureau", Source: "更正.xlsx"}); err != nil {
		t.Fatal(err)
	}
	// The re-import still names firm 1 as C17, so it moves back.
	if c17, c34 := industryN("C17"), industryN("C34"); c17 != 2 || c34 != 1 {
		t.Fatalf("after the re-import: C17 %d firms, C34 %d; want 2 and 1", c17, c34)
	}
	rows[0].Industry = "C34"
	if err := s.UpsertRoster(ctx, c.ID, rows); err != nil {
		t.Fatal(err)
	}
	if c17, c34 := industryN("C17"), industryN("C34"); c17 != 1 || c34 != 2 {
		t.Fatalf("after the upsert: C17 %d firms, C34 %d; want 1 and 2", c17, c34)
	}
}

// A database from before results carried the industry is upgraded with every
// stored result's industry filled in from its roster entry.
func TestUpgradeFillsTheIndustryOfStoredResults(t *testing.T) {
	ctx := context.Background()
	path := testdb.DSN(t, "old.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := firm("330481", 1, 2000000), firm("330481", 2, 2000000)
	b.Industry = "C34"
	c := seed(t, s, 2020, a, b)
	for _, r := range []RosterInput{a, b} {
		submit(t, s, entryOf(t, s, c, r.CreditCode), 2000)
	}
	// Take the database back to schema 4.
	if err := RewindFigures(s); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP INDEX results_campaign_industry`, `ALTER TABLE results DROP COLUMN industry`,
		`DELETE FROM schema_migrations WHERE version >= 5`} {
		if err := s.w.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for industry, want := range map[string]int64{"C17": 1, "C34": 1} {
		if _, in, err := s.Ranks(ctx, c.ID, "1-10亿", industry, 2000); err != nil || in.N != want {
			t.Errorf("%s after the upgrade: %+v %v, want %d firm", industry, in, err, want)
		}
	}
}
