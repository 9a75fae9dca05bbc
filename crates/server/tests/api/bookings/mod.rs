//! `/api/bookings/...`, one file per resource or rule, with builders in `fixtures`.

mod calendar;
mod clerk;
mod confirm;
pub(crate) mod dated;
mod details;
mod divorce;
mod documents;
mod erase;
pub(crate) mod fixtures;
mod hold_limits;
mod holds;
mod holidays;
mod lifecycle;
mod moves;
mod offices;
mod outbox;
mod partner;
mod reschedule;
mod settings;
mod sweep;
