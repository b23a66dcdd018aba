package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"healthcheck/apperr"
	"healthcheck/questionnaires"
)

// RosterInput is one firm as the roster (statistics office list) gives it.
type RosterInput struct {
	CreditCode   string
	Name         string
	District     string
	Industry     string
	RevenueWan   questionnaires.Fixed2
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

// enterpriseUpdates are the enterprise columns a roster sets; contacts left
// blank in a file keep what is stored.
var enterpriseUpdates = clause.Set{
	{Column: clause.Column{Name: "name"}, Value: gorm.Expr("excluded.name")},
	{Column: clause.Column{Name: "district"}, Value: gorm.Expr("excluded.district")},
	{Column: clause.Column{Name: "industry"}, Value: gorm.Expr("excluded.industry")},
	{Column: clause.Column{Name: "contact_name"}, Value: keepUnlessGiven("contact_name")},
	{Column: clause.Column{Name: "contact_phone"}, Value: keepUnlessGiven("contact_phone")},
	{Column: clause.Column{Name: "contact_email"}, Value: keepUnlessGiven("contact_email")},
	{Column: clause.Column{Name: "updated_at"}, Value: gorm.Expr("excluded.updated_at")},
}

// keepUnlessGiven is portable SQL (SQLite and PostgreSQL both name the
// proposed row "excluded").
func keepUnlessGiven(col string) clause.Expr {
	return gorm.Expr("CASE WHEN excluded." + col + " <> '' THEN excluded." + col + " ELSE enterprises." + col + " END")
}

func upsertRoster(tx *gorm.DB, campaignID int64, rows []RosterInput, now time.Time) error {
	for start := 0; start < len(rows); start += batchRows {
		chunk := rows[start:min(start+batchRows, len(rows))]
		ents := make([]Enterprise, len(chunk))
		for i, r := range chunk {
			ents[i] = Enterprise{CreditCode: r.CreditCode, Name: r.Name, District: r.District,
				Industry: r.Industry, ContactName: r.ContactName, ContactPhone: r.ContactPhone,
				ContactEmail: r.ContactEmail, CreatedAt: now, UpdatedAt: now}
		}
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "credit_code"}},
			DoUpdates: enterpriseUpdates,
		}).Omit("id").Create(&ents).Error
		if err != nil {
			return fmt.Errorf("models: upsert enterprises: %w", err)
		}
		ids, err := enterpriseIDs(tx, chunk)
		if err != nil {
			return err
		}
		entries := make([]RosterEntry, len(chunk))
		for i, r := range chunk {
			entries[i] = RosterEntry{CampaignID: campaignID, EnterpriseID: ids[r.CreditCode], Name: r.Name,
				District: r.District, Industry: r.Industry, RevenueWan: r.RevenueWan, Employees: r.Employees,
				Band: r.Band, Status: StatusNotStarted}
		}
		err = tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "campaign_id"}, {Name: "enterprise_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"name", "district", "industry", "revenue_wan", "employees", "band"}),
		}).Omit("id").Create(&entries).Error
		if err != nil {
			return fmt.Errorf("models: upsert roster entries: %w", err)
		}
	}
	return nil
}

func enterpriseIDs(tx *gorm.DB, rows []RosterInput) (map[string]int64, error) {
	codes := make([]string, len(rows))
	for i, r := range rows {
		codes[i] = r.CreditCode
	}
	var found []Enterprise
	if err := tx.Select("id", "credit_code").Where("credit_code IN ?", codes).Find(&found).Error; err != nil {
		return nil, fmt.Errorf("models: enterprise ids: %w", err)
	}
	ids := make(map[string]int64, len(found))
	for _, e := range found {
		ids[e.CreditCode] = e.ID
	}
	return ids, nil
}

// Entry returns a roster entry and its campaign, within the scope.
func (s *Store) Entry(ctx context.Context, scope Scope, entryID int64) (*RosterEntry, *Campaign, error) {
	var e RosterEntry
	err := scope.on(s.read(ctx).Table("roster_entries AS e"), "e").Where("e.id = ?", entryID).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, apperr.New(apperr.NotFound, "未找到该企业的填报记录")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("models: entry #%d: %w", entryID, err)
	}
	c, err := s.CampaignByID(ctx, e.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	return &e, c, nil
}

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
