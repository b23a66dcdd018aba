package models

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// SessionStorage keeps web sessions in the database so that several
// instances behind a load balancer share them. It implements fiber.Storage.
// A session is stored under the SHA-256 of its id, so a copy of the
// database (a backup, a stolen disk) gives no session that works.
//
// fiber.Storage passes no context, and a session query has no deadline of
// its own: like the request's other queries, it waits for a pooled
// connection as long as the requests queued before it take. A deadline
// would count that queue, not the database's health, and turn a busy
// server's answers into internal errors (500) for requests that would
// have succeeded.
type SessionStorage struct {
	s *Store
}

// Sessions returns the session storage of the store.
func (s *Store) Sessions() *SessionStorage {
	return &SessionStorage{s: s}
}

type sessionRow struct {
	ID        string `gorm:"primaryKey"`
	Data      []byte
	ExpiresAt int64
}

func (sessionRow) TableName() string { return "sessions" }

// storageKey is what a session id is stored as.
func storageKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// Get returns a live session's data, nil when absent or expired.
func (st *SessionStorage) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	// Every signed-in request starts here, so it is read by hand (hotpath.go).
	var data []byte
	err := st.s.queryOne(context.Background(), `SELECT data FROM sessions WHERE id = ? AND expires_at > ?`,
		[]any{storageKey(key), st.s.now().Unix()}, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("models: get session: %w", err)
	}
	return data, nil
}

// Set stores a session for exp (a session without expiry lasts a day).
func (st *SessionStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	if exp <= 0 {
		exp = 24 * time.Hour
	}
	row := sessionRow{ID: storageKey(key), Data: append([]byte(nil), val...), ExpiresAt: st.s.now().Add(exp).Unix()}
	err := st.s.write(context.Background()).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expires_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("models: set session: %w", err)
	}
	return nil
}

// Delete removes a session.
func (st *SessionStorage) Delete(key string) error {
	if err := st.s.write(context.Background()).Where("id = ?", storageKey(key)).Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("models: delete session: %w", err)
	}
	return nil
}

// Reset removes every session.
func (st *SessionStorage) Reset() error {
	if err := st.s.write(context.Background()).Where("1 = 1").Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("models: reset sessions: %w", err)
	}
	return nil
}

// Close does nothing: the store owns the connection.
func (st *SessionStorage) Close() error { return nil }

// PurgeExpired deletes expired sessions and old login attempts.
func (s *Store) PurgeExpired(ctx context.Context) error {
	now := s.now()
	if err := s.write(ctx).Where("expires_at <= ?", now.Unix()).Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("models: purge sessions: %w", err)
	}
	return s.purgeLoginAttempts(ctx, LoginMemory, LoginMemory)
}
