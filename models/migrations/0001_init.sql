-- The first schema. Money and two-decimal figures are integers in hundredths
-- (revenue_wan 123456 = 1234.56 万元); timestamps are UTC.

CREATE TABLE campaigns (
    id {{id}},
    year INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    questionnaire_id TEXT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    min_revenue_wan BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE enterprises (
    id {{id}},
    credit_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    district TEXT NOT NULL,
    industry TEXT NOT NULL,
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- A firm on a campaign's roster, with the roster's facts as they were for that
-- campaign (a snapshot: re-imports never move past years), and its survey.
CREATE TABLE roster_entries (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    name TEXT NOT NULL,
    district TEXT NOT NULL,
    industry TEXT NOT NULL,
    revenue_wan BIGINT NOT NULL,
    employees INTEGER NOT NULL,
    band TEXT NOT NULL,
    invite_hash TEXT NOT NULL DEFAULT '',
    invite_issued_at TIMESTAMP NULL,
    status TEXT NOT NULL DEFAULT 'not_started',
    version INTEGER NOT NULL DEFAULT 0,
    progress INTEGER NOT NULL DEFAULT 0,
    saved_at TIMESTAMP NULL,
    submitted_at TIMESTAMP NULL,
    last_activity_at TIMESTAMP NULL,
    review_status TEXT NOT NULL DEFAULT '',
    review_reason TEXT NOT NULL DEFAULT '',
    filled_by TEXT NOT NULL DEFAULT '',
    UNIQUE (campaign_id, enterprise_id)
);
CREATE INDEX roster_entries_scope ON roster_entries (campaign_id, district, status);
CREATE INDEX roster_entries_enterprise ON roster_entries (enterprise_id);

CREATE TABLE answers (
    entry_id BIGINT NOT NULL REFERENCES roster_entries(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (entry_id, question_id)
);

-- Scores stored at submission; present exactly while the survey is submitted.
CREATE TABLE results (
    entry_id BIGINT PRIMARY KEY REFERENCES roster_entries(id) ON DELETE CASCADE,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    total BIGINT NOT NULL,
    level_code INTEGER NOT NULL,
    band TEXT NOT NULL,
    detail TEXT NOT NULL,
    scored_at TIMESTAMP NOT NULL
);
CREATE INDEX results_campaign_band ON results (campaign_id, band, total);

CREATE TABLE users (
    id {{id}},
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    district TEXT NOT NULL DEFAULT '',
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data {{bytes}} NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE login_failures (
    id {{id}},
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

CREATE TABLE audit_log (
    id {{id}},
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Roster corrections asked for by firms, decided by the bureau.
CREATE TABLE corrections (
    id {{id}},
    entry_id BIGINT NOT NULL REFERENCES roster_entries(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    current_value TEXT NOT NULL,
    requested_value TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',
    created_at TIMESTAMP NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TIMESTAMP NULL,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_status ON corrections (status, created_at);
