//! Charity lookup (慈善查询): public look-ups (`public.rs`, no sign-in), the register kept by
//! bureau administrators (`admin.rs`, CSV imports in `imports.rs`), every query (`db/`), demo
//! data (`demo.rs`) and a generator of plausible registers for benchmarks (`generate.rs`).

pub mod admin;
pub mod db;
pub mod demo;
pub mod generate;
pub mod imports;
pub mod public;
mod sample;

use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use pinyin::ToPinyin;
use portal_api::{ErrorCode, FieldCode, FieldError};

/// Largest CSV import accepted (about 20,000 lines of the register).
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/charities", get(public::search))
        .route("/api/charities/{credit_code}", get(public::card))
        .route("/api/charity-campaigns/{filing_number}", get(public::campaign))
        .route("/api/charity-shops", get(public::shops))
        .route("/api/admin/charities", post(admin::create))
        .route("/api/admin/charities/{credit_code}", put(admin::update))
        .route(
            "/api/admin/charities/import",
            post(admin::import).layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
        )
        .route(
            "/api/admin/charity-imports",
            post(imports::start).layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
        )
        .route("/api/admin/charity-imports/{id}", get(imports::job))
}

/// The name's pinyin syllables separated by spaces, and their first letters. Latin letters and
/// digits in a name are kept as they are (lower-case), one token per run; punctuation is
/// dropped. Computed when an entry is saved, so searches never convert names.
pub fn pinyin_key(name: &str) -> (String, String) {
    let mut syllables: Vec<String> = Vec::new();
    let mut run = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            run.push(ch.to_ascii_lowercase());
            continue;
        }
        if !run.is_empty() {
            syllables.push(std::mem::take(&mut run));
        }
        if let Some(p) = ch.to_pinyin() {
            syllables.push(p.plain().to_owned());
        }
    }
    if !run.is_empty() {
        syllables.push(run);
    }
    let initials = syllables.iter().filter_map(|s| s.chars().next()).collect();
    (syllables.join(" "), initials)
}

pub use crate::extract::Query;

fn bad_path(field: &str) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), code: FieldCode::BadFormat }])
}

/// A credit code from a path: spaces and hyphens dropped, upper-case, 18 characters of the
/// GB 32100 alphabet (the check character is not required: flagged codes are looked up too).
pub fn path_code(raw: &str) -> Result<String, AppError> {
    let code: String =
        raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect::<String>().to_ascii_uppercase();
    if code.len() == 18 && code.chars().all(|c| portal_api::ids::USCC_ALPHABET.contains(c)) {
        Ok(code)
    } else {
        Err(bad_path("credit_code"))
    }
}

pub fn path_filing(raw: &str) -> Result<String, AppError> {
    let f: String =
        raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect::<String>().to_ascii_uppercase();
    if portal_api::charities::input::valid_filing_number(&f) {
        Ok(f)
    } else {
        Err(bad_path("filing_number"))
    }
}

pub fn not_found_charity(code: &str) -> AppError {
    AppError::client(
        ErrorCode::CharityNotFound,
        format!("no organisation with code {code} on the register"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn pinyin_keys_keep_syllables_and_latin_runs() {
        assert_eq!(
            super::pinyin_key("天门市慈善总会"),
            ("tian men shi ci shan zong hui".into(), "tmscszh".into())
        );
        assert_eq!(
            super::pinyin_key("红十字会（ABC 2号）"),
            ("hong shi zi hui abc 2 hao".into(), "hszha2h".into())
        );
    }
}
