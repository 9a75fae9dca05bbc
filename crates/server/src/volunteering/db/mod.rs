//! Every volunteering query, in one place: runtime SQL both engines accept, rows as `FromRow`
//! structs with typed columns (statuses, categories and days parse on the way out). Functions
//! that write take an executor (a transaction's), so handlers compose them atomically. Sums
//! are taken in Rust: PostgreSQL's SUM of a BIGINT is NUMERIC, which the Any driver cannot read.

mod activities;
mod people;
mod records;
mod signups;

pub use activities::*;
pub use people::*;
pub use records::*;
pub use signups::*;

/// Lists travel as JSON text in one column (skills, languages, districts).
pub fn to_json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

pub fn from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
