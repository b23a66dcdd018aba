package app

import (
	"strings"
	"testing"
	"time"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/questionnaires"
	"healthcheck/stats"
)

// TestReturnMakesTheReportDisappear: a district official returns a
// submitted survey with a reason; the firm's report is gone, its survey is
// a draft again showing the reason and the withdrawn total, the figures no
// longer count it, and the return is in the log. An official of another
// district cannot see the firm at all.
func TestReturnMakesTheReportDisappear(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	out := f.submitted(firm)
	if _, err := f.app.Surveys.Report(f.ctx, firm.Scope(), firm.EntryID); err != nil {
		t.Fatalf("the report before the return: %v", err)
	}
	tongxiangOfficial := f.official("tongxiang", RoleDistrict, "330483")
	if _, err := f.app.Reviews.Decide(f.ctx, tongxiangOfficial, firm.EntryID, ActionReturn, "请核实"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("an official of another district returned the survey (%v)", err)
	}
	if _, err := f.app.Reviews.Decide(f.ctx, f.haining, firm.EntryID, ActionReturn, ""); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a return without a reason: %v", err)
	}
	after, err := f.app.Reviews.Decide(f.ctx, f.haining, firm.EntryID, ActionReturn, "营业收入与名录不符，请核实")
	must(t, err)
	if after.Status != StatusDraft || after.ReviewStatus != ReviewReturned {
		t.Fatalf("after the return: %s / %s", after.Status, after.ReviewStatus)
	}
	if _, err := f.app.Surveys.Report(f.ctx, firm.Scope(), firm.EntryID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the report is still there after the return (%v)", err)
	}
	st, err := f.app.Surveys.State(f.ctx, firm.Scope(), after, f.camp, f.camp.OpensAt.Add(1))
	must(t, err)
	if st.Withdrawn != ReturnByUnit || st.Reason != "营业收入与名录不符，请核实" || st.EarlierTotal != out.Total.String() {
		t.Errorf("the firm reads %+v, want returned with the reason and total %s", st, out.Total)
	}
	snap, err := f.app.Figures.Of(f.ctx, f.haining.Scope(), f.camp, FirmFilter{})
	must(t, err)
	if snap.Stats.Submitted != 0 {
		t.Errorf("the figures still count %d submitted", snap.Stats.Submitted)
	}
	if lines := f.auditLines("review_return"); len(lines) != 1 || lines[0].Actor != "haining" {
		t.Errorf("the return's audit line: %+v", lines)
	}
}

// TestApproveIsRecorded: approving a submitted survey marks it approved,
// once; a second approval is a conflict.
func TestApproveIsRecorded(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	f.submitted(firm)
	after, err := f.app.Reviews.Decide(f.ctx, f.haining, firm.EntryID, ActionApprove, "")
	must(t, err)
	if after.ReviewStatus != ReviewApproved {
		t.Fatalf("after approval: %s", after.ReviewStatus)
	}
	if _, err := f.app.Reviews.Decide(f.ctx, f.haining, firm.EntryID, ActionApprove, ""); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a second approval: %v", err)
	}
	if _, err := f.app.Reviews.Decide(f.ctx, f.haining, firm.EntryID, "delete", ""); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("an unknown action: %v", err)
	}
}

// TestReopenGivesTheSurveyBack: the bureau reopens a submitted survey by
// credit code with a reason; the firm reads that it was reopened.
func TestReopenGivesTheSurveyBack(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(tongxiang)
	f.submitted(firm)
	if _, err := f.app.Reviews.Reopen(f.ctx, f.bureau, f.camp, "91330402MA2B3C4D53", "补充"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("reopening a firm not on the roster: %v", err)
	}
	_, err := f.app.Reviews.Reopen(f.ctx, f.bureau, f.camp, tongxiang, "请补充设备数据")
	must(t, err)
	e := f.entry(firm)
	st, err := f.app.Surveys.State(f.ctx, firm.Scope(), e, f.camp, f.camp.OpensAt.Add(1))
	must(t, err)
	if e.Status != StatusDraft || st.Withdrawn != ReturnReopen || st.Reason != "请补充设备数据" {
		t.Errorf("after reopening: %s, %+v", e.Status, st)
	}
	if lines := f.auditLines("survey_reopened"); len(lines) != 1 || lines[0].Actor != "user:bureau" {
		t.Errorf("the reopening's audit line: %+v", lines)
	}
}

// TestFillInForAFirm: an official must give a reason before saving for a
// firm (代填); the submit is stored with the official's record and its
// audit line, and carries the official's name on the entry.
func TestFillInForAFirm(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	if _, err := f.app.Reviews.FillSave(f.ctx, f.haining, firm.EntryID, 0, f.complete(2)); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a save without a reason on record: %v", err)
	}
	must(t, f.app.Reviews.StartFill(f.ctx, f.haining, firm.EntryID, "企业提交纸质问卷，由区县代录"))
	saved, err := f.app.Reviews.FillSave(f.ctx, f.haining, firm.EntryID, 0, f.complete(2))
	must(t, err)
	if _, err := f.app.Reviews.FillSubmit(f.ctx, f.haining, firm.EntryID, saved.Version, true); err != nil {
		t.Fatal(err)
	}
	e := f.entry(firm)
	if e.Status != StatusSubmitted || e.FilledBy != "haining" {
		t.Fatalf("after 代填: %s, filled by %q", e.Status, e.FilledBy)
	}
	reviews, err := f.store.Reviews(f.ctx, CityScope(), firm.EntryID)
	must(t, err)
	var actions []string
	for _, r := range reviews {
		actions = append(actions, r.Action+":"+r.Reason)
	}
	if got := strings.Join(actions, ","); got != "fill:企业提交纸质问卷，由区县代录,fill_submit:企业提交纸质问卷，由区县代录" {
		t.Errorf("the firm's record: %s", got)
	}
	if lines := f.auditLines("review_fill_submit"); len(lines) != 1 || lines[0].Actor != "haining" {
		t.Errorf("the 代填 submit's audit line: %+v", lines)
	}
	if _, err := f.app.Reviews.FillSubmit(f.ctx, f.haining, firm.EntryID, saved.Version, true); err != nil {
		t.Fatalf("a repeated submit: %v", err)
	}
	if lines := f.auditLines("review_fill_submit"); len(lines) != 1 {
		t.Errorf("a repeated submit was recorded again: %d lines", len(lines))
	}
}

// TestFillSubmitFailsWhollyWithoutItsRecord: before, the submit committed
// and its 代填 record was written after it, so a failing record left a
// submitted survey no one had signed for. Now both commit together.
func TestFillSubmitFailsWhollyWithoutItsRecord(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	must(t, f.app.Reviews.StartFill(f.ctx, f.haining, firm.EntryID, "企业委托代填"))
	saved, err := f.app.Reviews.FillSave(f.ctx, f.haining, firm.EntryID, 0, f.complete(2))
	must(t, err)
	f.breakAudit()
	if _, err := f.app.Reviews.FillSubmit(f.ctx, f.haining, firm.EntryID, saved.Version, true); err == nil {
		t.Fatal("the 代填 submit succeeded without its audit line")
	}
	if e := f.entry(firm); e.Status != StatusDraft {
		t.Errorf("the survey is %s after the failed submit", e.Status)
	}
	reviews, err := f.store.Reviews(f.ctx, CityScope(), firm.EntryID)
	must(t, err)
	for _, r := range reviews {
		if r.Action == ActionFillSubmit {
			t.Errorf("a fill_submit record was left: %+v", r)
		}
	}
}

// TestDecisionOnOneInstanceIsSeenOnTheOther: two instances on one database,
// each caching its statistics snapshots for an hour. A return decided on
// A is in B's next figures: B's snapshot is dropped by the statistics
// generation A bumped in the decision's transaction, not by its age.
func TestDecisionOnOneInstanceIsSeenOnTheOther(t *testing.T) {
	f := newFixture(t)
	defs, err := questionnaires.LoadEmbedded()
	must(t, err)
	instance := func() *App {
		st := stats.New(f.store, defs, time.Hour)
		return New(Config{Store: f.store, Defs: defs, City: city.Default(), Stats: st})
	}
	a, b := instance(), instance()
	firm := f.firm(hainingFirm)
	f.submitted(firm)
	before, err := b.Figures.Of(f.ctx, f.haining.Scope(), f.camp, FirmFilter{})
	must(t, err)
	again, err := b.Figures.Of(f.ctx, f.haining.Scope(), f.camp, FirmFilter{})
	must(t, err)
	if before.Stats.Submitted != 1 || again != before {
		t.Fatalf("B's figures before the return: %d submitted, cached %t", before.Stats.Submitted, again == before)
	}
	_, err = a.Reviews.Decide(f.ctx, f.haining, firm.EntryID, ActionReturn, "营业收入与名录不符，请核实")
	must(t, err)
	after, err := b.Figures.Of(f.ctx, f.haining.Scope(), f.camp, FirmFilter{})
	must(t, err)
	if after.Stats.Submitted != 0 {
		t.Errorf("B still counts %d submitted after A's return", after.Stats.Submitted)
	}
}
