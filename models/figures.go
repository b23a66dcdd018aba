package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	gojson "github.com/goccy/go-json"
	"gorm.io/gorm"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

// A submitted survey's figures are stored as the whole result in JSON
// (results.detail: the firm's own report reads points and dimension bands
// from it) and typed (migration 0007): results' columns, one row per figure
// in result_figures (the flag filter, lists' flags, aggregates) and the
// same rows packed in results.figures (what statistics stream). This file
// is the one place that turns a questionnaires.Result into each and back.
// docs/storage.md explains the layout.

// Kinds of result_figures rows.
const (
	figureDimension = "dimension" // value: percent in hundredths
	figureIndicator = "indicator" // value: percent in hundredths or NULL; num, den: a ratio's parts in hundredths
	figureScene     = "scene"     // value: level 0–4
	figureNeed      = "need"      // value: position among the needs
	figureFlag      = "flag"      // value: position among the flags
)

// NewResult is the row that stores res as a campaign's result.
func NewResult(campaignID int64, res questionnaires.Result) (*ResultRow, error) {
	detail, err := json.Marshal(res) // the standard encoder, as results were always written
	if err != nil {
		return nil, fmt.Errorf("models: encode result: %w", err)
	}
	return &ResultRow{CampaignID: campaignID, Total: res.Total, LevelCode: res.LevelCode, Level: res.Level,
		Band: res.Band, Detail: string(detail), Scores: &res}, nil
}

// decode sets Scores from the stored JSON: the only decoding of a result.
func (r *ResultRow) decode() error {
	var res questionnaires.Result
	if err := gojson.Unmarshal([]byte(r.Detail), &res); err != nil {
		return fmt.Errorf("models: result of #%d: %w", r.EntryID, err)
	}
	r.Scores = &res
	return nil
}

// figure is one row of result_figures.
type figure struct {
	entryID         int64
	kind, key       string
	value, num, den sql.NullInt64
}

func hundredths(f *decimal.Fixed2) sql.NullInt64 {
	if f == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*f), Valid: true}
}

func whole(n int) sql.NullInt64 { return sql.NullInt64{Int64: int64(n), Valid: true} }

// figuresOf lists the rows that store res's figures, in key order so that
// the same result always gives the same statement.
func figuresOf(entryID int64, res *questionnaires.Result) []figure {
	var out []figure
	add := func(kind, key string, value, num, den sql.NullInt64) {
		out = append(out, figure{entryID: entryID, kind: kind, key: key, value: value, num: num, den: den})
	}
	for _, k := range sortedKeys(res.Dimensions) {
		v := res.Dimensions[k]
		add(figureDimension, k, hundredths(&v), sql.NullInt64{}, sql.NullInt64{})
	}
	for _, k := range sortedKeys(res.Indicators) {
		iv := res.Indicators[k]
		add(figureIndicator, k, hundredths(iv.Value), hundredths(iv.Num), hundredths(iv.Den))
	}
	for _, k := range sortedKeys(res.Scenes) {
		add(figureScene, k, whole(res.Scenes[k]), sql.NullInt64{}, sql.NullInt64{})
	}
	for i, n := range res.Needs {
		add(figureNeed, n, whole(i), sql.NullInt64{}, sql.NullInt64{})
	}
	for i, f := range res.Flags {
		add(figureFlag, f, whole(i), sql.NullInt64{}, sql.NullInt64{})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Separators of packed figures: stored keys are dimension, indicator and
// scene keys, option values and flag codes, none of which holds a control
// character.
const (
	figureSep = "\x1e" // between figures
	fieldSep  = "\x1f" // between a figure's kind, key, value, num and den
)

// packFigures writes figures in one string for results.figures: kind, key,
// value, num and den of each (an empty field is NULL).
func packFigures(figs []figure) string {
	var b strings.Builder
	for i, f := range figs {
		if i > 0 {
			b.WriteString(figureSep)
		}
		b.WriteString(f.kind)
		b.WriteString(fieldSep)
		b.WriteString(f.key)
		for _, v := range []sql.NullInt64{f.value, f.num, f.den} {
			b.WriteString(fieldSep)
			if v.Valid {
				b.WriteString(strconv.FormatInt(v.Int64, 10))
			}
		}
	}
	return b.String()
}

// unpackFigures adds packed figures to res. It runs for every firm of every
// statistics snapshot, so it cuts the string by hand and gives the
// indicators' values one backing array a firm rather than one allocation a
// value.
func unpackFigures(res *questionnaires.Result, packed string) error {
	if packed == "" {
		return nil
	}
	pool := make([]decimal.Fixed2, 0, 3*(strings.Count(packed, figureSep)+1))
	number := func(s string) (*decimal.Fixed2, error) {
		if s == "" {
			return nil, nil
		}
		x, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, err
		}
		pool = append(pool, decimal.Fixed2(x)) // within capacity: earlier pointers stay valid
		return &pool[len(pool)-1], nil
	}
	for rest := packed; rest != ""; {
		item, next, _ := strings.Cut(rest, figureSep)
		rest = next
		var fields [5]string
		tail := item
		for i := range 4 {
			var ok bool
			if fields[i], tail, ok = strings.Cut(tail, fieldSep); !ok {
				return fmt.Errorf("models: packed figure %q", item)
			}
		}
		fields[4] = tail
		var nums [3]*decimal.Fixed2
		for i := range nums {
			var err error
			if nums[i], err = number(fields[2+i]); err != nil {
				return fmt.Errorf("models: packed figure %q: %w", item, err)
			}
		}
		addFigure(res, fields[0], fields[1], nums[0], nums[1], nums[2])
	}
	return nil
}

// execFunc runs one statement in the caller's transaction: the hot path's
// prepared statements or GORM's.
type execFunc func(query string, args ...any) error

func gormExec(tx *gorm.DB) execFunc {
	return func(query string, args ...any) error { return tx.Exec(query, args...).Error }
}

func (s *Store) hotExec(ctx context.Context, tx *hotTx) execFunc {
	return func(query string, args ...any) error {
		_, err := s.exec(ctx, tx, query, args...)
		return err
	}
}

const figureWidth = 6

// insertFigures writes figure rows with one multi-row INSERT per batch.
func insertFigures(exec execFunc, rows []figure) error {
	for start := 0; start < len(rows); start += batchRows {
		chunk := rows[start:min(start+batchRows, len(rows))]
		args := make([]any, 0, figureWidth*len(chunk))
		for _, f := range chunk {
			args = append(args, f.entryID, f.kind, f.key, f.value, f.num, f.den)
		}
		q := insertSQL("INSERT INTO result_figures (entry_id, kind, key, value, num, den) VALUES ", figureWidth, len(chunk))
		if err := exec(q, args...); err != nil {
			return fmt.Errorf("models: write figures: %w", err)
		}
	}
	return nil
}

// replaceFigures stores a rescored result's figures in place of the old.
func replaceFigures(exec execFunc, entryID int64, res *questionnaires.Result) error {
	if err := exec(`DELETE FROM result_figures WHERE entry_id = ?`, entryID); err != nil {
		return fmt.Errorf("models: clear figures of #%d: %w", entryID, err)
	}
	figs := figuresOf(entryID, res)
	if err := exec(`UPDATE results SET figures = ? WHERE entry_id = ?`, packFigures(figs), entryID); err != nil {
		return fmt.Errorf("models: figures of #%d: %w", entryID, err)
	}
	return insertFigures(exec, figs)
}

// insertSQL is prefix followed by n rows of width placeholders, built once
// per text.
func insertSQL(prefix string, width, n int) string {
	key := insertKey{prefix, width, n}
	if q, ok := insertSQLCache.Load(key); ok {
		return q.(string)
	}
	q := prefix + placeholders(n, width)
	insertSQLCache.Store(key, q)
	return q
}

type insertKey struct {
	prefix   string
	width, n int
}

var insertSQLCache sync.Map

// addFigure puts one stored figure back into a result being rebuilt.
func addFigure(res *questionnaires.Result, kind, key string, value, num, den *decimal.Fixed2) {
	whole := func() int {
		if value == nil {
			return 0
		}
		return int(*value)
	}
	switch kind {
	case figureDimension:
		res.Dimensions[key] = decimal.Fixed2(whole())
	case figureIndicator:
		res.Indicators[key] = questionnaires.IndicatorValue{Value: value, Num: num, Den: den}
	case figureScene:
		res.Scenes[key] = whole()
	case figureNeed:
		res.Needs = placeAt(res.Needs, whole(), key)
	case figureFlag:
		res.Flags = placeAt(res.Flags, whole(), key)
	}
}

// placeAt puts s at position i of xs, growing it as needed: rows come in
// key order, positions restore the stored order.
func placeAt(xs []string, i int, s string) []string {
	for len(xs) <= i {
		xs = append(xs, "")
	}
	xs[i] = s
	return xs
}

// scoredResult starts the typed result of a submitted entry from its
// results columns; addFigure fills in the rest.
// like, when not nil, is a result of the same edition read just before: the
// maps are made at its sizes, so filling them does not grow them step by
// step (a national campaign reads 425,000 results of one shape).
func scoredResult(total decimal.Fixed2, levelCode int, level, band string, like *questionnaires.Result) *questionnaires.Result {
	r := &questionnaires.Result{Total: total, LevelCode: levelCode, Level: level, Band: band, Flags: []string{}, Needs: []string{}}
	if like == nil {
		like = &questionnaires.Result{}
	}
	r.Dimensions = make(map[string]decimal.Fixed2, len(like.Dimensions))
	r.Indicators = make(map[string]questionnaires.IndicatorValue, len(like.Indicators))
	r.Scenes = make(map[string]int, len(like.Scenes))
	return r
}

// fillFigures stores, for every result stored before migration 0007, its
// level label and its figures, decoded from its JSON by the code that
// writes them at submission.
func fillFigures(ctx context.Context, tx *gorm.DB) error {
	const page = 500
	var last int64
	for {
		var rows []ResultRow
		err := tx.WithContext(ctx).Raw(`SELECT entry_id, detail FROM results WHERE entry_id > ? ORDER BY entry_id LIMIT ?`,
			last, page).Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("models: read results to type: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		var figs []figure
		for i := range rows {
			r := &rows[i]
			if err := r.decode(); err != nil {
				return err
			}
			own := figuresOf(r.EntryID, r.Scores)
			err := tx.Exec(`UPDATE results SET level = ?, figures = ? WHERE entry_id = ?`, r.Scores.Level, packFigures(own), r.EntryID).Error
			if err != nil {
				return fmt.Errorf("models: level and figures of #%d: %w", r.EntryID, err)
			}
			figs = append(figs, own...)
		}
		if err := insertFigures(gormExec(tx), figs); err != nil {
			return err
		}
		last = rows[len(rows)-1].EntryID
	}
}

// flagCondition is the list filter "its result carries flag code": a lookup
// in result_figures' primary key.
const flagCondition = `EXISTS (SELECT 1 FROM result_figures AS rf WHERE rf.entry_id = e.id AND rf.kind = '` +
	figureFlag + `' AND rf.key = ?)`

// flagsColumn packs an entry's flags in their stored order, for lists.
const flagsColumn = `(SELECT string_agg(rf.key, ',' ORDER BY rf.value) FROM result_figures AS rf
	WHERE rf.entry_id = e.id AND rf.kind = '` + figureFlag + `')`

// splitFlags unpacks flagsColumn.
func splitFlags(packed sql.NullString) []string {
	if packed.String == "" {
		return []string{}
	}
	return strings.Split(packed.String, ",")
}
