package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"healthcheck/apperr"
)

var usernameRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{3,40}$`)

// passwordMax bounds bcrypt's input (it ignores bytes past 72) and the work an
// attacker can make us do.
const passwordMax = 72

// NewUser describes an account to create.
type NewUser struct {
	Username string
	Password string
	Role     string
	District string // required for district officials
	// AddedBy is the official creating the account, whose "user_added"
	// line is written with it; empty (the command line) records none.
	AddedBy string
}

// CreateUser validates and stores an official's account with a bcrypt hash.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (*User, error) {
	fields := map[string]string{}
	if !usernameRe.MatchString(nu.Username) {
		fields["username"] = "用户名须为 3–40 位字母、数字、下划线、点或连字符"
	}
	if len(nu.Password) < 10 || len(nu.Password) > passwordMax {
		fields["password"] = "密码长度须为 10–72 个字符"
	}
	switch nu.Role {
	case RoleBureau:
		nu.District = ""
	case RoleDistrict:
		if nu.District == "" {
			fields["district"] = "区县账号须指定所属区县"
		}
	default:
		fields["role"] = "角色须为 bureau 或 district"
	}
	if len(fields) > 0 {
		return nil, apperr.WithFields("账号信息不正确", fields)
	}
	hash, err := hashPassword(nu.Password)
	if err != nil {
		return nil, fmt.Errorf("models: hash password: %w", err)
	}
	u := &User{Username: nu.Username, PasswordHash: string(hash), Role: nu.Role, District: nu.District, CreatedAt: s.now()}
	var n int64
	if err := s.read(ctx).Model(&User{}).Where("username = ?", nu.Username).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("models: check user %s: %w", nu.Username, err)
	}
	if n > 0 {
		return nil, apperr.WithFields("用户名已存在", map[string]string{"username": "用户名已存在"})
	}
	err = s.write(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			return fmt.Errorf("models: create user %s: %w", nu.Username, err)
		}
		if nu.AddedBy == "" {
			return nil
		}
		return audit(tx, s.now(), nu.AddedBy, "user_added", u.Username, u.Role+" "+u.District)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// dummyHash evens out the time of a login for an unknown user. It is made
// on the first login rather than at package init, where it cost every
// command (and every start of the server) about 65 ms of CPU.
var dummyHash = sync.OnceValue(func() []byte {
	h, err := hashPassword("healthcheck-timing-dummy")
	if err != nil {
		panic(fmt.Sprintf("models: bcrypt of a constant failed: %v", err)) // only on a broken crypto/rand
	}
	return h
})

// Authenticate checks a username and password. Unknown user and wrong
// password give the same answer after the same work; a disabled account is
// named only after its password was right.
func (s *Store) Authenticate(ctx context.Context, username, password string) (*User, error) {
	bad := apperr.New(apperr.Unauthenticated, "用户名或密码不正确")
	if len(password) > passwordMax {
		return nil, bad
	}
	var u User
	err := s.read(ctx).Where("username = ?", username).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return nil, bad
	}
	if err != nil {
		return nil, fmt.Errorf("models: user %s: %w", username, err)
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, bad
	}
	if u.Disabled {
		// Said only to someone who knows the password, so it reveals nothing
		// to a guesser, and it tells the official whom to ask.
		return nil, apperr.New(apperr.Unauthenticated, "该账号已停用，请联系市经信局")
	}
	return &u, nil
}

// UserByID returns an enabled account.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	var u User
	err := s.read(ctx).Where("id = ? AND disabled = ?", id, false).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.Unauthenticated, "账号不存在或已停用")
	}
	if err != nil {
		return nil, fmt.Errorf("models: user #%d: %w", id, err)
	}
	return &u, nil
}

// Users lists every account.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var us []User
	if err := s.read(ctx).Order("username").Find(&us).Error; err != nil {
		return nil, fmt.Errorf("models: list users: %w", err)
	}
	return us, nil
}

// CountUsers counts accounts, to know whether a new database needs its first one.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := s.read(ctx).Model(&User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("models: count users: %w", err)
	}
	return n, nil
}
