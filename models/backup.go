package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path while the
// application keeps running. SQLite's VACUUM INTO reads one snapshot (a read
// transaction, so writers in WAL mode are not blocked) and writes a compact,
// self-contained file. The copy is made beside path and renamed over it only
// when complete and synced, so a failed or interrupted backup never leaves a
// half-written file where the last good one was.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != "sqlite" {
		return fmt.Errorf("models: backup of a %s database: use its own tools (pg_dump)", s.dialect)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("models: backup: %w", err)
	}
	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		return fmt.Errorf("models: backup: %w", err)
	}
	tmp := filepath.Join(dir, "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(suffix))
	defer os.Remove(tmp) // gone already after a successful rename
	if err := s.read(ctx).Exec("VACUUM INTO ?", tmp).Error; err != nil {
		return fmt.Errorf("models: backup to %s: %w", path, err)
	}
	// The copy holds contacts and credentials' hashes: readable by the owner only.
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("models: backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("models: backup: %w", err)
	}
	return syncFile(dir) // the rename itself survives a crash
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("models: backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("models: backup: sync %s: %w", path, err)
	}
	return nil
}
