-- Every submit and every 体检报告 ranks the firm within its size band and its
-- industry. The band is in results already; the industry is copied there too
-- (kept in step when an import or an accepted correction changes an entry's
-- industry), so both ranks are counts over an index alone, with no join.
ALTER TABLE results ADD COLUMN industry TEXT NOT NULL DEFAULT '';
UPDATE results SET industry = (SELECT e.industry FROM roster_entries AS e WHERE e.id = results.entry_id);
CREATE INDEX results_campaign_industry ON results (campaign_id, industry, total);
