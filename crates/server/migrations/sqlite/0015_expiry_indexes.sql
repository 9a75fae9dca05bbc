-- Every hold asks whether a hold or a partner confirmation has run out (and the sweep frees
-- them): by status and time, instead of reading every live hold through `bookings_status`.
CREATE INDEX bookings_hold_expiry ON bookings (status, hold_expires_at);
CREATE INDEX bookings_confirm_expiry ON bookings (status, confirm_by);
