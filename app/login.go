package app

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/models"
)

// RoleEnterprise is a firm logged in with its invitation code; officials have
// the roles of their accounts (RoleBureau, RoleDistrict).
const RoleEnterprise = "enterprise"

// Identity is who a session speaks for.
type Identity struct {
	Role         string
	UserID       int64
	Username     string
	District     string
	EnterpriseID int64
	EntryID      int64
	Name         string // shown in the header: the firm or the account
	Epoch        int    // the account's session epoch at login (officials)
}

// Scope is what the identity may see.
func (id *Identity) Scope() Scope {
	switch id.Role {
	case RoleEnterprise:
		return FirmScope(id.EnterpriseID)
	case RoleDistrict:
		return DistrictScope(id.District)
	case RoleBureau:
		return CityScope()
	}
	return Scope{} // sees nothing
}

// CommandLine is who runs the healthcheck command on the server: the
// bureau's operator at its console, who sees the whole city. Its audit lines
// name it "cli".
var CommandLine = &Identity{Role: RoleBureau, Username: "cli", Name: "命令行"}

// Actor is how the audit log names the identity: "cli" for the command
// line, "user:NAME" for an official's account.
func (id *Identity) Actor() string {
	if id == CommandLine {
		return "cli"
	}
	return "user:" + id.Username
}

// Official reports whether the identity is an official's account.
func (id *Identity) Official() bool { return id.Role == RoleBureau || id.Role == RoleDistrict }

// Login limits, counted in the database so every instance shares them; the
// numbers and their reasons are in docs/security.md. The contract's "10
// wrong codes or passwords for one firm or user within 10 minutes: 429"
// holds per (account, address): the attacker's address is refused, the
// owner's is not.
var (
	// FirmLimits: an invitation code has about 59 bits (12 of 31
	// characters), so even the ceiling's 1,000 failures a day for a year
	// give an attacker odds of about 1 in 10^12.
	FirmLimits = loginLimits(1000, 24*time.Hour)
	// OfficialLimits: a password may be guessable, so NIST SP 800-63B
	// §5.2.2's 100 consecutive failures is the account's ceiling.
	OfficialLimits = loginLimits(100, 30*24*time.Hour)
)

// loginLimits are the rules every account shares, with its own ceiling.
func loginLimits(ceiling int, period time.Duration) models.LoginLimits {
	return models.LoginLimits{PairFree: 10, AddressFree: 30, BaseDelay: 10 * time.Minute, MaxDelay: 24 * time.Hour,
		Ceiling: ceiling, CeilingPeriod: period, KnownFor: 30 * 24 * time.Hour}
}

// loginStore is what logging in needs of the store: the throttle's record,
// the credentials and the audit log.
type loginStore interface {
	BeginLogin(ctx context.Context, account, address string, l models.LoginLimits) (*models.LoginAttempt, *models.LoginRefusal, error)
	LoginFailed(ctx context.Context, a *models.LoginAttempt) error
	LoginSucceeded(ctx context.Context, a *models.LoginAttempt) error
	EntryByInvite(ctx context.Context, creditCode, code string) (*RosterEntry, error)
	Authenticate(ctx context.Context, username, password string) (*User, error)
	Audit(ctx context.Context, actor, action, target, detail string) error
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}

// Logins is the login policy: who may try, how often, and what is recorded.
type Logins struct {
	store loginStore
	city  *city.Config
}

// Credentials is what a login sends: a username and password for officials,
// a credit code and invitation code for firms.
type Credentials struct {
	Username   string `json:"username" form:"username"`
	Password   string `json:"password" form:"password"`
	CreditCode string `json:"credit_code" form:"credit_code"`
	InviteCode string `json:"invite_code" form:"invite_code"`
}

// LoggedIn is a successful login: who, and for a firm the hash of the
// invitation code its session is bound to (a reissued code ends it).
type LoggedIn struct {
	Identity
	InviteHash string
}

// Refused is a login the limits did not let through (429). RetryAfter is
// how long until this address may try again; zero when only a known
// address may (the account's ceiling).
type Refused struct {
	Err        *apperr.Error
	RetryAfter time.Duration
}

func (r *Refused) Error() string { return r.Err.Error() }
func (r *Refused) Unwrap() error { return r.Err }

// Login checks credentials from address under the rate limits. The attempt
// is recorded before the credential is checked, so a parallel burst is
// counted as it is evaluated; its outcome and the audit line ("login" or
// "login_failed") are written together.
func (l *Logins) Login(ctx context.Context, cr Credentials, address string) (*LoggedIn, error) {
	account, err := accountKey(cr)
	if err != nil {
		return nil, err
	}
	limits := OfficialLimits
	if cr.CreditCode != "" {
		limits = FirmLimits
	}
	att, refusal, err := l.store.BeginLogin(ctx, account, address, limits)
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refused(refusal)
	}
	who, err := l.verify(ctx, cr)
	if apperr.Is(err, apperr.Unauthenticated) {
		if err := l.settle(ctx, att, false, account, address); err != nil {
			return nil, err
		}
		return nil, warnLockout(err, int64(limits.PairFree-att.PairFailures-1))
	}
	if err != nil {
		return nil, err
	}
	if err := l.settle(ctx, att, true, account, address); err != nil {
		return nil, err
	}
	return who, nil
}

// settle records an attempt's outcome and its audit line in one
// transaction.
func (l *Logins) settle(ctx context.Context, att *models.LoginAttempt, ok bool, account, address string) error {
	return l.store.Atomically(ctx, func(ctx context.Context) error {
		mark, action := l.store.LoginFailed, "login_failed"
		if ok {
			mark, action = l.store.LoginSucceeded, "login"
		}
		if err := mark(ctx, att); err != nil {
			return err
		}
		return l.store.Audit(ctx, account, action, "", address)
	})
}

// refused is the error for an attempt the limits did not let through.
func refused(r *models.LoginRefusal) error {
	if r.Ceiling {
		return &Refused{Err: apperr.New(apperr.TooManyRequests,
			"该账号近期登录失败次数过多，已暂停从新的网络地址登录；请从曾成功登录过的网络登录，或联系市经信局解除限制")}
	}
	if r.Busy {
		return &Refused{Err: apperr.New(apperr.TooManyRequests, "同一网络正在登录的人数较多，请几秒后再试"), RetryAfter: r.RetryAfter}
	}
	minutes := int(math.Ceil(r.RetryAfter.Minutes()))
	return &Refused{Err: apperr.New(apperr.TooManyRequests, "登录失败次数过多，请 %d 分钟后再试", minutes), RetryAfter: r.RetryAfter}
}

// warnLockout tells someone near the limit how many tries are left, so a
// locked account does not come as a surprise.
func warnLockout(err error, left int64) error {
	e, ok := apperr.As(err)
	if !ok || left > 3 {
		return err
	}
	msg := e.Message + fmt.Sprintf("。再错 %d 次，将暂停从此网络登录该账号 10 分钟", left)
	if left <= 0 {
		msg = e.Message + "。错误次数已达上限，暂停从此网络登录该账号 10 分钟"
	}
	return &apperr.Error{Code: e.Code, Message: msg, Fields: e.Fields, Status: e.Status}
}

// accountKey names the account an attempt is counted against.
func accountKey(cr Credentials) (string, error) {
	switch {
	case cr.CreditCode != "":
		return "firm:" + strings.ToUpper(strings.TrimSpace(cr.CreditCode)), nil
	case cr.Username != "":
		return "user:" + strings.TrimSpace(cr.Username), nil
	}
	return "", apperr.WithFields("请填写登录信息", map[string]string{"username": "请填写用户名或统一社会信用代码"})
}

// verify resolves credentials to an identity, and for firms the code hash
// the session is bound to.
func (l *Logins) verify(ctx context.Context, cr Credentials) (*LoggedIn, error) {
	if cr.CreditCode != "" {
		code := strings.ToUpper(strings.TrimSpace(cr.CreditCode))
		e, err := l.store.EntryByInvite(ctx, code, cr.InviteCode)
		if err != nil {
			return nil, err
		}
		return &LoggedIn{Identity: Identity{Role: RoleEnterprise, EnterpriseID: e.EnterpriseID, EntryID: e.ID,
			District: e.District, Name: e.Name}, InviteHash: e.InviteHash}, nil
	}
	u, err := l.store.Authenticate(ctx, strings.TrimSpace(cr.Username), cr.Password)
	if err != nil {
		return nil, err
	}
	return &LoggedIn{Identity: Identity{Role: u.Role, UserID: u.ID, Username: u.Username, District: u.District,
		Epoch: u.SessionEpoch, Name: officeName(l.city, u.Role, u.District)}}, nil
}

// sessionStore is what checking a session needs of the store.
type sessionStore interface {
	InviteHash(ctx context.Context, entryID int64) (string, error)
	UserByID(ctx context.Context, id int64) (*User, error)
}

// Sessions decides whether a signed-in session still speaks for its
// account. (The sessions themselves, cookies and their decoded cache, are
// the web's: handlers/session.go.)
type Sessions struct {
	store sessionStore
}

// StillValid ends sessions whose account was disabled or had its password
// reset, or whose invitation code was reissued: the old credentials must
// stop working everywhere at once. invite is the code's hash the session
// was started with.
func (s *Sessions) StillValid(ctx context.Context, id *Identity, invite string) (bool, error) {
	switch id.Role {
	case RoleEnterprise:
		hash, err := s.store.InviteHash(ctx, id.EntryID)
		if err != nil {
			return false, err
		}
		return hash != "" && hash == invite, nil
	case RoleBureau, RoleDistrict:
		u, err := s.store.UserByID(ctx, id.UserID)
		if apperr.Is(err, apperr.Unauthenticated) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return u.Role == id.Role && u.District == id.District && u.SessionEpoch == id.Epoch, nil
	}
	return false, nil
}
