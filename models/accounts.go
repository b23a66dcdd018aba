package models

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"

	"gorm.io/gorm"

	"healthcheck/apperr"
)

// Actor is the official making a change to accounts, for the lock-out rules
// and the audit log.
type Actor struct {
	UserID   int64
	Username string
}

// SetUserDisabled disables or enables an account. Disabling ends the
// account's sessions at once. Nobody can disable their own account, and the
// last enabled bureau account cannot be disabled: the city would have no one
// left to manage accounts.
func (s *Store) SetUserDisabled(ctx context.Context, by Actor, id int64, disabled bool) (*User, error) {
	if disabled && by.UserID == id {
		return nil, apperr.New(apperr.Conflict, "不能停用当前登录的账号")
	}
	var u User
	err := s.write(ctx).Transaction(func(tx *gorm.DB) error {
		if err := takeUser(tx, id, &u); err != nil {
			return err
		}
		if u.Disabled == disabled {
			return nil // already so: nothing to change or record
		}
		if disabled && u.Role == RoleBureau {
			var others int64
			if err := tx.Model(&User{}).Where("role = ? AND disabled = ? AND id <> ?", RoleBureau, false, id).
				Count(&others).Error; err != nil {
				return fmt.Errorf("models: count bureau accounts: %w", err)
			}
			if others == 0 {
				return apperr.New(apperr.Conflict, "至少须保留一个启用的市经信局账号")
			}
		}
		upd := map[string]any{"disabled": disabled}
		if disabled {
			upd["session_epoch"] = gorm.Expr("session_epoch + 1")
		}
		if err := tx.Model(&User{}).Where("id = ?", id).Updates(upd).Error; err != nil {
			return fmt.Errorf("models: update user %s: %w", u.Username, err)
		}
		action := "user_enabled"
		if disabled {
			action = "user_disabled"
		}
		u.Disabled = disabled
		return auditTx(tx, s, by.Username, action, u.Username, "")
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// ResetPassword sets a new password and ends the account's other sessions
// (a reset usually means the old password may be known to someone else).
func (s *Store) ResetPassword(ctx context.Context, by Actor, id int64, password string) (*User, error) {
	if err := checkPassword(password); err != nil {
		return nil, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, fmt.Errorf("models: hash password: %w", err)
	}
	var u User
	err = s.write(ctx).Transaction(func(tx *gorm.DB) error {
		if err := takeUser(tx, id, &u); err != nil {
			return err
		}
		err := tx.Model(&User{}).Where("id = ?", id).
			Updates(map[string]any{"password_hash": string(hash), "session_epoch": gorm.Expr("session_epoch + 1")}).Error
		if err != nil {
			return fmt.Errorf("models: reset password of %s: %w", u.Username, err)
		}
		u.SessionEpoch++
		return auditTx(tx, s, by.Username, "password_reset", u.Username, "")
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

func checkPassword(pw string) error {
	if len(pw) < 10 || len(pw) > passwordMax {
		return apperr.WithFields("密码长度须为 10–72 个字符", map[string]string{"password": "密码长度须为 10–72 个字符"})
	}
	return nil
}

func takeUser(tx *gorm.DB, id int64, u *User) error {
	err := tx.Where("id = ?", id).Take(u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.New(apperr.NotFound, "账号不存在")
	}
	if err != nil {
		return fmt.Errorf("models: user #%d: %w", id, err)
	}
	return nil
}

// auditTx appends to the audit log inside a transaction, so the change and
// its record commit together.
func auditTx(tx *gorm.DB, s *Store, actor, action, target, detail string) error {
	e := AuditEntry{At: s.now(), Actor: actor, Action: action, Target: target, Detail: detail}
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("models: audit %s: %w", action, err)
	}
	return nil
}

// passwordAlphabet leaves out characters misread when a password is copied
// from a screen or a terminal (0/O, 1/l/I).
const passwordAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"

// NewPassword returns 16 random characters (about 92 bits), for accounts
// whose first password is generated and shown once.
func NewPassword() string {
	b := make([]byte, 16)
	n := big.NewInt(int64(len(passwordAlphabet)))
	for i := range b {
		x, err := rand.Int(rand.Reader, n)
		if err != nil {
			panic(err) // crypto/rand does not fail on supported systems
		}
		b[i] = passwordAlphabet[x.Int64()]
	}
	return string(b)
}
