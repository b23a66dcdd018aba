package stats_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"healthcheck/analysis"
	"healthcheck/models"
	"healthcheck/stats"
	"healthcheck/testutil/storedjson"
)

// TestTypedFiguresGiveTheSameStatisticsAsStoredJSON computes the demo city's
// statistics both ways — the streaming Builder over every firm's stored
// result JSON, as before typed figures, and the service over typed columns —
// for the whole city, a district and filters, and compares every figure,
// the peers' sorted scores included.
func TestTypedFiguresGiveTheSameStatisticsAsStoredJSON(t *testing.T) {
	ctx := context.Background()
	store, defs, sum := demoCity(t)
	camp, err := store.CampaignByYear(ctx, sum.Campaigns[0].Year)
	if err != nil {
		t.Fatal(err)
	}
	def, _ := defs.Get(camp.QuestionnaireID)
	firms := firmsFromJSON(t, store, camp.ID)
	svc := stats.New(store, defs, 0)
	for _, tc := range []struct {
		name   string
		scope  models.Scope
		filter models.FirmFilter
		keep   func(*analysis.Firm) bool
	}{
		{"city", models.CityScope(), models.FirmFilter{}, func(*analysis.Firm) bool { return true }},
		{"district 330481", models.DistrictScope("330481"), models.FirmFilter{},
			func(f *analysis.Firm) bool { return f.District == "330481" }},
		{"band 4-10亿", models.CityScope(), models.FirmFilter{Band: "4-10亿"},
			func(f *analysis.Firm) bool { return f.Band == "4-10亿" }},
		{"industry C17 in 330402", models.DistrictScope("330402"), models.FirmFilter{Industry: "C17"},
			func(f *analysis.Firm) bool { return f.Industry == "C17" && f.District == "330402" }},
	} {
		b, peers := analysis.NewBuilder(def), analysis.NewPeers()
		n := 0
		for _, f := range firms {
			if tc.keep(f) {
				b.Add(f)
				peers.Add(f)
				n++
			}
		}
		want := b.Stats()
		snap, err := svc.Of(ctx, tc.scope, camp, tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 || want.Submitted == 0 {
			t.Fatalf("%s: no firms to compare", tc.name)
		}
		if !reflect.DeepEqual(snap.Stats, want) {
			g, _ := json.Marshal(snap.Stats)
			w, _ := json.Marshal(want)
			t.Errorf("%s: typed statistics differ from the stored JSON's\ntyped %.2000s\njson  %.2000s", tc.name, g, w)
		}
		if !reflect.DeepEqual(snap.Peers, peers.Done()) {
			t.Errorf("%s: peers differ", tc.name)
		}
	}
}

// firmsFromJSON reads the campaign's firms as statistics read them before
// typed figures: the roster facts and the stored result JSON, decoded.
func firmsFromJSON(t *testing.T, store *models.Store, campaignID int64) []*analysis.Firm {
	t.Helper()
	db, err := store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var out []*analysis.Firm
	if err := storedjson.Each(db, campaignID, func(f *analysis.Firm) { out = append(out, f) }); err != nil {
		t.Fatal(err)
	}
	return out
}
