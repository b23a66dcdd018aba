package models

import "fmt"

// RewindFigures takes a database back to schema 6, as the code before
// migration 0007 left it: results without their level and district, no
// result_figures, the chase list's indexes as they were. Reopening it runs
// the migration again.
func RewindFigures(s *Store) error {
	for _, q := range []string{`DROP TABLE result_figures`, `ALTER TABLE results DROP COLUMN level`,
		`ALTER TABLE results DROP COLUMN district`, `ALTER TABLE results DROP COLUMN figures`, `DROP INDEX roster_entries_chase`, `DROP INDEX roster_entries_scope`,
		`CREATE INDEX roster_entries_scope ON roster_entries (campaign_id, district, status)`,
		`DELETE FROM schema_migrations WHERE version >= 7`} {
		if err := s.w.Exec(q).Error; err != nil {
			return fmt.Errorf("rewind to schema 6: %s: %w", q, err)
		}
	}
	return nil
}
