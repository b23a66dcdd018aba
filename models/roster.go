package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
	"healthcheck/decimal"
)

// RosterInput is one firm as the roster (statistics office list) gives it.
type RosterInput struct {
	CreditCode   string
	Name         string
	District     string
	Industry     string
	RevenueWan   decimal.Fixed2
	Employees    int
	Band         string
	ContactName  string
	ContactPhone string
	ContactEmail string
}

// batchRows keeps multi-row statements well below SQLite's variable limit.
const batchRows = 500

// UpsertRoster writes firms into a campaign's roster in one transaction:
// enterprises are created or updated by credit code, and each campaign's
// snapshot (name, district, industry, revenue, band) is set. Survey state is
// never touched, so a re-import keeps every answer. ImportRoster does the
// same and also keeps the history and rescores; this is for generated data.
func (s *Store) UpsertRoster(ctx context.Context, campaignID int64, rows []RosterInput) error {
	now := s.now()
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		return upsertRoster(tx, campaignID, rows, now)
	})
}

// The roster's upserts, as plain multi-row statements: GORM's Create
// reflects over every struct and asks for the ids back, which triples the
// cost of a province's roster. The SQL is portable: SQLite (3.24+) and
// PostgreSQL both take ON CONFLICT … DO UPDATE and name the proposed row
// "excluded". Contacts a file leaves blank keep what is stored.
const (
	upsertEnterprises = `INSERT INTO enterprises (credit_code, name, district, industry, contact_name, contact_phone,
	contact_email, created_at, updated_at) VALUES %s
	ON CONFLICT (credit_code) DO UPDATE SET name = excluded.name, district = excluded.district, industry = excluded.industry,
	contact_name = CASE WHEN excluded.contact_name <> '' THEN excluded.contact_name ELSE enterprises.contact_name END,
	contact_phone = CASE WHEN excluded.contact_phone <> '' THEN excluded.contact_phone ELSE enterprises.contact_phone END,
	contact_email = CASE WHEN excluded.contact_email <> '' THEN excluded.contact_email ELSE enterprises.contact_email END,
	updated_at = excluded.updated_at`
	upsertEntries = `INSERT INTO roster_entries (campaign_id, enterprise_id, name, district, industry, revenue_wan,
	employees, band) VALUES %s
	ON CONFLICT (campaign_id, enterprise_id) DO UPDATE SET name = excluded.name, district = excluded.district,
	industry = excluded.industry, revenue_wan = excluded.revenue_wan, employees = excluded.employees, band = excluded.band`
)

func upsertRoster(tx *gorm.DB, campaignID int64, rows []RosterInput, now time.Time) error {
	for start := 0; start < len(rows); start += batchRows {
		chunk := rows[start:min(start+batchRows, len(rows))]
		args := make([]any, 0, len(chunk)*9)
		for _, r := range chunk {
			args = append(args, r.CreditCode, r.Name, r.District, r.Industry, r.ContactName, r.ContactPhone, r.ContactEmail, now, now)
		}
		if err := tx.Exec(fmt.Sprintf(upsertEnterprises, placeholders(len(chunk), 9)), args...).Error; err != nil {
			return fmt.Errorf("models: upsert enterprises: %w", err)
		}
		ids, err := enterpriseIDs(tx, chunk)
		if err != nil {
			return err
		}
		args = args[:0]
		for _, r := range chunk {
			args = append(args, campaignID, ids[r.CreditCode], r.Name, r.District, r.Industry, int64(r.RevenueWan), r.Employees, r.Band)
		}
		if err := tx.Exec(fmt.Sprintf(upsertEntries, placeholders(len(chunk), 8)), args...).Error; err != nil {
			return fmt.Errorf("models: upsert roster entries: %w", err)
		}
	}
	return syncResultPlaces(tx, campaignID)
}

// syncResultPlaces copies entries' industries and districts to their
// results where a roster update changed them (results keep both for ranks
// and statistics).
func syncResultPlaces(tx *gorm.DB, campaignID int64) error {
	for _, col := range []string{"industry", "district"} {
		entry := `(SELECT e.` + col + ` FROM roster_entries AS e WHERE e.id = results.entry_id)`
		err := tx.Exec(`UPDATE results SET `+col+` = `+entry+` WHERE campaign_id = ? AND `+col+` <> `+entry, campaignID).Error
		if err != nil {
			return fmt.Errorf("models: copy %s to results: %w", col, err)
		}
	}
	return nil
}

// placeholders is "(?,?,…),(?,?,…)…" for rows of n columns.
func placeholders(rows, n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

func enterpriseIDs(tx *gorm.DB, rows []RosterInput) (map[string]int64, error) {
	codes := make([]any, len(rows))
	for i, r := range rows {
		codes[i] = r.CreditCode
	}
	q := "SELECT id, credit_code FROM enterprises WHERE credit_code IN (" + strings.TrimSuffix(strings.Repeat("?,", len(codes)), ",") + ")"
	res, err := tx.Raw(q, codes...).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: enterprise ids: %w", err)
	}
	defer res.Close()
	ids := make(map[string]int64, len(rows))
	for res.Next() {
		var id int64
		var code string
		if err := res.Scan(&id, &code); err != nil {
			return nil, fmt.Errorf("models: enterprise ids: %w", err)
		}
		ids[code] = id
	}
	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("models: enterprise ids: %w", err)
	}
	return ids, nil
}

const campaignColumns = `c.id, c.year, c.title, c.questionnaire_id, c.opens_at, c.closes_at, c.min_revenue_wan, c.created_at`

// Entry returns a roster entry and its campaign, within the scope. Every
// request of a firm starts here, so it is read by hand (hotpath.go).
func (s *Store) Entry(ctx context.Context, scope Scope, entryID int64) (*RosterEntry, *Campaign, error) {
	var e RosterEntry
	var c Campaign
	cond, args := scope.where("e")
	err := s.queryOne(ctx, `SELECT `+entryColumns+`, `+campaignColumns+`
	FROM roster_entries AS e JOIN campaigns AS c ON c.id = e.campaign_id
	WHERE e.id = ? AND `+cond, append([]any{entryID}, args...),
		&e.ID, &e.CampaignID, &e.EnterpriseID, &e.Name, &e.District, &e.Industry, &e.RevenueWan,
		&e.Employees, &e.Band, &e.InviteHash, &e.InviteIssuedAt, &e.Status, &e.Version, &e.Progress,
		&e.SavedAt, &e.SubmittedAt, &e.LastActivityAt, &e.ReviewStatus, &e.ReviewReason, &e.FilledBy,
		&c.ID, &c.Year, &c.Title, &c.QuestionnaireID, &c.OpensAt, &c.ClosesAt, &c.MinRevenueWan, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.New(apperr.NotFound, "未找到该企业的填报记录")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("models: entry #%d: %w", entryID, err)
	}
	return &e, &c, nil
}

// CreditCodeOf is the credit code of an entry's firm. The entry was read
// within a scope, so the firm is in it. One prepared read: the submit names
// the firm in its audit line.
func (s *Store) CreditCodeOf(ctx context.Context, e *RosterEntry) (string, error) {
	var code string
	if err := s.queryOne(ctx, `SELECT credit_code FROM enterprises WHERE id = ?`, []any{e.EnterpriseID}, &code); err != nil {
		return "", fmt.Errorf("models: credit code of enterprise #%d: %w", e.EnterpriseID, err)
	}
	return code, nil
}

// entryColumns are RosterEntry's columns in its fields' order, for the hot
// path's hand-written scans.
const entryColumns = `e.id, e.campaign_id, e.enterprise_id, e.name, e.district, e.industry, e.revenue_wan,
	e.employees, e.band, e.invite_hash, e.invite_issued_at, e.status, e.version, e.progress,
	e.saved_at, e.submitted_at, e.last_activity_at, e.review_status, e.review_reason, e.filled_by`

// EntryByCreditCode returns a firm's entry in a campaign, within the scope.
func (s *Store) EntryByCreditCode(ctx context.Context, scope Scope, campaignID int64, code string) (*RosterEntry, error) {
	var e RosterEntry
	err := scope.on(s.read(ctx).Table("roster_entries AS e"), "e").
		Joins("JOIN enterprises ON enterprises.id = e.enterprise_id").
		Where("e.campaign_id = ? AND enterprises.credit_code = ?", campaignID, code).
		Select("e.*").Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.NotFound, "未找到该企业")
	}
	if err != nil {
		return nil, fmt.Errorf("models: entry %s: %w", code, err)
	}
	return &e, nil
}

// Enterprise returns a firm by id, within the scope (a district sees firms
// that are on one of its rosters).
func (s *Store) Enterprise(ctx context.Context, scope Scope, id int64) (*Enterprise, error) {
	q := s.read(ctx).Table("enterprises").Where("enterprises.id = ?", id)
	if !scope.IsCity() {
		sub := scope.on(s.read(ctx).Table("roster_entries AS e").Select("e.enterprise_id"), "e")
		q = q.Where("enterprises.id IN (?)", sub)
	}
	var ent Enterprise
	err := q.Take(&ent).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.NotFound, "未找到该企业")
	}
	if err != nil {
		return nil, fmt.Errorf("models: enterprise #%d: %w", id, err)
	}
	return &ent, nil
}
