package app

import (
	"strings"
	"testing"

	"healthcheck/apperr"
)

// TestSubmitStoresTheResultWithItsAuditLine: a firm's submit stores its
// score and one "survey_submitted" line naming the firm; submitting again
// answers with the same score and records nothing more.
func TestSubmitStoresTheResultWithItsAuditLine(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	out := f.submitted(firm)
	if e := f.entry(firm); e.Status != StatusSubmitted {
		t.Fatalf("after submit the entry is %s", e.Status)
	}
	stored, err := f.store.Result(f.ctx, firm.Scope(), firm.EntryID)
	must(t, err)
	if stored.Total != out.Total {
		t.Errorf("stored total %s, the firm was shown %s", stored.Total, out.Total)
	}
	lines := f.auditLines("survey_submitted")
	if len(lines) != 1 || lines[0].Actor != "firm:"+hainingFirm || lines[0].Target != hainingFirm {
		t.Fatalf("audit after submit: %+v", lines)
	}
	again, err := f.app.Surveys.Submit(f.ctx, firm.Scope(), firm.EntryID, f.entry(firm).Version, true)
	must(t, err)
	if again.Total != out.Total {
		t.Errorf("a repeated submit answered %s, first %s", again.Total, out.Total)
	}
	if n := len(f.auditLines("survey_submitted")); n != 1 {
		t.Errorf("a repeated submit wrote another audit line (%d)", n)
	}
}

// TestSubmitFailsWhenItsAuditLineCannotBeWritten: the submit and its audit
// line commit together, so a failing audit write leaves the survey a draft
// with no result, and the firm can submit once the log is back.
func TestSubmitFailsWhenItsAuditLineCannotBeWritten(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	saved, err := f.app.Surveys.Save(f.ctx, firm.Scope(), firm.EntryID, 0, f.complete(2))
	must(t, err)
	f.breakAudit()
	if _, err := f.app.Surveys.Submit(f.ctx, firm.Scope(), firm.EntryID, saved.Version, true); err == nil {
		t.Fatal("the submit succeeded without its audit line")
	}
	if e := f.entry(firm); e.Status != StatusDraft {
		t.Errorf("after a failed submit the entry is %s, want draft", e.Status)
	}
	if _, err := f.store.Result(f.ctx, firm.Scope(), firm.EntryID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a failed submit left a result (%v)", err)
	}
}

// TestSaveAndLoadKeepWhatWasTyped: a save of an invalid answer is kept and
// named with its reason; the survey reads back with the firm's roster record.
func TestSaveAndLoadKeepWhatWasTyped(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(tongxiang)
	answers := f.complete(1)
	var numeric string
	for _, q := range f.def.Questions() {
		if q.Type == "number" {
			numeric = q.ID
			break
		}
	}
	if numeric == "" {
		t.Fatal("the edition has no number question")
	}
	answers[numeric] = []byte(`"1,000"`)
	saved, err := f.app.Surveys.Save(f.ctx, firm.Scope(), firm.EntryID, 0, answers)
	must(t, err)
	if _, bad := saved.Invalid[numeric]; !bad || saved.Version != 1 {
		t.Fatalf("save: version %d, invalid %v; want version 1 and %s named", saved.Version, saved.Invalid, numeric)
	}
	sheet, err := f.app.Surveys.Load(f.ctx, firm.Scope(), firm.EntryID)
	must(t, err)
	if string(sheet.Answers[numeric]) != `"1,000"` || sheet.Enterprise.CreditCode != tongxiang {
		t.Errorf("loaded %s=%s for %s", numeric, sheet.Answers[numeric], sheet.Enterprise.CreditCode)
	}
	other := f.firm(hainingFirm)
	if _, err := f.app.Surveys.Load(f.ctx, other.Scope(), firm.EntryID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another firm read this survey (%v)", err)
	}
}

// TestCorrectionRequestIsFiledWithItsAuditLine: the request and its audit
// line land together, or neither does.
func TestCorrectionRequestIsFiledWithItsAuditLine(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	asked, err := f.app.Surveys.RequestCorrection(f.ctx, firm.Scope(), firm.EntryID, "employees", "320", "去年底扩招")
	must(t, err)
	if asked.Status != CorrectionPending {
		t.Errorf("a new request is %s", asked.Status)
	}
	lines := f.auditLines("correction_requested")
	if len(lines) != 1 || !strings.Contains(lines[0].Detail, "320") || lines[0].Actor != "firm:"+hainingFirm {
		t.Fatalf("audit after a correction request: %+v", lines)
	}
	f.breakAudit()
	if _, err := f.app.Surveys.RequestCorrection(f.ctx, firm.Scope(), firm.EntryID, "name", "海宁新名称有限公司", ""); err == nil {
		t.Fatal("a request was filed without its audit line")
	}
	rows, n, err := f.app.Corrections.List(f.ctx, "", 10, 0)
	must(t, err)
	if n != 1 || rows[0].Field != "employees" {
		t.Errorf("after the failed request the desk holds %d requests: %+v", n, rows)
	}
}
