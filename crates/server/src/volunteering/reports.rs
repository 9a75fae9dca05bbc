//! A volunteer reports hours for a shift they worked without checking in and out (the phone
//! was flat, the organiser forgot the list). The report is the record's first version, pending
//! and marked as reported: it counts for nothing until the organiser approves, adjusts or
//! rejects it one by one ("approve all" leaves it alone).

use super::checks::{client, field, finish, text};
use super::db;
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult, Constraint, violated};
use crate::extract::Json;
use crate::extract::Path;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_api::volunteering::{
    CHECK_OUT_LATE_SECS, RecordStatus, RecordView, SelfReportRequest, SignupStatus, points,
    shift_half_hours,
};
use portal_api::{ErrorCode, FieldCode, Problem};

/// Reports are taken up to 30 days after the shift (records are to be timely).
pub const REPORT_WITHIN_SECS: i64 = 30 * 86_400;

/// Whether the volunteer may report hours for this sign-up now (the app shows the form then).
pub async fn may_report(
    state: &AppState,
    g: &db::MySignupRow,
    shift: &db::ShiftRow,
) -> AppResult<bool> {
    let now = state.clock.now();
    let open = g.status == SignupStatus::SignedUp
        && g.checked_out_at.is_none()
        && shift.cancelled_at.is_none()
        && now > shift.ends_at + CHECK_OUT_LATE_SECS
        && now <= shift.ends_at + REPORT_WITHIN_SECS;
    Ok(open && db::current_record(&state.db.pool, g.id).await?.is_none())
}

/// Reports hours for one of the volunteer's shifts: after check-out has closed (two hours
/// after the end), within 30 days, with no record yet, at most the shift's length, with a note.
#[utoipa::path(post, path = "/api/volunteering/signups/{id}/report", tag = "volunteering",
    params(("id" = i64, Path)), request_body = SelfReportRequest,
    responses((status = 201, body = RecordView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
    Json(req): Json<SelfReportRequest>,
) -> AppResult<Response> {
    let g = db::signup(&state.db.pool, id)
        .await?
        .filter(|g| g.account_id == s.account_id)
        .ok_or_else(|| AppError::not_found("no such sign-up"))?;
    if g.status != SignupStatus::SignedUp {
        return Err(client(ErrorCode::Conflict, "this sign-up had no place on the shift"));
    }
    let shift = db::shift(&state.db.pool, g.shift_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such shift"))?;
    let activity = db::activity(&state.db.pool, shift.activity_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such activity"))?;
    if shift.cancelled_at.is_some() {
        return Err(client(ErrorCode::ShiftClosed, "the shift was cancelled"));
    }
    let now = state.clock.now();
    if now <= shift.ends_at + CHECK_OUT_LATE_SECS {
        return Err(field("shift", FieldCode::TooEarly));
    }
    if now > shift.ends_at + REPORT_WITHIN_SECS {
        return Err(field("shift", FieldCode::Range));
    }
    let mut errors = Vec::new();
    text(&mut errors, "note", &req.note, true, 500);
    finish(errors)?;
    if req.half_hours == 0 {
        return Err(field("half_hours", FieldCode::Required));
    }
    if req.half_hours > shift_half_hours(shift.starts_at, shift.ends_at) {
        return Err(field("half_hours", FieldCode::Hours));
    }
    if db::current_record(&state.db.pool, id).await?.is_some() {
        return Err(client(ErrorCode::Conflict, "there is a record already: ask for a correction"));
    }
    let record = db::NewRecord {
        signup_id: id,
        version: 1,
        account_id: s.account_id,
        org_code: &activity.org_code,
        half_hours: req.half_hours,
        status: RecordStatus::Pending,
        reason: Some(req.note.trim()),
        points: points(req.half_hours, activity.points_per_hour as u32),
        actor_id: Some(s.account_id),
        now,
        reported: true,
    };
    match db::insert_record(&state.db.pool, &record).await {
        Ok(()) => {}
        Err(e) if violated(&e) == Some(Constraint::VolunteerRecordVersion) => {
            return Err(client(ErrorCode::Conflict, "there is a record already"));
        }
        Err(e) => return Err(e.into()),
    }
    let view = db::current_record(&state.db.pool, id)
        .await?
        .map(|r| r.view())
        .ok_or_else(|| AppError::Internal("record vanished".into()))?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}
