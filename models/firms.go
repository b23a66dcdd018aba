package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

// FirmFilter narrows a list of a campaign's firms. Empty fields match all.
type FirmFilter struct {
	Band     string
	District string
	Industry string
	Status   string // not_started, draft, submitted, or unsubmitted (the firms to chase)
	Flag     string // a flag code of the stored result
	Review   string // pending, approved, returned
	Search   string // part of the name or credit code
}

// FirmRow is one roster entry joined with its enterprise and stored result:
// the one firm type the store hands out. Lists fill the roster facts, the
// contact, Total, LevelCode and Flags; EachScored fills Result instead.
type FirmRow struct {
	EntryID        int64
	EnterpriseID   int64
	CreditCode     string
	Name           string
	District       string
	Industry       string
	RevenueWan     decimal.Fixed2
	Employees      int
	Band           string
	Status         string
	Progress       int
	Version        int
	ReviewStatus   string
	ReviewReason   string
	FilledBy       string
	SavedAt        *time.Time
	SubmittedAt    *time.Time
	LastActivityAt *time.Time
	InviteIssuedAt *time.Time
	ContactName    string
	ContactPhone   string
	ContactEmail   string
	Total          *decimal.Fixed2
	LevelCode      *int
	Flags          []string // the stored result's flag codes; empty when there is none
	// Result holds the figures statistics read (not the points or
	// dimension bands), from typed columns; nil unless submitted.
	Result *questionnaires.Result
}

const firmColumns = `e.id AS entry_id, e.enterprise_id, en.credit_code, e.name, e.district, e.industry,
	e.revenue_wan, e.employees, e.band, e.status, e.progress, e.version, e.review_status, e.review_reason,
	e.filled_by, e.saved_at, e.submitted_at, e.last_activity_at, e.invite_issued_at,
	en.contact_name, en.contact_phone, en.contact_email, r.total, r.level_code, ` + flagsColumn

// firmQuery builds the scoped, filtered query over a campaign's roster.
func (s *Store) firmQuery(scope Scope, campaignID int64, f FirmFilter) (string, []any) {
	where := []string{"e.campaign_id = ?"}
	args := []any{campaignID}
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	switch {
	case scope.city:
	case scope.enterpriseID != 0:
		add("e.enterprise_id = ?", scope.enterpriseID)
	case scope.district != "":
		add("e.district = ?", scope.district)
	default:
		where = append(where, "1 = 0")
	}
	if f.Band != "" {
		add("e.band = ?", f.Band)
	}
	if f.District != "" {
		add("e.district = ?", f.District)
	}
	if f.Industry != "" {
		add("e.industry = ?", f.Industry)
	}
	switch f.Status {
	case "":
	case StatusUnsubmitted:
		add("e.status <> ?", StatusSubmitted)
	default:
		add("e.status = ?", f.Status)
	}
	if f.Review != "" {
		add("e.review_status = ?", f.Review)
	}
	if f.Flag != "" {
		add(flagCondition, f.Flag)
	}
	if f.Search != "" {
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(f.Search) + "%"
		where = append(where, "(e.name LIKE ? OR en.credit_code LIKE ?)")
		args = append(args, like, like)
	}
	return `FROM roster_entries e
		JOIN enterprises en ON en.id = e.enterprise_id
		LEFT JOIN results r ON r.entry_id = e.id
		WHERE ` + strings.Join(where, " AND "), args
}

// EachFirm streams the campaign's firms in scope through fn, ordered by entry,
// without holding them all in memory.
func (s *Store) EachFirm(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, fn func(*FirmRow) error) error {
	return s.eachFirm(ctx, scope, campaignID, f, " ORDER BY e.id", fn)
}

// EachFirmUnordered is EachFirm in whatever order the database reads fastest:
// for statistics, which do not depend on order. Sorting a campaign's rows
// with their stored results took SQLite several times longer than reading them.
func (s *Store) EachFirmUnordered(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, fn func(*FirmRow) error) error {
	return s.eachFirm(ctx, scope, campaignID, f, "", fn)
}

func (s *Store) eachFirm(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, order string, fn func(*FirmRow) error) error {
	from, args := s.firmQuery(scope, campaignID, f)
	var row FirmRow
	err := s.eachRow(ctx, "SELECT "+firmColumns+" "+from+order, args, func(rows *sql.Rows) error {
		row = FirmRow{}
		if err := scanFirm(rows, &row); err != nil {
			return fmt.Errorf("models: scan firm: %w", err)
		}
		return fn(&row)
	})
	if err != nil {
		return fmt.Errorf("models: list firms: %w", err)
	}
	return nil
}

// scanFirm reads one row of firmColumns. Scanning by position is several
// times faster than mapping columns by reflection, and statistics read every
// firm of a campaign.
func scanFirm(rows *sql.Rows, r *FirmRow) error {
	var flags sql.NullString
	err := rows.Scan(&r.EntryID, &r.EnterpriseID, &r.CreditCode, &r.Name, &r.District, &r.Industry,
		&r.RevenueWan, &r.Employees, &r.Band, &r.Status, &r.Progress, &r.Version, &r.ReviewStatus, &r.ReviewReason,
		&r.FilledBy, &r.SavedAt, &r.SubmittedAt, &r.LastActivityAt, &r.InviteIssuedAt,
		&r.ContactName, &r.ContactPhone, &r.ContactEmail, &r.Total, &r.LevelCode, &flags)
	r.Flags = splitFlags(flags)
	return err
}

// firmRows runs a query of firmColumns and returns its rows.
func (s *Store) firmRows(ctx context.Context, q string, args ...any) ([]FirmRow, error) {
	var out []FirmRow
	err := s.eachRow(ctx, q, args, func(rows *sql.Rows) error {
		var r FirmRow
		if err := scanFirm(rows, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// eachRow runs a read and calls fn on each row.
func (s *Store) eachRow(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.read(ctx).Raw(q, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// firmOrders are the sort orders a list may ask for; nothing else reaches SQL.
var firmOrders = map[string]string{
	"":          "e.id",
	"name":      "e.name, e.id",
	"score":     "r.total DESC, e.id",
	"score_asc": "r.total, e.id",
	"revenue":   "e.revenue_wan DESC, e.id",
	"activity":  "e.last_activity_at DESC, e.id",
	"progress":  "e.progress, e.id",
}

// Firms returns one page of the campaign's firms in scope and the number of
// all matches.
func (s *Store) Firms(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, order string, limit, offset int) ([]FirmRow, int64, error) {
	by, ok := firmOrders[order]
	if !ok {
		by = firmOrders[""]
	}
	from, args := s.firmQuery(scope, campaignID, f)
	var total int64
	if err := s.read(ctx).Raw("SELECT COUNT(*) "+from, args...).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count firms: %w", err)
	}
	q := "SELECT " + firmColumns + " " + from + " ORDER BY " + by + " LIMIT ? OFFSET ?"
	out, err := s.firmRows(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("models: list firms: %w", err)
	}
	return out, total, nil
}
