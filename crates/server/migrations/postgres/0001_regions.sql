-- Regions (cities and districts) whose bureaus' services the portal offers.
CREATE TABLE regions (
    code       TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    source     TEXT NOT NULL,
    demo       BIGINT NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    sort_order BIGINT NOT NULL DEFAULT 0
);
