//! An organiser (role `organiser`, bound to one or more organisations) keeps the
//! organisation's profile and its activities and shifts. Every route checks that the
//! organisation is theirs; every change goes to the audit log.

use super::checks::{self, audit, field, finish, list, text};
use super::{db, notify, public};
use crate::AppState;
use crate::account::auth::Organiser;
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::extract::Path;
use crate::extract::Query;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_api::ids::CreditCode;
use portal_api::volunteering::{
    ActivityPage, ActivityRequest, ActivityView, CertificateLine, DEFAULT_POINTS_PER_HOUR,
    OrganisationRequest, OrganisationView, RevokeRequest, ShiftRequest, ShiftView, SignupStatus,
    parse_certificate_code, shift_instants,
};
use portal_api::{FieldCode, FieldError, Problem};
use serde::Deserialize;

/// The organisation's profile (404 until the organiser has saved one).
#[utoipa::path(get, path = "/api/volunteering/orgs/{code}", tag = "organiser",
    params(("code" = String, Path)),
    responses((status = 200, body = OrganisationView), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn org(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(code): Path<String>,
) -> AppResult<axum::Json<OrganisationView>> {
    organiser.require(&code)?;
    let row = db::org(&state.db.pool, &code)
        .await?
        .ok_or_else(|| AppError::not_found("no profile yet"))?;
    Ok(axum::Json(row.view()))
}

/// Saves the organisation's profile; the unified social credit code is checked (GB 32100).
#[utoipa::path(put, path = "/api/volunteering/orgs/{code}", tag = "organiser",
    params(("code" = String, Path)), request_body = OrganisationRequest,
    responses((status = 200, body = OrganisationView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn save_org(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(code): Path<String>,
    Json(req): Json<OrganisationRequest>,
) -> AppResult<axum::Json<OrganisationView>> {
    organiser.require(&code)?;
    let mut errors = Vec::new();
    text(&mut errors, "name", &req.name, true, 80);
    text(&mut errors, "contact", &req.contact, true, 80);
    let credit = CreditCode::parse(&req.credit_code);
    if let Err(e) = &credit {
        errors.push(FieldError { field: "credit_code".into(), code: e.code() });
    }
    if !checks::known_region(&state, &req.district).await? {
        errors.push(FieldError { field: "district".into(), code: FieldCode::Invalid });
    }
    finish(errors)?;
    let credit = credit.map_err(|_| field("credit_code", FieldCode::Invalid))?;
    let mut tx = state.db.pool.begin().await?;
    db::upsert_org(&mut *tx, &code, &req, credit.as_str(), state.clock.now()).await?;
    audit(&mut *tx, &state, &organiser, "volunteering.org_saved", &format!("org:{code}")).await?;
    tx.commit().await?;
    let row = db::org(&state.db.pool, &code)
        .await?
        .ok_or_else(|| AppError::Internal("org vanished".into()))?;
    Ok(axum::Json(row.view()))
}

/// `GET /api/volunteering/orgs/{code}/activities`: the page after the one whose `next` it is.
#[derive(Debug, Default, Deserialize)]
pub struct OrgActivitiesQuery {
    #[serde(default)]
    pub before: Option<i64>,
}

/// The organisation's activities, newest first, a page at a time, each with its shifts from a
/// year ago on (cancelled ones too); `before` asks for the page after the one whose `next` it is.
#[utoipa::path(get, path = "/api/volunteering/orgs/{code}/activities", tag = "organiser",
    params(("code" = String, Path),
        ("before" = Option<i64>, Query, minimum = 1, description = "the previous page's `next`")),
    responses((status = 200, body = ActivityPage), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn activities(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(code): Path<String>,
    Query(q): Query<OrgActivitiesQuery>,
) -> AppResult<axum::Json<ActivityPage>> {
    organiser.require(&code)?;
    Ok(axum::Json(public::org_activities(&state, &code, q.before).await?))
}

async fn validate_activity(state: &AppState, req: &ActivityRequest) -> AppResult<u32> {
    let mut errors = Vec::new();
    text(&mut errors, "title", &req.title, true, 80);
    text(&mut errors, "description", &req.description, false, 2000);
    text(&mut errors, "address", &req.address, true, 120);
    text(&mut errors, "bring", &req.bring, false, 300);
    list(&mut errors, "skills", &req.skills);
    if req.min_age.is_some_and(|a| !(8..=100).contains(&a)) {
        errors.push(FieldError { field: "min_age".into(), code: FieldCode::Range });
    }
    let rate = req.points_per_hour.unwrap_or(DEFAULT_POINTS_PER_HOUR);
    if !(0..=20).contains(&rate) {
        errors.push(FieldError { field: "points_per_hour".into(), code: FieldCode::Range });
    }
    if !checks::known_region(state, &req.district).await? {
        errors.push(FieldError { field: "district".into(), code: FieldCode::Invalid });
    }
    finish(errors)?;
    Ok(rate)
}

async fn activity_view(state: &AppState, id: i64) -> AppResult<ActivityView> {
    let a = db::activity(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such activity"))?;
    let shifts = db::shifts_of(&state.db.pool, id).await?.iter().map(db::ShiftRow::view).collect();
    Ok(a.view(shifts))
}

/// Creates an activity (the organisation's profile must exist).
#[utoipa::path(post, path = "/api/volunteering/orgs/{code}/activities", tag = "organiser",
    params(("code" = String, Path)), request_body = ActivityRequest,
    responses((status = 201, body = ActivityView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn create_activity(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(code): Path<String>,
    Json(req): Json<ActivityRequest>,
) -> AppResult<Response> {
    organiser.require(&code)?;
    db::org(&state.db.pool, &code)
        .await?
        .ok_or_else(|| AppError::not_found("save the organisation's profile first"))?;
    let rate = validate_activity(&state, &req).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let id = db::insert_activity(&mut *tx, &code, &req, rate, false, now).await?;
    audit(&mut *tx, &state, &organiser, "volunteering.activity_created", &format!("activity:{id}"))
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(activity_view(&state, id).await?)).into_response())
}

/// Edits an activity of the organiser's organisation.
#[utoipa::path(put, path = "/api/volunteering/activities/{id}", tag = "organiser",
    params(("id" = i64, Path)), request_body = ActivityRequest,
    responses((status = 200, body = ActivityView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn edit_activity(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
    Json(req): Json<ActivityRequest>,
) -> AppResult<axum::Json<ActivityView>> {
    checks::own_activity(&state, &organiser, id).await?;
    let rate = validate_activity(&state, &req).await?;
    let mut tx = state.db.pool.begin().await?;
    db::update_activity(&mut *tx, id, &req, rate, state.clock.now()).await?;
    audit(&mut *tx, &state, &organiser, "volunteering.activity_edited", &format!("activity:{id}"))
        .await?;
    tx.commit().await?;
    Ok(axum::Json(activity_view(&state, id).await?))
}

/// Adds a shift: a day from today on, start and end minutes (an end at or before the start
/// is the next morning), 1 to 500 places.
#[utoipa::path(post, path = "/api/volunteering/activities/{id}/shifts", tag = "organiser",
    params(("id" = i64, Path)), request_body = ShiftRequest,
    responses((status = 201, body = ShiftView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn add_shift(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
    Json(req): Json<ShiftRequest>,
) -> AppResult<Response> {
    checks::own_activity(&state, &organiser, id).await?;
    let mut errors = Vec::new();
    let today = state.office_today();
    if req.day < today || today.days_until(req.day) > 366 {
        errors.push(FieldError { field: "day".into(), code: FieldCode::OutOfWindow });
    }
    for (name, m) in [("start_min", req.start_min), ("end_min", req.end_min)] {
        if m >= 24 * 60 {
            errors.push(FieldError { field: name.into(), code: FieldCode::Range });
        }
    }
    if req.start_min == req.end_min {
        errors.push(FieldError { field: "end_min".into(), code: FieldCode::Range });
    }
    if !(1..=portal_api::volunteering::MAX_SHIFT_PLACES).contains(&req.capacity) {
        errors.push(FieldError { field: "capacity".into(), code: FieldCode::Range });
    }
    finish(errors)?;
    let (starts_at, ends_at) = shift_instants(req.day, req.start_min, req.end_min);
    let secret = crate::crypto::new_token().0;
    let shift = db::NewShift {
        activity_id: id,
        day: req.day,
        start_min: req.start_min,
        end_min: req.end_min,
        starts_at,
        ends_at,
        capacity: req.capacity,
        secret: &secret,
    };
    let mut tx = state.db.pool.begin().await?;
    let shift_id = db::insert_shift(&mut *tx, &shift).await?;
    audit(&mut *tx, &state, &organiser, "volunteering.shift_added", &format!("shift:{shift_id}"))
        .await?;
    tx.commit().await?;
    let row = db::shift(&state.db.pool, shift_id)
        .await?
        .ok_or_else(|| AppError::Internal("shift vanished".into()))?;
    Ok((StatusCode::CREATED, axum::Json(row.view())).into_response())
}

/// Cancels a shift that has not ended; everyone signed up or waiting is told by text.
#[utoipa::path(post, path = "/api/volunteering/shifts/{id}/cancel", tag = "organiser",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel_shift(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let (shift, activity) = checks::own_shift(&state, &organiser, id).await?;
    let now = state.clock.now();
    if shift.ends_at <= now {
        return Err(checks::client(portal_api::ErrorCode::ShiftClosed, "the shift is over"));
    }
    let when = db::when_text(shift.day, shift.start_min);
    let mut tx = state.db.pool.begin().await?;
    if !db::cancel_shift(&mut *tx, id, now).await? {
        tx.rollback().await?;
        return Err(checks::client(portal_api::ErrorCode::ShiftClosed, "already cancelled"));
    }
    for (signup, account) in db::live_signups(&mut *tx, id).await? {
        for from in [SignupStatus::SignedUp, SignupStatus::Waitlisted] {
            db::move_status(&mut *tx, signup, from, SignupStatus::Cancelled, now).await?;
        }
        notify::tell(&mut tx, account, notify::Note::Cancelled, &activity.title, &when, now)
            .await?;
    }
    audit(&mut *tx, &state, &organiser, "volunteering.shift_cancelled", &format!("shift:{id}"))
        .await?;
    tx.commit().await?;
    crate::outbox::deliver_now(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes a certificate (谁记录谁证明: the organisation that certified it revokes it). One
/// organisation's certificate: its organiser; a certificate over every organisation: the
/// organiser of an organisation with a line in it. A reason is required; the verify view then
/// says revoked, with the day. Revoking twice is a conflict.
#[utoipa::path(post, path = "/api/volunteering/certificates/{code}/revoke", tag = "organiser",
    params(("code" = String, Path)), request_body = RevokeRequest,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn revoke_certificate(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(code): Path<String>,
    Json(req): Json<RevokeRequest>,
) -> AppResult<StatusCode> {
    let c = match parse_certificate_code(&code) {
        Some(code) => db::certificate(&state.db.pool, &code).await?,
        None => None,
    }
    .ok_or_else(|| AppError::not_found("no certificate with this code"))?;
    match &c.org_code {
        Some(org) => organiser.require(org)?,
        None => {
            let lines: Vec<CertificateLine> = serde_json::from_str(&c.lines).unwrap_or_default();
            if !lines.iter().any(|l| organiser.covers(&l.org_code)) {
                return Err(AppError::client(
                    portal_api::ErrorCode::Forbidden,
                    "none of this certificate's records are your organisation's",
                ));
            }
        }
    }
    let reason = checks::reason(Some(&req.reason))?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let by = organiser.session.account_id;
    if !db::revoke_certificate(&mut *tx, &c.code, by, &reason, state.office_today(), now).await? {
        tx.rollback().await?;
        return Err(checks::client(portal_api::ErrorCode::Conflict, "already revoked"));
    }
    let object = format!("certificate:{}", c.code);
    audit(&mut *tx, &state, &organiser, "volunteering.certificate_revoked", &object).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
