package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

// This file streams a campaign's rows for statistics, the annual report's
// data book and its answers file, one firm at a time, so memory does not
// grow with firms.

// scoredColumns are the columns statistics read: the roster facts and the
// stored result's typed columns, nothing else (no timestamps, contacts or
// progress), which makes a national campaign several times faster to scan
// than firmColumns.
const scoredColumns = `e.id, en.credit_code, e.name, e.district, e.industry, e.revenue_wan, e.employees, e.band,
	e.status, e.review_status, r.total, r.level_code, r.level, r.band, r.figures`

// EachScored streams the campaign's firms in scope that match f with the
// fields statistics read (EntryID, CreditCode, Name, District, Industry,
// RevenueWan, Employees, Band, Status, ReviewStatus and, once submitted,
// Result with its total, level, band, dimensions, indicators, scenes, needs
// and flags), in whatever order the database reads fastest (the report
// sorts the little it lists in memory). It reads typed columns and
// each result's figures packed in one (results.figures, the rows of
// result_figures in one string): one row per firm, since the driver's cost
// per row, not SQLite's, dominated reading one row per figure.
func (s *Store) EachScored(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, fn func(*FirmRow) error) error {
	from, args := s.firmQuery(scope, campaignID, f)
	var r FirmRow
	var last *questionnaires.Result // the previous result, whose sizes the next one's maps take
	err := s.eachRow(ctx, "SELECT "+scoredColumns+" "+from, args, func(rows *sql.Rows) error {
		r = FirmRow{}
		var total, levelCode sql.NullInt64
		var level, band, figures sql.NullString
		if err := rows.Scan(&r.EntryID, &r.CreditCode, &r.Name, &r.District, &r.Industry, &r.RevenueWan, &r.Employees,
			&r.Band, &r.Status, &r.ReviewStatus, &total, &levelCode, &level, &band, &figures); err != nil {
			return err
		}
		if total.Valid && r.Status == StatusSubmitted {
			r.Result = scoredResult(decimal.Fixed2(total.Int64), int(levelCode.Int64), level.String, band.String, last)
			if err := unpackFigures(r.Result, figures.String); err != nil {
				return err
			}
			last = r.Result
			r.Flags = r.Result.Flags
		}
		return fn(&r)
	})
	if err != nil {
		return fmt.Errorf("models: list scored firms: %w", err)
	}
	return nil
}

// Separators of the answers packed by EachAnswerSet. Stored values are
// JSON (canonical, or as typed and compacted), which never holds a raw
// control character, and question
// ids are [a-z0-9_], so neither separator can occur inside one.
const (
	answerSep = "\x1e" // between answers
	idSep     = "\x1f" // between a question id and its value
)

// AnswerSet is one firm's saved answers as EachAnswerSet reads them, packed
// in one string.
type AnswerSet struct{ packed string }

// Each calls fn with every answer: its question id and its stored JSON
// value. The strings share the packed string's memory: nothing is copied.
func (a AnswerSet) Each(fn func(questionID, value string)) {
	if a.packed == "" {
		return
	}
	for item := range strings.SplitSeq(a.packed, answerSep) {
		if id, value, ok := strings.Cut(item, idSep); ok {
			fn(id, value)
		}
	}
}

// EachAnswerSet streams the campaign's firms in scope in enterprise order (the
// order of the roster's (campaign, enterprise) index, so the database never
// sorts the packed answers), each with its saved answers (none for a firm
// that has saved nothing). The database packs each firm's answers into one
// string (string_agg, in SQLite 3.44+ and PostgreSQL alike), so a firm costs
// one row rather than one per answer: at national scale (some 30 million
// answers) the per-row cost of the driver dominated. Each firm comes with its
// stored result's flags (FirmRow.Flags), which the annual report's policy
// estimates read in the same pass.
func (s *Store) EachAnswerSet(ctx context.Context, scope Scope, campaignID int64, fn func(*FirmRow, AnswerSet) error) error {
	from, args := s.firmQuery(scope, campaignID, FirmFilter{})
	lead := []any{idSep, answerSep}
	q := `SELECT e.id, en.credit_code, e.name, e.district, e.industry, e.revenue_wan, e.band, e.status,
		(SELECT string_agg(a.question_id || ? || a.value, ?) FROM answers a WHERE a.entry_id = e.id), ` +
		flagsColumn + " " + from + ` ORDER BY e.enterprise_id`
	rows, err := s.read(ctx).Raw(q, append(lead, args...)...).Rows()
	if err != nil {
		return fmt.Errorf("models: list answers: %w", err)
	}
	defer rows.Close()
	var r FirmRow
	for rows.Next() {
		r = FirmRow{}
		var packed, flagCodes sql.NullString
		if err := rows.Scan(&r.EntryID, &r.CreditCode, &r.Name, &r.District, &r.Industry, &r.RevenueWan, &r.Band, &r.Status,
			&packed, &flagCodes); err != nil {
			return fmt.Errorf("models: scan answers: %w", err)
		}
		r.Flags = splitFlags(flagCodes)
		if err := fn(&r, AnswerSet{packed: packed.String}); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("models: list answers: %w", err)
	}
	return nil
}

// CountFirms counts the campaign's firms in scope that match f.
func (s *Store) CountFirms(ctx context.Context, scope Scope, campaignID int64, f FirmFilter) (int64, error) {
	from, args := s.firmQuery(scope, campaignID, f)
	var n int64
	if err := s.read(ctx).Raw("SELECT COUNT(*) "+from, args...).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("models: count firms: %w", err)
	}
	return n, nil
}
