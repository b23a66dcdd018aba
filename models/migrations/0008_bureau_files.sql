-- What the bureau adds each year without a new build, each file exactly as
-- given with its sha256, when and by whom: `policies list`, `reference list`
-- and `questionnaire list` show which file a figure came from.
--
-- policy_files: the support policies of a year as the bureau added them (`healthcheck
-- policies add`), the file exactly as given: a year's terms change without a
-- new build, and `policies list` shows which file, added when and by whom, a
-- firm's estimate was worked out from. The built-in 2020 file is not stored;
-- a stored file of the same year replaces it.
CREATE TABLE IF NOT EXISTS policy_files (
    year INTEGER PRIMARY KEY,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    added_at TIMESTAMP NOT NULL,
    added_by TEXT NOT NULL
);

-- reference_files: the figures the city and the province published about a
-- year (两化融合发展水平总指数, 企业上云数…), which the annual report quotes in
-- its 参考 box. The built-in 2020 file is not stored.
CREATE TABLE IF NOT EXISTS reference_files (
    year INTEGER PRIMARY KEY,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    added_at TIMESTAMP NOT NULL,
    added_by TEXT NOT NULL
);

-- questionnaire_files: editions the bureau added (`healthcheck questionnaire
-- add`). The built-in edition is not stored. An edition is replaced only while
-- no firm has saved an answer against it; after that a changed file is a new
-- edition with a new id, so no stored score ever changes its method.
CREATE TABLE IF NOT EXISTS questionnaire_files (
    id TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    added_at TIMESTAMP NOT NULL,
    added_by TEXT NOT NULL
);
