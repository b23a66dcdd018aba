package models

import (
	"fmt"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// openPostgres connects to an existing PostgreSQL database (creating it is
// the administrator's step, with its owner and encoding). The driver is pgx,
// which caches each statement's preparation per connection by itself, so
// GORM's own statement cache is not needed. Options.Synchronous is SQLite's
// and is not used: PostgreSQL's durability is the server's synchronous_commit.
func openPostgres(dsn string, o Options) (*Store, error) {
	w, err := gorm.Open(postgres.Open(dsn), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("models: open %s: %w", redact(dsn), err)
	}
	r, err := gorm.Open(postgres.Open(dsn), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("models: open %s for reading: %w", redact(dsn), err)
	}
	return newStore(w, r, "postgres", o)
}
