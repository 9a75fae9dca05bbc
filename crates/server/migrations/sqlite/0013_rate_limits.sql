-- Rate limits shared by every server: one row per bucket (what is limited and for whom), a
-- window that starts at the bucket's first hit, and the hits in it. Counted by one atomic
-- upsert, so a burst of parallel requests cannot all slip under the limit.
CREATE TABLE rate_limits (
    bucket       TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
