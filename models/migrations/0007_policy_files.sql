-- The support policies of a year as the bureau added them (`healthcheck
-- policies add`), the file exactly as given: a year's terms change without a
-- new build, and `policies list` shows which file, added when and by whom, a
-- firm's estimate was worked out from. The built-in 2020 file is not stored;
-- a stored file of the same year replaces it.
CREATE TABLE policy_files (
    year INTEGER PRIMARY KEY,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    added_at TIMESTAMP NOT NULL,
    added_by TEXT NOT NULL
);
