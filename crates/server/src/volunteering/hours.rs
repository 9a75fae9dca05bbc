//! The organiser's side of hours: the shift's list with proposals, the rotating code, checking
//! people in and out, approving or adjusting hours (one by one or all at once; nobody decides
//! their own), answering correction requests, and the CSV export. Each decision appends a
//! record version; a concurrent second decision is refused by the version's unique index.

use super::checks::{self, audit, client};
use super::db;
use super::volunteer::{Mark, mark_signup};
use crate::AppState;
use crate::account::auth::Organiser;
use crate::error::{AppError, AppResult, Constraint, violated};
use crate::extract::Path;
use crate::extract::{Json, Query};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_api::ids::{Date, mask};
use portal_api::volunteering::{
    CheckInCode, CorrectionAnswer, CorrectionStatus, CorrectionView, DecisionRequest, HourDecision,
    RecordStatus, RecordView, RosterEntry, code_rotates_at, hours_text, points, propose_hours,
    shift_half_hours,
};
use portal_api::{ErrorCode, FieldCode, Problem};

/// The people on a shift (places first, then the waitlist) with proposed hours and records.
#[utoipa::path(get, path = "/api/volunteering/shifts/{id}/roster", tag = "organiser",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RosterEntry>), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn roster(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
) -> AppResult<axum::Json<Vec<RosterEntry>>> {
    let (shift, _) = checks::own_shift(&state, &organiser, id).await?;
    Ok(axum::Json(roster_of(&state, &shift).await?))
}

async fn roster_of(state: &AppState, shift: &db::ShiftRow) -> AppResult<Vec<RosterEntry>> {
    let records = db::records_of_shift(&state.db.pool, shift.id).await?;
    let rows = db::roster(&state.db.pool, shift.id).await?;
    Ok(rows
        .into_iter()
        .map(|r| RosterEntry {
            signup_id: r.id,
            name: r.name.unwrap_or_default(),
            masked_phone: mask(r.phone.as_deref().unwrap_or("")),
            status: r.status,
            checked_in_at: r.checked_in_at,
            checked_out_at: r.checked_out_at,
            proposal: propose_hours(
                shift.starts_at,
                shift.ends_at,
                r.checked_in_at,
                r.checked_out_at,
            ),
            record: records.iter().find(|x| x.signup_id == r.id).map(db::RecordRow::view),
        })
        .collect())
}

/// The rotating check-in code to show on the organiser's phone (and its QR).
#[utoipa::path(get, path = "/api/volunteering/shifts/{id}/code", tag = "organiser",
    params(("id" = i64, Path)),
    responses((status = 200, body = CheckInCode), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn code(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
) -> AppResult<axum::Json<CheckInCode>> {
    let (shift, _) = checks::own_shift(&state, &organiser, id).await?;
    let now = state.clock.now();
    Ok(axum::Json(CheckInCode {
        code: checks::current_code(&shift.secret, now),
        rotates_at: code_rotates_at(now),
        now,
    }))
}

/// A sign-up on one of the organiser's shifts.
async fn own_signup(
    state: &AppState,
    organiser: &Organiser,
    id: i64,
) -> AppResult<(db::SignupRow, db::ShiftRow, db::ActivityRow)> {
    let g = db::signup(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such sign-up"))?;
    let (shift, activity) = checks::own_shift(state, organiser, g.shift_id).await?;
    Ok((g, shift, activity))
}

async fn mark(state: AppState, organiser: Organiser, id: i64, m: Mark) -> AppResult<StatusCode> {
    let (g, shift, _) = own_signup(&state, &organiser, id).await?;
    if g.status != portal_api::volunteering::SignupStatus::SignedUp {
        return Err(client(ErrorCode::Conflict, "this person has no place on the shift"));
    }
    if !portal_api::volunteering::in_check_window(state.clock.now(), shift.starts_at, shift.ends_at)
    {
        return Err(client(ErrorCode::OutsideCheckWindow, "check-in is not open now"));
    }
    mark_signup(&state, &g, &shift, m, Some(organiser.session.account_id)).await?;
    let action = if m == Mark::In { "volunteering.checked_in" } else { "volunteering.checked_out" };
    audit(&state.db.pool, &state, &organiser, action, &format!("signup:{id}")).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organiser checks someone in from the list.
#[utoipa::path(post, path = "/api/volunteering/signups/{id}/check-in", tag = "organiser",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn check_in(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    mark(state, organiser, id, Mark::In).await
}

/// The organiser checks someone out from the list.
#[utoipa::path(post, path = "/api/volunteering/signups/{id}/check-out", tag = "organiser",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn check_out(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    mark(state, organiser, id, Mark::Out).await
}

/// Appends the decided version of one sign-up's record.
async fn decide_one(
    state: &AppState,
    organiser: &Organiser,
    id: i64,
    req: &DecisionRequest,
    answers: Option<i64>,
) -> AppResult<RecordView> {
    let (g, shift, activity) = own_signup(state, organiser, id).await?;
    if g.account_id == organiser.session.account_id {
        return Err(client(ErrorCode::OwnHours, "nobody decides their own hours"));
    }
    let current = db::current_record(&state.db.pool, id).await?;
    let proposal = propose_hours(shift.starts_at, shift.ends_at, g.checked_in_at, g.checked_out_at);
    let max = shift_half_hours(shift.starts_at, shift.ends_at);
    let (half_hours, status, reason) = match req.decision {
        HourDecision::Approve => {
            if current.as_ref().is_some_and(|c| c.status != RecordStatus::Pending) {
                return Err(client(ErrorCode::AlreadyDecided, "already decided"));
            }
            if current.is_none() && proposal.flag.is_some() {
                return Err(client(ErrorCode::NotCheckedIn, "no check-in and check-out to go by"));
            }
            let h = current.as_ref().map(|c| c.half_hours as u32).unwrap_or(proposal.half_hours);
            (h, RecordStatus::Verified, None)
        }
        HourDecision::Adjust | HourDecision::Reject => {
            let reason = checks::reason(req.reason.as_deref())?;
            let h = if req.decision == HourDecision::Reject {
                0
            } else {
                req.half_hours.ok_or_else(|| checks::field("half_hours", FieldCode::Required))?
            };
            if h > max {
                return Err(checks::field("half_hours", FieldCode::Hours));
            }
            let status = if req.decision == HourDecision::Reject {
                RecordStatus::Rejected
            } else {
                RecordStatus::Corrected
            };
            (h, status, Some(reason))
        }
    };
    let now = state.clock.now();
    let version = current.as_ref().map(|c| c.version + 1).unwrap_or(1);
    let record = db::NewRecord {
        signup_id: id,
        version,
        account_id: g.account_id,
        org_code: &activity.org_code,
        half_hours,
        status,
        reason: reason.as_deref(),
        points: points(half_hours, activity.points_per_hour as u32),
        actor_id: Some(organiser.session.account_id),
        now,
        reported: false,
    };
    let mut tx = state.db.pool.begin().await?;
    // Accepting a correction answers it in the same transaction as the new version.
    if let Some(correction) = answers {
        let status = CorrectionStatus::Accepted;
        if !db::answer_correction(
            &mut *tx,
            correction,
            status,
            reason.as_deref().unwrap_or(""),
            now,
        )
        .await?
        {
            tx.rollback().await?;
            return Err(client(ErrorCode::AlreadyDecided, "already answered"));
        }
    }
    if let Err(e) = db::insert_record(&mut *tx, &record).await {
        tx.rollback().await?;
        return Err(if violated(&e) == Some(Constraint::VolunteerRecordVersion) {
            client(ErrorCode::AlreadyDecided, "decided meanwhile by someone else")
        } else {
            e.into()
        });
    }
    let object = format!("signup:{id} v{version} {} {}h", status.as_str(), hours_text(half_hours));
    audit(&mut *tx, state, organiser, "volunteering.hours_decided", &object).await?;
    tx.commit().await?;
    db::current_record(&state.db.pool, id)
        .await?
        .map(|r| r.view())
        .ok_or_else(|| AppError::Internal("record vanished".into()))
}

/// Approves, adjusts (hours and a reason) or rejects (a reason) one sign-up's hours.
#[utoipa::path(post, path = "/api/volunteering/signups/{id}/hours", tag = "organiser",
    params(("id" = i64, Path)), request_body = DecisionRequest,
    responses((status = 200, body = RecordView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn decide(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
    Json(req): Json<DecisionRequest>,
) -> AppResult<axum::Json<RecordView>> {
    Ok(axum::Json(decide_one(&state, &organiser, id, &req, None).await?))
}

/// Approves every pending record of a shift (flagged, self-reported and already decided ones
/// are left for one-by-one decisions); answers with the updated list.
#[utoipa::path(post, path = "/api/volunteering/shifts/{id}/approve-all", tag = "organiser",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RosterEntry>), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn approve_all(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
) -> AppResult<axum::Json<Vec<RosterEntry>>> {
    let (shift, _) = checks::own_shift(&state, &organiser, id).await?;
    let approve =
        DecisionRequest { decision: HourDecision::Approve, half_hours: None, reason: None };
    for entry in roster_of(&state, &shift).await? {
        let pending = entry
            .record
            .as_ref()
            .is_some_and(|r| r.status == RecordStatus::Pending && !r.self_reported);
        if pending {
            match decide_one(&state, &organiser, entry.signup_id, &approve, None).await {
                Ok(_) => {}
                // Someone decided it meanwhile, or it is the organiser's own: leave it.
                Err(AppError::Client {
                    code: ErrorCode::AlreadyDecided | ErrorCode::OwnHours,
                    ..
                }) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(axum::Json(roster_of(&state, &shift).await?))
}

/// Correction requests about the organisation's records: the open ones first, longest waiting
/// first (however many answered ones are newer), then the answered ones, newest request first;
/// 200 in all.
#[utoipa::path(get, path = "/api/volunteering/orgs/{code}/corrections", tag = "organiser",
    params(("code" = String, Path)),
    responses((status = 200, body = Vec<CorrectionView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn corrections(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(code): Path<String>,
) -> AppResult<axum::Json<Vec<CorrectionView>>> {
    organiser.require(&code)?;
    let mut out = Vec::new();
    // One query: each request comes with its record's current hours.
    for c in db::corrections_of_org(&state.db.pool, &code).await? {
        out.push(CorrectionView {
            id: c.id,
            signup_id: c.signup_id,
            name: c.name.unwrap_or_default(),
            activity_title: c.activity_title,
            recorded_half_hours: c.recorded_half_hours as u32,
            asked_half_hours: c.half_hours as u32,
            reason: c.reason,
            status: c.status,
            answer: c.answer,
        });
    }
    Ok(axum::Json(out))
}

/// Answers a correction request with a reason; accepting writes a corrected record version.
#[utoipa::path(post, path = "/api/volunteering/corrections/{id}", tag = "organiser",
    params(("id" = i64, Path)), request_body = CorrectionAnswer,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn answer(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
    Json(req): Json<CorrectionAnswer>,
) -> AppResult<StatusCode> {
    let c = db::correction(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such request"))?;
    organiser.require(&c.org_code)?;
    let reason = checks::reason(Some(&req.reason))?;
    if c.status != CorrectionStatus::Open {
        return Err(client(ErrorCode::AlreadyDecided, "already answered"));
    }
    if req.accept {
        let adjust = DecisionRequest {
            decision: HourDecision::Adjust,
            half_hours: Some(c.half_hours as u32),
            reason: Some(reason.clone()),
        };
        decide_one(&state, &organiser, c.signup_id, &adjust, Some(id)).await?;
        let object = format!("correction:{id} accepted");
        audit(&state.db.pool, &state, &organiser, "volunteering.correction_answered", &object)
            .await?;
        return Ok(StatusCode::NO_CONTENT);
    }
    let status = CorrectionStatus::Declined;
    let mut tx = state.db.pool.begin().await?;
    if !db::answer_correction(&mut *tx, id, status, &reason, state.clock.now()).await? {
        tx.rollback().await?;
        return Err(client(ErrorCode::AlreadyDecided, "already answered"));
    }
    let object = format!("correction:{id} declined");
    audit(&mut *tx, &state, &organiser, "volunteering.correction_answered", &object).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize)]
pub struct PeriodQuery {
    pub from: Date,
    pub to: Date,
}

/// The records as CSV for a spreadsheet (`spreadsheet::csv_file`): the reason column holds
/// what volunteers typed.
pub fn hours_csv(rows: &[db::RecordRow]) -> Result<String, csv::Error> {
    let header = ["day", "activity", "volunteer", "hours", "status", "version", "reason", "points"];
    let rows = rows.iter().map(|r| {
        [
            r.day.to_string(),
            r.activity_title.clone(),
            r.volunteer_name.clone().unwrap_or_default(),
            hours_text(r.half_hours as u32),
            r.status.as_str().to_owned(),
            r.version.to_string(),
            r.reason.clone().unwrap_or_default(),
            r.points.to_string(),
        ]
    });
    crate::spreadsheet::csv_file(&header, rows)
}

/// The organisation's hours for a period as CSV (current record versions).
#[utoipa::path(get, path = "/api/volunteering/orgs/{code}/hours.csv", tag = "organiser",
    params(("code" = String, Path), ("from" = String, Query, format = Date), ("to" = String, Query, format = Date)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn csv_export(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    organiser.require(&code)?;
    let rows = db::records_of_org(&state.db.pool, &code, q.from, q.to).await?;
    let body = hours_csv(&rows).map_err(|e| AppError::Internal(e.to_string()))?;
    audit(
        &state.db.pool,
        &state,
        &organiser,
        "volunteering.hours_exported",
        &format!("org:{code} {}..{}", q.from, q.to),
    )
    .await?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{code}-hours-{}-{}.csv\"",
        q.from, q.to
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// The current code as a QR code (SVG) leading to the volunteer's check-in page with the code
/// filled in.
#[utoipa::path(get, path = "/api/volunteering/shifts/{id}/code.svg", tag = "organiser",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn code_qr(
    State(state): State<AppState>,
    organiser: Organiser,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let (shift, _) = checks::own_shift(&state, &organiser, id).await?;
    let code = checks::current_code(&shift.secret, state.clock.now());
    let url =
        checks::site_url(&state, &headers, &format!("/volunteering/check-in/{id}?code={code}"));
    let mut res = super::public::svg(&url)?;
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
