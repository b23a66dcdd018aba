package models

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"healthcheck/testutil/testdb"
)

// small limits, so each rule is reached in a few attempts.
var testLimits = LoginLimits{PairFree: 2, AddressFree: 4, BaseDelay: time.Minute, MaxDelay: time.Hour,
	Ceiling: 5, CeilingPeriod: time.Hour, KnownFor: 24 * time.Hour}

// fakeClock lets a test move the store's time.
func fakeClock(s *Store) func(time.Duration) {
	now := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return func(d time.Duration) { now = now.Add(d) }
}

// try is one attempt; ok says whether its credential was right.
func try(t *testing.T, s *Store, account, address string, ok bool) *LoginRefusal {
	t.Helper()
	att, refusal, err := s.BeginLogin(t.Context(), account, address, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if refusal == nil {
		settle := s.LoginFailed
		if ok {
			settle = s.LoginSucceeded
		}
		if err := settle(t.Context(), att); err != nil {
			t.Fatal(err)
		}
	}
	return refusal
}

func TestLoginDelaysGrowForAPair(t *testing.T) {
	s := openTest(t)
	advance := fakeClock(s)
	for i := 0; i < 2; i++ {
		if r := try(t, s, "firm:A", "1.1.1.1", false); r != nil {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	// After the free failures: one minute, then two after two more.
	r := try(t, s, "firm:A", "1.1.1.1", true)
	if r == nil || r.RetryAfter != time.Minute {
		t.Fatalf("third attempt: %+v, want a 1-minute wait", r)
	}
	advance(time.Minute)
	if r := try(t, s, "firm:A", "1.1.1.1", false); r != nil {
		t.Fatalf("after the wait: %+v", r)
	}
	advance(time.Minute)
	if r := try(t, s, "firm:A", "1.1.1.1", false); r != nil {
		t.Fatalf("a minute after the 3rd failure: %+v", r)
	}
	if r := try(t, s, "firm:A", "1.1.1.1", false); r == nil || r.RetryAfter != 2*time.Minute {
		t.Fatalf("after 4 failures: %+v, want a 2-minute wait", r)
	}
	// Another address is not slowed by this pair.
	if r := try(t, s, "firm:A", "2.2.2.2", true); r != nil {
		t.Fatalf("the owner's address refused: %+v", r)
	}
}

func TestLoginAddressRuleCountsEveryAccount(t *testing.T) {
	s := openTest(t)
	fakeClock(s)
	for i, acct := range []string{"firm:A", "firm:B", "firm:C", "firm:D"} {
		if r := try(t, s, acct, "6.6.6.6", false); r != nil {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if r := try(t, s, "firm:E", "6.6.6.6", true); r == nil || r.RetryAfter != time.Minute {
		t.Fatalf("5th account from one address: %+v", r)
	}
}

// TestLoginCeilingSparesKnownAddresses: past the account's ceiling, new
// addresses are refused, the owner's known one is not, and an official's
// reset lifts it.
func TestLoginCeilingSparesKnownAddresses(t *testing.T) {
	s := openTest(t)
	advance := fakeClock(s)
	if r := try(t, s, "user:chief", "10.0.0.1", true); r != nil {
		t.Fatal(r)
	}
	advance(time.Second)
	for i := 0; i < 5; i++ {
		if r := try(t, s, "user:chief", "203.0.113."+string(rune('1'+i)), false); r != nil {
			t.Fatalf("failure %d refused", i+1)
		}
	}
	r := try(t, s, "user:chief", "203.0.113.9", false)
	if r == nil || !r.Ceiling {
		t.Fatalf("past the ceiling from a new address: %+v", r)
	}
	if r := try(t, s, "user:chief", "10.0.0.1", true); r != nil {
		t.Fatalf("the known address refused: %+v", r)
	}
	advance(time.Second)
	// The owner's success restarts the count.
	if r := try(t, s, "user:chief", "203.0.113.9", false); r != nil {
		t.Fatalf("after the owner's login: %+v", r)
	}
	for i := 0; i < 4; i++ {
		try(t, s, "user:chief", "198.51.100."+string(rune('1'+i)), false)
	}
	if r := try(t, s, "user:chief", "192.0.2.1", true); r == nil || !r.Ceiling {
		t.Fatalf("ceiling again: %+v", r)
	}
	n, err := s.ClearLoginFailures(t.Context(), "user:bureau", "user:chief", "10.0.0.7")
	if err != nil || n != 10 {
		t.Fatalf("reset cleared %d, %v", n, err)
	}
	if r := try(t, s, "user:chief", "192.0.2.1", true); r != nil {
		t.Fatalf("after the reset: %+v", r)
	}
	log, _, err := s.AuditLog(t.Context(), AuditFilter{Action: "login_unlock"}, 10, 0)
	if err != nil || len(log) != 1 || log[0].Actor != "user:bureau" || log[0].Target != "user:chief" {
		t.Fatalf("audit: %+v %v", log, err)
	}
}

// TestLoginAttemptsBeingCheckedCountButSayBusy: attempts not yet settled
// count against the limit (a burst cannot pass it), and the refusal says
// to try again in a moment rather than in ten minutes.
func TestLoginAttemptsBeingCheckedCountButSayBusy(t *testing.T) {
	s := openTest(t)
	fakeClock(s)
	var pending []*LoginAttempt
	for i := 0; i < 4; i++ {
		att, r, err := s.BeginLogin(t.Context(), "firm:"+string(rune('A'+i)), "7.7.7.7", testLimits)
		if err != nil || r != nil {
			t.Fatalf("attempt %d: %+v %v", i+1, r, err)
		}
		pending = append(pending, att)
	}
	_, r, err := s.BeginLogin(t.Context(), "firm:E", "7.7.7.7", testLimits)
	if err != nil || r == nil || !r.Busy || r.RetryAfter != time.Second {
		t.Fatalf("5th while 4 are being checked: %+v %v", r, err)
	}
	for _, att := range pending {
		if err := s.LoginSucceeded(t.Context(), att); err != nil {
			t.Fatal(err)
		}
	}
	if r := try(t, s, "firm:E", "7.7.7.7", true); r != nil {
		t.Fatalf("once they succeeded: %+v", r)
	}
}

// TestDatabaseFilesAreOwnerOnly: the database and its -wal and -shm are
// created 0600 whatever the umask, and an older world-readable file is
// narrowed when opened.
func TestDatabaseFilesAreOwnerOnly(t *testing.T) {
	testdb.SkipOnPostgres(t, "the database file's permissions")
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "private.db")
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(t.Context(), "cli", "test", "", ""); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want -rw-------", filepath.Base(p), fi.Mode().Perm())
		}
	}
	s.Close()
	legacy := filepath.Join(dir, "legacy.db")
	if err := os.WriteFile(legacy, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(t.Context(), legacy, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, _ := os.Stat(legacy); fi.Mode().Perm() != 0o600 {
		t.Errorf("an existing database stays %v", fi.Mode().Perm())
	}
}
