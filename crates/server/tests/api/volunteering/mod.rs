//! `/api/volunteering/...`, one file per resource or rule, with builders in `fixtures`.

mod activities;
mod bench;
mod certificates;
mod check_in;
pub(crate) mod fixtures;
mod hours;
mod registration;
mod reports;
mod signups;
