-- What officials did to a firm's survey: 县区初审 (approve, return with a
-- reason) and 代填 (filling in for the firm: started with a reason, then
-- submitted). The audit log keeps the same events for the bureau; this table
-- keeps them per survey, for the firm's page and its history.
CREATE TABLE reviews (
    id {{id}},
    entry_id BIGINT NOT NULL REFERENCES roster_entries(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    -- the survey's version and, for a return, the total it had when its
    -- stored result was removed (hundredths)
    version INTEGER NOT NULL DEFAULT 0,
    total BIGINT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX reviews_entry ON reviews (entry_id, id);

-- Raised when a password is reset or an account disabled: sessions carry the
-- epoch they began in, so every older session of the account ends at once.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

