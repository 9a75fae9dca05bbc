-- Marriage registration booking: offices, slots (materialised when first viewed) and bookings.
-- A slot's `taken` counts live holds and bookings; the CHECK keeps it within capacity, and
-- places are taken only by a conditional UPDATE (taken < capacity), never check-then-act.
CREATE TABLE offices (
    code         TEXT PRIMARY KEY,
    region       TEXT NOT NULL,
    name_zh      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    address_zh   TEXT NOT NULL,
    address_en   TEXT NOT NULL,
    phone        TEXT NOT NULL,
    hours        TEXT NOT NULL,
    services     TEXT NOT NULL,
    window_min   BIGINT NOT NULL,
    window_max   BIGINT NOT NULL,
    slot_minutes BIGINT NOT NULL,
    counters     BIGINT NOT NULL,
    demo         BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE slots (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    office     TEXT NOT NULL REFERENCES offices (code),
    service    TEXT NOT NULL,
    day        TEXT NOT NULL,
    start_min  BIGINT NOT NULL,
    capacity   BIGINT NOT NULL,
    taken      BIGINT NOT NULL DEFAULT 0,
    CHECK (taken >= 0 AND taken <= capacity),
    UNIQUE (office, service, day, start_min)
);

CREATE TABLE bookings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    reference       TEXT NOT NULL UNIQUE,
    slot_id         BIGINT NOT NULL REFERENCES slots (id),
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    status          TEXT NOT NULL,
    hold_expires_at BIGINT,
    idempotency_key TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX bookings_idempotency ON bookings (account_id, idempotency_key);
CREATE INDEX bookings_slot_status ON bookings (slot_id, status);
CREATE INDEX bookings_account ON bookings (account_id);
