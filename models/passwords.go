package models

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// passwordCost is bcrypt's work factor for the password hashes the store
// makes: the library's default, except in a test binary that asked for
// cheap ones.
var passwordCost = bcrypt.DefaultCost

// hashPassword is a password's bcrypt hash at the store's work factor.
func hashPassword(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), passwordCost)
}

// CheapPasswordsForTests makes the hashes made from now on cheap (bcrypt's
// minimum cost) for the rest of a test binary: under the race detector one
// hash at the default cost takes seconds of CPU, and the suite's demo
// cities and accounts make hundreds. A password is checked the same way at
// any cost, so every login path is still exercised. It panics in any
// program that is not a test binary, so a server can never hash weakly.
// testutil/testdb/migrated calls it for every package whose tests use the
// store.
func CheapPasswordsForTests() {
	if !testing.Testing() {
		panic("models: cheap password hashes outside a test binary")
	}
	passwordCost = bcrypt.MinCost
}
