package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
	"healthcheck/testutil/testdb"
)

// seedTwo makes a campaign with one firm in each of two districts.
func seedTwo(t *testing.T, s *Store) (*Campaign, []RosterEntry) {
	t.Helper()
	c := seed(t, s, 2020, firm("330481", 1, 2000000), firm("330483", 2, 3000000))
	var entries []RosterEntry
	if err := s.r.Order("id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	return c, entries
}

func TestScopeDecidesWhatExists(t *testing.T) {
	s := openTest(t)
	_, es := seedTwo(t, s)
	ctx := context.Background()
	a, b := es[0], es[1]
	cases := []struct {
		name  string
		scope Scope
		id    int64
		found bool
	}{
		{"firm sees itself", FirmScope(a.EnterpriseID), a.ID, true},
		{"firm does not see another firm", FirmScope(a.EnterpriseID), b.ID, false},
		{"district sees its firm", DistrictScope("330481"), a.ID, true},
		{"district does not see another district", DistrictScope("330481"), b.ID, false},
		{"city sees all", CityScope(), b.ID, true},
		{"a zero scope sees nothing", Scope{}, a.ID, false},
		{"narrowed city sees the district", CityScope().Narrow("330483"), b.ID, true},
		{"a district narrowed to another sees nothing", DistrictScope("330481").Narrow("330483"), b.ID, false},
	}
	for _, c := range cases {
		_, _, err := s.Entry(ctx, c.scope, c.id)
		if c.found && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if !c.found && !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s: want not_found, got %v", c.name, err)
		}
	}
}

func TestSaveIsRefusedWhenStaleOrOutOfScope(t *testing.T) {
	s := openTest(t)
	_, es := seedTwo(t, s)
	ctx := context.Background()
	a := es[0]
	scope := FirmScope(a.EnterpriseID)
	v, _, err := s.SaveAnswers(ctx, scope, Save{EntryID: a.ID, Version: 0, Answers: map[string][]byte{"p_employees": []byte("5")}})
	if err != nil || v != 1 {
		t.Fatalf("first save: %d %v", v, err)
	}
	if _, _, err := s.SaveAnswers(ctx, scope, Save{EntryID: a.ID, Version: 0}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("stale save: %v", err)
	}
	other := FirmScope(es[1].EnterpriseID)
	if _, _, err := s.SaveAnswers(ctx, other, Save{EntryID: a.ID, Version: 1}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("save outside scope: %v", err)
	}
	got, err := s.Answers(ctx, a.ID)
	if err != nil || string(got["p_employees"]) != "5" || len(got) != 1 {
		t.Fatalf("answers after refused saves: %v %v", got, err)
	}
}

func TestInviteCodesAreHashedAndReplaced(t *testing.T) {
	s := openTest(t)
	c, es := seedTwo(t, s)
	ctx := context.Background()
	issued, err := s.IssueInvites(ctx, CityScope(), c.ID, false)
	if err != nil || len(issued) != 2 {
		t.Fatalf("issue: %d %v", len(issued), err)
	}
	code := issued[0].Code
	var stored string
	s.r.Table("roster_entries").Where("id = ?", issued[0].EntryID).Select("invite_hash").Scan(&stored)
	if strings.Contains(stored, NormalizeInviteCode(code)) {
		t.Fatal("the code is stored in clear")
	}
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	if e, err := s.EntryByInvite(ctx, issued[0].CreditCode, typed); err != nil || e.ID != issued[0].EntryID {
		t.Fatalf("login with the code as typed: %v", err)
	}
	if again, _ := s.IssueInvites(ctx, CityScope(), c.ID, false); len(again) != 0 {
		t.Fatalf("firms with codes got new ones: %d", len(again))
	}
	if _, err := s.IssueInvites(ctx, DistrictScope(es[1].District), c.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EntryByInvite(ctx, issued[0].CreditCode, code); err != nil {
		t.Fatalf("reissuing another district's codes broke this one: %v", err)
	}
	if _, err := s.EntryByInvite(ctx, issued[1].CreditCode, issued[1].Code); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("an old code still works after reissue: %v", err)
	}
}

func TestMigrationsRunOnceAndRefuseANewerSchema(t *testing.T) {
	path := testdb.DSN(t, "m.db")
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	s.r.Raw(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	s.w.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from the future', ?)`, time.Now())
	s.Close()
	if _, err := Open(ctx, path, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("a newer schema was accepted: %v", err)
	}
	if n == 0 {
		t.Fatal("no migration recorded")
	}
}

func TestSessionStorageExpires(t *testing.T) {
	s := openTest(t)
	st := s.Sessions()
	now := time.Now()
	s.Now = func() time.Time { return now }
	if err := st.Set("k", []byte("v"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if b, _ := st.Get("k"); string(b) != "v" {
		t.Fatalf("get: %q", b)
	}
	s.Now = func() time.Time { return now.Add(2 * time.Minute) }
	if b, _ := st.Get("k"); b != nil {
		t.Fatalf("an expired session was returned: %q", b)
	}
}

// A session query waits for its connection however long the requests
// before it hold the pool, as the request's other queries do: a deadline of
// its own (once 5 s) made a busy server answer a burst of a firm's requests
// with 500s. Here every connection of both pools is held for longer than
// that while a session is read and another written.
func TestSessionQueriesWaitForABusyPool(t *testing.T) {
	t.Parallel() // it holds its own store's pools for 6 s; the package's other tests need not wait
	s, err := Open(context.Background(), testdb.DSN(t, "t.db"), Options{ReadConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	st := s.Sessions()
	if err := st.Set("old", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	pools := []*heldPool{holdPool(t, s.r), holdPool(t, s.w)}
	done := make(chan error, 2)
	go func() {
		b, err := st.Get("old")
		if err == nil && string(b) != "v" {
			err = fmt.Errorf("read %q", b)
		}
		done <- err
	}()
	go func() { done <- st.Set("new", []byte("w"), time.Hour) }()
	for _, p := range pools {
		p.awaitQuery()
	}
	time.Sleep(6 * time.Second) // the pools stay busy past the old deadline
	for _, p := range pools {
		p.conn.Close()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatalf("a session query while the pool was busy: %v", err)
		}
	}
}

// heldPool is a pool of one connection whose connection a test holds.
type heldPool struct {
	db    *sql.DB
	conn  *sql.Conn
	waits int64 // queries that had waited for a connection before
}

func holdPool(t *testing.T, db *gorm.DB) *heldPool {
	t.Helper()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &heldPool{db: sqlDB, conn: conn, waits: sqlDB.Stats().WaitCount}
}

// awaitQuery returns once a query is waiting for the held connection.
func (p *heldPool) awaitQuery() {
	for p.db.Stats().WaitCount == p.waits {
		time.Sleep(time.Millisecond)
	}
}

// A PostgreSQL server that cannot be reached is named in the error, without
// the password its address carries.
func TestOpenPostgresUnreachableHidesThePassword(t *testing.T) {
	_, err := Open(context.Background(), "postgres://hc:secret@127.0.0.1:1/healthcheck?connect_timeout=5", Options{})
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || strings.Contains(err.Error(), "secret") {
		t.Fatalf("open of an unreachable server: %v", err)
	}
}
