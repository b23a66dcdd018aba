package models_test

import (
	"context"
	"testing"
	"time"

	"healthcheck/apperr"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/testutil/testdb"
)

// fixture is a store with a campaign and three firms: two in 330481 (海宁),
// one in 330483 (桐乡).
type fixture struct {
	store    *models.Store
	campaign *models.Campaign
	entries  map[string]int64 // credit code → entry id
}

const (
	haining1  = "91330481MA2B3C4D5G"
	haining2  = "91330481MA2B3C4D6E"
	tongxiang = "91330483MA2B3C4D5D"
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, testdb.DSN(t, "m.db"), models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	c := &models.Campaign{Year: 2020, Title: "2020年度体检", QuestionnaireID: "jiaxing-2020",
		OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().Add(time.Hour), MinRevenueWan: 1000000}
	if err := store.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	rows := []models.RosterInput{
		{CreditCode: haining1, Name: "海宁一厂", District: "330481", Industry: "C19", RevenueWan: 5000000, Band: "4-10亿",
			ContactName: "名录联系人", ContactPhone: "0573-1"},
		{CreditCode: haining2, Name: "海宁二厂", District: "330481", Industry: "C19", RevenueWan: 2000000, Band: "2-4亿"},
		{CreditCode: tongxiang, Name: "桐乡一厂", District: "330483", Industry: "C28", RevenueWan: 2000000, Band: "2-4亿"},
	}
	if err := store.UpsertRoster(ctx, c.ID, rows); err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: store, campaign: c, entries: map[string]int64{}}
	for _, r := range rows {
		e, err := store.EntryByCreditCode(ctx, models.CityScope(), c.ID, r.CreditCode)
		if err != nil {
			t.Fatal(err)
		}
		f.entries[r.CreditCode] = e.ID
	}
	return f
}

// submit saves answers and submits with a made-up stored score.
func (f *fixture) submit(t *testing.T, code string, answers map[string]string) {
	t.Helper()
	ctx := context.Background()
	id := f.entries[code]
	e, _, err := f.store.Entry(ctx, models.CityScope(), id)
	if err != nil {
		t.Fatal(err)
	}
	enc := map[string][]byte{}
	for k, v := range answers {
		enc[k] = []byte(v)
	}
	v, _, err := f.store.SaveAnswers(ctx, models.CityScope(), models.Save{EntryID: id, Version: e.Version, Answers: enc, Progress: 100})
	if err != nil {
		t.Fatal(err)
	}
	r, err := models.NewResult(f.campaign.ID, questionnaires.Result{Total: 6150, LevelCode: 3, Level: "三级", Band: e.Band})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.store.Submit(ctx, models.CityScope(), models.Submission{EntryID: id, Version: v, Result: *r})
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

func TestReturnReopensTheSurveyAndRemovesItsScore(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.entries[haining1]
	f.submit(t, haining1, map[string]string{"p_contact_name": `"张三"`})
	haining := models.DistrictScope("330481")

	// Another district's official cannot see it to return it.
	wantCode(t, f.store.Return(ctx, models.DistrictScope("330483"), id, "district-330483", "数据有误"), apperr.NotFound)
	// A return needs a reason the firm can read.
	err := f.store.Return(ctx, haining, id, "district-330481", "  ")
	wantCode(t, err, apperr.Invalid)
	if e, _ := apperr.As(err); e.Fields["reason"] == "" {
		t.Fatalf("the missing reason must be named: %+v", e)
	}
	if err := f.store.Return(ctx, haining, id, "district-330481", "设备台数与营业收入不符，请核实"); err != nil {
		t.Fatal(err)
	}
	e, _, err := f.store.Entry(ctx, models.FirmScope(e0(t, f, id)), id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != models.StatusDraft || e.ReviewStatus != models.ReviewReturned || e.ReviewReason != "设备台数与营业收入不符，请核实" {
		t.Fatalf("returned entry: %+v", e)
	}
	if _, err := f.store.Result(ctx, models.CityScope(), id); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("the stored score must be gone after a return: %v", err)
	}
	// Returning or approving a draft is refused.
	wantCode(t, f.store.Return(ctx, haining, id, "district-330481", "再退回"), apperr.Conflict)
	wantCode(t, f.store.Approve(ctx, haining, id, "district-330481"), apperr.Conflict)

	rv, err := f.store.Reviews(ctx, haining, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(rv) != 1 || rv[0].Action != models.ActionReturn || rv[0].Actor != "district-330481" || rv[0].Total == nil || rv[0].Total.String() != "61.50" {
		t.Fatalf("review record: %+v", rv)
	}
	if rv, _ := f.store.Reviews(ctx, models.DistrictScope("330483"), id); len(rv) != 0 {
		t.Fatal("another district must not read the review record")
	}
	log, _, err := f.store.AuditLog(ctx, models.AuditFilter{}, 10, 0)
	if err != nil || len(log) == 0 || log[0].Action != "review_return" || log[0].Actor != "district-330481" {
		t.Fatalf("audit log: %+v %v", log, err)
	}
}

// e0 is an entry's enterprise id.
func e0(t *testing.T, f *fixture, id int64) int64 {
	e, _, err := f.store.Entry(context.Background(), models.CityScope(), id)
	if err != nil {
		t.Fatal(err)
	}
	return e.EnterpriseID
}

func TestApproveOnceAndOnlySubmitted(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.entries[haining1]
	wantCode(t, f.store.Approve(ctx, models.CityScope(), id, "bureau"), apperr.Conflict) // not submitted
	f.submit(t, haining1, nil)
	if err := f.store.Approve(ctx, models.DistrictScope("330481"), id, "district-330481"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.store.Approve(ctx, models.CityScope(), id, "bureau"), apperr.Conflict)
	e, _, _ := f.store.Entry(ctx, models.CityScope(), id)
	if e.ReviewStatus != models.ReviewApproved || e.Status != models.StatusSubmitted {
		t.Fatalf("approved entry: %+v", e)
	}
	// An approved survey can still be returned when an error shows later.
	if err := f.store.Return(ctx, models.CityScope(), id, "bureau", "复核发现数据错误"); err != nil {
		t.Fatal(err)
	}
}

func TestFillInNeedsAReasonFirst(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.entries[haining2]
	haining := models.DistrictScope("330481")
	wantCode(t, firstErr(f.store.FillReason(ctx, haining, id, "district-330481")), apperr.Conflict)
	wantCode(t, f.store.StartFill(ctx, haining, id, "district-330481", ""), apperr.Invalid)
	wantCode(t, f.store.StartFill(ctx, models.DistrictScope("330483"), id, "district-330483", "纸质问卷"), apperr.NotFound)
	if err := f.store.StartFill(ctx, haining, id, "district-330481", "企业提交纸质问卷"); err != nil {
		t.Fatal(err)
	}
	reason, err := f.store.FillReason(ctx, haining, id, "district-330481")
	if err != nil || reason != "企业提交纸质问卷" {
		t.Fatalf("fill reason %q %v", reason, err)
	}
	// The reason is the official's own: a colleague must give theirs.
	wantCode(t, firstErr(f.store.FillReason(ctx, models.CityScope(), id, "bureau")), apperr.Conflict)
}

func firstErr(_ string, err error) error { return err }

func TestChaseListsTheFurthestBehindFirstWithAContact(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// haining2 is a draft with its own 填报联系人; haining1 not started, with
	// the roster's contact; tongxiang submitted.
	id := f.entries[haining2]
	_, _, err := f.store.SaveAnswers(ctx, models.CityScope(), models.Save{EntryID: id, Version: 0, Progress: 40,
		Answers: map[string][]byte{"p_contact_name": []byte(`"李四"`), "p_contact_phone": []byte(`"13800000000"`)}})
	if err != nil {
		t.Fatal(err)
	}
	f.submit(t, tongxiang, nil)
	cq := models.ContactQuestions{Name: "p_contact_name", Phone: "p_contact_phone", Email: "p_contact_email"}
	rows, err := f.store.Chase(ctx, models.CityScope(), f.campaign.ID, models.FirmFilter{}, cq, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	total, err := f.store.CountChase(ctx, models.CityScope(), f.campaign.ID, models.FirmFilter{})
	if err != nil || total != 2 || len(rows) != 2 {
		t.Fatalf("chase %d rows, total %d", len(rows), total)
	}
	if rows[0].CreditCode != haining1 || rows[0].ContactSource != "名录" || rows[0].Contact.Name != "名录联系人" {
		t.Errorf("first to chase: %+v", rows[0])
	}
	if rows[1].CreditCode != haining2 || rows[1].ContactSource != "问卷" || rows[1].Contact.Phone != "13800000000" || rows[1].Progress != 40 {
		t.Errorf("second to chase: %+v", rows[1])
	}
	// A firm that gave only its contact's name keeps the roster's phone.
	_, _, err = f.store.SaveAnswers(ctx, models.CityScope(), models.Save{EntryID: f.entries[haining1], Version: 0, Progress: 5,
		Answers: map[string][]byte{"p_contact_name": []byte(`"王五"`)}})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ = f.store.Chase(ctx, models.CityScope(), f.campaign.ID, models.FirmFilter{}, cq, 0, 0)
	if rows[0].CreditCode != haining1 || rows[0].Contact.Name != "王五" || rows[0].Contact.Phone != "0573-1" || rows[0].ContactSource != "问卷、名录" {
		t.Errorf("second to chase: %+v", rows[1])
	}
	rows, err = f.store.Chase(ctx, models.DistrictScope("330483"), f.campaign.ID, models.FirmFilter{}, cq, 0, 0)
	total, _ = f.store.CountChase(ctx, models.DistrictScope("330483"), f.campaign.ID, models.FirmFilter{})
	if err != nil || total != 0 || len(rows) != 0 {
		t.Fatalf("桐乡 has nobody to chase: %d %v", total, err)
	}
	rows, _ = f.store.Chase(ctx, models.CityScope(), f.campaign.ID, models.FirmFilter{}, cq, 1, 0)
	if len(rows) != 1 {
		t.Fatalf("limit 1 gave %d rows", len(rows))
	}
}

func TestWithinNarrowsOnlyInsideTheScope(t *testing.T) {
	if s, err := models.CityScope().Within("330481"); err != nil || s.District() != "330481" {
		t.Errorf("city → 330481: %+v %v", s, err)
	}
	if s, err := models.DistrictScope("330481").Within(""); err != nil || s.District() != "330481" {
		t.Errorf("330481 → all: %+v %v", s, err)
	}
	if _, err := models.DistrictScope("330481").Within("330483"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("330481 → 330483: %v, want not found", err)
	}
	if _, err := models.FirmScope(1).Within("330481"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("firm → district: %v, want not found", err)
	}
}

func TestAccountsCannotLockTheBureauOut(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	mk := func(name, role, district string) *models.User {
		u, err := f.store.CreateUser(ctx, models.NewUser{Username: name, Password: "a-long-password", Role: role, District: district})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	boss := mk("bureau", models.RoleBureau, "")
	other := mk("bureau2", models.RoleBureau, "")
	dist := mk("district-330481", models.RoleDistrict, "330481")
	by := models.Actor{UserID: boss.ID, Username: boss.Username}

	_, err := f.store.SetUserDisabled(ctx, by, boss.ID, true)
	wantCode(t, err, apperr.Conflict) // not yourself
	if _, err := f.store.SetUserDisabled(ctx, by, other.ID, true); err != nil {
		t.Fatal(err)
	}
	// Now boss is the last enabled bureau account; even another bureau
	// session (say other's, before it ended) cannot disable it.
	_, err = f.store.SetUserDisabled(ctx, models.Actor{UserID: other.ID, Username: "bureau2"}, boss.ID, true)
	wantCode(t, err, apperr.Conflict)

	if _, err := f.store.Authenticate(ctx, "bureau2", "a-long-password"); err == nil {
		t.Fatal("a disabled account logged in")
	} else if e, _ := apperr.As(err); e.Message != "该账号已停用，请联系市经信局" {
		t.Fatalf("disabled account message %q", e.Message)
	}
	if _, err := f.store.Authenticate(ctx, "bureau2", "wrong-password"); err == nil {
		t.Fatal("wrong password accepted")
	} else if e, _ := apperr.As(err); e.Message != "用户名或密码不正确" {
		t.Fatalf("a wrong password must not reveal the account state: %q", e.Message)
	}

	u, err := f.store.ResetPassword(ctx, by, dist.ID, "short")
	wantCode(t, err, apperr.Invalid)
	if u, err = f.store.ResetPassword(ctx, by, dist.ID, "another-long-password"); err != nil || u.SessionEpoch != 1 {
		t.Fatalf("reset: %+v %v", u, err)
	}
	if _, err := f.store.Authenticate(ctx, "district-330481", "a-long-password"); err == nil {
		t.Fatal("the old password still works")
	}
	if _, err := f.store.Authenticate(ctx, "district-330481", "another-long-password"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
	if _, err := f.store.SetUserDisabled(ctx, by, 999, true); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown account: %v", err)
	}
	log, _, _ := f.store.AuditLog(ctx, models.AuditFilter{}, 10, 0)
	actions := map[string]bool{}
	for _, e := range log {
		actions[e.Action] = true
	}
	if !actions["user_disabled"] || !actions["password_reset"] {
		t.Fatalf("audit log lacks the account changes: %+v", log)
	}
}
