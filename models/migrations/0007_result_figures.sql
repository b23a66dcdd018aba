-- Typed scored rows. Statistics read a firm's figures, not its stored result
-- JSON: results carry the level label and the district beside the total,
-- level code, band and industry they already had, and result_figures holds
-- the rest, one row per figure:
--
--   kind        key                     value            num, den
--   dimension   维度 key                 percent ×100     —
--   indicator   指标 key                 percent ×100/NULL numerator, denominator ×100 (ratio kind)
--   scene       scene question id       level 0–4        —
--   need        服务需求 option value    its position     —
--   flag        flag code               its position     —
--
-- A narrow table rather than columns: editions differ in their dimension,
-- indicator and scene keys, and a new edition is a data file, never a schema
-- change. Figures are integers in hundredths, exactly the two-decimal values
-- scored (no floating point anywhere). Positions keep the order of the
-- stored needs and flags. The flag filter of the lists is a lookup of
-- (entry, 'flag', code) in the primary key rather than a LIKE on JSON text.
--
-- Each result also carries the same rows packed in one column
-- (results.figures: kind, key, value, num, den, separated by control
-- characters), which statistics stream: reading 37 rows a firm through the
-- SQLite driver (about 1.3 µs a row, whatever SQLite does) cost 4 to 10 s at
-- 100,000 firms, against well under one for one row a firm. The table serves
-- what SQL does well: the flag filter, lists' flags, aggregates.
--
-- The rows of an entry are written with its result, in the same transaction,
-- and go with it (ON DELETE CASCADE, served by the primary key's entry prefix).
-- The stored results are filled in by Go after these statements (see
-- migrate.go, fillFigures): the same code that writes them at submission, so
-- an upgraded database and a new one cannot differ, on SQLite and PostgreSQL.
ALTER TABLE results ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN district TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN figures TEXT NOT NULL DEFAULT '';
UPDATE results SET district = (SELECT e.district FROM roster_entries AS e WHERE e.id = results.entry_id);
CREATE TABLE result_figures (
    entry_id BIGINT NOT NULL REFERENCES results(entry_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value BIGINT NULL,
    num BIGINT NULL,
    den BIGINT NULL,
    PRIMARY KEY (entry_id, kind, key)
){{without_rowid}};

-- The list of firms to chase (催报) reads each status's firms from the least
-- progress and the longest silence: one index range per status, for the city
-- and for a district, so a page of the dashboard reads its own rows rather
-- than sorting every firm not yet submitted. The district index replaces the
-- scope index, of which it is an extension.
DROP INDEX roster_entries_scope;
CREATE INDEX roster_entries_scope ON roster_entries (campaign_id, district, status, progress, last_activity_at);
CREATE INDEX roster_entries_chase ON roster_entries (campaign_id, status, progress, last_activity_at);
