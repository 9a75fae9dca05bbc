-- The minute sweep and every hold look bookings up by status (held, provisional, lapsed) and
-- reminders look slots up by day; without these both scan whole tables as they grow.
CREATE INDEX bookings_status ON bookings (status);
CREATE INDEX slots_day ON slots (day);
-- "My bookings" and the partner's view find bookings by the ID number's hash.
CREATE INDEX booking_parties_hmac ON booking_parties (id_hmac);
