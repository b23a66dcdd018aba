package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"healthcheck/apperr"
)

// TestLoginRefusedAfterTenFailuresWithTheDelay: ten wrong invitation
// codes from one address are each refused as wrong (the last ones warn) and
// logged; the eleventh attempt is not even checked: refused with a 10-minute
// delay, even with the right code. The firm itself, at another address,
// still logs in.
func TestLoginRefusedAfterTenFailuresWithTheDelay(t *testing.T) {
	f := newFixture(t)
	code := f.inviteOf(hainingFirm)
	const attacker, owner = "203.0.113.9", "198.51.100.7"
	wrong := Credentials{CreditCode: hainingFirm, InviteCode: "AAAA-BBBB-CCCC"}
	var last error
	for i := 0; i < 10; i++ {
		_, last = f.app.Logins.Login(f.ctx, wrong, attacker)
		if !apperr.Is(last, apperr.Unauthenticated) {
			t.Fatalf("wrong code #%d: %v", i+1, last)
		}
	}
	if !strings.Contains(last.Error(), "错误次数已达上限") {
		t.Errorf("the tenth failure does not warn: %v", last)
	}
	right := Credentials{CreditCode: hainingFirm, InviteCode: code}
	_, err := f.app.Logins.Login(f.ctx, right, attacker)
	var refused *Refused
	if !errors.As(err, &refused) || !apperr.Is(err, apperr.TooManyRequests) {
		t.Fatalf("the eleventh attempt: %v, want a refusal", err)
	}
	if refused.RetryAfter <= 9*time.Minute || refused.RetryAfter > 10*time.Minute {
		t.Errorf("retry after %v, want 10 minutes", refused.RetryAfter)
	}
	if !strings.Contains(err.Error(), "10 分钟") {
		t.Errorf("the refusal does not say how long: %v", err)
	}
	in, err := f.app.Logins.Login(f.ctx, right, owner)
	must(t, err)
	if in.Role != RoleEnterprise || in.EntryID != f.firm(hainingFirm).EntryID {
		t.Errorf("the firm logged in as %+v", in.Identity)
	}
	if n := len(f.auditLines("login_failed")); n != 10 {
		t.Errorf("%d failures in the log, want 10 (the refused attempt was not checked)", n)
	}
	if lines := f.auditLines("login"); len(lines) != 1 || lines[0].Actor != "firm:"+hainingFirm || lines[0].Detail != owner {
		t.Errorf("the login's audit line: %+v", lines)
	}
}

// TestOfficialLogsIn: an official's password logs them in under their
// district's name.
func TestOfficialLogsIn(t *testing.T) {
	f := newFixture(t)
	f.account("haining", RoleDistrict, "330481")
	in, err := f.app.Logins.Login(f.ctx, Credentials{Username: " haining ", Password: "haining-password-1"}, "10.0.0.2")
	must(t, err)
	if in.Role != RoleDistrict || in.District != "330481" || in.Name != "海宁市经信部门" || in.InviteHash != "" {
		t.Errorf("logged in as %+v", in)
	}
}

// TestFirmLogsInWithItsInvitation: a firm's code logs it in to its own
// entry; the session is bound to the code, so a reissued code ends it.
func TestFirmLogsInWithItsInvitation(t *testing.T) {
	f := newFixture(t)
	code := f.inviteOf(tongxiang)
	in, err := f.app.Logins.Login(f.ctx, Credentials{CreditCode: strings.ToLower(tongxiang), InviteCode: code}, "10.0.0.1")
	must(t, err)
	if in.Role != RoleEnterprise || in.EntryID != f.firm(tongxiang).EntryID {
		t.Fatalf("logged in as %+v", in.Identity)
	}
	ok, err := f.app.Sessions.StillValid(f.ctx, &in.Identity, in.InviteHash)
	must(t, err)
	if !ok {
		t.Fatal("a fresh session is not valid")
	}
	_, err = f.app.Invitations.Issue(f.ctx, f.bureau, f.camp, InviteOne, tongxiang, InviteCSV)
	must(t, err)
	if ok, err := f.app.Sessions.StillValid(f.ctx, &in.Identity, in.InviteHash); err != nil || ok {
		t.Errorf("the session outlived its reissued code (%v, %v)", ok, err)
	}
}

// TestPasswordResetEndsOtherSessions: an official's session stops being
// valid once the bureau resets the password.
func TestPasswordResetEndsOtherSessions(t *testing.T) {
	f := newFixture(t)
	f.account("haining", RoleDistrict, "330481")
	in, err := f.app.Logins.Login(f.ctx, Credentials{Username: "haining", Password: "haining-password-1"}, "10.0.0.2")
	must(t, err)
	_, err = f.app.Users.ResetPassword(f.ctx, f.bureau, in.UserID, "another-password-2")
	must(t, err)
	if ok, err := f.app.Sessions.StillValid(f.ctx, &in.Identity, ""); err != nil || ok {
		t.Errorf("the session outlived the reset (%v, %v)", ok, err)
	}
}

// accounts is a fake sessionStore: the accounts and codes as they are now.
type accounts struct {
	users  map[int64]*User
	invite map[int64]string
}

func (a accounts) InviteHash(_ context.Context, entryID int64) (string, error) {
	return a.invite[entryID], nil
}

func (a accounts) UserByID(_ context.Context, id int64) (*User, error) {
	u, ok := a.users[id]
	if !ok {
		return nil, apperr.New(apperr.Unauthenticated, "账号不存在或已停用")
	}
	return u, nil
}

// TestSessionEndsWhenItsAccountChanged: a session speaks for its account
// only while the account keeps the role, district and epoch it logged in
// with, and a firm's only while its code is the one it used.
func TestSessionEndsWhenItsAccountChanged(t *testing.T) {
	ctx := context.Background()
	now := accounts{users: map[int64]*User{
		1: {ID: 1, Role: RoleDistrict, District: "330481", SessionEpoch: 2},
		2: {ID: 2, Role: RoleDistrict, District: "330483", SessionEpoch: 0}, // moved district
		3: {ID: 3, Role: RoleBureau, SessionEpoch: 5},                       // password reset since
	}, invite: map[int64]string{7: "hash-now", 8: ""}}
	s := &Sessions{store: now}
	cases := []struct {
		name   string
		id     Identity
		invite string
		want   bool
	}{
		{"unchanged official", Identity{Role: RoleDistrict, UserID: 1, District: "330481", Epoch: 2}, "", true},
		{"moved to another district", Identity{Role: RoleDistrict, UserID: 2, District: "330481"}, "", false},
		{"password reset", Identity{Role: RoleBureau, UserID: 3, Epoch: 4}, "", false},
		{"account gone or disabled", Identity{Role: RoleBureau, UserID: 9}, "", false},
		{"firm with its code", Identity{Role: RoleEnterprise, EntryID: 7}, "hash-now", true},
		{"firm whose code was reissued", Identity{Role: RoleEnterprise, EntryID: 7}, "hash-before", false},
		{"firm whose code was withdrawn", Identity{Role: RoleEnterprise, EntryID: 8}, "", false},
		{"no role", Identity{UserID: 1}, "", false},
	}
	for _, tc := range cases {
		got, err := s.StillValid(ctx, &tc.id, tc.invite)
		if err != nil || got != tc.want {
			t.Errorf("%s: valid %v (%v), want %v", tc.name, got, err, tc.want)
		}
	}
}

// TestLoginFailsWhenItCannotBeRecorded: with the audit log down a right
// password does not log in, since the login could not be recorded.
func TestLoginFailsWhenItCannotBeRecorded(t *testing.T) {
	f := newFixture(t)
	f.account("haining", RoleDistrict, "330481")
	f.breakAudit()
	if _, err := f.app.Logins.Login(f.ctx, Credentials{Username: "haining", Password: "haining-password-1"}, "10.0.0.3"); err == nil {
		t.Fatal("logged in without an audit line")
	}
}
