package survey

import (
	"context"

	"healthcheck/models"
)

// History is an enterprise's result in every campaign it submitted, oldest
// first, within the scope: officials read it beside the current survey.
func (s *Service) History(ctx context.Context, scope models.Scope, enterpriseID int64) ([]HistoryItem, error) {
	return s.history(ctx, scope, enterpriseID)
}
