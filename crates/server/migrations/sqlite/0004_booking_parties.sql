-- The people a booking is for. One person holds at most one active booking per service: a
-- partial unique index, so the database refuses a duplicate however requests interleave.
CREATE TABLE booking_parties (
    booking_id  BIGINT NOT NULL REFERENCES bookings (id),
    party       BIGINT NOT NULL,
    name        TEXT NOT NULL,
    id_cipher   TEXT NOT NULL,
    id_hmac     TEXT NOT NULL,
    id_masked   TEXT NOT NULL,
    service     TEXT NOT NULL,
    active      BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (booking_id, party)
);
CREATE UNIQUE INDEX one_active_booking_per_person ON booking_parties (service, id_hmac) WHERE active = 1;

ALTER TABLE bookings ADD COLUMN confirm_by BIGINT;
