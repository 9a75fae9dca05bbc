//! Accounts: sign-in by mobile number and one-time code, sessions, the real-name step, roles,
//! personal data (export, deletion) and the append-only audit log.

pub mod auth;
pub mod db;
pub mod routes;
