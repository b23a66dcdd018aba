package demo

import (
	"context"
	"crypto/rand"
	"math/big"
	"sync"

	"healthcheck/city"
	"healthcheck/models"
)

// passwordAlphabet leaves out characters that are misread when a password is
// copied from a terminal (0/O, 1/l/I).
const passwordAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"

// newPassword returns 16 random characters (about 92 bits). Passwords are
// not part of the reproducible data: they must be secret even for a demo
// that is shown on a network.
func newPassword() string {
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

// createAccounts makes the bureau's account and one per district. bcrypt is
// slow on purpose, so the accounts are hashed side by side.
func createAccounts(ctx context.Context, store *models.Store, cfg *city.Config) ([]Account, error) {
	accts := []Account{{Username: "bureau", Role: models.RoleBureau}}
	for _, d := range cfg.Districts {
		accts = append(accts, Account{Username: "district-" + d.Code, Role: models.RoleDistrict, District: d.Code})
	}
	errs := make([]error, len(accts))
	var wg sync.WaitGroup
	for i := range accts {
		accts[i].Password = newPassword()
		wg.Go(func() {
			a := accts[i]
			_, errs[i] = store.CreateUser(ctx, models.NewUser{Username: a.Username, Password: a.Password,
				Role: a.Role, District: a.District})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return accts, nil
}
