//go:build !unix

package main

// ownerOnlyFiles has no umask to set outside Unix; the database file is
// still created 0600 by models.
func ownerOnlyFiles() {}
