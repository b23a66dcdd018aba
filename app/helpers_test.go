package app

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/testutil/answerset"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

// fixture is the use cases over a fresh SQLite database with one open
// campaign, two firms in two districts, the bureau and a district official
// (as sessions name them; accounts, whose bcrypt hashes are slow, only for
// the tests that log in).
type fixture struct {
	t       *testing.T
	ctx     context.Context
	store   *models.Store
	app     *App
	def     *questionnaires.Definition
	camp    *Campaign
	bureau  *Identity
	haining *Identity // the district official of 海宁 (330481)
}

// Firms with valid GB 32100 credit codes: two in 海宁, one in 桐乡.
var fixtureFirms = []models.RosterInput{
	{CreditCode: "91330481MA2B3C4D5G", Name: "海宁测试皮革有限公司", District: "330481", Industry: "C19", RevenueWan: 5000000, Employees: 300},
	{CreditCode: "91330483MA2B3C4D5D", Name: "桐乡测试化纤有限公司", District: "330483", Industry: "C28", RevenueWan: 20000000, Employees: 900},
}

const (
	hainingFirm = "91330481MA2B3C4D5G"
	tongxiang   = "91330483MA2B3C4D5D"
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, testdb.DSN(t, "app.db"), models.Options{})
	must(t, err)
	t.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	must(t, err)
	def := defs.Latest()
	camp := &Campaign{Year: 2020, Title: "2020年度体检", QuestionnaireID: def.ID,
		OpensAt: time.Now().Add(-24 * time.Hour), ClosesAt: time.Now().Add(24 * time.Hour), MinRevenueWan: 1000000}
	must(t, store.CreateCampaign(ctx, camp))
	rows := append([]models.RosterInput(nil), fixtureFirms...)
	for i := range rows {
		rows[i].Band = def.BandOf(rows[i].RevenueWan)
	}
	must(t, store.UpsertRoster(ctx, camp.ID, rows))
	f := &fixture{t: t, ctx: ctx, store: store, def: def, camp: camp,
		app: New(Config{Store: store, Defs: defs, City: city.Default()})}
	f.bureau = f.official("bureau", RoleBureau, "")
	f.haining = f.official("haining", RoleDistrict, "330481")
	return f
}

// official is an official as a session names them.
func (f *fixture) official(name, role, district string) *Identity {
	return &Identity{Role: role, Username: name, District: district}
}

// account creates an official's account (password NAME-password-1) and
// returns who it is once logged in.
func (f *fixture) account(name, role, district string) *Identity {
	f.t.Helper()
	u, err := f.store.CreateUser(f.ctx, models.NewUser{Username: name, Password: name + "-password-1", Role: role, District: district})
	must(f.t, err)
	return &Identity{Role: role, UserID: u.ID, Username: name, District: district}
}

// firm is the identity of a firm of the fixture, as its login gives it.
func (f *fixture) firm(code string) *Identity {
	f.t.Helper()
	e, err := f.store.EntryByCreditCode(f.ctx, CityScope(), f.camp.ID, code)
	must(f.t, err)
	return &Identity{Role: RoleEnterprise, EnterpriseID: e.EnterpriseID, EntryID: e.ID, District: e.District, Name: e.Name}
}

// inviteOf issues the firm a new invitation code and returns it.
func (f *fixture) inviteOf(code string) string {
	f.t.Helper()
	iv, err := f.app.Invitations.Issue(f.ctx, f.bureau, f.camp, InviteOne, code, InviteCSV)
	must(f.t, err)
	return iv[0].Code
}

// entry reads a firm's entry as it is now.
func (f *fixture) entry(id *Identity) *RosterEntry {
	f.t.Helper()
	e, _, err := f.store.Entry(f.ctx, CityScope(), id.EntryID)
	must(f.t, err)
	return e
}

// complete is a full, valid answer set of maturity level (0–4).
func (f *fixture) complete(level int) map[string]json.RawMessage {
	f.t.Helper()
	out := map[string]json.RawMessage{}
	for id, v := range answerset.Full(f.def, level) {
		b, err := json.Marshal(v)
		must(f.t, err)
		out[id] = b
	}
	return out
}

// submitted saves a complete answer set for the firm and submits it.
func (f *fixture) submitted(firm *Identity) *Outcome {
	f.t.Helper()
	saved, err := f.app.Surveys.Save(f.ctx, firm.Scope(), firm.EntryID, 0, f.complete(3))
	must(f.t, err)
	out, err := f.app.Surveys.Submit(f.ctx, firm.Scope(), firm.EntryID, saved.Version, true)
	must(f.t, err)
	return out
}

// auditLines are the log's lines of an action, newest first.
func (f *fixture) auditLines(action string) []AuditEntry {
	f.t.Helper()
	lines, _, err := f.store.AuditLog(f.ctx, AuditFilter{Action: action}, 100, 0)
	must(f.t, err)
	return lines
}

// breakAudit makes every write to the audit log fail from now on, as a
// full disk or a broken table would: the action it records must fail with
// it and leave nothing behind.
func (f *fixture) breakAudit() {
	f.t.Helper()
	db, err := f.store.SQL()
	must(f.t, err)
	must(f.t, testdb.FailInserts(f.ctx, db, "audit_log", "audit log unavailable"))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
