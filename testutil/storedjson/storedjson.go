// Package storedjson reads a campaign's firms as statistics read them before
// typed figures (migration 0007): each roster row with its stored result
// JSON, decoded. Tests compare the typed path with it and benchmarks use it
// as a baseline. It is test support: import it only from _test.go files.
package storedjson

import (
	"database/sql"
	"fmt"

	gojson "github.com/goccy/go-json"

	"healthcheck/analysis"
	"healthcheck/questionnaires"
)

// Each calls fn with every firm of the campaign, in entry order, its stored
// result decoded with goccy/go-json (as statistics did) when submitted.
func Each(db *sql.DB, campaignID int64, fn func(*analysis.Firm)) error {
	rows, err := db.Query(`SELECT en.credit_code, e.name, e.district, e.industry, e.band, e.revenue_wan, e.employees,
		e.status, e.review_status, r.detail FROM roster_entries e JOIN enterprises en ON en.id = e.enterprise_id
		LEFT JOIN results r ON r.entry_id = e.id WHERE e.campaign_id = $1 ORDER BY e.id`, campaignID) // $1: both SQLite and PostgreSQL
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		f := &analysis.Firm{}
		var detail sql.NullString
		if err := rows.Scan(&f.CreditCode, &f.Name, &f.District, &f.Industry, &f.Band, &f.RevenueWan, &f.Employees,
			&f.Status, &f.ReviewStatus, &detail); err != nil {
			return err
		}
		if detail.Valid && f.Status == analysis.StatusSubmitted {
			f.Result = &questionnaires.Result{}
			if err := gojson.Unmarshal([]byte(detail.String), f.Result); err != nil {
				return fmt.Errorf("result of %s: %w", f.CreditCode, err)
			}
		}
		fn(f)
	}
	return rows.Err()
}
