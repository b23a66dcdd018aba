package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"healthcheck/apperr"
	"healthcheck/clock"
)

// BureauFile is a data file the bureau added without a new build: a year's
// support policies or published reference figures, or a questionnaire
// edition, exactly as given.
type BureauFile struct {
	Content string    // the YAML file as given
	SHA256  string    `gorm:"column:sha256"` // of Content, hex
	AddedAt time.Time // UTC
	AddedBy string
}

// NewBureauFile is a file as given, with its digest, added by actor.
func NewBureauFile(content []byte, actor string) BureauFile {
	sum := sha256.Sum256(content)
	return BureauFile{Content: string(content), SHA256: hex.EncodeToString(sum[:]), AddedBy: actor}
}

// PolicyFile is one year's support policies.
type PolicyFile struct {
	Year int `gorm:"primaryKey;autoIncrement:false"`
	BureauFile
}

// ReferenceFile is one year's published reference figures.
type ReferenceFile struct {
	Year int `gorm:"primaryKey;autoIncrement:false"`
	BureauFile
}

// QuestionnaireFile is one questionnaire edition.
type QuestionnaireFile struct {
	ID string `gorm:"primaryKey"`
	BureauFile
}

// PolicyFiles are the stored policy files, oldest year first.
func (s *Store) PolicyFiles(ctx context.Context) ([]PolicyFile, error) {
	return storedFiles[PolicyFile](ctx, s, "year")
}

// ReferenceFiles are the stored reference figure files, oldest year first.
func (s *Store) ReferenceFiles(ctx context.Context) ([]ReferenceFile, error) {
	return storedFiles[ReferenceFile](ctx, s, "year")
}

// QuestionnaireFiles are the stored editions, by id.
func (s *Store) QuestionnaireFiles(ctx context.Context) ([]QuestionnaireFile, error) {
	return storedFiles[QuestionnaireFile](ctx, s, "id")
}

func storedFiles[T any](ctx context.Context, s *Store, order string) ([]T, error) {
	var out []T
	if err := s.read(ctx).Order(order).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: stored files %T: %w", out, err)
	}
	return out, nil
}

// PutPolicyFile stores a year's policy file with its audit line, in one
// transaction. A year already stored is replaced only when replace is set;
// otherwise the call fails with a conflict naming the stored file, so a
// year's terms never change by accident.
func (s *Store) PutPolicyFile(ctx context.Context, f PolicyFile, replace bool) error {
	key := strconv.Itoa(f.Year)
	return s.putFile(ctx, &f, &f.BureauFile, "year", f.Year, "policies", key, func(tx *gorm.DB, old *BureauFile) error {
		if !replace {
			return apperr.New(apperr.Conflict, "%d 年度的扶持政策已于 %s 录入（%s，sha256 %.12s）；确需替换请加 --replace",
				f.Year, clock.Date(old.AddedAt), old.AddedBy, old.SHA256)
		}
		return nil
	})
}

// PutReferenceFile stores a year's reference figures with its audit line,
// replacing a stored year only when replace is set.
func (s *Store) PutReferenceFile(ctx context.Context, f ReferenceFile, replace bool) error {
	return s.putFile(ctx, &f, &f.BureauFile, "year", f.Year, "reference", strconv.Itoa(f.Year), func(tx *gorm.DB, old *BureauFile) error {
		if !replace {
			return apperr.New(apperr.Conflict, "%d 年度的参考数据已于 %s 录入（%s，sha256 %.12s）；确需替换请加 --replace",
				f.Year, clock.Date(old.AddedAt), old.AddedBy, old.SHA256)
		}
		return nil
	})
}

// PutQuestionnaireFile stores an edition with its audit line, in one
// transaction. An edition already stored is replaced only when replace is
// set and no firm has saved an answer in a campaign that uses it: after
// that, a changed file must be added as a new edition.
func (s *Store) PutQuestionnaireFile(ctx context.Context, f QuestionnaireFile, replace bool) error {
	return s.putFile(ctx, &f, &f.BureauFile, "id", f.ID, "questionnaire", f.ID, func(tx *gorm.DB, old *BureauFile) error {
		if !replace {
			return apperr.New(apperr.Conflict, "问卷版本 %s 已于 %s 录入（%s，sha256 %.12s）；修改后的问卷请换一个新的 id 作为新版本录入",
				f.ID, clock.Date(old.AddedAt), old.AddedBy, old.SHA256)
		}
		var saved int64
		err := tx.Raw(`SELECT COUNT(*) FROM answers AS a JOIN roster_entries AS e ON e.id = a.entry_id
			JOIN campaigns AS c ON c.id = e.campaign_id WHERE c.questionnaire_id = ?`, f.ID).Scan(&saved).Error
		if err != nil {
			return fmt.Errorf("models: answers under %s: %w", f.ID, err)
		}
		if saved > 0 {
			return apperr.New(apperr.Conflict, "问卷版本 %s 已有企业填报（%d 个答案），不能替换；修改后的问卷请换一个新的 id 作为新版本录入", f.ID, saved)
		}
		return nil
	})
}

// putFile inserts row, or updates it when mayReplace allows, and writes the
// audit line (action kind_added or kind_replaced) in the same transaction.
func (s *Store) putFile(ctx context.Context, row any, f *BureauFile, keyColumn string, key any, kind, target string,
	mayReplace func(tx *gorm.DB, old *BureauFile) error) error {
	f.AddedAt = s.now()
	return s.write(ctx).Transaction(func(tx *gorm.DB) error {
		var old BureauFile
		err := tx.Model(row).Select("content", "sha256", "added_at", "added_by").Where(keyColumn+" = ?", key).Take(&old).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if err := tx.Create(row).Error; err != nil {
				return fmt.Errorf("models: add %s %s: %w", kind, target, err)
			}
			return audit(tx, f.AddedAt, f.AddedBy, kind+"_added", target, "sha256 "+f.SHA256)
		case err != nil:
			return fmt.Errorf("models: %s %s: %w", kind, target, err)
		}
		if err := mayReplace(tx, &old); err != nil {
			return err
		}
		if err := tx.Model(row).Where(keyColumn+" = ?", key).Updates(map[string]any{"content": f.Content,
			"sha256": f.SHA256, "added_at": f.AddedAt, "added_by": f.AddedBy}).Error; err != nil {
			return fmt.Errorf("models: replace %s %s: %w", kind, target, err)
		}
		return audit(tx, f.AddedAt, f.AddedBy, kind+"_replaced", target, "sha256 "+old.SHA256+" → "+f.SHA256)
	})
}

// BureauFilesStamp is a digest of every stored data file's kind, key and
// digest: it changes whenever a file is added or replaced, which is how a
// running server notices files stored by a command or another instance.
func (s *Store) BureauFilesStamp(ctx context.Context) (string, error) {
	var rows []struct {
		Kind   string `gorm:"column:kind"`
		Name   string `gorm:"column:name"`
		SHA256 string `gorm:"column:sha256"`
	}
	err := s.read(ctx).Raw(`SELECT 'q' AS kind, id AS name, sha256 FROM questionnaire_files
		UNION ALL SELECT 'p', CAST(year AS TEXT), sha256 FROM policy_files
		UNION ALL SELECT 'r', CAST(year AS TEXT), sha256 FROM reference_files
		ORDER BY 1, 2`).Scan(&rows).Error
	if err != nil {
		return "", fmt.Errorf("models: stored files' digests: %w", err)
	}
	h := sha256.New()
	for _, r := range rows {
		fmt.Fprintf(h, "%s %s %s\n", r.Kind, r.Name, r.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
