package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"healthcheck/apperr"
)

// CreateCampaign stores a new campaign; its year must be new.
func (s *Store) CreateCampaign(ctx context.Context, c *Campaign) error {
	c.CreatedAt = s.now()
	c.OpensAt, c.ClosesAt = c.OpensAt.UTC(), c.ClosesAt.UTC()
	var n int64
	if err := s.read(ctx).Model(&Campaign{}).Where("year = ?", c.Year).Count(&n).Error; err != nil {
		return fmt.Errorf("models: check campaign %d: %w", c.Year, err)
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "%d 年度体检已存在", c.Year)
	}
	if err := s.write(ctx).Create(c).Error; err != nil {
		return fmt.Errorf("models: create campaign %d: %w", c.Year, err)
	}
	return nil
}

// CampaignByYear finds a campaign by its year.
func (s *Store) CampaignByYear(ctx context.Context, year int) (*Campaign, error) {
	var c Campaign
	err := s.read(ctx).Where("year = ?", year).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.NotFound, "没有 %d 年度体检", year)
	}
	if err != nil {
		return nil, fmt.Errorf("models: campaign %d: %w", year, err)
	}
	return &c, nil
}

// CampaignByID finds a campaign by id.
func (s *Store) CampaignByID(ctx context.Context, id int64) (*Campaign, error) {
	var c Campaign
	err := s.read(ctx).Take(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.NotFound, "年度体检不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("models: campaign #%d: %w", id, err)
	}
	return &c, nil
}

// Campaigns lists every campaign, newest first.
func (s *Store) Campaigns(ctx context.Context) ([]Campaign, error) {
	var cs []Campaign
	if err := s.read(ctx).Order("year DESC").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("models: list campaigns: %w", err)
	}
	return cs, nil
}

// LatestCampaign is the campaign with the highest year.
func (s *Store) LatestCampaign(ctx context.Context) (*Campaign, error) {
	var c Campaign
	err := s.read(ctx).Order("year DESC").Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, apperr.New(apperr.NotFound, "尚未创建年度体检")
	}
	if err != nil {
		return nil, fmt.Errorf("models: latest campaign: %w", err)
	}
	return &c, nil
}

// UpdateCampaignWindow changes a campaign's open and close dates.
func (s *Store) UpdateCampaignWindow(ctx context.Context, id int64, c Campaign) error {
	err := s.write(ctx).Model(&Campaign{}).Where("id = ?", id).
		Updates(map[string]any{"opens_at": c.OpensAt.UTC(), "closes_at": c.ClosesAt.UTC()}).Error
	if err != nil {
		return fmt.Errorf("models: update campaign #%d: %w", id, err)
	}
	return nil
}
