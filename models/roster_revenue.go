package models

import (
	"context"
	"fmt"

	"healthcheck/decimal"
)

// RosterRevenues are the revenues (万元) of a campaign's roster by credit
// code, within scope: last year's, against which an import's revenues are
// checked.
func (s *Store) RosterRevenues(ctx context.Context, scope Scope, campaignID int64) (map[string]decimal.Fixed2, error) {
	cond, args := scope.where("e")
	rows, err := s.read(ctx).Raw(`SELECT en.credit_code, e.revenue_wan
		FROM roster_entries e JOIN enterprises en ON en.id = e.enterprise_id
		WHERE e.campaign_id = ? AND `+cond, append([]any{campaignID}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: revenues of campaign #%d: %w", campaignID, err)
	}
	defer rows.Close()
	out := map[string]decimal.Fixed2{}
	for rows.Next() {
		var code string
		var v decimal.Fixed2
		if err := rows.Scan(&code, &v); err != nil {
			return nil, fmt.Errorf("models: revenues of campaign #%d: %w", campaignID, err)
		}
		out[code] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: revenues of campaign #%d: %w", campaignID, err)
	}
	return out, nil
}
