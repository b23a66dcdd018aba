package app

import (
	"strings"
	"testing"

	"healthcheck/apperr"
)

// TestCampaignCreatedWithItsAuditLine: a new campaign is stored with its
// "campaign_created" line; when the line cannot be written, no campaign is
// created.
func TestCampaignCreatedWithItsAuditLine(t *testing.T) {
	f := newFixture(t)
	spec := CampaignSpec{Year: "2021", QuestionnaireID: f.def.ID, Opens: "2021-03-01", Closes: "2021-06-30", MinRevenueWan: "10000"}
	camp, err := f.app.Campaigns.Create(f.ctx, "user:bureau", spec)
	must(t, err)
	if lines := f.auditLines("campaign_created"); len(lines) != 1 || lines[0].Target != "2021" {
		t.Fatalf("audit after creating 2021: %+v", lines)
	}
	if got, err := f.app.Campaigns.CampaignByYear(f.ctx, 2021); err != nil || got.ID != camp.ID {
		t.Fatalf("2021 reads back as %+v (%v)", got, err)
	}
	if _, err := f.app.Campaigns.Create(f.ctx, "user:bureau", spec); !apperr.Is(err, apperr.Invalid) && !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a second 2021: %v", err)
	}
	f.breakAudit()
	spec.Year, spec.Opens, spec.Closes = "2022", "2022-03-01", "2022-06-30"
	if _, err := f.app.Campaigns.Create(f.ctx, "user:bureau", spec); err == nil {
		t.Fatal("2022 was created without its audit line")
	}
	if _, err := f.app.Campaigns.CampaignByYear(f.ctx, 2022); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("2022 exists after the failed creation (%v)", err)
	}
}

// TestUserAddedWithItsAuditLine: the bureau's new account and its
// "user_added" line land together; before, a failed line was dropped and
// the account existed unrecorded.
func TestUserAddedWithItsAuditLine(t *testing.T) {
	f := newFixture(t)
	u, err := f.app.Users.Create(f.ctx, f.bureau, NewUser{Username: "nanhu", Password: "nanhu-password-1", Role: RoleDistrict, District: "330402"})
	must(t, err)
	if lines := f.auditLines("user_added"); len(lines) != 1 || lines[0].Actor != "bureau" || lines[0].Target != u.Username {
		t.Fatalf("audit after adding nanhu: %+v", lines)
	}
	f.breakAudit()
	if _, err := f.app.Users.Create(f.ctx, f.bureau, NewUser{Username: "xiuzhou", Password: "xiuzhou-password-1", Role: RoleDistrict, District: "330411"}); err == nil {
		t.Fatal("an account was added without its audit line")
	}
	users, err := f.app.Users.List(f.ctx)
	must(t, err)
	for _, u := range users {
		if u.Username == "xiuzhou" {
			t.Error("the account exists although its audit line failed")
		}
	}
}

// TestInvitesIssuedWithTheirAuditLine: codes are issued within the
// official's scope and logged; with the log down no code changes, so no
// letter printed from a failed issue can be outdated.
func TestInvitesIssuedWithTheirAuditLine(t *testing.T) {
	f := newFixture(t)
	issued, err := f.app.Invitations.Issue(f.ctx, f.haining, f.camp, InviteNew, "", InviteXLSX)
	must(t, err)
	if len(issued) != 1 || issued[0].CreditCode != hainingFirm {
		t.Fatalf("haining's official issued %+v, want its one firm", issued)
	}
	if _, err := f.app.Invitations.Issue(f.ctx, f.haining, f.camp, InviteNew, "", InviteXLSX); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("issuing again with every firm invited: %v", err)
	}
	if _, err := f.app.Invitations.Issue(f.ctx, f.haining, f.camp, InviteOne, tongxiang, InviteCSV); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("haining's official reissued a code in 桐乡: %v", err)
	}
	lines := f.auditLines("invites_issued")
	if len(lines) != 1 || lines[0].Actor != "user:haining" {
		t.Fatalf("audit of issues: %+v", lines)
	}
	before := f.entry(f.firm(hainingFirm)).InviteHash
	f.breakAudit()
	if _, err := f.app.Invitations.Issue(f.ctx, f.haining, f.camp, InviteAll, "", InviteCSV); err == nil {
		t.Fatal("codes were reissued without an audit line")
	}
	if after := f.entry(f.firm(hainingFirm)).InviteHash; after != before {
		t.Error("the failed reissue replaced the firm's code")
	}
}

// TestCorrectionDecided: an accepted correction changes the roster fact
// (checked by the roster's rules); a refusal needs a note; a value the
// roster refuses is named.
func TestCorrectionDecided(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(tongxiang)
	asked, err := f.app.Surveys.RequestCorrection(f.ctx, firm.Scope(), firm.EntryID, "employees", "950", "")
	must(t, err)
	err = f.app.Corrections.Decide(f.ctx, Decision{ID: asked.ID, Accept: true, Value: "九百五", Actor: "user:bureau"})
	if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || e.Message == "" {
		t.Fatalf("accepting a non-number: %v", err)
	}
	if err := f.app.Corrections.Decide(f.ctx, Decision{ID: asked.ID, Accept: false, Actor: "user:bureau"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a refusal without a note: %v", err)
	}
	must(t, f.app.Corrections.Decide(f.ctx, Decision{ID: asked.ID, Accept: true, Value: "950", Actor: "user:bureau"}))
	if e := f.entry(firm); e.Employees != 950 {
		t.Errorf("after acceptance the roster says %d employees", e.Employees)
	}
	if lines := f.auditLines("correction_accepted"); len(lines) != 1 || !strings.Contains(lines[0].Detail, "950") {
		t.Errorf("audit of the acceptance: %+v", lines)
	}
}

// TestExportRefusedWhenUnrecorded: data leaves only once its export is in
// the log.
func TestExportRefusedWhenUnrecorded(t *testing.T) {
	f := newFixture(t)
	must(t, f.app.Audit.Exported(f.ctx, "bureau", "/dashboard/export", "campaign=2020"))
	entries, n, err := f.app.Audit.Page(f.ctx, AuditFilter{Action: "export"}, 10, 0)
	must(t, err)
	if n != 1 || entries[0].Target != "/dashboard/export" {
		t.Fatalf("the log after an export: %d %+v", n, entries)
	}
	f.breakAudit()
	if err := f.app.Audit.Exported(f.ctx, "bureau", "/dashboard/export", "campaign=2020"); err == nil {
		t.Error("an export was allowed without its audit line")
	}
}

// TestFirmFileForOfficials: an official reads a submitted firm of their
// district whole (answers, report, reviews, row); outside the district the
// firm does not exist.
func TestFirmFileForOfficials(t *testing.T) {
	f := newFixture(t)
	firm := f.firm(hainingFirm)
	out := f.submitted(firm)
	e, err := f.app.Figures.EntryByCreditCode(f.ctx, f.haining.Scope(), f.camp.ID, hainingFirm)
	must(t, err)
	file, err := f.app.Figures.File(f.ctx, f.haining.Scope(), f.camp, e)
	must(t, err)
	if file.Report == nil || file.Report.Total != out.Total || file.Row.Total == nil || *file.Row.Total != out.Total {
		t.Errorf("the file's report %+v, row %+v; want total %s", file.Report, file.Row, out.Total)
	}
	if len(file.Form.Answers) == 0 || file.Enterprise.CreditCode != hainingFirm {
		t.Errorf("the file holds %d answers of %s", len(file.Form.Answers), file.Enterprise.CreditCode)
	}
	tongxiangOfficial := f.official("tongxiang", RoleDistrict, "330483")
	if _, err := f.app.Figures.EntryByCreditCode(f.ctx, tongxiangOfficial.Scope(), f.camp.ID, hainingFirm); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another district's official found the firm (%v)", err)
	}
	snap, err := f.app.Figures.Of(f.ctx, f.haining.Scope(), f.camp, FirmFilter{})
	must(t, err)
	if snap.Stats.Firms != 1 || snap.Stats.Submitted != 1 {
		t.Errorf("haining's figures: %d firms, %d submitted; want 1 and 1", snap.Stats.Firms, snap.Stats.Submitted)
	}
}

// TestChaseListsWhomToCall: the firms still to chase come furthest behind
// first, each with the contact its survey gives (the edition's 填报联系人
// questions); a submitted firm is not on the list.
func TestChaseListsWhomToCall(t *testing.T) {
	f := newFixture(t)
	draft := f.firm(tongxiang)
	answers := f.complete(1)
	answers["p_contact_name"] = []byte(`"王小明"`)
	answers["p_contact_phone"] = []byte(`"13800000000"`)
	_, err := f.app.Surveys.Save(f.ctx, draft.Scope(), draft.EntryID, 0, answers)
	must(t, err)
	rows, err := f.app.Figures.Chase(f.ctx, CityScope(), f.camp, FirmFilter{}, 10, 0)
	must(t, err)
	total, err := f.app.Figures.CountChase(f.ctx, CityScope(), f.camp, FirmFilter{})
	must(t, err)
	if total != 2 || len(rows) != 2 || rows[0].CreditCode != hainingFirm || rows[1].CreditCode != tongxiang {
		t.Fatalf("chase list: %d %+v, want the firm not started, then the draft", total, rows)
	}
	if c := rows[1].Contact; c.Name != "王小明" || c.Phone != "13800000000" || !strings.Contains(rows[1].ContactSource, "问卷") {
		t.Errorf("the draft's contact: %+v from %q", c, rows[1].ContactSource)
	}
	f.submitted(f.firm(hainingFirm))
	rows, err = f.app.Figures.Chase(f.ctx, CityScope(), f.camp, FirmFilter{}, 10, 0)
	must(t, err)
	total, err = f.app.Figures.CountChase(f.ctx, CityScope(), f.camp, FirmFilter{})
	must(t, err)
	if total != 1 || rows[0].CreditCode != tongxiang {
		t.Errorf("after haining submitted the list is %d %+v", total, rows)
	}
}
