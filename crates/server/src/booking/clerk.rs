//! A registry clerk, for the offices they belong to: the day's bookings (masked), as CSV for
//! a spreadsheet, marking couples arrived, completed or absent, and closing a day.

use super::checks::field;
use super::{db, notify};
use crate::AppState;
use crate::account::auth::Clerk;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::extract::{Json, Query};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_api::booking::{
    BookingStatus, ClerkMark, ClosureRequest, DayListEntry, DayQuery, StatusRequest, format_minute,
};
use portal_api::ids::Date;
use portal_api::{ErrorCode, FieldCode, Problem};

pub async fn day_list(state: &AppState, office: &str, day: Date) -> AppResult<Vec<DayListEntry>> {
    let rows = db::day_rows(&mut *state.db.pool.acquire().await?, office, day).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(DayListEntry {
            booking_id: r.id,
            reference: r.reference,
            day,
            service: r.service,
            start_min: r.start_min as u32,
            status: r.status,
            parties: db::parties(&state.db, r.id).await?,
        });
    }
    Ok(out)
}

/// Records a clerk's action in the audit log.
pub async fn audit<'e, E>(
    db: E,
    state: &AppState,
    clerk: &Clerk,
    action: &str,
    object: &str,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let actor = clerk.session.actor();
    let event = crate::audit::Event {
        actor_id: Some(clerk.session.account_id),
        actor: &actor,
        action,
        object,
        ip: &clerk.session.ip,
    };
    crate::audit::record(db, state.clock.now(), event).await
}

/// The clerk's day list for one of their offices: bookings per slot, ID numbers masked.
#[utoipa::path(get, path = "/api/clerk/offices/{code}/day", tag = "clerk",
    params(("code" = String, Path), ("date" = String, Query, format = Date)),
    responses((status = 200, body = Vec<DayListEntry>), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn day(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Query(q): Query<DayQuery>,
) -> AppResult<axum::Json<Vec<DayListEntry>>> {
    clerk.require(&code)?;
    Ok(axum::Json(day_list(&state, &code, q.date).await?))
}

/// The day list as CSV for a spreadsheet (`spreadsheet::csv_file`).
pub fn day_csv(entries: &[DayListEntry]) -> Result<String, csv::Error> {
    let header = ["time", "reference", "service", "status", "party_1", "id_1", "party_2", "id_2"];
    let rows = entries.iter().map(|e| {
        let mut cols = vec![
            format_minute(e.start_min),
            e.reference.clone(),
            e.service.as_str().to_owned(),
            e.status.as_str().to_owned(),
        ];
        for p in e.parties.iter().take(2) {
            cols.push(p.name.clone());
            cols.push(p.id_masked.clone());
        }
        cols.resize(8, String::new());
        cols
    });
    crate::spreadsheet::csv_file(&header, rows)
}

#[utoipa::path(get, path = "/api/clerk/offices/{code}/day.csv", tag = "clerk",
    params(("code" = String, Path), ("date" = String, Query, format = Date)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn day_csv_file(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Query(q): Query<DayQuery>,
) -> AppResult<Response> {
    clerk.require(&code)?;
    let entries = day_list(&state, &code, q.date).await?;
    let body = day_csv(&entries).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{code}-{}.csv\"", q.date))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// Marks a booking arrived, completed or no-show, for an office the clerk belongs to. A
/// completed or missed appointment lets its people book again; a completed divorce
/// appointment opens (or completes) the divorce application.
#[utoipa::path(post, path = "/api/clerk/bookings/{id}/status", tag = "clerk", params(("id" = i64, Path)),
    request_body = StatusRequest,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn mark(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(id): Path<i64>,
    Json(req): Json<StatusRequest>,
) -> AppResult<StatusCode> {
    let office = db::office_of(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    clerk.require(&office)?;
    let now = state.clock.now();
    let booking = db::booking_by_id(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    if !may_mark_yet(req.status, booking.day, booking.start_min as u32, now) {
        return Err(field("status", FieldCode::TooEarly));
    }
    let mut tx = state.db.pool.begin().await?;
    if !db::mark(&mut tx, id, req.status, now).await? {
        return Err(AppError::client(
            ErrorCode::Conflict,
            format!("cannot mark this booking {}", req.status),
        ));
    }
    if req.status == ClerkMark::Completed {
        db::step(&mut tx, id, now).await?;
    }
    let object = format!("booking:{id} office:{office}");
    let action = format!("clerk.booking_{}", req.status);
    audit(&mut *tx, &state, &clerk, &action, &object).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes back a no-show marked today (a couple who came late, or a slip of the finger), so it
/// does not count towards a booking block. Audited like the mark itself; from the next day on
/// the mark stands.
#[utoipa::path(post, path = "/api/clerk/bookings/{id}/undo-no-show", tag = "clerk", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn undo_no_show(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let office = db::office_of(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    clerk.require(&office)?;
    let now = state.clock.now();
    let since = portal_api::calendar::office_instant(state.office_today(), 0);
    let mut tx = state.db.pool.begin().await?;
    match db::undo_no_show(&mut tx, id, since, now).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            tx.rollback().await?;
            return Err(AppError::client(
                ErrorCode::Conflict,
                "only a no-show marked today can be taken back",
            ));
        }
        Err(e)
            if crate::error::violated(&e)
                == Some(crate::error::Constraint::OneActiveBookingPerPerson) =>
        {
            tx.rollback().await?;
            return Err(AppError::client(
                ErrorCode::AlreadyBooked,
                "one of them has made another booking since",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let object = format!("booking:{id} office:{office}");
    audit(&mut *tx, &state, &clerk, "clerk.booking_no_show_undone", &object).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Nobody is marked before their day: arrived and completed from the appointment's day on, a
/// no-show only once the appointment's time has come (a slip of the finger two days early
/// would otherwise block a couple from booking for 15 days).
pub fn may_mark_yet(mark: ClerkMark, day: Date, start_min: u32, now: i64) -> bool {
    let (today, minute) = portal_api::calendar::office_local(now);
    match mark {
        ClerkMark::Arrived | ClerkMark::Completed => day <= today,
        ClerkMark::NoShow => day < today || (day == today && minute >= start_min),
    }
}

/// Closes an office for a day. Bookings already made for that day are not dropped silently:
/// the answer lists them, and each couple is texted once (booker and partner) with the reason.
#[utoipa::path(post, path = "/api/clerk/offices/{code}/closures", tag = "clerk", params(("code" = String, Path)),
    request_body = ClosureRequest,
    responses((status = 200, body = Vec<DayListEntry>), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn close(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<ClosureRequest>,
) -> AppResult<axum::Json<Vec<DayListEntry>>> {
    clerk.require(&code)?;
    let day = req.day;
    if !portal_api::booking::clerk_may_set(day, state.office_today()) {
        return Err(field("day", FieldCode::DayOutOfRange));
    }
    let reason = req.reason.trim();
    if reason.chars().any(portal_api::is_hidden_control) {
        return Err(field("reason", FieldCode::BadCharacter));
    }
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(field("reason", FieldCode::Length));
    }
    let office =
        db::office(&state.db, &code).await?.ok_or_else(|| AppError::not_found("no such office"))?;
    // One transaction: the closure, its audit row and the texts to every couple booked that day
    // (read after the closure is written, so none booked meanwhile is missed). A crash or a
    // timeout part-way leaves all of them or none, and the clerk's retry then texts everyone.
    // Only a new closure is announced; correcting its reason does not text everyone again.
    let gate = state.db.write_gate().await?;
    let mut tx = state.db.pool.begin().await?;
    let inserted = db::close_day(&mut tx, &code, day, reason).await?;
    let object = format!("office:{code} day:{day}");
    audit(&mut *tx, &state, &clerk, "clerk.office_closed", &object).await?;
    if inserted {
        let now = state.clock.now();
        for r in db::day_rows(&mut tx, &code, day).await? {
            if matches!(r.status, BookingStatus::Provisional | BookingStatus::Confirmed) {
                let start = r.start_min as u32;
                let text = notify::closed(&r.reference, &office.name_zh, reason, day, start);
                notify::tell(&mut tx, r.id, &text, now).await?;
            }
        }
    }
    tx.commit().await?;
    drop(gate);
    if inserted {
        crate::outbox::deliver_now(&state).await;
    }
    Ok(axum::Json(day_list(&state, &code, day).await?))
}
