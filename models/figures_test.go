package models

import (
	"context"
	"reflect"
	"testing"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

func fx(v decimal.Fixed2) *decimal.Fixed2 { return &v }

// scored is a result with every kind of figure, values that floating point
// would not keep (0.29, 1.15, 4.35) and a ratio without a value.
func scored(band string) questionnaires.Result {
	return questionnaires.Result{Total: 6105, LevelCode: 3, Level: "三级", Band: band,
		Dimensions: map[string]decimal.Fixed2{"数字化基础": 29, "数字化经营": 115, "数字化管理": 10000},
		Indicators: map[string]questionnaires.IndicatorValue{
			"设备联网率":    {Value: fx(435), Num: fx(87), Den: fx(2000)},
			"关键工序数控化率": {Num: fx(0), Den: fx(0)},
			"MES普及率":   {Value: fx(10000)},
			"上云率":      {Value: fx(0)},
		},
		Scenes: map[string]int{"s_quality": 2, "s_safety": 0},
		Needs:  []string{"training", "cloud"},
		Flags:  []string{"low_investment", "low_awareness"}}
}

// scoredOf reads an entry's typed result through EachScored.
func scoredOf(t *testing.T, s *Store, c *Campaign, entryID int64) *FirmRow {
	t.Helper()
	var found *FirmRow
	err := s.EachScored(context.Background(), CityScope(), c.ID, FirmFilter{}, func(r *FirmRow) error {
		if r.EntryID == entryID {
			cp := *r
			found = &cp
		}
		return nil
	})
	if err != nil || found == nil {
		t.Fatalf("entry #%d not streamed: %v", entryID, err)
	}
	return found
}

func figureRows(t *testing.T, s *Store, entryID int64) int64 {
	t.Helper()
	var n int64
	if err := s.r.Raw(`SELECT COUNT(*) FROM result_figures WHERE entry_id = ?`, entryID).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func resultPlace(t *testing.T, s *Store, entryID int64) (district, industry string) {
	t.Helper()
	row := s.r.Raw(`SELECT district, industry FROM results WHERE entry_id = ?`, entryID).Row()
	if err := row.Scan(&district, &industry); err != nil {
		t.Fatal(err)
	}
	return district, industry
}

// A submitted result's figures come back exactly, in their stored order,
// follow the entry's place, and leave with the result.
func TestFiguresFollowTheirResult(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, b, c := firm("330481", 1, 2000000), firm("330481", 2, 2000000), firm("330402", 3, 2000000)
	camp := seed(t, s, 2020, a, b, c)
	ea, eb, ec := entryOf(t, s, camp, a.CreditCode), entryOf(t, s, camp, b.CreditCode), entryOf(t, s, camp, c.CreditCode)
	for _, e := range []*RosterEntry{ea, eb, ec} {
		submitResult(t, s, e, scored(e.Band))
	}

	got := scoredOf(t, s, camp, ea.ID)
	want := scored(ea.Band)
	if !reflect.DeepEqual(*got.Result, want) || !reflect.DeepEqual(got.Flags, want.Flags) {
		t.Fatalf("typed result\n%+v\nstored\n%+v", *got.Result, want)
	}
	list, total, err := s.Firms(ctx, CityScope(), camp.ID, FirmFilter{Flag: "low_awareness"}, "", 10, 0)
	if err != nil || total != 3 || !reflect.DeepEqual(list[0].Flags, want.Flags) {
		t.Fatalf("flag filter: %d firms %+v %v", total, list, err)
	}

	// A re-import moving a firm and an accepted correction keep the
	// result's place in step with the entry's.
	a.District, a.Industry = "330402", "C34"
	if err := s.UpsertRoster(ctx, camp.ID, []RosterInput{a}); err != nil {
		t.Fatal(err)
	}
	if d, i := resultPlace(t, s, ea.ID); d != "330402" || i != "C34" {
		t.Errorf("after the re-import the result is in %s %s", d, i)
	}
	corr, err := s.RequestCorrection(ctx, FirmScope(eb.EnterpriseID), CorrectionRequest{EntryID: eb.ID, Field: "district", Requested: "330483"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideCorrection(ctx, Decision{ID: corr.ID, Accept: true, Value: "330483", Actor: "user:bureau"}); err != nil {
		t.Fatal(err)
	}
	if d, _ := resultPlace(t, s, eb.ID); d != "330483" {
		t.Errorf("after the correction the result is in %s", d)
	}

	// Returned and reopened surveys lose their figures with their results.
	if err := s.Return(ctx, CityScope(), ea.ID, "user:haining", "数据有误"); err != nil {
		t.Fatal(err)
	}
	if err := s.Reopen(ctx, CityScope(), eb.ID, "user:bureau", "重新填报"); err != nil {
		t.Fatal(err)
	}
	for _, e := range []*RosterEntry{ea, eb} {
		if n := figureRows(t, s, e.ID); n != 0 {
			t.Errorf("entry #%d withdrawn, %d figure rows left", e.ID, n)
		}
		if scoredOf(t, s, camp, e.ID).Result != nil {
			t.Errorf("entry #%d withdrawn still has a result", e.ID)
		}
	}
	if n := figureRows(t, s, ec.ID); n != int64(len(figuresOf(ec.ID, &want))) {
		t.Errorf("the firm still submitted has %d figure rows", n)
	}
	if _, total, _ := s.Firms(ctx, CityScope(), camp.ID, FirmFilter{Flag: "low_investment"}, "", 10, 0); total != 1 {
		t.Errorf("flag filter after withdrawals: %d firms, want 1", total)
	}
}
