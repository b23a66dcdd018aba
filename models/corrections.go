package models

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"healthcheck/apperr"
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
	if req.Requested == "" || utf8.RuneCountInString(req.Requested) > 200 {
		fields["requested"] = "请填写正确的内容（200 字以内）"
	}
	if utf8.RuneCountInString(req.Note) > 500 {
		fields["note"] = "说明不能超过 500 字"
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
		Note: strings.TrimSpace(req.Note), Status: "pending", CreatedAt: s.now()}
	if err := s.write(ctx).Create(c).Error; err != nil {
		return nil, fmt.Errorf("models: request correction for #%d: %w", e.ID, err)
	}
	return c, nil
}

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
