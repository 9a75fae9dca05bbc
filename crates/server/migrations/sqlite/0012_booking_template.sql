-- Booking as the template (issue 15).
-- 1. A booking knows its service, so one account holds at most one place per service at a
--    time: a partial unique index, which refuses a second hold however requests interleave.
ALTER TABLE bookings ADD COLUMN service TEXT NOT NULL DEFAULT '';
UPDATE bookings SET service = (SELECT s.service FROM slots s WHERE s.id = bookings.slot_id);
CREATE UNIQUE INDEX one_hold_per_service ON bookings (account_id, service) WHERE status = 'held';
-- Holds made per account over the last hour (the slow-down for hold-and-release).
CREATE INDEX bookings_account_created ON bookings (account_id, created_at);
-- 2. Text messages about bookings go through an outbox: written in the same transaction as the
--    change they announce, sent by whichever server claims them first, retried with backoff.
CREATE TABLE sms_queue (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    phone         TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    next_at       BIGINT NOT NULL,
    attempts      BIGINT NOT NULL DEFAULT 0,
    claimed_until BIGINT,
    sent_at       BIGINT,
    failed_at     BIGINT,
    last_error    TEXT
);
CREATE INDEX sms_queue_due ON sms_queue (next_at) WHERE sent_at IS NULL AND failed_at IS NULL;
