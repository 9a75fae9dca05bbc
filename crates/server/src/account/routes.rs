//! `/api/auth/*`, `/api/me*`, `/api/admin/audit` and the dev-only `/api/dev/outbox`.

use super::auth::{Admin, Resident, clear_cookie, session_cookie};
use crate::AppState;
use crate::audit::{self, Event};
use crate::crypto::{new_code, new_token};
use crate::error::{AppError, AppResult};
use crate::extract::{Json, Query};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use portal_api::account::*;
use portal_api::ids::{IdError, Mobile, mask};
use portal_api::{ErrorCode, FieldCode, FieldError};
use serde::Deserialize;

fn field(field: &str, e: IdError) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), code: e.code() }])
}

use crate::error::rate_limited;
use crate::extract::ClientIp;
use crate::limits::{self, Limit, Verdict};

/// One code a minute per number, five an hour per number, twenty an hour per address.
const CODE_RESEND: Limit = Limit { name: "code_resend", window_secs: CODE_RESEND_SECS, max: 1 };
const CODES_PER_PHONE: Limit =
    Limit { name: "codes_phone", window_secs: 3600, max: CODES_PER_HOUR };
const CODES_PER_IP: Limit = Limit { name: "codes_ip", window_secs: 3600, max: 20 };
/// Code checks per address an hour (a mobile carrier may put many people behind one address).
const VERIFIES_PER_IP: Limit = Limit { name: "verify_ip", window_secs: 3600, max: 100 };

/// Sends a one-time code. The answer is the same whether or not the number has an account.
#[utoipa::path(post, path = "/api/auth/code", request_body = CodeRequest, responses(
    (status = 200, body = CodeSent), (status = 400, body = portal_api::Problem), (status = 429, body = portal_api::Problem)
))]
pub async fn request_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<CodeRequest>,
) -> AppResult<Response> {
    let phone = Mobile::parse(&req.phone).map_err(|e| field("phone", e))?;
    let phone = phone.as_str();
    let now = state.clock.now();
    // Counted before anything is sent, atomically: a burst cannot slip under the limits.
    for (limit, key, why) in [
        (CODE_RESEND, phone, "wait before asking for another code"),
        (CODES_PER_PHONE, phone, "too many codes for this number this hour"),
        (CODES_PER_IP, ip.as_str(), "too many codes from this address this hour"),
    ] {
        if let Verdict::Refused { retry_after } = limits::hit(&state.db, limit, key, now).await? {
            return Ok(rate_limited(retry_after, why));
        }
    }
    let code = new_code();
    sqlx::query(
        "INSERT INTO login_codes (phone, code_hash, ip, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(phone)
    .bind(state.crypto.mac(&["code", phone, &code]))
    .bind(&ip)
    .bind(now)
    .bind(now + CODE_TTL_SECS)
    .execute(&state.db.pool)
    .await?;
    let text = format!("【民政便民服务】您的验证码是 {code}，5 分钟内有效。请勿告诉他人。");
    state.sms.send(phone, &text, now).await.map_err(|e| {
        tracing::error!("SMS sending failed: {e}");
        AppError::client(
            ErrorCode::Unavailable,
            "the text message could not be sent; try again shortly",
        )
    })?;
    Ok(axum::Json(CodeSent { resend_after_secs: CODE_RESEND_SECS, expires_in_secs: CODE_TTL_SECS })
        .into_response())
}

/// Checks a code; on success signs in (creating the account on first sign-in).
#[utoipa::path(post, path = "/api/auth/verify", request_body = VerifyRequest, responses(
    (status = 200, body = Me), (status = 400, body = portal_api::Problem)
))]
pub async fn verify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<VerifyRequest>,
) -> AppResult<Response> {
    let phone = Mobile::parse(&req.phone).map_err(|e| field("phone", e))?;
    let phone = phone.as_str();
    let code: String = req.code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::Validation(vec![FieldError {
            field: "code".into(),
            code: FieldCode::CodeFormat,
        }]));
    }
    let now = state.clock.now();
    if let Verdict::Refused { retry_after } =
        limits::hit(&state.db, VERIFIES_PER_IP, &ip, now).await?
    {
        return Ok(rate_limited(retry_after, "too many code checks from this address this hour"));
    }
    let row = super::db::latest_code(&state.db, phone).await?;
    let Some(row) = row.filter(|r| r.used_at.is_none() && r.expires_at >= now) else {
        return Err(AppError::client(ErrorCode::CodeExpired, "no valid code: ask for a new one"));
    };
    // The try is counted before the comparison, by a conditional update: however many checks
    // arrive at once, at most CODE_MAX_TRIES are compared.
    let counted: Option<(i64,)> = sqlx::query_as(
        "UPDATE login_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 AND used_at IS NULL          RETURNING attempts",
    )
    .bind(row.id)
    .bind(CODE_MAX_TRIES)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some((attempts,)) = counted else {
        return Err(AppError::client(
            ErrorCode::CodeTooManyTries,
            "too many wrong codes: ask for a new one",
        ));
    };
    if state.crypto.mac(&["code", phone, &code]) != row.code_hash {
        let code = if attempts >= CODE_MAX_TRIES {
            ErrorCode::CodeTooManyTries
        } else {
            ErrorCode::CodeWrong
        };
        return Err(AppError::client(code, "wrong code"));
    }
    let mut tx = state.db.pool.begin().await?;
    // Conditional update: a code can be used once, even by two racing requests.
    let used = sqlx::query("UPDATE login_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::client(ErrorCode::CodeExpired, "code already used"));
    }
    let account_id = super::db::account_for_phone(&mut tx, phone, now).await?;
    let (token, hash) = new_token();
    sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
        .bind(&hash)
        .bind(account_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let actor = mask(phone);
    let object = format!("account:{account_id}");
    audit::record(
        &mut *tx,
        now,
        Event {
            actor_id: Some(account_id),
            actor: &actor,
            action: "auth.sign_in",
            object: &object,
            ip: &ip,
        },
    )
    .await?;
    tx.commit().await?;
    let me = me_for(&state, account_id).await?;
    let mut res = axum::Json(me).into_response();
    let cookie = session_cookie(state.settings.cookie_secure, &token);
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    Ok(res)
}

pub(super) async fn me_for(state: &AppState, account_id: i64) -> AppResult<Me> {
    let a = super::db::account_by_id(&state.db, account_id)
        .await?
        .ok_or_else(|| AppError::not_found("no account"))?;
    Ok(Me {
        phone_masked: a.phone.as_deref().map(mask).unwrap_or_default(),
        real_name: a.real_name,
        id_masked: a.id_masked,
        roles: super::db::roles(&state.db, account_id).await?,
        verified_by: a.verified_by.as_deref().and_then(VerifiedBy::parse),
    })
}

#[utoipa::path(get, path = "/api/me", responses((status = 200, body = Me), (status = 401, body = portal_api::Problem)))]
pub async fn me(State(state): State<AppState>, Resident(s): Resident) -> AppResult<axum::Json<Me>> {
    Ok(axum::Json(me_for(&state, s.account_id).await?))
}

/// Who is signed in, if anyone: 200 with `null` for nobody, so the app can ask on every page
/// load without an error. (`GET /api/me` answers 401 instead, for API clients.)
#[utoipa::path(get, path = "/api/auth/session", responses((status = 200, body = Option<Me>)))]
pub async fn session(
    State(state): State<AppState>,
    mut parts: Parts,
) -> AppResult<axum::Json<Option<Me>>> {
    use axum::extract::FromRequestParts;
    match super::auth::Session::from_request_parts(&mut parts, &state).await {
        Ok(s) => Ok(axum::Json(Some(me_for(&state, s.account_id).await?))),
        Err(AppError::Client { code: ErrorCode::Unauthenticated, .. }) => Ok(axum::Json(None)),
        Err(e) => Err(e),
    }
}

#[utoipa::path(post, path = "/api/auth/sign-out", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, Resident(s): Resident) -> AppResult<Response> {
    let now = state.clock.now();
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(&s.token_hash)
        .execute(&state.db.pool)
        .await?;
    signed_out(&state)
}

#[utoipa::path(post, path = "/api/auth/sign-out-everywhere", responses((status = 204)))]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<Response> {
    let now = state.clock.now();
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(s.account_id)
        .execute(&state.db.pool)
        .await?;
    own_action(&state.db.pool, now, &s, "auth.sign_out_everywhere").await?;
    signed_out(&state)
}

/// Audits something the signed-in person did to their own account.
pub(super) async fn own_action<'e, E>(
    db: E,
    now: i64,
    s: &super::auth::Session,
    action: &str,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let object = format!("account:{}", s.account_id);
    let actor = s.actor();
    audit::record(
        db,
        now,
        Event { actor_id: Some(s.account_id), actor: &actor, action, object: &object, ip: &s.ip },
    )
    .await
}

fn signed_out(state: &AppState) -> AppResult<Response> {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let cookie = clear_cookie(state.settings.cookie_secure);
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    Ok(res)
}

/// Everything held about the signed-in resident, as a JSON download.
#[utoipa::path(get, path = "/api/me/data", responses((status = 200, body = MyData)))]
pub async fn my_data(State(state): State<AppState>, Resident(s): Resident) -> AppResult<Response> {
    let a = super::db::account_by_id(&state.db, s.account_id)
        .await?
        .ok_or_else(|| AppError::not_found("no account"))?;
    let sessions: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT token_hash, created_at, last_seen_at FROM sessions WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at",
    )
    .bind(s.account_id)
    .fetch_all(&state.db.pool)
    .await?;
    let data = MyData {
        phone: a.phone.unwrap_or_default(),
        real_name: a.real_name,
        id_number: a.id_cipher.as_deref().and_then(|c| state.crypto.decrypt(c)),
        created_at: a.created_at,
        roles: super::db::roles(&state.db, s.account_id).await?,
        sessions: sessions
            .into_iter()
            .map(|(h, created_at, last_seen_at)| SessionInfo {
                created_at,
                last_seen_at,
                current: h == s.token_hash,
            })
            .collect(),
        audit: audit::page(&state.db, None, None, Some(s.account_id), 1000).await?,
        bookings: crate::booking::resident::views_of(&state, s.account_id, None).await?,
    };
    let mut res = axum::Json(data).into_response();
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"my-data.json\""),
    );
    Ok(res)
}

/// Deletes the account (PIPL art. 47): bookings and holds that have not happened are cancelled
/// (places and the partner's lock freed, the partner told), volunteer sign-ups for shifts not
/// started are withdrawn (places to the waitlist), sign-in codes and text messages to
/// the number are purged, personal data is erased and sessions end, all in one transaction.
/// Records the law requires to be kept (past registrations, verified volunteer hours) stay,
/// detached from the account. Rate-limit counters keyed by the number are kept until their
/// window ends (at most two days), so deleting cannot be used to reset them.
#[utoipa::path(delete, path = "/api/me", responses((status = 204)))]
pub async fn delete_me(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<Response> {
    let now = state.clock.now();
    // Read before the transaction: never a second pooled connection while holding one.
    let phone = super::db::account_by_id(&state.db, s.account_id).await?.and_then(|a| a.phone);
    let (gate, mut tx) = state.db.begin_exclusive("account-delete").await?;
    let cancelled = crate::booking::erase::cancel_all_of(&mut tx, s.account_id, now).await?;
    crate::volunteering::volunteer::withdraw_all_of(&mut tx, s.account_id, now).await?;
    if let Some(phone) = &phone {
        for table in ["login_codes", "sms_outbox", "sms_queue"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE phone = $1"))
                .bind(phone)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query(
        "UPDATE accounts SET phone = NULL, real_name = NULL, id_cipher = NULL, id_hmac = NULL, id_masked = NULL, deleted_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(s.account_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM roles WHERE account_id = $1")
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    for id in cancelled {
        let object = format!("booking:{id}");
        let actor = s.actor();
        let event = Event {
            actor_id: Some(s.account_id),
            actor: &actor,
            action: "booking.cancelled_with_account",
            object: &object,
            ip: &s.ip,
        };
        audit::record(&mut *tx, now, event).await?;
    }
    own_action(&mut *tx, now, &s, "account.deleted").await?;
    tx.commit().await?;
    drop(gate);
    crate::outbox::deliver_now(&state).await;
    signed_out(&state)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub before: Option<i64>,
    pub action: Option<String>,
    pub limit: Option<i64>,
}

/// The audit log, newest first, for administrators.
#[utoipa::path(get, path = "/api/admin/audit", params(AuditQuery), responses(
    (status = 200, body = AuditPage), (status = 401, body = portal_api::Problem), (status = 403, body = portal_api::Problem)
))]
pub async fn audit_log(
    State(state): State<AppState>,
    admin: Admin,
    Query(q): Query<AuditQuery>,
) -> AppResult<axum::Json<AuditPage>> {
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let action = q.action.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let entries = audit::page(&state.db, q.before, action, None, limit).await?;
    let next_before =
        (entries.len() as i64 == limit).then(|| entries.last().map(|e| e.id)).flatten();
    let now = state.clock.now();
    audit::record(
        &state.db.pool,
        now,
        Event {
            actor_id: Some(admin.session.account_id),
            actor: &admin.session.actor(),
            action: "admin.audit_viewed",
            object: "audit_log",
            ip: &admin.session.ip,
        },
    )
    .await?;
    Ok(axum::Json(AuditPage { entries, next_before }))
}

#[derive(Debug, Deserialize)]
pub struct OutboxQuery {
    pub phone: String,
}

/// Dev/test only (`--dev`): the latest text sent to a number, as a phone would show it.
pub async fn dev_outbox(
    State(state): State<AppState>,
    Query(q): Query<OutboxQuery>,
) -> AppResult<axum::Json<serde_json::Value>> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT body, created_at FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(&q.phone)
    .fetch_optional(&state.db.pool)
    .await?;
    let (body, at) = row.ok_or_else(|| AppError::not_found("no message for this number"))?;
    Ok(axum::Json(serde_json::json!({ "phone": q.phone, "body": body, "at": at })))
}

#[derive(Debug, Deserialize)]
pub struct ClockAdvance {
    pub advance_secs: i64,
}

/// Dev/test only (`--dev`): moves the server's clock forward, for browser tests that cross
/// the divorce cooling-off period.
pub async fn dev_clock(
    State(state): State<AppState>,
    Json(req): Json<ClockAdvance>,
) -> AppResult<axum::Json<serde_json::Value>> {
    // At most ten years at a time, so the clock can never overflow.
    if !(0..=10 * 366 * 86_400).contains(&req.advance_secs) {
        return Err(AppError::Validation(vec![FieldError {
            field: "advance_secs".into(),
            code: FieldCode::Range,
        }]));
    }
    if !state.clock.advance_by(req.advance_secs) {
        return Err(AppError::client(ErrorCode::Forbidden, "this clock cannot be moved"));
    }
    Ok(axum::Json(serde_json::json!({ "now": state.clock.now() })))
}
