package app

import (
	"context"

	"healthcheck/models"
)

// userStore is the officials' accounts. Each change writes its audit line
// in its own transaction.
type userStore interface {
	Users(ctx context.Context) ([]User, error)
	CreateUser(ctx context.Context, nu models.NewUser) (*User, error)
	SetUserDisabled(ctx context.Context, by models.Actor, id int64, disabled bool) (*User, error)
	ResetPassword(ctx context.Context, by models.Actor, id int64, password string) (*User, error)
	ClearLoginFailures(ctx context.Context, actor, account, address string) (int64, error)
}

// Users is the bureau's accounts desk: officials' accounts, their
// passwords, and lifting a login lockout.
type Users struct {
	store userStore
}

// NewUser describes an account to create.
type NewUser = models.NewUser

// NewPassword is a random password for an account (shown once).
var NewPassword = models.NewPassword

// List is every official's account.
func (u *Users) List(ctx context.Context) ([]User, error) { return u.store.Users(ctx) }

// Create stores an official's account with its audit line ("user_added",
// by the bureau official who), together.
func (u *Users) Create(ctx context.Context, who *Identity, nu NewUser) (*User, error) {
	nu.AddedBy = who.Username
	return u.store.CreateUser(ctx, nu)
}

// SetDisabled disables or enables an account (disabling ends its sessions).
func (u *Users) SetDisabled(ctx context.Context, who *Identity, id int64, disabled bool) (*User, error) {
	return u.store.SetUserDisabled(ctx, actorOf(who), id, disabled)
}

// ResetPassword sets a new password; the account's other sessions end.
func (u *Users) ResetPassword(ctx context.Context, who *Identity, id int64, password string) (*User, error) {
	return u.store.ResetPassword(ctx, actorOf(who), id, password)
}

// ClearLoginFailures forgets an account's login failures (account is
// "user:NAME" or "firm:CODE"), asked for from address; it returns how many.
func (u *Users) ClearLoginFailures(ctx context.Context, who *Identity, account, address string) (int64, error) {
	return u.store.ClearLoginFailures(ctx, who.Actor(), account, address)
}

func actorOf(who *Identity) models.Actor {
	return models.Actor{UserID: who.UserID, Username: who.Username}
}
