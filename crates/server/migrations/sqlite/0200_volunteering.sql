-- Volunteering (issue 9): organisations, volunteers, activities, shifts, sign-ups, service
-- records (append-only versions), correction requests and certificates. Places on a shift are
-- taken only by a conditional UPDATE (taken < capacity); the CHECK is the last line of defence.
CREATE TABLE vol_orgs (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    credit_code TEXT NOT NULL,
    contact     TEXT NOT NULL,
    district    TEXT NOT NULL,
    demo        BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE volunteers (
    account_id       BIGINT PRIMARY KEY REFERENCES accounts (id),
    number           TEXT NOT NULL UNIQUE,
    skills           TEXT NOT NULL,
    languages        TEXT NOT NULL,
    districts        TEXT NOT NULL,
    availability     TEXT NOT NULL,
    emergency_name   TEXT NOT NULL,
    emergency_phone  TEXT NOT NULL,
    pledged_at       BIGINT NOT NULL,
    guardian_name    TEXT,
    guardian_phone   TEXT,
    guardian_consent_at BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE vol_activities (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_code        TEXT NOT NULL REFERENCES vol_orgs (code),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    category        TEXT NOT NULL,
    district        TEXT NOT NULL,
    address         TEXT NOT NULL,
    skills          TEXT NOT NULL,
    bring           TEXT NOT NULL,
    min_age         BIGINT,
    points_per_hour BIGINT NOT NULL,
    demo            BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX vol_activities_filter ON vol_activities (district, category);

CREATE TABLE vol_shifts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id  BIGINT NOT NULL REFERENCES vol_activities (id),
    day          TEXT NOT NULL,
    start_min    BIGINT NOT NULL,
    end_min      BIGINT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    capacity     BIGINT NOT NULL,
    taken        BIGINT NOT NULL DEFAULT 0,
    secret       TEXT NOT NULL,
    cancelled_at BIGINT,
    CHECK (taken >= 0 AND taken <= capacity)
);
CREATE INDEX vol_shifts_activity ON vol_shifts (activity_id, day);

CREATE TABLE vol_signups (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    shift_id       BIGINT NOT NULL REFERENCES vol_shifts (id),
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    status         TEXT NOT NULL,
    checked_in_at  BIGINT,
    checked_out_at BIGINT,
    code_misses    BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
-- One live place (or waitlist entry) per person and shift.
CREATE UNIQUE INDEX vol_one_signup_per_shift ON vol_signups (shift_id, account_id)
    WHERE status IN ('signed_up', 'waitlisted');
CREATE INDEX vol_signups_queue ON vol_signups (shift_id, status, id);
CREATE INDEX vol_signups_account ON vol_signups (account_id);

-- Service records: a change is a new version (who, when, why); nothing is updated or deleted.
CREATE TABLE vol_records (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    signup_id   BIGINT NOT NULL REFERENCES vol_signups (id),
    version     BIGINT NOT NULL,
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    org_code    TEXT NOT NULL,
    half_hours  BIGINT NOT NULL CHECK (half_hours >= 0),
    status      TEXT NOT NULL,
    reason      TEXT,
    points      BIGINT NOT NULL,
    actor_id    BIGINT,
    at          BIGINT NOT NULL
);
CREATE UNIQUE INDEX vol_record_version ON vol_records (signup_id, version);
CREATE INDEX vol_records_account ON vol_records (account_id);
CREATE TRIGGER vol_records_no_update BEFORE UPDATE ON vol_records BEGIN SELECT RAISE(ABORT, 'vol_records is append-only'); END;
CREATE TRIGGER vol_records_no_delete BEFORE DELETE ON vol_records BEGIN SELECT RAISE(ABORT, 'vol_records is append-only'); END;

CREATE TABLE vol_corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    signup_id   BIGINT NOT NULL REFERENCES vol_signups (id),
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    half_hours  BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL,
    answer      TEXT,
    created_at  BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE UNIQUE INDEX vol_one_open_correction ON vol_corrections (signup_id) WHERE status = 'open';

-- Certificates keep the facts as issued, so a later change cannot alter what was certified.
CREATE TABLE vol_certificates (
    code             TEXT PRIMARY KEY,
    account_id       BIGINT NOT NULL REFERENCES accounts (id),
    org_code         TEXT,
    from_day         TEXT NOT NULL,
    to_day           TEXT NOT NULL,
    issued_on        TEXT NOT NULL,
    issued_at        BIGINT NOT NULL,
    name             TEXT NOT NULL,
    masked_id        TEXT NOT NULL,
    volunteer_number TEXT NOT NULL,
    issuer           TEXT NOT NULL,
    lines            TEXT NOT NULL,
    total_half_hours BIGINT NOT NULL,
    revoked_at       BIGINT
);
CREATE INDEX vol_certificates_account ON vol_certificates (account_id);

-- Unknown codes looked up per address, for the verify page's rate limit.
CREATE TABLE vol_verify_misses (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    ip  TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX vol_verify_misses_ip ON vol_verify_misses (ip, at);
