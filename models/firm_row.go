package models

import (
	"context"
	"fmt"

	"healthcheck/apperr"
)

// FirmRowOf returns one entry as lists show it (with its enterprise's contact
// and its stored result), within the scope.
func (s *Store) FirmRowOf(ctx context.Context, scope Scope, campaignID, entryID int64) (*FirmRow, error) {
	from, args := s.firmQuery(scope, campaignID, FirmFilter{})
	rows, err := s.firmRows(ctx, "SELECT "+firmColumns+" "+from+" AND e.id = ?", append(args, entryID)...)
	if err != nil {
		return nil, fmt.Errorf("models: firm #%d: %w", entryID, err)
	}
	if len(rows) == 0 {
		return nil, apperr.New(apperr.NotFound, "未找到该企业")
	}
	return &rows[0], nil
}
