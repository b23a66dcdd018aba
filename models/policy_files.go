package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
	"healthcheck/clock"
)

// PolicyFile is one year's support policies as the bureau added them.
type PolicyFile struct {
	Year    int       `gorm:"primaryKey;autoIncrement:false"`
	Content string    // the YAML file as given
	SHA256  string    `gorm:"column:sha256"` // of Content, hex
	AddedAt time.Time // UTC
	AddedBy string
}

// PolicyFiles are the stored policy files, oldest year first.
func (s *Store) PolicyFiles(ctx context.Context) ([]PolicyFile, error) {
	var out []PolicyFile
	if err := s.read(ctx).Order("year").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: policy files: %w", err)
	}
	return out, nil
}

// PutPolicyFile stores a year's policy file with its audit line, in one
// transaction. A year already stored is replaced only when replace is set;
// otherwise the call fails with a conflict naming the stored file, so a
// year's terms never change by accident.
func (s *Store) PutPolicyFile(ctx context.Context, f PolicyFile, replace bool) error {
	f.AddedAt = s.now()
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		var old PolicyFile
		err := tx.Where("year = ?", f.Year).Take(&old).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if err := tx.Create(&f).Error; err != nil {
				return fmt.Errorf("models: add the policies of %d: %w", f.Year, err)
			}
			return audit(tx, f.AddedAt, f.AddedBy, "policies_added", strconv.Itoa(f.Year), "sha256 "+f.SHA256)
		case err != nil:
			return fmt.Errorf("models: policies of %d: %w", f.Year, err)
		case !replace:
			return apperr.New(apperr.Conflict, "%d 年度的扶持政策已于 %s 录入（%s，sha256 %.12s）；确需替换请加 --replace",
				f.Year, clock.Date(old.AddedAt), old.AddedBy, old.SHA256)
		}
		if err := tx.Model(&PolicyFile{}).Where("year = ?", f.Year).
			Updates(map[string]any{"content": f.Content, "sha256": f.SHA256, "added_at": f.AddedAt, "added_by": f.AddedBy}).Error; err != nil {
			return fmt.Errorf("models: replace the policies of %d: %w", f.Year, err)
		}
		return audit(tx, f.AddedAt, f.AddedBy, "policies_replaced", strconv.Itoa(f.Year),
			"sha256 "+old.SHA256+" → "+f.SHA256)
	})
}
