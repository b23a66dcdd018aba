package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// LoginLimits are the login throttle's numbers (docs/security.md explains
// them). Failures are counted in three ways:
//
//   - per pair (account, address): PairFree failures since the pair's last
//     success are free; after that each further attempt waits a delay that
//     doubles with every PairFree more failures, from BaseDelay up to
//     MaxDelay;
//   - per address (every account): the same with AddressFree;
//   - per account (every address): at most Ceiling failures since the
//     account's last success within CeilingPeriod; past it only addresses
//     the account logged in from within KnownFor may still try, so an
//     attacker spread over many addresses cannot lock the owner out.
type LoginLimits struct {
	PairFree, AddressFree int
	BaseDelay, MaxDelay   time.Duration
	Ceiling               int
	CeilingPeriod         time.Duration
	KnownFor              time.Duration
}

// delay is how long to wait after the last of n failures under a rule
// whose first free failures cost nothing.
func (l LoginLimits) delay(n, free int) time.Duration {
	if n < free {
		return 0
	}
	d := l.BaseDelay
	for i := free * 2; i <= n && d < l.MaxDelay; i += free {
		d *= 2
	}
	return min(d, l.MaxDelay)
}

// LoginAttempt is one attempt, recorded before its credential is checked.
type LoginAttempt struct {
	ID int64
	// PairFailures counts the pair's failures before this attempt.
	PairFailures int
}

// LoginRefusal says why an attempt was not evaluated; nil when it may go on.
type LoginRefusal struct {
	// RetryAfter is how long until the pair or address may try again; zero
	// when the account's ceiling refused an address it has never used.
	RetryAfter time.Duration
	Ceiling    bool
	// Busy: the limit was reached by attempts still being checked, not by
	// failures (many people logging in at once behind one address); a
	// moment later it may well pass.
	Busy bool
}

// An attempt's state (login_attempts.ok): checked and wrong, checked and
// right, or still being checked. Attempts being checked count against the
// limits like failures, so that a burst cannot pass them all at once.
const (
	attemptFailed  = 0
	attemptOK      = 1
	attemptPending = 2
)

// failureCount is how many attempts a rule counts (failed or being
// checked), how many of them failed, and when the last was.
type failureCount struct {
	N      int
	Failed int
	Last   int64
}

// refusal applies a rule's delay to what it counted; nil when it lets the
// attempt through.
func (l LoginLimits) refusal(f failureCount, free int, now time.Time) *LoginRefusal {
	wait := waitFor(f, l.delay(f.N, free), now)
	if wait <= 0 {
		return nil
	}
	if l.delay(f.Failed, free) == 0 {
		return &LoginRefusal{RetryAfter: time.Second, Busy: true}
	}
	return &LoginRefusal{RetryAfter: wait}
}

// BeginLogin decides whether an attempt may be evaluated and, if so, records
// it as a failure, in one transaction on the single writing connection
// (BEGIN IMMEDIATE: SQLite's write lock, held across processes), so no two
// attempts count the same state and no burst, however parallel, is evaluated
// beyond the limits. LoginSucceeded turns the record into a success.
func (s *Store) BeginLogin(ctx context.Context, account, address string, l LoginLimits) (*LoginAttempt, *LoginRefusal, error) {
	var att *LoginAttempt
	var refusal *LoginRefusal
	err := s.write(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockLogins(tx); err != nil {
			return err
		}
		// The time is read once the write lock is held, so no attempt
		// recorded before is later than it.
		now := s.now()
		var err error
		att, refusal, err = judgeLogin(tx, account, address, now, l)
		if err != nil || refusal != nil {
			return err
		}
		return tx.Raw(`INSERT INTO login_attempts (account, address, at, ok) VALUES (?, ?, ?, ?) RETURNING id`,
			account, address, now.UnixMilli(), attemptPending).Scan(&att.ID).Error
	})
	if err != nil {
		return nil, nil, fmt.Errorf("models: begin login of %s: %w", account, err)
	}
	return att, refusal, nil
}

// lockLogins gives the transaction what BEGIN IMMEDIATE gives it on SQLite:
// on PostgreSQL, where several connections (and instances) write at once, a
// lock on the attempts that other writers of them wait for (readers do not).
func (s *Store) lockLogins(tx *gorm.DB) error {
	if s.dialect != "postgres" {
		return nil
	}
	return tx.Exec(`LOCK TABLE login_attempts IN SHARE ROW EXCLUSIVE MODE`).Error
}

// judgeLogin applies the three rules to what tx sees.
func judgeLogin(tx *gorm.DB, account, address string, now time.Time, l LoginLimits) (*LoginAttempt, *LoginRefusal, error) {
	dayAgo := now.Add(-l.MaxDelay).UnixMilli()
	var pairOK, accountOK int64
	if err := tx.Raw(`SELECT COALESCE(MAX(at), 0) FROM login_attempts WHERE account = ? AND address = ? AND ok = 1`,
		account, address).Scan(&pairOK).Error; err != nil {
		return nil, nil, err
	}
	var pair, addr, acct failureCount
	if err := tx.Raw(`SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN ok = 0 THEN 1 ELSE 0 END), 0) AS failed, COALESCE(MAX(at), 0) AS last
		FROM login_attempts WHERE account = ? AND address = ? AND ok <> 1 AND at > ?`,
		account, address, max(dayAgo, pairOK)).Scan(&pair).Error; err != nil {
		return nil, nil, err
	}
	if r := l.refusal(pair, l.PairFree, now); r != nil {
		return nil, r, nil
	}
	if err := tx.Raw(`SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN ok = 0 THEN 1 ELSE 0 END), 0) AS failed, COALESCE(MAX(at), 0) AS last
		FROM login_attempts WHERE address = ? AND ok <> 1 AND at > ?`, address, dayAgo).Scan(&addr).Error; err != nil {
		return nil, nil, err
	}
	if r := l.refusal(addr, l.AddressFree, now); r != nil {
		return nil, r, nil
	}
	if pairOK < now.Add(-l.KnownFor).UnixMilli() {
		if err := tx.Raw(`SELECT COALESCE(MAX(at), 0) FROM login_attempts WHERE account = ? AND ok = 1`,
			account).Scan(&accountOK).Error; err != nil {
			return nil, nil, err
		}
		if err := tx.Raw(`SELECT COUNT(*) AS n FROM login_attempts WHERE account = ? AND ok <> 1 AND at > ?`,
			account, max(now.Add(-l.CeilingPeriod).UnixMilli(), accountOK)).Scan(&acct).Error; err != nil {
			return nil, nil, err
		}
		if acct.N >= l.Ceiling {
			return nil, &LoginRefusal{Ceiling: true}, nil
		}
	}
	return &LoginAttempt{PairFailures: pair.N}, nil, nil
}

// waitFor is how long after now a rule with this delay refuses attempts.
func waitFor(f failureCount, delay time.Duration, now time.Time) time.Duration {
	if delay == 0 {
		return 0
	}
	return time.UnixMilli(f.Last).Add(delay).Sub(now)
}

// LoginSucceeded marks an attempt as a success: it no longer counts as a
// failure, and its address becomes one the account is known to use.
func (s *Store) LoginSucceeded(ctx context.Context, a *LoginAttempt) error {
	return s.settleLogin(ctx, a, attemptOK)
}

// LoginFailed marks an attempt as checked and wrong.
func (s *Store) LoginFailed(ctx context.Context, a *LoginAttempt) error {
	return s.settleLogin(ctx, a, attemptFailed)
}

func (s *Store) settleLogin(ctx context.Context, a *LoginAttempt, state int) error {
	if err := s.write(ctx).Exec(`UPDATE login_attempts SET ok = ? WHERE id = ?`, state, a.ID).Error; err != nil {
		return fmt.Errorf("models: record login result: %w", err)
	}
	return nil
}

// LoginFailures counts an account's recorded failures since t: how many of
// its credentials were checked and found wrong (or are being checked).
func (s *Store) LoginFailures(ctx context.Context, account string, since time.Time) (int64, error) {
	var n int64
	err := s.read(ctx).Raw(`SELECT COUNT(*) FROM login_attempts WHERE account = ? AND ok <> 1 AND at >= ?`,
		account, since.UnixMilli()).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("models: count login failures of %s: %w", account, err)
	}
	return n, nil
}

// ClearLoginFailures is an official's reset: the account's failures are
// forgotten, from every address, and the reset is in the audit log.
func (s *Store) ClearLoginFailures(ctx context.Context, actor, account, address string) (int64, error) {
	var n int64
	err := s.write(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM login_attempts WHERE account = ? AND ok <> 1`, account)
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		return audit(tx, s.now(), actor, "login_unlock", account, fmt.Sprintf("%s 清除 %d 次失败记录", address, n))
	})
	if err != nil {
		return 0, fmt.Errorf("models: clear login failures of %s: %w", account, err)
	}
	return n, nil
}

// purgeLoginAttempts forgets failures older than any rule looks back and
// successes older than an address stays known.
func (s *Store) purgeLoginAttempts(ctx context.Context, failuresFor, successesFor time.Duration) error {
	now := s.now()
	err := s.write(ctx).Exec(`DELETE FROM login_attempts WHERE (ok <> 1 AND at < ?) OR (ok = 1 AND at < ?)`,
		now.Add(-failuresFor).UnixMilli(), now.Add(-successesFor).UnixMilli()).Error
	if err != nil {
		return fmt.Errorf("models: purge login attempts: %w", err)
	}
	return nil
}

// LoginMemory is how long login attempts are kept: longer than any rule of
// LoginLimits looks back.
const LoginMemory = 31 * 24 * time.Hour
