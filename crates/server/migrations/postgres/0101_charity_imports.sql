-- Register imports as jobs (issue 10): the page polls a job on any server; the register itself
-- changes in one transaction at the end, so a killed server leaves it as it was and the job
-- reads `interrupted` once `updated_at` (the worker's heartbeat) is old.
CREATE TABLE charity_import_jobs (
    id          TEXT PRIMARY KEY,
    account_id  BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    dry_run     BIGINT NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
    state       TEXT NOT NULL,
    lines_total BIGINT NOT NULL DEFAULT 0,
    lines_done  BIGINT NOT NULL DEFAULT 0,
    report      TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX charity_import_jobs_by_created ON charity_import_jobs (created_at);
