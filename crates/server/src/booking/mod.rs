//! Marriage registration booking: offices, availability, holds and cancellation. Capacity is
//! enforced in the database (conditional UPDATE inside a transaction, CHECK constraint), so it
//! holds under any number of concurrent requests on both engines.

pub mod db;
pub mod divorce;
pub mod routes;
pub mod sweep;
