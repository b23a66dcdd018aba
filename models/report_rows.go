package models

import (
	"context"
	"database/sql"
	"fmt"
)

// This file streams a campaign's rows for the annual report's data book and
// its answers file, one firm at a time, so memory does not grow with firms.

// EachFirmByPlace streams the campaign's firms in scope that match f ordered
// by district, industry and credit code: the order of a work list that each
// district's officials take their part of.
func (s *Store) EachFirmByPlace(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, fn func(*FirmRow) error) error {
	return s.eachFirm(ctx, scope, campaignID, f, " ORDER BY e.district, e.industry, en.credit_code", fn)
}

// EachAnswerSet streams the campaign's firms in scope in roster order, each
// with its saved answers (question id → stored JSON value; empty for a firm
// that has saved nothing). The firms and their answers are read by two
// cursors walking in entry order, merged here.
func (s *Store) EachAnswerSet(ctx context.Context, scope Scope, campaignID int64, fn func(*FirmRow, map[string][]byte) error) error {
	from, args := s.firmQuery(scope, campaignID, FirmFilter{})
	rows, err := s.read(ctx).Raw("SELECT a.entry_id, a.question_id, a.value FROM answers a WHERE a.entry_id IN (SELECT e.id "+
		from+") ORDER BY a.entry_id", args...).Rows()
	if err != nil {
		return fmt.Errorf("models: list answers: %w", err)
	}
	defer rows.Close()
	next := answerCursor{rows: rows}
	if err := next.advance(); err != nil {
		return err
	}
	set := map[string][]byte{}
	err = s.EachFirm(ctx, scope, campaignID, FirmFilter{}, func(r *FirmRow) error {
		clear(set)
		for next.ok && next.entry < r.EntryID {
			if err := next.advance(); err != nil { // an answer of a firm outside the walk
				return err
			}
		}
		for next.ok && next.entry == r.EntryID {
			set[next.question] = next.value
			if err := next.advance(); err != nil {
				return err
			}
		}
		return fn(r, set)
	})
	if err != nil {
		return err
	}
	return nil
}

// answerCursor is the answers side of EachAnswerSet.
type answerCursor struct {
	rows     *sql.Rows
	ok       bool
	entry    int64
	question string
	value    []byte
}

func (c *answerCursor) advance() error {
	c.ok = c.rows.Next()
	if !c.ok {
		if err := c.rows.Err(); err != nil {
			return fmt.Errorf("models: list answers: %w", err)
		}
		return nil
	}
	var v sql.RawBytes
	if err := c.rows.Scan(&c.entry, &c.question, &v); err != nil {
		return fmt.Errorf("models: scan answer: %w", err)
	}
	c.value = append([]byte(nil), v...)
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
