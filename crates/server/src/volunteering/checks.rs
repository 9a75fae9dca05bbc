//! What volunteering requests check before anything is written: field rules, the caller's
//! organisation, the volunteer registration, and the rotating check-in code (computed only
//! here, from the shift's secret; it never leaves the server except as the organiser's code).

use super::db;
use crate::AppState;
use crate::account::auth::Organiser;
use crate::error::{AppError, AppResult};
use hmac::{Hmac, Mac};
use portal_api::ids::{Date, ResidentId};
use portal_api::volunteering::{accepted_steps, code_from_mac, code_step};
use portal_api::{ErrorCode, FieldCode, FieldError};
use sha2::Sha256;

pub fn field(name: &str, code: FieldCode) -> AppError {
    AppError::Validation(vec![FieldError { field: name.into(), code }])
}

pub fn client(code: ErrorCode, detail: &str) -> AppError {
    AppError::client(code, detail)
}

/// A free-text field: trimmed, not empty (if required), at most `max` characters.
pub fn text(errors: &mut Vec<FieldError>, name: &str, value: &str, required: bool, max: usize) {
    let v = value.trim();
    if required && v.is_empty() {
        errors.push(FieldError { field: name.into(), code: FieldCode::Required });
    } else if v.chars().any(portal_api::is_hidden_control) {
        errors.push(FieldError { field: name.into(), code: FieldCode::BadCharacter });
    } else if v.chars().count() > max {
        errors.push(FieldError { field: name.into(), code: FieldCode::Length });
    }
}

/// A short list (skills, languages, districts): at most 20 items of at most 30 characters.
pub fn list(errors: &mut Vec<FieldError>, name: &str, items: &[String]) {
    if items.iter().any(|s| s.chars().any(portal_api::is_hidden_control)) {
        errors.push(FieldError { field: name.into(), code: FieldCode::BadCharacter });
    } else if items.len() > 20
        || items.iter().any(|s| s.trim().is_empty() || s.chars().count() > 30)
    {
        errors.push(FieldError { field: name.into(), code: FieldCode::Length });
    }
}

pub fn finish(errors: Vec<FieldError>) -> AppResult<()> {
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

/// A reason the organiser must give (adjusting, rejecting, answering a correction).
pub fn reason(value: Option<&str>) -> AppResult<String> {
    let v = value.unwrap_or("").trim();
    let mut errors = Vec::new();
    text(&mut errors, "reason", v, true, 500);
    finish(errors)?;
    Ok(v.to_owned())
}

/// Whether `code` is a region the portal covers (districts are region codes).
pub async fn known_region(state: &AppState, code: &str) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM regions WHERE code = $1")
        .bind(code)
        .fetch_one(&state.db.pool)
        .await?;
    Ok(n > 0)
}

/// Writes an organiser's action to the audit log (in the caller's transaction).
pub async fn audit<'e, E>(
    db: E,
    state: &AppState,
    organiser: &Organiser,
    action: &str,
    object: &str,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let actor = organiser.session.actor();
    let event = crate::audit::Event {
        actor_id: Some(organiser.session.account_id),
        actor: &actor,
        action,
        object,
        ip: &organiser.session.ip,
    };
    crate::audit::record(db, state.clock.now(), event).await
}

/// The activity, if the organiser acts for its organisation (404 if there is none, 403 if
/// it belongs to another).
pub async fn own_activity(
    state: &AppState,
    organiser: &Organiser,
    id: i64,
) -> AppResult<db::ActivityRow> {
    let a = db::activity(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such activity"))?;
    organiser.require(&a.org_code)?;
    Ok(a)
}

/// The shift and its activity, if the organiser acts for its organisation.
pub async fn own_shift(
    state: &AppState,
    organiser: &Organiser,
    id: i64,
) -> AppResult<(db::ShiftRow, db::ActivityRow)> {
    let s =
        db::shift(&state.db.pool, id).await?.ok_or_else(|| AppError::not_found("no such shift"))?;
    let a = own_activity(state, organiser, s.activity_id).await?;
    Ok((s, a))
}

/// The resident's real-name facts: name, masked ID, birth date. 403 without the real-name step.
pub struct RealName {
    pub name: String,
    pub masked_id: String,
    pub birth: Date,
    pub phone: String,
}

pub async fn real_name(state: &AppState, account_id: i64) -> AppResult<RealName> {
    let p = db::person(&state.db.pool, account_id)
        .await?
        .ok_or_else(|| AppError::client(ErrorCode::Unauthenticated, "sign in first"))?;
    let id = p
        .id_cipher
        .as_deref()
        .and_then(|c| state.crypto.decrypt(c))
        .and_then(|id| ResidentId::parse(&id).ok());
    match (p.real_name, id) {
        (Some(name), Some(id)) => Ok(RealName {
            name,
            masked_id: p.id_masked.unwrap_or_else(|| id.masked()),
            birth: id.birth_date(),
            phone: p.phone.unwrap_or_default(),
        }),
        _ => {
            Err(AppError::client(ErrorCode::RealNameRequired, "complete the real-name step first"))
        }
    }
}

/// The registered volunteer (403 `volunteer_required` otherwise).
pub async fn volunteer(state: &AppState, account_id: i64) -> AppResult<db::VolunteerRow> {
    db::volunteer(&state.db.pool, account_id)
        .await?
        .ok_or_else(|| client(ErrorCode::VolunteerRequired, "register as a volunteer first"))
}

/// An absolute address on this site (for QR codes and files that leave the browser). The Host
/// header is a host name by then: `web::uri_checks` refuses any other.
pub fn site_url(state: &AppState, headers: &axum::http::HeaderMap, path: &str) -> String {
    let host =
        headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.settings.cookie_secure { "https" } else { "http" };
    format!("{scheme}://{host}{path}")
}

/// The six-digit code of a shift for one time step.
pub fn code_at(secret: &str, step: i64) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
    m.update(b"vol-check-in\0");
    m.update(&step.to_be_bytes());
    code_from_mac(&m.finalize().into_bytes())
}

/// The code the organiser shows now.
pub fn current_code(secret: &str, now: i64) -> String {
    code_at(secret, code_step(now))
}

/// Whether a typed code is the current or the previous one.
pub fn code_matches(secret: &str, typed: &str, now: i64) -> bool {
    accepted_steps(now).iter().any(|s| {
        let want = code_at(secret, *s);
        // Constant-time enough for six digits: compare every byte.
        want.len() == typed.len()
            && want.bytes().zip(typed.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_differ_by_shift_and_step_and_the_previous_is_accepted() {
        let now = 1_772_323_215;
        let code = current_code("secret-a", now);
        assert_eq!(code.len(), 6);
        assert!(code_matches("secret-a", &code, now));
        assert!(code_matches("secret-a", &code, now + 30), "previous step still accepted");
        assert!(!code_matches("secret-a", &code, now + 60), "two steps on: stale");
        assert_ne!(current_code("secret-b", now), code);
    }
}
