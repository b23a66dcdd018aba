package models

import (
	"context"
	"errors"
	"fmt"

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
// never touched, so a re-import keeps every answer.
func (s *Store) UpsertRoster(ctx context.Context, campaignID int64, rows []RosterInput) error {
	now := s.now()
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
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
				DoUpdates: clause.AssignmentColumns([]string{"name", "district", "industry", "contact_name", "contact_phone", "contact_email", "updated_at"}),
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
	})
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

// entryWithCampaign reads an entry and its campaign in one query: every
// request of a firm starts here.
type entryWithCampaign struct {
	RosterEntry
	Campaign Campaign `gorm:"embedded;embeddedPrefix:c_"`
}

const campaignColumns = `c.id AS c_id, c.year AS c_year, c.title AS c_title, c.questionnaire_id AS c_questionnaire_id,
	c.opens_at AS c_opens_at, c.closes_at AS c_closes_at, c.min_revenue_wan AS c_min_revenue_wan, c.created_at AS c_created_at`

// Entry returns a roster entry and its campaign, within the scope.
func (s *Store) Entry(ctx context.Context, scope Scope, entryID int64) (*RosterEntry, *Campaign, error) {
	var row entryWithCampaign
	err := scope.on(s.read(ctx).Table("roster_entries AS e"), "e").
		Joins("JOIN campaigns AS c ON c.id = e.campaign_id").
		Where("e.id = ?", entryID).Select("e.*, " + campaignColumns).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, apperr.New(apperr.NotFound, "未找到该企业的填报记录")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("models: entry #%d: %w", entryID, err)
	}
	return &row.RosterEntry, &row.Campaign, nil
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
