package models

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"healthcheck/apperr"
	"healthcheck/testutil/testdb"
)

// TestQuestionnaireIsLockedOnceAFirmSaved: before any save the edition may be
// replaced; after the first save it is in use and can only be superseded.
func TestQuestionnaireIsLockedOnceAFirmSaved(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := firm("330481", 1, 5000000)
	c := seed(t, s, 2021, a)
	if err := s.SetCampaignQuestionnaire(ctx, c, "jiaxing-2021", "user:bureau"); err != nil {
		t.Fatalf("before any save: %v", err)
	}
	c, _ = s.CampaignByID(ctx, c.ID)
	e := entryOf(t, s, c, a.CreditCode)
	if _, _, err := s.SaveAnswers(ctx, CityScope(), Save{EntryID: e.ID, Answers: map[string][]byte{}}); err != nil {
		t.Fatal(err)
	}
	if inUse, _ := s.CampaignInUse(ctx, c.ID); !inUse {
		t.Fatal("campaign with a saved draft is not in use")
	}
	err := s.SetCampaignQuestionnaire(ctx, c, "jiaxing-2020", "user:bureau")
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("after a save: %v", err)
	}
	if got, _ := s.CampaignByID(ctx, c.ID); got.QuestionnaireID != "jiaxing-2021" {
		t.Fatalf("questionnaire changed to %s", got.QuestionnaireID)
	}
	if err := s.SetCampaignRule(ctx, c, 500000, "user:bureau"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("rule changed after the roster was imported: %v", err)
	}
	log, _, _ := s.AuditLog(ctx, AuditFilter{Action: "campaign_updated"}, 10, 0)
	if len(log) != 1 || log[0].Detail != "问卷版本 jiaxing-2020 → jiaxing-2021" {
		t.Fatalf("audit: %+v", log)
	}
}

// TestReopenTurnsASubmissionBackIntoADraft: the stored result goes, so the
// statistics count a draft; the firm sees the reason; the reopening is logged.
func TestReopenTurnsASubmissionBackIntoADraft(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, b := firm("330481", 1, 5000000), firm("330482", 2, 5000000)
	c := seed(t, s, 2020, a, b)
	e := entryOf(t, s, c, a.CreditCode)
	submit(t, s, e, 4200)
	if err := s.Reopen(ctx, DistrictScope("330482"), e.ID, "user:x", "营业收入填错"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("reopen outside the scope: %v", err)
	}
	if err := s.Reopen(ctx, CityScope(), e.ID, "user:bureau", "营业收入填错，请核实后重新提交"); err != nil {
		t.Fatal(err)
	}
	got := entryOf(t, s, c, a.CreditCode)
	if got.Status != StatusDraft || got.SubmittedAt != nil || got.ReviewStatus != ReviewReturned ||
		got.ReviewReason != "营业收入填错，请核实后重新提交" || got.Version != e.Version+1 {
		t.Fatalf("reopened entry: %+v", got)
	}
	if _, err := s.Result(ctx, CityScope(), e.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("result still stored: %v", err)
	}
	rows, n, err := s.Firms(ctx, CityScope(), c.ID, FirmFilter{Status: StatusUnsubmitted}, "", 10, 0)
	if err != nil || n != 2 || len(rows) != 2 {
		t.Fatalf("firms to chase after reopening: %d %v", n, err)
	}
	if err := s.Reopen(ctx, CityScope(), e.ID, "user:bureau", "again"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("reopening a draft: %v", err)
	}
	// The firm's pages tell a reopening from a district's return, and name
	// the total of the withdrawn report.
	if w, err := s.LastWithdrawal(ctx, FirmScope(e.EnterpriseID), e.ID); err != nil || w == nil ||
		w.Action != ActionReopen || w.Reason != "营业收入填错，请核实后重新提交" || w.Total == nil || int64(*w.Total) != 4200 {
		t.Fatalf("last withdrawal: %+v %v", w, err)
	}
	if w, err := s.LastWithdrawal(ctx, DistrictScope("330482"), e.ID); err != nil || w != nil {
		t.Fatalf("withdrawal seen outside the scope: %+v %v", w, err)
	}
	log, _, _ := s.AuditLog(ctx, AuditFilter{Action: "survey_reopened"}, 10, 0)
	if len(log) != 1 || log[0].Target != a.CreditCode || log[0].Actor != "user:bureau" {
		t.Fatalf("audit: %+v", log)
	}
	// The firm can save and submit again.
	submit(t, s, got, 5100)
}

func TestCorrectionsAreAcceptedOrRefusedOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := firm("330481", 1, 5000000)
	c := seed(t, s, 2020, a)
	e := entryOf(t, s, c, a.CreditCode)
	ask := func(field, value string) *Correction {
		corr, err := s.RequestCorrection(ctx, FirmScope(e.EnterpriseID), CorrectionRequest{EntryID: e.ID, Field: field, Requested: value})
		if err != nil {
			t.Fatal(err)
		}
		return corr
	}
	name, district, revenue := ask("name", "海宁更正后有限公司"), ask("district", "平湖"), ask("revenue_wan", "abc")
	pending, n, err := s.Corrections(ctx, CorrectionPending, 10, 0)
	if err != nil || n != 3 || pending[0].ID != name.ID || pending[0].CreditCode != a.CreditCode || pending[0].Year != 2020 {
		t.Fatalf("pending: %d %+v %v", n, pending, err)
	}
	if err := s.DecideCorrection(ctx, Decision{ID: name.ID, Accept: true, Value: "海宁更正后有限公司", Actor: "user:bureau"}); err != nil {
		t.Fatal(err)
	}
	// The bureau checks what the firm typed ("平湖") and stores the code.
	if err := s.DecideCorrection(ctx, Decision{ID: district.ID, Accept: true, Value: "330482", Actor: "user:bureau", Note: "已核实"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideCorrection(ctx, Decision{ID: revenue.ID, Accept: false, Actor: "user:bureau", Note: "请填写数字"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideCorrection(ctx, Decision{ID: revenue.ID, Accept: true, Value: "1.00", Band: "x", Actor: "user:bureau"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("second decision: %v", err)
	}
	got := entryOf(t, s, c, a.CreditCode)
	ent, _ := s.Enterprise(ctx, CityScope(), got.EnterpriseID)
	if got.Name != "海宁更正后有限公司" || got.District != "330482" || ent.Name != got.Name || ent.District != "330482" || got.RevenueWan != a.RevenueWan {
		t.Fatalf("after decisions: entry %+v enterprise %+v", got, ent)
	}
	done, _, _ := s.Corrections(ctx, "", 10, 0)
	status := map[int64]string{}
	for _, d := range done {
		status[d.ID] = d.Status + "/" + d.DecidedBy + "/" + d.DecisionNote
	}
	if status[district.ID] != "accepted/user:bureau/已核实" || status[revenue.ID] != "refused/user:bureau/请填写数字" {
		t.Fatalf("stored decisions: %v", status)
	}
	hist, _ := s.RosterHistory(ctx, CityScope(), e.ID)
	if len(hist) != 2 || hist[0].Source != "correction" || hist[0].OldValue != "330481" || hist[0].NewValue != "330482" {
		t.Fatalf("history: %+v", hist)
	}
	acc, _, _ := s.AuditLog(ctx, AuditFilter{Action: "correction_accepted"}, 10, 0)
	ref, _, _ := s.AuditLog(ctx, AuditFilter{Action: "correction_refused"}, 10, 0)
	if len(acc) != 2 || len(ref) != 1 || ref[0].Detail != "营业收入（万元）：请填写数字" {
		t.Fatalf("audit: %+v %+v", acc, ref)
	}
}

func TestReissueOneFirmsCode(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, b := firm("330481", 1, 5000000), firm("330482", 2, 5000000)
	c := seed(t, s, 2020, a, b)
	first, err := s.IssueInvites(ctx, CityScope(), c.ID, false)
	if err != nil || len(first) != 2 {
		t.Fatalf("issue: %v %v", first, err)
	}
	old := map[string]string{}
	for _, iv := range first {
		old[iv.CreditCode] = iv.Code
	}
	if _, err := s.ReissueInvite(ctx, DistrictScope("330482"), c.ID, a.CreditCode); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("reissue outside the scope: %v", err)
	}
	iv, err := s.ReissueInvite(ctx, CityScope(), c.ID, a.CreditCode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EntryByInvite(ctx, a.CreditCode, old[a.CreditCode]); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("old code still works: %v", err)
	}
	if _, err := s.EntryByInvite(ctx, a.CreditCode, iv.Code); err != nil {
		t.Fatalf("new code: %v", err)
	}
	if _, err := s.EntryByInvite(ctx, b.CreditCode, old[b.CreditCode]); err != nil {
		t.Fatalf("the other firm's code stopped working: %v", err)
	}
	if none, _ := s.IssueInvites(ctx, CityScope(), c.ID, false); len(none) != 0 {
		t.Fatalf("issuing again gave %d codes to firms that have one", len(none))
	}
}

func TestBackupIsAnOpenableCopy(t *testing.T) {
	testdb.SkipOnPostgres(t, "VACUUM INTO; PostgreSQL is backed up with pg_dump")
	ctx := context.Background()
	s := openTest(t)
	c := seed(t, s, 2020, firm("330481", 1, 5000000))
	// The directory is made; the second backup replaces the first.
	path := filepath.Join(t.TempDir(), "backups", "copy.db")
	for i := 0; i < 2; i++ {
		if err := s.Backup(ctx, path); err != nil {
			t.Fatal(err)
		}
	}
	cp, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	rows, n, err := cp.Firms(ctx, CityScope(), c.ID, FirmFilter{}, "", 10, 0)
	if err != nil || n != 1 || rows[0].Name != "测试企业1有限公司" {
		t.Fatalf("copy: %d %+v %v", n, rows, err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", info.Mode(), err)
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".copy.db.tmp-*"))
	if len(matches) != 0 {
		t.Fatalf("temporary files left: %v", matches)
	}
}
