//! Every booking query, in one place: runtime SQL both engines accept, rows as `FromRow`
//! structs with typed columns (statuses, services and days parse on the way out). Functions
//! that write take a connection (a transaction's), so handlers compose them atomically.

mod bookings;
mod changes;
mod divorce;
mod offices;
mod slots;

pub use bookings::*;
pub use changes::*;
pub use divorce::*;
pub use offices::*;
pub use slots::*;
