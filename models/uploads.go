package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
)

// RosterUpload is a checked roster file waiting for the bureau's confirmation.
type RosterUpload struct {
	ID         int64
	CampaignID int64
	CreatedBy  string
	CreatedAt  time.Time
	Filename   string
	Content    []byte
}

// uploadLife is how long an unconfirmed upload is kept.
const uploadLife = 24 * time.Hour

// SaveUpload keeps a roster file until it is confirmed, and drops uploads
// older than a day that nobody confirmed.
func (s *Store) SaveUpload(ctx context.Context, u *RosterUpload) error {
	u.CreatedAt = s.now()
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("created_at < ?", u.CreatedAt.Add(-uploadLife)).Delete(&RosterUpload{}).Error; err != nil {
			return fmt.Errorf("models: drop old uploads: %w", err)
		}
		if err := tx.Omit("id").Create(u).Error; err != nil {
			return fmt.Errorf("models: save upload: %w", err)
		}
		return nil
	})
}

// Upload returns an unconfirmed upload of the campaign.
func (s *Store) Upload(ctx context.Context, campaignID, id int64) (*RosterUpload, error) {
	var u RosterUpload
	err := s.read(ctx).Where("id = ? AND campaign_id = ? AND created_at >= ?", id, campaignID, s.now().Add(-uploadLife)).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.NotFound, "上传的名录已过期或已导入，请重新上传")
	}
	if err != nil {
		return nil, fmt.Errorf("models: upload #%d: %w", id, err)
	}
	return &u, nil
}
