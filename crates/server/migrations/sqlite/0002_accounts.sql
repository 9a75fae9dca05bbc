-- Accounts, roles, one-time codes, sessions, the SMS dev outbox and the audit log.
-- Times are unix seconds (BIGINT). Resident ID numbers are stored encrypted (id_cipher) and
-- indexed by a keyed hash (id_hmac); only the masked form is stored in clear.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone       TEXT UNIQUE,
    real_name   TEXT,
    id_cipher   TEXT,
    id_hmac     TEXT,
    id_masked   TEXT,
    created_at  BIGINT NOT NULL,
    deleted_at  BIGINT
);
CREATE UNIQUE INDEX accounts_id_hmac ON accounts (id_hmac);

CREATE TABLE roles (
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    role        TEXT NOT NULL CHECK (role IN ('organiser', 'clerk', 'admin')),
    scope       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, role, scope)
);

CREATE TABLE login_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone       TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    ip          TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    used_at     BIGINT
);
CREATE INDEX login_codes_phone ON login_codes (phone, created_at);
CREATE INDEX login_codes_ip ON login_codes (ip, created_at);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE sms_outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          BIGINT NOT NULL,
    actor_id    BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object      TEXT NOT NULL,
    ip          TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
-- Append-only: the database itself refuses changes and deletions.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
