//! Types and rules shared by the browser app and the server. Everything here builds for
//! wasm32 and native, so a rule is written once and runs in both places.

pub mod account;
pub mod benefits;
pub mod booking;
pub mod calendar;
pub mod charities;
pub mod enums;
pub mod error;
pub mod ids;
pub mod meta;
pub mod volunteering;

pub use error::{ErrorCode, FieldCode, FieldError, Problem};
