-- Login attempts replace login failures. An attempt is recorded (ok = 2,
-- being checked, counted like a failure) before its credential is checked,
-- in the same transaction that counts the earlier ones, so parallel attempts
-- cannot all pass the limit; the check then sets ok = 0 (wrong) or 1
-- (right). Times are Unix milliseconds.
DROP TABLE IF EXISTS login_failures;
CREATE TABLE IF NOT EXISTS login_attempts (
    id {{id}},
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    at BIGINT NOT NULL,
    ok INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS login_attempts_pair ON login_attempts (account, address, ok, at);
CREATE INDEX IF NOT EXISTS login_attempts_address ON login_attempts (address, ok, at);
CREATE INDEX IF NOT EXISTS login_attempts_account ON login_attempts (account, ok, at);
-- Session ids are now stored as their SHA-256: sessions stored under the
-- clear id can no longer be found, so they end here (everyone logs in again).
DELETE FROM sessions;
