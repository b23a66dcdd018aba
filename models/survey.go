package models

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
)

// Answers returns an entry's stored answers (canonical JSON by question id).
// Callers first get the entry through Entry, which applies the scope.
func (s *Store) Answers(ctx context.Context, entryID int64) (map[string][]byte, error) {
	rows, err := s.query(ctx, `SELECT question_id, value FROM answers WHERE entry_id = ?`, entryID)
	if err != nil {
		return nil, fmt.Errorf("models: answers of #%d: %w", entryID, err)
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var id string
		var value []byte
		if err := rows.Scan(&id, &value); err != nil {
			return nil, fmt.Errorf("models: answers of #%d: %w", entryID, err)
		}
		out[id] = value
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: answers of #%d: %w", entryID, err)
	}
	return out, nil
}

// Save is one accepted save of a draft.
type Save struct {
	EntryID  int64
	Version  int               // the version the client last saw
	Answers  map[string][]byte // the complete new set: valid answers as canonical JSON, invalid ones as typed
	Progress int
	FilledBy string // official filling in for the firm (代填), or ""
}

// SaveAnswers replaces an entry's answers if the client saw the current
// version and the survey is not submitted. It returns the new version.
func (s *Store) SaveAnswers(ctx context.Context, scope Scope, sv Save) (int, time.Time, error) {
	now := s.now()
	newVersion := sv.Version + 1
	var ch change
	ch.add("version", newVersion)
	ch.add("progress", sv.Progress)
	ch.add("saved_at", now)
	ch.add("last_activity_at", now)
	ch.add("status", StatusDraft)
	err := s.writeTx(ctx, func(tx *hotTx) error {
		err := s.moveEntry(ctx, tx, scope, sv.EntryID, sv.FilledBy, ch,
			"e.version = ? AND e.status <> ?", sv.Version, StatusSubmitted)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM answers WHERE entry_id = ?`, sv.EntryID); err != nil {
			return fmt.Errorf("models: clear answers of #%d: %w", sv.EntryID, err)
		}
		if err := s.insertAnswers(ctx, tx, sv.EntryID, sv.Answers); err != nil {
			return fmt.Errorf("models: write answers of #%d: %w", sv.EntryID, err)
		}
		return nil
	})
	return newVersion, now, err
}

// insertAnswers writes answer rows with one multi-row INSERT per batch.
func (s *Store) insertAnswers(ctx context.Context, tx *hotTx, entryID int64, answers map[string][]byte) error {
	ids := make([]string, 0, len(answers))
	for id := range answers {
		ids = append(ids, id)
	}
	sort.Strings(ids) // the same text and order for the same questions: one prepared statement
	for start := 0; start < len(ids); start += batchRows {
		chunk := ids[start:min(start+batchRows, len(ids))]
		args := make([]any, 0, 3*len(chunk))
		for _, id := range chunk {
			args = append(args, entryID, id, string(answers[id]))
		}
		if _, err := s.exec(ctx, tx, insertSQL("INSERT INTO answers (entry_id, question_id, value) VALUES ", 3, len(chunk)), args...); err != nil {
			return err
		}
	}
	return nil
}

// transition updates an entry in scope only while cond holds (the version the
// client saw, the status it may leave); when nothing matched it says why. The
// official filling in for the firm (代填), if any, is recorded. It serves the
// rarer moves (reopening); saves and submits use moveEntry.
func (s *Store) transition(ctx context.Context, tx *gorm.DB, scope Scope, entryID int64, filledBy string,
	upd map[string]any, cond string, args ...any) error {
	if filledBy != "" {
		upd["filled_by"] = filledBy
	}
	res := scope.on(tx.Table("roster_entries AS e"), "e").
		Where("e.id = ?", entryID).Where(cond, args...).Updates(upd)
	if res.Error != nil {
		return fmt.Errorf("models: update entry #%d: %w", entryID, res.Error)
	}
	if res.RowsAffected == 0 {
		return s.whyNotWritable(ctx, tx, scope, entryID)
	}
	return nil
}

// whyNotWritable explains a conditional update that matched nothing.
func (s *Store) whyNotWritable(ctx context.Context, tx *gorm.DB, scope Scope, entryID int64) error {
	var e RosterEntry
	err := scope.on(tx.Table("roster_entries AS e"), "e").Where("e.id = ?", entryID).Take(&e).Error
	switch {
	case err == gorm.ErrRecordNotFound:
		return apperr.New(apperr.NotFound, "未找到该企业的填报记录")
	case err != nil:
		return fmt.Errorf("models: entry #%d: %w", entryID, err)
	case e.Status == StatusSubmitted:
		return apperr.New(apperr.Conflict, "问卷已提交，答案只读")
	default:
		return &apperr.Error{Code: apperr.Conflict,
			Message: fmt.Sprintf("答案已在其他页面或设备上更新（当前版本 %d），请刷新后再编辑", e.Version)}
	}
}

// Submission stores a submitted survey's score; Result is made by NewResult.
type Submission struct {
	EntryID  int64
	Version  int
	Result   ResultRow
	FilledBy string
	// Review is the official's record of a 代填 submit (its action, actor
	// and reason), Audit the submit's line in the audit log; both are
	// written in the submit's transaction, either may be nil.
	Review *Review
	Audit  *AuditEntry
}

// Submit marks a draft submitted and stores its score in one transaction,
// returning the submission time. It fails with Conflict when the version is
// stale or it was already submitted.
func (s *Store) Submit(ctx context.Context, scope Scope, sub Submission) (time.Time, error) {
	if sub.Result.Scores == nil {
		return time.Time{}, fmt.Errorf("models: submission of #%d has no scores (make its result with NewResult)", sub.EntryID)
	}
	now := s.now()
	var ch change
	ch.add("status", StatusSubmitted)
	ch.add("submitted_at", now)
	ch.add("last_activity_at", now)
	ch.add("review_status", ReviewPending)
	ch.add("review_reason", "")
	ch.add("progress", 100)
	return now, s.writeTx(ctx, func(tx *hotTx) error {
		err := s.moveEntry(ctx, tx, scope, sub.EntryID, sub.FilledBy, ch,
			"e.version = ? AND e.status = ?", sub.Version, StatusDraft)
		if err != nil {
			return err
		}
		r := sub.Result
		figs := figuresOf(sub.EntryID, r.Scores)
		_, err = s.exec(ctx, tx, `INSERT INTO results (entry_id, campaign_id, total, level_code, level, band, industry, district,
			detail, figures, scored_at)
			SELECT e.id, ?, ?, ?, ?, ?, e.industry, e.district, ?, ?, ? FROM roster_entries AS e WHERE e.id = ?`,
			r.CampaignID, int64(r.Total), r.LevelCode, r.Level, r.Band, r.Detail, packFigures(figs), now, sub.EntryID)
		if err != nil {
			return fmt.Errorf("models: store result of #%d: %w", sub.EntryID, err)
		}
		if err := insertFigures(s.hotExec(ctx, tx), figs); err != nil {
			return err
		}
		return s.hotRecords(ctx, tx, now, sub)
	})
}

// Result returns an entry's stored score with its Scores decoded, within the
// scope.
func (s *Store) Result(ctx context.Context, scope Scope, entryID int64) (*ResultRow, error) {
	var r ResultRow
	err := scope.on(s.read(ctx).Table("results AS r").Joins("JOIN roster_entries AS e ON e.id = r.entry_id"), "e").
		Where("r.entry_id = ?", entryID).Select("r.*").Take(&r).Error
	if err == gorm.ErrRecordNotFound {
		return nil, apperr.New(apperr.NotFound, "尚无体检结果")
	}
	if err != nil {
		return nil, fmt.Errorf("models: result of #%d: %w", entryID, err)
	}
	return &r, r.decode()
}

// Rank is where a total stands in a group of submitted firms.
type Rank struct {
	N, Below, Equal int64
}

// Ranks counts, among the campaign's submitted firms of the firm's band and
// of its industry, those scoring below and equal to total, in one statement
// (every submit and report asks for both). Results exist exactly while a
// survey is submitted and carry the band and industry, so each count reads
// one index range and no table.
func (s *Store) Ranks(ctx context.Context, campaignID int64, band, industry string, total int64) (inBand, inIndustry Rank, err error) {
	const counts = `SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN r.total < ? THEN 1 ELSE 0 END), 0) AS below,
	COALESCE(SUM(CASE WHEN r.total = ? THEN 1 ELSE 0 END), 0) AS equal FROM results AS r `
	q := `SELECT b.n, b.below, b.equal, i.n, i.below, i.equal FROM
	(` + counts + `WHERE r.campaign_id = ? AND r.band = ?) AS b,
	(` + counts + `WHERE r.campaign_id = ? AND r.industry = ?) AS i`
	err = s.queryOne(ctx, q, []any{total, total, campaignID, band, total, total, campaignID, industry},
		&inBand.N, &inBand.Below, &inBand.Equal, &inIndustry.N, &inIndustry.Below, &inIndustry.Equal)
	if err != nil {
		return Rank{}, Rank{}, fmt.Errorf("models: ranks in %s and %s: %w", band, industry, err)
	}
	return inBand, inIndustry, nil
}

// PastResult is a firm's stored score in one campaign.
type PastResult struct {
	Year            int
	QuestionnaireID string
	ResultRow
}

// History returns an enterprise's scores in every campaign, oldest first,
// with their Scores decoded, within the scope.
func (s *Store) History(ctx context.Context, scope Scope, enterpriseID int64) ([]PastResult, error) {
	var out []PastResult
	err := scope.on(s.read(ctx).Table("results AS r").
		Joins("JOIN roster_entries AS e ON e.id = r.entry_id").
		Joins("JOIN campaigns AS c ON c.id = r.campaign_id"), "e").
		Where("e.enterprise_id = ? AND e.status = ?", enterpriseID, StatusSubmitted).
		Select("c.year, c.questionnaire_id, r.*").Order("c.year").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: history of enterprise #%d: %w", enterpriseID, err)
	}
	for i := range out {
		if err := out[i].decode(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
