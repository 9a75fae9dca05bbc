-- The day before an appointment both parties get one reminder; `reminded` is claimed by a
-- conditional UPDATE, so with several servers exactly one sends it.
ALTER TABLE bookings ADD COLUMN reminded BIGINT NOT NULL DEFAULT 0;
