// Package migrated, imported for its effect by a package's tests, has
// testdb copy each test's PostgreSQL database from one migrated once by the
// store (testdb.UseTemplate), instead of migrating every test's, and makes
// the store's password hashes cheap (models.CheapPasswordsForTests).
package migrated

import (
	"context"

	"healthcheck/models"
	"healthcheck/testutil/testdb"
)

func init() {
	models.CheapPasswordsForTests()
	testdb.UseTemplate(models.SchemaDigest(), func(dsn string) error {
		s, err := models.Open(context.Background(), dsn, models.Options{})
		if err != nil {
			return err
		}
		return s.Close()
	})
}
