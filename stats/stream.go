package stats

import (
	"context"

	"healthcheck/analysis"
	"healthcheck/models"
)

// Stream passes a campaign's firms in scope that match f to fn, decoded as
// statistics read them (FirmOf), in no particular order. Snapshots and the
// annual report both read firms through it, so their figures agree.
func Stream(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter,
	fn func(*analysis.Firm) error) error {
	return store.EachFirmUnordered(ctx, scope, campaignID, f, func(row *models.FirmRow) error {
		firm, err := FirmOf(row)
		if err != nil {
			return err
		}
		return fn(firm)
	})
}
