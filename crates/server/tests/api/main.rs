//! Server tests, one module per URL area. Each test gets a fresh database on the engine
//! named by `PORTAL_TEST_DB` (`sqlite`, the default, or `postgres`).

mod auth;
mod bookings;
mod charities;
mod constraints;
mod crash;
mod errors;
mod health;
mod hostile;
mod identity;
mod keys;
mod matrix;
mod me;
mod openapi;
mod parsers;
mod policies;
mod regions;
mod sms;
mod static_files;
mod support;
mod volunteering;
