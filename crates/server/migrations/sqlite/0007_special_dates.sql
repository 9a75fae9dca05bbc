-- Popular dates (5-20, Qixi, 2-14, repeating digits) get their own capacity and a release time:
-- bookings for that day open only from release_at (unix seconds).
CREATE TABLE special_dates (
    office      TEXT NOT NULL REFERENCES offices (code),
    day         TEXT NOT NULL,
    counters    BIGINT NOT NULL CHECK (counters >= 0),
    release_at  BIGINT,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (office, day)
);
