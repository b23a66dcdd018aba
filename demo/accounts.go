package demo

import (
	"context"
	"sync"

	"healthcheck/city"
	"healthcheck/models"
)

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
		accts[i].Password = models.NewPassword()
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
