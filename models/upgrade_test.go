package models_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

// TestUpgradeTypesEveryStoredResult builds the demo city (two campaigns,
// scored by the real survey flow), takes the database back to schema 6 —
// results with their JSON only — and reopens it: migration 0007 must give
// every submitted firm typed figures equal to what its stored JSON says.
func TestUpgradeTypesEveryStoredResult(t *testing.T) {
	ctx := context.Background()
	path := testdb.DSN(t, "old.db")
	store, err := models.Open(ctx, path, models.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatal(err)
	}
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: 400, Seed: 7, Years: []int{2019, 2020}})
	if err != nil {
		t.Fatal(err)
	}
	if err := models.RewindFigures(store); err != nil {
		t.Fatal(err)
	}
	store.Close()

	store, err = models.Open(ctx, path, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	stored := storedDetails(t, store)
	checked := 0
	for _, c := range sum.Campaigns {
		err := store.EachScored(ctx, models.CityScope(), c.ID, models.FirmFilter{}, func(r *models.FirmRow) error {
			want, ok := stored[r.EntryID]
			if (r.Status == models.StatusSubmitted) != ok || (r.Result != nil) != ok {
				t.Errorf("%s (%s): typed result %v, stored JSON %v", r.CreditCode, r.Status, r.Result != nil, ok)
				return nil
			}
			if ok {
				sameFigures(t, r.CreditCode, r.Result, &want.result)
				if want.band != r.Band || want.industry != r.Industry || want.district != r.District {
					t.Errorf("%s: result's band, industry, district %s %s %s; entry's %s %s %s", r.CreditCode,
						want.band, want.industry, want.district, r.Band, r.Industry, r.District)
				}
				checked++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked != len(stored) || checked < 500 {
		t.Fatalf("checked %d firms of %d stored results", checked, len(stored))
	}
	sameFigureRows(t, store, sum.Campaigns, stored)
}

// sameFigureRows checks the rows of result_figures: as many as each stored
// result has figures, and the flags lists show (read from those rows) the
// stored flags.
func sameFigureRows(t *testing.T, store *models.Store, campaigns []demo.CampaignSummary, stored map[int64]stored) {
	t.Helper()
	ctx := context.Background()
	want := 0
	for _, s := range stored {
		r := s.result
		want += len(r.Dimensions) + len(r.Indicators) + len(r.Scenes) + len(r.Needs) + len(r.Flags)
	}
	db, err := store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := db.QueryRow(`SELECT COUNT(*) FROM result_figures`).Scan(&rows); err != nil || rows != want {
		t.Errorf("%d figure rows (%v), want %d", rows, err, want)
	}
	for _, c := range campaigns {
		err := store.EachFirm(ctx, models.CityScope(), c.ID, models.FirmFilter{Status: models.StatusSubmitted}, func(r *models.FirmRow) error {
			if w := append([]string{}, stored[r.EntryID].result.Flags...); !reflect.DeepEqual(r.Flags, w) {
				t.Errorf("%s: listed flags %v, stored %v", r.CreditCode, r.Flags, w)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// stored is a result as the JSON column and the result's own columns say.
type stored struct {
	result                   questionnaires.Result
	band, industry, district string
}

// storedDetails decodes every stored result's JSON with encoding/json,
// independently of the store's own decoding.
func storedDetails(t *testing.T, store *models.Store) map[int64]stored {
	t.Helper()
	db, err := store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT entry_id, detail, band, industry, district FROM results`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]stored{}
	for rows.Next() {
		var id int64
		var detail string
		var s stored
		if err := rows.Scan(&id, &detail, &s.band, &s.industry, &s.district); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(detail), &s.result); err != nil {
			t.Fatal(err)
		}
		out[id] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameFigures compares what statistics read: total, level, band,
// dimensions, indicators, flags, needs and scenes (an empty list and none
// are the same).
func sameFigures(t *testing.T, who string, got, want *questionnaires.Result) {
	t.Helper()
	if got.Total != want.Total || got.LevelCode != want.LevelCode || got.Level != want.Level || got.Band != want.Band {
		t.Errorf("%s: total %v level %d %s band %s; stored %v level %d %s band %s", who, got.Total, got.LevelCode,
			got.Level, got.Band, want.Total, want.LevelCode, want.Level, want.Band)
	}
	list := func(xs []string) []string { return append([]string{}, xs...) }
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"dimensions", got.Dimensions, want.Dimensions},
		{"indicators", got.Indicators, want.Indicators},
		{"scenes", got.Scenes, want.Scenes},
		{"flags", list(got.Flags), list(want.Flags)},
		{"needs", list(got.Needs), list(want.Needs)},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s: %s %v; stored %v", who, f.name, f.got, f.want)
		}
	}
}
