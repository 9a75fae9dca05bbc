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

/// A character that has no place in text people type and others read: a control character
/// (a NUL, a line break inside a one-line field, also U+2028/U+2029) or a bidirectional
/// override or isolate
/// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which can make a title on a public
/// list or a printed certificate read differently from what was stored ("Trojan Source",
/// CVE-2021-42574). Every free-text check uses this.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

pub use error::{ErrorCode, FieldCode, FieldError, Problem};
