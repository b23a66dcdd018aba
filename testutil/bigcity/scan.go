package bigcity

import (
	"context"
	"database/sql"
	"fmt"
)

// The bare baselines of the annual report: the rows it must read, each query
// taking the campaign's year. ScoredRows is the roster with the stored
// results' typed columns and packed figures (what statistics and the book's
// firm sheet read; firms not submitted have no result); AnswerRows is every saved answer of the
// campaign's firms, one row each; PackedAnswers is the same answers packed one
// row per firm by the database, as the report reads them. The parameter is
// written $1, which SQLite and PostgreSQL both take.
const (
	ScoredRows = `SELECT e.id, en.credit_code, e.name, e.district, e.industry, e.revenue_wan, e.employees, e.band, e.status,
	e.review_status, r.total, r.level_code, r.level, r.figures
	FROM roster_entries e JOIN enterprises en ON en.id = e.enterprise_id LEFT JOIN results r ON r.entry_id = e.id
	WHERE e.campaign_id = (SELECT id FROM campaigns WHERE year = $1)`
	AnswerRows = `SELECT a.entry_id, a.question_id, a.value
	FROM answers a JOIN roster_entries e ON e.id = a.entry_id WHERE e.campaign_id = (SELECT id FROM campaigns WHERE year = $1)`
	PackedAnswers = `SELECT e.id, (SELECT string_agg(a.question_id || '=' || a.value, ';') FROM answers a WHERE a.entry_id = e.id)
	FROM roster_entries e WHERE e.campaign_id = (SELECT id FROM campaigns WHERE year = $1)`
)

// BareScan runs each query for the campaign of year into raw bytes, doing
// nothing with them, and returns the number of rows read.
func BareScan(ctx context.Context, db *sql.DB, year int, queries ...string) (int, error) {
	n := 0
	for _, q := range queries {
		rows, err := db.QueryContext(ctx, q, year)
		if err != nil {
			return n, fmt.Errorf("bigcity: bare scan: %w", err)
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return n, err
		}
		raw := make([]any, len(cols))
		for i := range raw {
			raw[i] = new(sql.RawBytes)
		}
		for rows.Next() {
			if err := rows.Scan(raw...); err != nil {
				rows.Close()
				return n, err
			}
			n++
		}
		if err := rows.Close(); err != nil {
			return n, err
		}
	}
	return n, nil
}
