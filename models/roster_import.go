package models

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
)

// Roster fields an import or a correction may change, and their Chinese names.
var RosterFieldLabels = map[string]string{
	"name":          "企业名称",
	"district":      "所属区县",
	"industry":      "行业",
	"revenue_wan":   "营业收入（万元）",
	"employees":     "从业人员",
	"contact_name":  "联系人",
	"contact_phone": "联系电话",
	"contact_email": "电子邮箱",
}

// rosterFieldOrder is the order changes are listed in.
var rosterFieldOrder = []string{"name", "district", "industry", "revenue_wan", "employees", "contact_name", "contact_phone", "contact_email"}

// FieldChange is one roster fact that changes: old and new value as stored
// (district and industry as codes, revenue with two decimals).
type FieldChange struct {
	Field, Old, New string
}

// What an import does to a firm of the file.
const (
	RosterAdded     = "added"
	RosterChanged   = "changed"
	RosterUnchanged = "unchanged"
)

// RosterItem is one firm of an import and what the import does to it.
type RosterItem struct {
	CreditCode string
	Name       string
	Kind       string
	Submitted  bool // its survey is submitted: a revenue change rescores it
	Changes    []FieldChange
}

// RosterDiff is what an import adds, changes and leaves. Items lists the
// added and changed firms in file order; unchanged ones are only counted.
type RosterDiff struct {
	Added, Changed, Unchanged int
	// Kept counts firms on the campaign's roster that the file does not
	// list: an import never removes a firm.
	Kept  int
	Items []RosterItem
}

// Rescorer recomputes a submitted survey's stored result after its roster
// facts changed (the revenue decides the size band and the investment
// intensity). survey provides it; models cannot score.
type Rescorer func(e *RosterEntry, answers map[string][]byte) (*ResultRow, error)

// currentFact is a firm on a campaign's roster as stored.
type currentFact struct {
	EntryID int64
	Status  string
	RosterInput
}

// values are the roster facts as compared and recorded.
func (r *RosterInput) values() map[string]string {
	return map[string]string{"name": r.Name, "district": r.District, "industry": r.Industry,
		"revenue_wan": r.RevenueWan.String(), "employees": strconv.Itoa(r.Employees),
		"contact_name": r.ContactName, "contact_phone": r.ContactPhone, "contact_email": r.ContactEmail}
}

// keepWhenEmpty are enterprise facts a file may leave blank without erasing
// them: statistics office lists rarely carry contacts.
var keepWhenEmpty = map[string]bool{"contact_name": true, "contact_phone": true, "contact_email": true}

func (s *Store) currentRoster(tx *gorm.DB, campaignID int64) (map[string]*currentFact, error) {
	rows, err := tx.Raw(`SELECT e.id, en.credit_code, e.name, e.district, e.industry, e.revenue_wan,
		e.employees, e.status, en.contact_name, en.contact_phone, en.contact_email
		FROM roster_entries e JOIN enterprises en ON en.id = e.enterprise_id
		WHERE e.campaign_id = ?`, campaignID).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: roster of campaign #%d: %w", campaignID, err)
	}
	defer rows.Close()
	out := map[string]*currentFact{}
	for rows.Next() {
		f := &currentFact{}
		if err := rows.Scan(&f.EntryID, &f.CreditCode, &f.Name, &f.District, &f.Industry, &f.RevenueWan,
			&f.Employees, &f.Status, &f.ContactName, &f.ContactPhone, &f.ContactEmail); err != nil {
			return nil, fmt.Errorf("models: roster of campaign #%d: %w", campaignID, err)
		}
		out[f.CreditCode] = f
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: roster of campaign #%d: %w", campaignID, err)
	}
	return out, nil
}

// diffRoster compares a file's firms with the campaign's roster.
func diffRoster(current map[string]*currentFact, rows []RosterInput) *RosterDiff {
	d := &RosterDiff{}
	listed := 0
	for i := range rows {
		r := &rows[i]
		cur, ok := current[r.CreditCode]
		if !ok {
			d.Added++
			d.Items = append(d.Items, RosterItem{CreditCode: r.CreditCode, Name: r.Name, Kind: RosterAdded})
			continue
		}
		listed++
		item := RosterItem{CreditCode: r.CreditCode, Name: r.Name, Kind: RosterUnchanged, Submitted: cur.Status == StatusSubmitted}
		old, now := cur.values(), r.values()
		for _, f := range rosterFieldOrder {
			if old[f] != now[f] && !(keepWhenEmpty[f] && now[f] == "") {
				item.Changes = append(item.Changes, FieldChange{Field: f, Old: old[f], New: now[f]})
			}
		}
		if len(item.Changes) == 0 {
			d.Unchanged++
			continue
		}
		item.Kind = RosterChanged
		d.Changed++
		d.Items = append(d.Items, item)
	}
	d.Kept = len(current) - listed
	return d
}

// PreviewRoster says what importing rows into the campaign would add, change
// and leave, without writing anything.
func (s *Store) PreviewRoster(ctx context.Context, campaignID int64, rows []RosterInput) (*RosterDiff, error) {
	current, err := s.currentRoster(s.read(ctx), campaignID)
	if err != nil {
		return nil, err
	}
	return diffRoster(current, rows), nil
}

// Import is one confirmed roster import.
type Import struct {
	Campaign *Campaign
	Rows     []RosterInput
	Actor    string // who imports, for the history and the audit log
	Source   string // the file's name, for the audit log
	// Rescore recomputes submitted surveys whose revenue changed.
	Rescore Rescorer
	// UploadID, when the rows come from a confirmed upload, is consumed in the
	// same transaction, so confirming twice imports once.
	UploadID int64
}

// ImportRoster writes a checked roster in one transaction: firms are added or
// updated by credit code, every changed fact is recorded in the roster's
// history, submitted surveys whose revenue changed are rescored, and the
// import is audited. Survey answers are never touched, and past campaigns
// keep their own snapshot. It returns what it did.
func (s *Store) ImportRoster(ctx context.Context, imp Import) (*RosterDiff, error) {
	var diff *RosterDiff
	now := s.now()
	err := s.write(ctx).Transaction(func(tx *gorm.DB) error {
		current, err := s.currentRoster(tx, imp.Campaign.ID)
		if err != nil {
			return err
		}
		if imp.UploadID != 0 {
			res := tx.Where("id = ? AND campaign_id = ?", imp.UploadID, imp.Campaign.ID).Delete(&RosterUpload{})
			if res.Error != nil {
				return fmt.Errorf("models: consume upload #%d: %w", imp.UploadID, res.Error)
			}
			if res.RowsAffected == 0 {
				return apperr.New(apperr.Conflict, "该名录已导入或已过期，请重新上传")
			}
		}
		diff = diffRoster(current, imp.Rows)
		if err := upsertRoster(tx, imp.Campaign.ID, imp.Rows, now); err != nil {
			return err
		}
		var history []rosterChangeRow
		for _, item := range diff.Items {
			if item.Kind != RosterChanged {
				continue
			}
			cur := current[item.CreditCode]
			history = appendChanges(history, cur.EntryID, now, imp.Actor, "import", item.Changes)
			if item.Submitted && revenueChanged(item.Changes) {
				if err := rescore(tx, cur.EntryID, imp.Rescore); err != nil {
					return err
				}
			}
		}
		if err := recordChanges(tx, history); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s：新增 %d，变更 %d，未变 %d", imp.Source, diff.Added, diff.Changed, diff.Unchanged)
		return audit(tx, now, imp.Actor, "roster_imported", strconv.Itoa(imp.Campaign.Year), detail)
	})
	if err != nil {
		return nil, err
	}
	return diff, nil
}

func revenueChanged(cs []FieldChange) bool {
	for _, c := range cs {
		if c.Field == "revenue_wan" {
			return true
		}
	}
	return false
}

// rosterChangeRow is a line of roster_changes as written.
type rosterChangeRow struct {
	ID      int64
	EntryID int64
	RosterChange
}

func (rosterChangeRow) TableName() string { return "roster_changes" }

func appendChanges(rows []rosterChangeRow, entryID int64, at time.Time, actor, source string, cs []FieldChange) []rosterChangeRow {
	for _, c := range cs {
		rows = append(rows, rosterChangeRow{EntryID: entryID, RosterChange: RosterChange{At: at, Actor: actor,
			Source: source, Field: c.Field, OldValue: c.Old, NewValue: c.New}})
	}
	return rows
}

// recordChanges appends to the roster's history, in multi-row statements.
func recordChanges(tx *gorm.DB, rows []rosterChangeRow) error {
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Omit("id").CreateInBatches(rows, batchRows).Error; err != nil {
		return fmt.Errorf("models: record roster changes: %w", err)
	}
	return nil
}

// rescore recomputes a submitted survey's result from its stored answers and
// the entry's facts as they now are.
func rescore(tx *gorm.DB, entryID int64, fn Rescorer) error {
	if fn == nil {
		return fmt.Errorf("models: entry #%d is submitted and its revenue changed, but no rescorer was given", entryID)
	}
	var e RosterEntry
	if err := tx.Table("roster_entries").Where("id = ?", entryID).Take(&e).Error; err != nil {
		return fmt.Errorf("models: entry #%d: %w", entryID, err)
	}
	var rows []Answer
	if err := tx.Where("entry_id = ?", entryID).Find(&rows).Error; err != nil {
		return fmt.Errorf("models: answers of #%d: %w", entryID, err)
	}
	answers := make(map[string][]byte, len(rows))
	for _, a := range rows {
		answers[a.QuestionID] = []byte(a.Value)
	}
	r, err := fn(&e, answers)
	if err != nil {
		return fmt.Errorf("models: rescore #%d: %w", entryID, err)
	}
	if r.Scores == nil {
		return fmt.Errorf("models: rescored result of #%d has no scores (make it with NewResult)", entryID)
	}
	err = tx.Model(&ResultRow{}).Where("entry_id = ?", entryID).
		Updates(map[string]any{"total": r.Total, "level_code": r.LevelCode, "level": r.Level, "band": r.Band,
			"detail": r.Detail}).Error
	if err != nil {
		return fmt.Errorf("models: store rescored result of #%d: %w", entryID, err)
	}
	return replaceFigures(gormExec(tx), entryID, r.Scores)
}

// RosterChange is one line of a firm's roster history.
type RosterChange struct {
	At       time.Time
	Actor    string
	Source   string
	Field    string
	OldValue string
	NewValue string
}

// RosterHistory lists what imports and corrections changed in an entry's
// roster facts, newest first, within the scope.
func (s *Store) RosterHistory(ctx context.Context, scope Scope, entryID int64) ([]RosterChange, error) {
	if _, _, err := s.Entry(ctx, scope, entryID); err != nil {
		return nil, err
	}
	var out []RosterChange
	err := s.read(ctx).Raw(`SELECT at, actor, source, field, old_value, new_value FROM roster_changes
		WHERE entry_id = ? ORDER BY at DESC, id DESC`, entryID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: roster history of #%d: %w", entryID, err)
	}
	return out, nil
}
