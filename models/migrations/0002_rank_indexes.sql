-- Percentiles are computed when a report is read: within the band from the
-- results index alone, within the industry through this index.
CREATE INDEX roster_entries_industry ON roster_entries (campaign_id, industry, status);
