package stats

import (
	"context"

	"healthcheck/analysis"
	"healthcheck/models"
)

// Stream passes a campaign's firms in scope that match f to fn, as
// statistics read them (FirmOf), in no particular order, on the calling
// goroutine. It reads typed rows (nothing to decode). Snapshots and the
// annual report both read firms through it, so their figures agree.
func Stream(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter,
	fn func(*analysis.Firm) error) error {
	return store.EachScored(ctx, scope, campaignID, f, func(r *models.FirmRow) error {
		return fn(FirmOf(r))
	})
}
