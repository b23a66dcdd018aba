-- report_jobs: the bureau's annual report jobs, one row per campaign year,
-- so that every server instance on one database sees the same job: who
-- started it, where it stands, and which instance runs it. The instance
-- writes its progress with a heartbeat every few seconds; a running job
-- whose heartbeat is older than a minute belonged to an instance that
-- died, and is shown as failed and may be started again. token names the
-- job's directory under the jobs directory (serve --jobs-dir), where its
-- .zip is kept; a new job of the same year replaces the row and the old
-- token's directory is removed. Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS report_jobs (
    campaign INTEGER PRIMARY KEY,
    token TEXT NOT NULL,
    started_by TEXT NOT NULL,
    instance TEXT NOT NULL,
    state TEXT NOT NULL,
    stage TEXT NOT NULL DEFAULT '',
    done BIGINT NOT NULL DEFAULT 0,
    total BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL,
    ended_at BIGINT NOT NULL DEFAULT 0
);
-- generations: counters bumped by a write that makes cached figures stale
-- (a review's decision drops the statistics snapshots). Each instance
-- compares the counter, one primary-key read, before serving a snapshot,
-- so a decision taken on one instance is seen in the next figures on all.
CREATE TABLE IF NOT EXISTS generations (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO generations (name, value) VALUES ('stats', 0) ON CONFLICT (name) DO NOTHING;
