-- What imports and accepted corrections changed in a firm's roster facts, field
-- by field, so a re-import never loses what the roster said before. Past
-- campaigns keep their own snapshot in roster_entries; this is the history
-- within a campaign.
CREATE TABLE roster_changes (
    id {{id}},
    entry_id BIGINT NOT NULL REFERENCES roster_entries(id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
);
CREATE INDEX roster_changes_entry ON roster_changes (entry_id, at);

-- A roster file uploaded and checked but not yet confirmed: the bureau sees
-- what it would add and change, then confirms. Kept in the database (not in
-- one server's memory) so any instance can take the confirmation.
CREATE TABLE roster_uploads (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    filename TEXT NOT NULL,
    content {{bytes}} NOT NULL
);
CREATE INDEX roster_uploads_created ON roster_uploads (created_at);
