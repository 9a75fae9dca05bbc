//! The real-name record and its verification (issue 11): `POST /api/me/real-name` (the resident
//! types a name and ID number; the identity gateway checks them against the mobile number),
//! `POST /api/me/verify` (check again, e.g. after the gateway was down) and
//! `POST /api/clerk/identity` (a clerk verifies at the counter, ID card in hand).
//!
//! Who holds an ID number: at most one account (a unique index). An unverified claim yields to a
//! verified one (so whoever types a victim's ID number first cannot keep it); a verified claim
//! is never taken online, and its owner is told by SMS when someone tries.

use super::auth::{Clerk, Resident, Session};
use super::routes::{me_for, own_action};
use crate::AppState;
use crate::audit::{self, Event};
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::identity::Verdict;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use portal_api::account::*;
use portal_api::ids::{Mobile, ResidentId};
use portal_api::{ErrorCode, FieldCode, FieldError};

const REAL_NAME_REFUSED: &str = "account.real_name_refused";
/// Refused real-name attempts (and online re-checks) an account may make in a day.
const REAL_NAME_REFUSALS_PER_DAY: i64 = 5;
/// Attempts a day, counted atomically before anything is checked: the refusals above are
/// counted after each attempt, so a burst of requests sent at once would all pass that count.
const ATTEMPTS: crate::limits::Limit =
    crate::limits::Limit { name: "real_name_try", window_secs: 86_400, max: 10 };
const RECHECKS: crate::limits::Limit =
    crate::limits::Limit { name: "idv_recheck", window_secs: 86_400, max: 5 };

/// A name and ID number as typed, checked field by field.
fn parse_person(state: &AppState, name: &str, id_number: &str) -> AppResult<(String, ResidentId)> {
    let mut errors = Vec::new();
    if !valid_real_name(name) {
        errors.push(FieldError { field: "name".into(), code: FieldCode::Name });
    }
    let id = match ResidentId::parse(id_number) {
        Ok(id) => {
            if !id.born_plausibly(state.office_today()) {
                errors.push(FieldError { field: "id_number".into(), code: FieldCode::BirthDate });
            }
            Some(id)
        }
        Err(e) => {
            errors.push(FieldError { field: "id_number".into(), code: e.code() });
            None
        }
    };
    match (id, errors.is_empty()) {
        (Some(id), true) => {
            Ok((unicode_normalization::UnicodeNormalization::nfc(name.trim()).collect(), id))
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn id_in_use() -> AppError {
    // One refusal for every reason the number cannot be taken here, in words that say nothing
    // about anyone else's account.
    AppError::client(
        ErrorCode::IdInUse,
        "this ID number cannot be registered online; bring the ID card to a counter",
    )
}

const TOLD_OWNER: &str = "【民政服务】有人尝试用您的身份证号在另一个手机号上进行实名登记，已被拒绝。您的账号不受影响；如有疑问，请带身份证到民政部门窗口咨询。";
const TOLD_DISPLACED: &str = "【民政服务】您账号上的实名信息已由通过身份核验的本人取回，已从您的账号移除。如有疑问，请带身份证到民政部门窗口咨询。";

/// Puts `name` and `id` on `account_id`, verified by `by` or not, following the holding rules
/// above. `Ok(false)`: the account already has another real name.
async fn claim(
    state: &AppState,
    account_id: i64,
    name: &str,
    id: &ResidentId,
    by: Option<VerifiedBy>,
    actor: (&str, &str),
) -> AppResult<bool> {
    let now = state.clock.now();
    let id_hmac = state.crypto.mac(&["resident_id", id.as_str()]);
    let holder = super::db::holder_of(&state.db, &id_hmac).await?;
    let mut tx = state.db.pool.begin().await?;
    match holder {
        Some((h, _, _)) if h == account_id => {}
        Some((_, Some(_), phone)) => {
            // Verified by its owner: refused, and the owner hears of the attempt.
            if let Some(phone) = phone {
                crate::outbox::enqueue(&mut *tx, &phone, TOLD_OWNER, now).await?;
            }
            tx.commit().await?;
            crate::outbox::deliver_now(state).await;
            return Err(id_in_use());
        }
        Some((h, None, phone)) if by.is_some() => {
            // An unverified claim yields to the verified person.
            let freed = sqlx::query(
                "UPDATE accounts SET real_name = NULL, id_cipher = NULL, id_hmac = NULL, \
                 id_masked = NULL WHERE id = $1 AND id_hmac = $2 AND verified_at IS NULL",
            )
            .bind(h)
            .bind(&id_hmac)
            .execute(&mut *tx)
            .await?;
            if freed.rows_affected() == 1 {
                let object = format!("account:{h}");
                audit::record(
                    &mut *tx,
                    now,
                    Event {
                        actor_id: Some(account_id),
                        actor: actor.0,
                        action: "account.real_name_displaced",
                        object: &object,
                        ip: actor.1,
                    },
                )
                .await?;
                if let Some(phone) = phone {
                    crate::outbox::enqueue(&mut *tx, &phone, TOLD_DISPLACED, now).await?;
                }
            }
        }
        Some(_) => return Err(id_in_use()),
        None => {}
    }
    let set = sqlx::query(
        "UPDATE accounts SET real_name = $1, id_cipher = $2, id_hmac = $3, id_masked = $4, \
         verified_at = $5, verified_by = $6 \
         WHERE id = $7 AND deleted_at IS NULL AND (real_name IS NULL OR id_hmac = $3)",
    )
    .bind(name)
    .bind(state.crypto.encrypt(id.as_str()))
    .bind(&id_hmac)
    .bind(id.masked())
    .bind(by.map(|_| now))
    .bind(by.map(VerifiedBy::as_str))
    .bind(account_id)
    .execute(&mut *tx)
    .await;
    let set = match set {
        Err(e) if crate::error::violated(&e) == Some(crate::error::Constraint::AccountIdNumber) => {
            return Err(id_in_use());
        }
        other => other?,
    };
    if set.rows_affected() == 0 {
        return Ok(false);
    }
    tx.commit().await?;
    crate::outbox::deliver_now(state).await;
    Ok(true)
}

async fn refusals_today(state: &AppState, account_id: i64) -> AppResult<i64> {
    let (refused,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE actor_id = $1 AND action = $2 AND at > $3",
    )
    .bind(account_id)
    .bind(REAL_NAME_REFUSED)
    .bind(state.clock.now() - 86_400)
    .fetch_one(&state.db.pool)
    .await?;
    Ok(refused)
}

fn verified(verdict: Verdict) -> Option<VerifiedBy> {
    (verdict == Verdict::Match).then_some(VerifiedBy::Gateway)
}

/// The real-name step. Once set, only the bureau can change it. The identity gateway checks
/// the name and ID number against the mobile number; without a match the record is kept but
/// not verified (`verified_by` null) until a re-check or a counter visit.
#[utoipa::path(post, path = "/api/me/real-name", request_body = RealNameRequest, responses(
    (status = 200, body = Me), (status = 400, body = portal_api::Problem), (status = 409, body = portal_api::Problem),
    (status = 429, body = portal_api::Problem)
))]
pub async fn real_name(
    State(state): State<AppState>,
    Resident(s): Resident,
    Json(req): Json<RealNameRequest>,
) -> AppResult<axum::Json<Me>> {
    let (name, id) = parse_person(&state, &req.name, &req.id_number)?;
    // Refusals are counted, so nobody can test ID numbers one after another to learn which
    // have an account (OWASP API6:2023); and attempts, so nobody can send them all at once.
    let key = s.account_id.to_string();
    let tried = crate::limits::hit(&state.db, ATTEMPTS, &key, state.clock.now()).await?;
    if tried != crate::limits::Verdict::Allowed
        || refusals_today(&state, s.account_id).await? >= REAL_NAME_REFUSALS_PER_DAY
    {
        return Err(AppError::client(
            ErrorCode::RateLimited,
            "too many refused attempts today; visit a civil-affairs counter",
        ));
    }
    let current = me_for(&state, s.account_id).await?;
    if current.real_name.is_some() {
        return Err(AppError::client(ErrorCode::RealNameLocked, "the real name is already set"));
    }
    let verdict = state.identity.check(&name, id.as_str(), &s.phone).await;
    let now = state.clock.now();
    match claim(&state, s.account_id, &name, &id, verified(verdict), (&s.actor(), &s.ip)).await {
        Ok(true) => {}
        Ok(false) => {
            return Err(AppError::client(
                ErrorCode::RealNameLocked,
                "the real name is already set",
            ));
        }
        Err(e) => {
            own_action(&state.db.pool, now, &s, REAL_NAME_REFUSED).await?;
            return Err(e);
        }
    }
    own_action(&state.db.pool, now, &s, "account.real_name_set").await?;
    let checked = match verdict {
        Verdict::Match => "account.identity_verified",
        Verdict::NoMatch => "account.identity_no_match",
        Verdict::Unknown => "account.identity_unchecked",
    };
    own_action(&state.db.pool, now, &s, checked).await?;
    Ok(axum::Json(me_for(&state, s.account_id).await?))
}

/// Asks the identity gateway again for an unverified real-name record (five times a day).
#[utoipa::path(post, path = "/api/me/verify", responses(
    (status = 200, body = Me), (status = 401, body = portal_api::Problem), (status = 403, body = portal_api::Problem),
    (status = 429, body = portal_api::Problem)
))]
pub async fn verify_again(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<Response> {
    let a = super::db::account_by_id(&state.db, s.account_id)
        .await?
        .ok_or_else(|| AppError::not_found("no account"))?;
    let (Some(name), Some(cipher)) = (a.real_name, a.id_cipher) else {
        return Err(AppError::client(ErrorCode::RealNameRequired, "register your real name first"));
    };
    if a.verified_by.is_none() {
        let now = state.clock.now();
        let limit = crate::limits::hit(&state.db, RECHECKS, &s.account_id.to_string(), now).await?;
        if let crate::limits::Verdict::Refused { retry_after } = limit {
            return Ok(crate::error::rate_limited(
                retry_after,
                "five checks a day; try tomorrow or visit a counter",
            ));
        }
        let id = state.crypto.decrypt(&cipher).ok_or_else(|| AppError::Internal("key".into()))?;
        let verdict = state.identity.check(&name, &id, &s.phone).await;
        if let Some(by) = verified(verdict) {
            let id = ResidentId::parse(&id).map_err(|_| AppError::Internal("stored id".into()))?;
            claim(&state, s.account_id, &name, &id, Some(by), (&s.actor(), &s.ip)).await?;
            own_action(&state.db.pool, now, &s, "account.identity_verified").await?;
        }
    }
    Ok(axum::Json(me_for(&state, s.account_id).await?).into_response())
}

/// A registry clerk verifies a resident at the counter with the ID card in hand: the account of
/// `phone` gets the card's name and number, verified. An unverified claim on the number by
/// another account is removed (its holder is told); a number verified on another account is
/// refused (the bureau resolves that case by hand). Audited.
#[utoipa::path(post, path = "/api/clerk/identity", request_body = CounterVerifyRequest, responses(
    (status = 200, body = Me), (status = 400, body = portal_api::Problem), (status = 401, body = portal_api::Problem),
    (status = 403, body = portal_api::Problem), (status = 404, body = portal_api::Problem), (status = 409, body = portal_api::Problem)
))]
pub async fn counter_verify(
    State(state): State<AppState>,
    clerk: Clerk,
    Json(req): Json<CounterVerifyRequest>,
) -> AppResult<axum::Json<Me>> {
    let phone = Mobile::parse(&req.phone).map_err(|e| {
        AppError::Validation(vec![FieldError { field: "phone".into(), code: e.code() }])
    })?;
    let (name, id) = parse_person(&state, &req.name, &req.id_number)?;
    let account = super::db::account_by_phone(&state.db, phone.as_str())
        .await?
        .ok_or_else(|| AppError::not_found("no account for this number: sign in once first"))?;
    let Session { account_id: clerk_id, ip, .. } = &clerk.session;
    let actor = clerk.session.actor();
    if !claim(&state, account.id, &name, &id, Some(VerifiedBy::Counter), (&actor, ip)).await? {
        return Err(AppError::client(
            ErrorCode::RealNameLocked,
            "this account is registered to another ID number; the bureau must correct it",
        ));
    }
    let object = format!("account:{}", account.id);
    audit::record(
        &state.db.pool,
        state.clock.now(),
        Event {
            actor_id: Some(*clerk_id),
            actor: &actor,
            action: "identity.verified_at_counter",
            object: &object,
            ip,
        },
    )
    .await?;
    Ok(axum::Json(me_for(&state, account.id).await?))
}
