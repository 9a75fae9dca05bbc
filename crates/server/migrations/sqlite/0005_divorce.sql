-- Statutory rest days as data (the State Council's yearly holiday notice): holidays, and
-- weekend days that are working days (调休上班).
CREATE TABLE rest_days (
    day   TEXT PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    note  TEXT NOT NULL DEFAULT ''
);

-- A divorce by agreement, from the first appointment (the application) on (Civil Code
-- art. 1077): cooling-off, withdrawal, the second appointment or lapse.
CREATE TABLE divorce_applications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id   BIGINT NOT NULL UNIQUE REFERENCES bookings (id),
    applied_on   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('cooling', 'withdrawn', 'completed')),
    updated_at   BIGINT NOT NULL
);
