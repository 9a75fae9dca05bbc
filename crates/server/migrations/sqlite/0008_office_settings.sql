-- An office may switch off the partner's confirmation (the booking is then confirmed as soon
-- as the details are in). A lapsed provisional booking is told to both parties once:
-- `lapse_notified` is claimed by a conditional UPDATE, so with several servers exactly one sends.
ALTER TABLE offices ADD COLUMN partner_confirm BIGINT NOT NULL DEFAULT 1;
ALTER TABLE bookings ADD COLUMN lapse_notified BIGINT NOT NULL DEFAULT 0;
