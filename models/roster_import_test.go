package models

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"healthcheck/apperr"
	"healthcheck/questionnaires"
)

// TestReimportUpdatesByCreditCodeAndKeepsHistory imports a roster, then a
// corrected one: the preview and the import agree on what is added, changed
// and left; the history keeps the old values; last year's snapshot, the
// answers and contacts the file leaves blank do not move.
func TestReimportUpdatesByCreditCodeAndKeepsHistory(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	y2020, y2021 := newCampaign(t, s, 2020), newCampaign(t, s, 2021)
	a, b, c := firm("330481", 1, 5000000), firm("330483", 2, 2000000), firm("330402", 3, 1500000)
	a.ContactName, a.ContactPhone = "张三", "13800138000"
	if _, err := s.ImportRoster(ctx, Import{Campaign: y2020, Rows: []RosterInput{a, b}, Actor: "user:bureau", Source: "2020.xlsx"}); err != nil {
		t.Fatal(err)
	}
	diff, err := s.ImportRoster(ctx, Import{Campaign: y2021, Rows: []RosterInput{a, b}, Actor: "user:bureau", Source: "2021.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if diff.Added != 2 || diff.Changed != 0 || diff.Unchanged != 0 {
		t.Fatalf("first 2021 import: %+v", diff)
	}
	draft := entryOf(t, s, y2021, b.CreditCode)
	if _, _, err := s.SaveAnswers(ctx, CityScope(), Save{EntryID: draft.ID, Answers: map[string][]byte{"p_employees": []byte("7")}, Progress: 5}); err != nil {
		t.Fatal(err)
	}

	a2, b2 := a, b
	a2.Name, a2.RevenueWan, a2.Band, a2.ContactName, a2.ContactPhone = "海宁新名称有限公司", 12000000, bandOf(12000000), "", ""
	b2.District = "330482"
	rows := []RosterInput{a2, b2, c}
	preview, err := s.PreviewRoster(ctx, y2021.ID, rows)
	if err != nil {
		t.Fatal(err)
	}
	diff, err = s.ImportRoster(ctx, Import{Campaign: y2021, Rows: rows, Actor: "user:bureau", Source: "2021-v2.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if diff.Added != 1 || diff.Changed != 2 || diff.Unchanged != 0 || diff.Kept != 0 {
		t.Fatalf("re-import: %+v", diff)
	}
	if len(preview.Items) != len(diff.Items) || preview.Changed != diff.Changed || preview.Added != diff.Added {
		t.Fatalf("preview %+v differs from import %+v", preview, diff)
	}
	got := map[string]string{}
	for _, it := range diff.Items {
		var fs []string
		for _, ch := range it.Changes {
			fs = append(fs, ch.Field+":"+ch.Old+"→"+ch.New)
		}
		got[it.CreditCode] = it.Kind + " " + strings.Join(fs, ",")
	}
	if got[a.CreditCode] != "changed name:测试企业1有限公司→海宁新名称有限公司,revenue_wan:50000.00→120000.00" ||
		got[b.CreditCode] != "changed district:330483→330482" || got[c.CreditCode] != "added " {
		t.Fatalf("items: %v", got)
	}

	ea := entryOf(t, s, y2021, a.CreditCode)
	if ea.Name != "海宁新名称有限公司" || ea.RevenueWan != 12000000 || ea.Band != "10亿以上" {
		t.Fatalf("2021 entry not updated: %+v", ea)
	}
	if old := entryOf(t, s, y2020, a.CreditCode); old.Name != a.Name || old.RevenueWan != a.RevenueWan {
		t.Fatalf("2020 snapshot moved: %+v", old)
	}
	ent, err := s.Enterprise(ctx, CityScope(), ea.EnterpriseID)
	if err != nil {
		t.Fatal(err)
	}
	if ent.Name != "海宁新名称有限公司" || ent.ContactName != "张三" || ent.ContactPhone != "13800138000" {
		t.Fatalf("enterprise: %+v (blank contacts must not erase stored ones)", ent)
	}
	if eb := entryOf(t, s, y2021, b.CreditCode); eb.Version != 1 || eb.Status != StatusDraft || eb.District != "330482" {
		t.Fatalf("draft disturbed by import: %+v", eb)
	}
	hist, err := s.RosterHistory(ctx, CityScope(), ea.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Source != "import" || hist[0].Actor != "user:bureau" {
		t.Fatalf("history: %+v", hist)
	}
	log, _, err := s.AuditLog(ctx, AuditFilter{Action: "roster_imported"}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[0].Target != "2021" || log[0].Detail != "2021-v2.xlsx：新增 1，变更 2，未变 0" {
		t.Fatalf("audit: %+v", log)
	}

	again, err := s.ImportRoster(ctx, Import{Campaign: y2021, Rows: []RosterInput{a2}, Actor: "user:bureau", Source: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Unchanged != 1 || again.Kept != 2 || len(again.Items) != 0 {
		t.Fatalf("same row again: %+v", again)
	}
}

// TestRevenueChangeRescoresSubmittedSurvey: the band and the investment
// intensity follow the roster revenue, so a submitted score is recomputed in
// the same transaction.
func TestRevenueChangeRescoresSubmittedSurvey(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := firm("330481", 1, 5000000)
	c := seed(t, s, 2020, a)
	e := entryOf(t, s, c, a.CreditCode)
	submit(t, s, e, 5000)
	a.RevenueWan, a.Band = 20000000, bandOf(20000000)
	var seen int64
	rescorer := func(e *RosterEntry, answers map[string][]byte) (*ResultRow, error) {
		seen = int64(e.RevenueWan)
		if string(answers["p_employees"]) != "10" {
			t.Errorf("answers given to the rescorer: %v", answers)
		}
		return resultOf(t, e.CampaignID, questionnaires.Result{Total: 6100, LevelCode: 3, Level: "三级", Band: e.Band,
			Flags: []string{"low_awareness"}}), nil
	}
	if _, err := s.ImportRoster(ctx, Import{Campaign: c, Rows: []RosterInput{a}, Actor: "cli", Rescore: rescorer}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Result(ctx, CityScope(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if seen != 20000000 || r.Total != 6100 || r.Band != "10亿以上" || r.Scores.Total != 6100 ||
		!reflect.DeepEqual(r.Scores.Flags, []string{"low_awareness"}) {
		t.Fatalf("rescored with revenue %d: %+v", seen, r)
	}
	// Statistics read the rescored figures too.
	err = s.EachScored(ctx, CityScope(), c.ID, FirmFilter{}, func(fr *FirmRow) error {
		if fr.Result == nil || fr.Result.Total != 6100 || !reflect.DeepEqual(fr.Result.Flags, []string{"low_awareness"}) ||
			!reflect.DeepEqual(fr.Flags, []string{"low_awareness"}) {
			t.Errorf("statistics read %+v", fr.Result)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Without a rescorer the import refuses rather than leave a stale score.
	a.RevenueWan = 30000000
	if _, err := s.ImportRoster(ctx, Import{Campaign: c, Rows: []RosterInput{a}, Actor: "cli"}); err == nil {
		t.Fatal("import without rescorer changed a submitted firm's revenue")
	}
	if got := entryOf(t, s, c, a.CreditCode); got.RevenueWan != 20000000 {
		t.Fatalf("failed import wrote: %+v", got)
	}
}

func TestConfirmingAnUploadTwiceImportsOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c := newCampaign(t, s, 2020)
	u := &RosterUpload{CampaignID: c.ID, CreatedBy: "user:bureau", Filename: "r.csv", Content: []byte("x")}
	if err := s.SaveUpload(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Upload(ctx, c.ID+1, u.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("upload read through another campaign: %v", err)
	}
	imp := Import{Campaign: c, Rows: []RosterInput{firm("330481", 1, 5000000)}, Actor: "user:bureau", UploadID: u.ID}
	if _, err := s.ImportRoster(ctx, imp); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRoster(ctx, imp); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("second confirmation: %v", err)
	}
	if _, err := s.Upload(ctx, c.ID, u.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("upload still there: %v", err)
	}
}

// TestRosterRevenuesTakeTheScope: last year's revenues, which an import is
// checked against, are read within the caller's scope like every query.
func TestRosterRevenuesTakeTheScope(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, b := firm("330481", 1, 5000000), firm("330483", 2, 2000000)
	c := seed(t, s, 2020, a, b)
	city, err := s.RosterRevenues(ctx, CityScope(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(city) != 2 || city[a.CreditCode] != a.RevenueWan || city[b.CreditCode] != b.RevenueWan {
		t.Fatalf("city scope: %v", city)
	}
	district, err := s.RosterRevenues(ctx, DistrictScope("330481"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(district) != 1 || district[a.CreditCode] != a.RevenueWan {
		t.Fatalf("district 330481 sees %v", district)
	}
	if none, err := s.RosterRevenues(ctx, Scope{}, c.ID); err != nil || len(none) != 0 {
		t.Fatalf("a zero scope sees %v (%v)", none, err)
	}
}
