//! `/api/bookings/...`, one file per resource or rule, with builders in `fixtures`.

mod fixtures;
mod hold;
mod holidays;
mod lifecycle;
mod outbox;
mod partner;
mod reschedule;
