package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"healthcheck/apperr"
)

// inviteAlphabet leaves out I, L, O, 0 and 1, which are misread on paper.
const inviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// inviteLen characters of 31 give about 59 bits: with per-code salt and
// SHA-256 that is beyond offline guessing, and logins are rate-limited.
const inviteLen = 12

// NewInviteCode returns a random code formatted XXXX-XXXX-XXXX.
func NewInviteCode() string {
	buf := make([]byte, inviteLen)
	out := make([]byte, 0, inviteLen+2)
	for i := 0; i < inviteLen; {
		if _, err := rand.Read(buf[:1]); err != nil {
			panic(fmt.Sprintf("crypto/rand: %v", err))
		}
		// Reject values that would bias the choice (256 is not a multiple of 31).
		if int(buf[0]) >= 256/len(inviteAlphabet)*len(inviteAlphabet) {
			continue
		}
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, inviteAlphabet[int(buf[0])%len(inviteAlphabet)])
		i++
	}
	return string(out)
}

// NormalizeInviteCode removes what people add or change when they type a code.
func NormalizeInviteCode(code string) string {
	code = strings.ToUpper(code)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\u3000' {
			return -1
		}
		return r
	}, code)
}

// hashInvite stores a code as salt$sha256(salt || code).
func hashInvite(code string) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return hex.EncodeToString(salt) + "$" + inviteDigest(salt, code)
}

func inviteDigest(salt []byte, code string) string {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(NormalizeInviteCode(code)))
	return hex.EncodeToString(h.Sum(nil))
}

func inviteMatches(stored, code string) bool {
	saltHex, digest, ok := strings.Cut(stored, "$")
	if !ok {
		return false
	}
	salt, err := hex.DecodeString(saltHex)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(inviteDigest(salt, code)), []byte(digest)) == 1
}

// IssuedInvite is a code as issued: the only moment it exists in clear.
type IssuedInvite struct {
	EntryID    int64
	CreditCode string
	Name       string
	District   string
	Code       string
}

// IssueInvites gives codes to the campaign's firms in scope that have none, or
// with reissue to all of them (their old codes stop working).
func (s *Store) IssueInvites(ctx context.Context, scope Scope, campaignID int64, reissue bool) ([]IssuedInvite, error) {
	q := s.inviteQuery(ctx, scope, campaignID)
	if !reissue {
		q = q.Where("e.invite_hash = ''")
	}
	return s.issue(ctx, q)
}

// ReissueInvite replaces one firm's code (a lost letter); the old code stops
// working at once.
func (s *Store) ReissueInvite(ctx context.Context, scope Scope, campaignID int64, creditCode string) (*IssuedInvite, error) {
	issued, err := s.issue(ctx, s.inviteQuery(ctx, scope, campaignID).Where("enterprises.credit_code = ?", creditCode))
	if err != nil {
		return nil, err
	}
	if len(issued) == 0 {
		return nil, apperr.New(apperr.NotFound, "本年度名录中没有统一社会信用代码为 %s 的企业", creditCode)
	}
	return &issued[0], nil
}

func (s *Store) inviteQuery(ctx context.Context, scope Scope, campaignID int64) *gorm.DB {
	return scope.on(s.read(ctx).Table("roster_entries AS e"), "e").
		Joins("JOIN enterprises ON enterprises.id = e.enterprise_id").
		Where("e.campaign_id = ?", campaignID)
}

// issue draws a code for each entry q selects and stores its hash, all in one
// transaction; the codes in clear exist only in the returned slice.
func (s *Store) issue(ctx context.Context, q *gorm.DB) ([]IssuedInvite, error) {
	type row struct {
		ID         int64
		CreditCode string
		Name       string
		District   string
	}
	var rows []row
	if err := q.Select("e.id, enterprises.credit_code, e.name, e.district").Order("e.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: firms to invite: %w", err)
	}
	now := s.now()
	out := make([]IssuedInvite, len(rows))
	err := s.write(ctx).Transaction(func(tx *gorm.DB) error {
		for i, r := range rows {
			code := NewInviteCode()
			out[i] = IssuedInvite{EntryID: r.ID, CreditCode: r.CreditCode, Name: r.Name, District: r.District, Code: code}
			err := tx.Model(&RosterEntry{}).Where("id = ?", r.ID).
				Updates(map[string]any{"invite_hash": hashInvite(code), "invite_issued_at": now}).Error
			if err != nil {
				return fmt.Errorf("models: store invite for %s: %w", r.CreditCode, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EntryByInvite finds the entry a firm logs in to: the newest campaign whose
// code for this credit code matches. Unknown firm and wrong code look alike.
func (s *Store) EntryByInvite(ctx context.Context, creditCode, code string) (*RosterEntry, error) {
	var entries []RosterEntry
	err := s.read(ctx).Table("roster_entries AS e").
		Joins("JOIN enterprises ON enterprises.id = e.enterprise_id").
		Joins("JOIN campaigns ON campaigns.id = e.campaign_id").
		Where("enterprises.credit_code = ? AND e.invite_hash <> ''", creditCode).
		Order("campaigns.year DESC").Select("e.*").Find(&entries).Error
	if err != nil {
		return nil, fmt.Errorf("models: invites of %s: %w", creditCode, err)
	}
	for i := range entries {
		if inviteMatches(entries[i].InviteHash, code) {
			return &entries[i], nil
		}
	}
	return nil, apperr.New(apperr.Unauthenticated, "统一社会信用代码或邀请码不正确")
}

// InviteHash returns an entry's stored code hash, so a session can notice that
// its code was replaced.
func (s *Store) InviteHash(ctx context.Context, entryID int64) (string, error) {
	var h string
	err := s.queryOne(ctx, `SELECT invite_hash FROM roster_entries WHERE id = ?`, []any{entryID}, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("models: invite of #%d: %w", entryID, err)
	}
	return h, nil
}
