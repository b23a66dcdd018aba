package stats

import (
	"context"

	"healthcheck/analysis"
	"healthcheck/models"
)

// Stream passes a campaign's firms in scope that match f to fn, as
// statistics read them (FirmOf), in no particular order. Snapshots and the
// annual report both read firms through it, so their figures agree.
func Stream(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter,
	fn func(*analysis.Firm) error) error {
	return stream(ctx, store, scope, campaignID, f, models.Unordered, fn)
}

// StreamByPlace is Stream in the order of a work list: district, industry,
// credit code.
func StreamByPlace(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter,
	fn func(*analysis.Firm) error) error {
	return stream(ctx, store, scope, campaignID, f, models.ByPlace, fn)
}

// stream reads typed rows (nothing to decode) and hands each firm to fn on
// the calling goroutine, in the database's order.
func stream(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter, order string,
	fn func(*analysis.Firm) error) error {
	return store.EachScored(ctx, scope, campaignID, f, order, func(r *models.FirmRow) error {
		return fn(FirmOf(r))
	})
}
