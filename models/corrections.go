package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"healthcheck/apperr"
	"healthcheck/decimal"
	"healthcheck/plaintext"
)

// Correctable roster fields and their Chinese names.
var CorrectionFields = map[string]string{
	"name":        "企业名称",
	"district":    "所属区县",
	"industry":    "行业",
	"revenue_wan": "营业收入（万元）",
	"employees":   "从业人员",
}

// CorrectionRequest is a firm asking for its roster facts to be corrected.
type CorrectionRequest struct {
	EntryID   int64
	Field     string
	Requested string
	Note      string
}

// RequestCorrection records a correction request for the bureau to decide.
func (s *Store) RequestCorrection(ctx context.Context, scope Scope, req CorrectionRequest) (*Correction, error) {
	fields := map[string]string{}
	if _, ok := CorrectionFields[req.Field]; !ok {
		fields["field"] = "请选择要更正的项目"
	}
	req.Requested = strings.TrimSpace(req.Requested)
	switch {
	case req.Requested == "" || utf8.RuneCountInString(req.Requested) > 200:
		fields["requested"] = "请填写正确的内容（200 字以内）"
	case plaintext.HasControl(req.Requested, false):
		fields["requested"] = controlMessage
	}
	switch {
	case utf8.RuneCountInString(req.Note) > 500:
		fields["note"] = "说明不能超过 500 字"
	case plaintext.HasControl(req.Note, true):
		fields["note"] = controlMessage
	}
	if len(fields) > 0 {
		return nil, apperr.WithFields("更正申请不完整", fields)
	}
	e, _, err := s.Entry(ctx, scope, req.EntryID)
	if err != nil {
		return nil, err
	}
	current := map[string]string{"name": e.Name, "district": e.District, "industry": e.Industry,
		"revenue_wan": e.RevenueWan.String(), "employees": strconv.Itoa(e.Employees)}[req.Field]
	c := &Correction{EntryID: e.ID, Field: req.Field, CurrentValue: current, RequestedValue: req.Requested,
		Note: strings.TrimSpace(req.Note), Status: CorrectionPending, CreatedAt: s.now()}
	// Counting and filing in one transaction on the single writer: parallel
	// requests cannot all pass the limits.
	err = s.write(ctx).Transaction(func(tx *gorm.DB) error {
		if err := withinCorrectionLimits(tx, e.ID, c.CreatedAt); err != nil {
			return err
		}
		return tx.Create(c).Error
	})
	if _, ok := apperr.As(err); ok {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("models: request correction for #%d: %w", e.ID, err)
	}
	return c, nil
}

// Limits on a firm's correction requests: enough for every field and a
// second thought, not a flood for the bureau to read.
const (
	MaxPendingCorrections = 5
	MaxCorrectionsPerHour = 20
)

// withinCorrectionLimits refuses a request past the firm's limits.
func withinCorrectionLimits(tx *gorm.DB, entryID int64, now time.Time) error {
	var pending, lastHour int64
	if err := tx.Model(&Correction{}).Where("entry_id = ? AND status = ?", entryID, CorrectionPending).
		Count(&pending).Error; err != nil {
		return err
	}
	if pending >= MaxPendingCorrections {
		return apperr.New(apperr.TooManyRequests, "已有 %d 条更正申请待处理，请等市经信局处理后再提交", pending)
	}
	if err := tx.Model(&Correction{}).Where("entry_id = ? AND created_at > ?", entryID, now.Add(-time.Hour)).
		Count(&lastHour).Error; err != nil {
		return err
	}
	if lastHour >= MaxCorrectionsPerHour {
		return apperr.New(apperr.TooManyRequests, "一小时内最多提交 %d 条更正申请，请稍后再试", MaxCorrectionsPerHour)
	}
	return nil
}

// controlMessage refuses text with control characters.
const controlMessage = "含有不可见的控制字符，请删除后重新填写"

// CorrectionsOf lists an entry's correction requests, newest first.
func (s *Store) CorrectionsOf(ctx context.Context, scope Scope, entryID int64) ([]Correction, error) {
	if _, _, err := s.Entry(ctx, scope, entryID); err != nil {
		return nil, err
	}
	var out []Correction
	if err := s.read(ctx).Where("entry_id = ?", entryID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: corrections of #%d: %w", entryID, err)
	}
	return out, nil
}

// Correction statuses.
const (
	CorrectionPending  = "pending"
	CorrectionAccepted = "accepted"
	CorrectionRefused  = "refused"
)

// CorrectionRow is a request with the firm and campaign it is about.
type CorrectionRow struct {
	Correction
	CreditCode string
	FirmName   string
	District   string
	Year       int
	CampaignID int64
}

// Corrections lists requests with a status ("" for all), oldest pending
// first, and how many match.
func (s *Store) Corrections(ctx context.Context, status string, limit, offset int) ([]CorrectionRow, int64, error) {
	q := s.read(ctx).Table("corrections AS c").
		Joins("JOIN roster_entries e ON e.id = c.entry_id").
		Joins("JOIN enterprises en ON en.id = e.enterprise_id").
		Joins("JOIN campaigns ca ON ca.id = e.campaign_id")
	if status != "" {
		q = q.Where("c.status = ?", status)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count corrections: %w", err)
	}
	order := "c.created_at DESC, c.id DESC"
	if status == CorrectionPending {
		order = "c.created_at, c.id"
	}
	var out []CorrectionRow
	err := q.Select("c.*, en.credit_code, e.name AS firm_name, e.district, ca.year, ca.id AS campaign_id").
		Order(order).Limit(limit).Offset(offset).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("models: list corrections: %w", err)
	}
	return out, n, nil
}

// CorrectionByID returns one request with its firm.
func (s *Store) CorrectionByID(ctx context.Context, id int64) (*CorrectionRow, error) {
	var out []CorrectionRow
	err := s.read(ctx).Table("corrections AS c").
		Joins("JOIN roster_entries e ON e.id = c.entry_id").
		Joins("JOIN enterprises en ON en.id = e.enterprise_id").
		Joins("JOIN campaigns ca ON ca.id = e.campaign_id").
		Where("c.id = ?", id).
		Select("c.*, en.credit_code, e.name AS firm_name, e.district, ca.year, ca.id AS campaign_id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: correction #%d: %w", id, err)
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "更正申请不存在")
	}
	return &out[0], nil
}

// Decision is the bureau's answer to a correction request. When accepting,
// Value is the checked, canonical new value (a district or industry code,
// revenue with two decimals, a whole number of employees) and, for revenue,
// Band its size band.
type Decision struct {
	ID      int64
	Accept  bool
	Value   string
	Band    string
	Note    string
	Actor   string
	Rescore Rescorer
}

// DecideCorrection accepts or refuses a pending request in one transaction.
// Accepting changes the firm's roster entry (and its enterprise's current
// facts for name, district and industry), records the change in the roster's
// history and, when a submitted firm's revenue changes, rescores it. Both
// outcomes are kept with the request and in the audit log.
func (s *Store) DecideCorrection(ctx context.Context, d Decision) error {
	now := s.now()
	status := CorrectionRefused
	if d.Accept {
		status = CorrectionAccepted
	}
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		var c Correction
		err := tx.Where("id = ?", d.ID).Take(&c).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.New(apperr.NotFound, "更正申请不存在")
		}
		if err != nil {
			return fmt.Errorf("models: correction #%d: %w", d.ID, err)
		}
		res := tx.Model(&Correction{}).Where("id = ? AND status = ?", d.ID, CorrectionPending).
			Updates(map[string]any{"status": status, "decided_by": d.Actor, "decided_at": now, "decision_note": d.Note})
		if res.Error != nil {
			return fmt.Errorf("models: decide correction #%d: %w", d.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.Conflict, "该更正申请已处理")
		}
		var e RosterEntry
		if err := tx.Table("roster_entries").Where("id = ?", c.EntryID).Take(&e).Error; err != nil {
			return fmt.Errorf("models: entry #%d: %w", c.EntryID, err)
		}
		var code string
		if err := tx.Table("enterprises").Where("id = ?", e.EnterpriseID).Select("credit_code").Scan(&code).Error; err != nil {
			return fmt.Errorf("models: enterprise #%d: %w", e.EnterpriseID, err)
		}
		label := CorrectionFields[c.Field]
		if !d.Accept {
			return audit(tx, now, d.Actor, "correction_refused", code, label+"："+d.Note)
		}
		old := map[string]string{"name": e.Name, "district": e.District, "industry": e.Industry,
			"revenue_wan": e.RevenueWan.String(), "employees": strconv.Itoa(e.Employees)}[c.Field]
		if err := applyCorrection(tx, &e, c.Field, d); err != nil {
			return err
		}
		change := FieldChange{Field: c.Field, Old: old, New: d.Value}
		if err := recordChanges(tx, appendChanges(nil, e.ID, now, d.Actor, "correction", []FieldChange{change})); err != nil {
			return err
		}
		if c.Field == "revenue_wan" && e.Status == StatusSubmitted && old != d.Value {
			if err := rescore(tx, e.ID, d.Rescore); err != nil {
				return err
			}
		}
		return audit(tx, now, d.Actor, "correction_accepted", code, label+" "+old+" → "+d.Value)
	})
}

// applyCorrection writes an accepted value to the entry and, for the facts an
// enterprise carries, to the enterprise.
func applyCorrection(tx *gorm.DB, e *RosterEntry, field string, d Decision) error {
	entry := map[string]any{}
	switch field {
	case "name", "district", "industry":
		entry[field] = d.Value
		if err := tx.Table("enterprises").Where("id = ?", e.EnterpriseID).Update(field, d.Value).Error; err != nil {
			return fmt.Errorf("models: correct enterprise #%d: %w", e.EnterpriseID, err)
		}
	case "revenue_wan":
		v, err := decimal.ParseFixed2(d.Value)
		if err != nil || d.Band == "" {
			return fmt.Errorf("models: correction of revenue needs an amount and its band, got %q %q", d.Value, d.Band)
		}
		entry["revenue_wan"], entry["band"] = v, d.Band
	case "employees":
		n, err := strconv.Atoi(d.Value)
		if err != nil {
			return fmt.Errorf("models: correction of employees needs a whole number, got %q", d.Value)
		}
		entry["employees"] = n
	default:
		return fmt.Errorf("models: cannot correct field %q", field)
	}
	if err := tx.Table("roster_entries").Where("id = ?", e.ID).Updates(entry).Error; err != nil {
		return fmt.Errorf("models: correct entry #%d: %w", e.ID, err)
	}
	if field == "industry" || field == "district" {
		if err := tx.Table("results").Where("entry_id = ?", e.ID).Update(field, d.Value).Error; err != nil {
			return fmt.Errorf("models: correct %s of #%d's result: %w", field, e.ID, err)
		}
	}
	return nil
}
