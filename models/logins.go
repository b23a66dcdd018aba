package models

import (
	"context"
	"fmt"
	"time"
)

type loginFailure struct {
	ID      int64
	Account string
	Address string
	At      time.Time
}

func (loginFailure) TableName() string { return "login_failures" }

// RecordLoginFailure remembers one wrong password or invitation code. Failures
// live in the database, not in one process, so every instance counts them.
func (s *Store) RecordLoginFailure(ctx context.Context, account, address string) error {
	f := loginFailure{Account: account, Address: address, At: s.now()}
	if err := s.write(ctx).Create(&f).Error; err != nil {
		return fmt.Errorf("models: record login failure: %w", err)
	}
	return nil
}

// LoginFailures counts failures for an account and from an address since t.
func (s *Store) LoginFailures(ctx context.Context, account, address string, since time.Time) (byAccount, byAddress int64, err error) {
	if err = s.read(ctx).Model(&loginFailure{}).Where("account = ? AND at >= ?", account, since).Count(&byAccount).Error; err != nil {
		return 0, 0, fmt.Errorf("models: count login failures: %w", err)
	}
	if err = s.read(ctx).Model(&loginFailure{}).Where("address = ? AND at >= ?", address, since).Count(&byAddress).Error; err != nil {
		return 0, 0, fmt.Errorf("models: count login failures: %w", err)
	}
	return byAccount, byAddress, nil
}
