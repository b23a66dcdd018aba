package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"healthcheck/decimal"
)

// This file streams a campaign's rows for statistics, the annual report's
// data book and its answers file, one firm at a time, so memory does not
// grow with firms.

// Orders of EachScored.
const (
	// Unordered reads in whatever order the database reads fastest.
	Unordered = ""
	// ByPlace orders by district, industry and credit code: the order of a
	// work list that each district's officials take their part of.
	ByPlace = " ORDER BY e.district, e.industry, en.credit_code"
)

// scoredColumns are the columns statistics read: the roster facts and the
// stored result's typed columns, nothing else (no timestamps, contacts or
// progress), which makes a national campaign several times faster to scan
// than firmColumns.
const scoredColumns = `e.id, en.credit_code, e.name, e.district, e.industry, e.revenue_wan, e.employees, e.band,
	e.status, e.review_status, r.total, r.level_code, r.level, r.band`

// figureColumns are a result_figures row as EachScored reads it.
const figureColumns = `f.entry_id, f.kind, f.key, f.value, f.num, f.den`

// EachScored streams the campaign's firms in scope that match f with the
// fields statistics read (EntryID, CreditCode, Name, District, Industry,
// RevenueWan, Employees, Band, Status, ReviewStatus and, once submitted,
// Result with its total, level, band, dimensions, indicators, scenes, needs
// and flags), in order (Unordered or ByPlace). It reads typed columns only:
// the firms and their figures in the same order, in one read transaction so
// both see the same submissions, merged as they come.
func (s *Store) EachScored(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, order string,
	fn func(*FirmRow) error) error {
	if order != Unordered && order != ByPlace {
		return fmt.Errorf("models: unknown order %q", order)
	}
	if order == Unordered {
		order = " ORDER BY e.id" // the roster's own order: the database does not sort
	}
	err := s.read(ctx).Transaction(func(tx *gorm.DB) error {
		from, args := s.firmQueryJoining(scope, campaignID, f, "")
		firms, err := tx.Raw("SELECT "+scoredColumns+" "+from+order+", e.id", args...).Rows()
		if err != nil {
			return err
		}
		defer firms.Close()
		from, args = s.firmQueryJoining(scope, campaignID, f, "JOIN result_figures AS f ON f.entry_id = e.id")
		figs, err := tx.Raw("SELECT "+figureColumns+" "+from+order+", e.id, f.kind, f.key", args...).Rows()
		if err != nil {
			return err
		}
		defer figs.Close()
		return mergeScored(firms, figs, fn)
	})
	if err != nil {
		return fmt.Errorf("models: list scored firms: %w", err)
	}
	return nil
}

// mergeScored joins firms with their figures, both read in the same order.
func mergeScored(firms, figs *sql.Rows, fn func(*FirmRow) error) error {
	var fig figure
	more, err := nextFigure(figs, &fig)
	if err != nil {
		return err
	}
	var r FirmRow
	for firms.Next() {
		r = FirmRow{}
		var total sql.NullInt64
		var levelCode sql.NullInt64
		var level, band sql.NullString
		if err := firms.Scan(&r.EntryID, &r.CreditCode, &r.Name, &r.District, &r.Industry, &r.RevenueWan, &r.Employees,
			&r.Band, &r.Status, &r.ReviewStatus, &total, &levelCode, &level, &band); err != nil {
			return err
		}
		if total.Valid && r.Status == StatusSubmitted {
			r.Result = scoredResult(decimal.Fixed2(total.Int64), int(levelCode.Int64), level.String, band.String)
		}
		for more && fig.entryID == r.EntryID {
			if r.Result != nil {
				addFigure(r.Result, &fig)
			}
			if more, err = nextFigure(figs, &fig); err != nil {
				return err
			}
		}
		if r.Result != nil {
			r.Flags = r.Result.Flags
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return firms.Err()
}

func nextFigure(rows *sql.Rows, f *figure) (bool, error) {
	if !rows.Next() {
		return false, rows.Err()
	}
	return true, rows.Scan(&f.entryID, &f.kind, &f.key, &f.value, &f.num, &f.den)
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
// answers) the per-row cost of the driver dominated.
func (s *Store) EachAnswerSet(ctx context.Context, scope Scope, campaignID int64, fn func(*FirmRow, AnswerSet) error) error {
	from, args := s.firmQuery(scope, campaignID, FirmFilter{})
	q := `SELECT e.id, en.credit_code, e.name, e.district, e.industry, e.revenue_wan, e.band, e.status,
		(SELECT string_agg(a.question_id || ? || a.value, ?) FROM answers a WHERE a.entry_id = e.id) ` + from +
		` ORDER BY e.enterprise_id`
	rows, err := s.read(ctx).Raw(q, append([]any{idSep, answerSep}, args...)...).Rows()
	if err != nil {
		return fmt.Errorf("models: list answers: %w", err)
	}
	defer rows.Close()
	var r FirmRow
	for rows.Next() {
		r = FirmRow{}
		var packed sql.NullString
		if err := rows.Scan(&r.EntryID, &r.CreditCode, &r.Name, &r.District, &r.Industry, &r.RevenueWan, &r.Band,
			&r.Status, &packed); err != nil {
			return fmt.Errorf("models: scan answers: %w", err)
		}
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
