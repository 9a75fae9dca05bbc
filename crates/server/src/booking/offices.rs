//! Anyone, signed in or not: the offices, the days of their booking window and a day's times.
//! Residents explore before they sign in; sign-in is asked for when they take a time.

use super::cache::{DayPlan, WindowRows};
use super::checks::{field, office_for};
use super::db;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::extract::Query;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use portal_api::booking::{
    Availability, AvailabilityQuery, ClosedReason, DayStatus, DayView, DaysQuery, Office, Service,
    in_window,
};
use portal_api::calendar::RestDayKind;
use portal_api::ids::Date;
use portal_api::{FieldCode, Problem};
use std::sync::Arc;

#[utoipa::path(get, path = "/api/offices", tag = "booking",
    responses((status = 200, body = Vec<Office>)))]
pub async fn offices(State(state): State<AppState>) -> AppResult<Response> {
    // No query within a second of the last version check, then one small query while nothing
    // changed: the list is kept as sent (see `cache`, `LIST_TTL`).
    if let Some(json) = state.booking_cache.recent_list() {
        return Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response());
    }
    let seen = state.booking_cache.local_changes();
    let version = db::cache_version(&state.db).await?;
    let json = match state.booking_cache.list(version) {
        Some(json) => json,
        None => {
            let list = db::offices(&state.db).await?;
            let json = Bytes::from(
                serde_json::to_vec(&list).map_err(|e| AppError::Internal(e.to_string()))?,
            );
            state.booking_cache.put_list(version, json.clone());
            json
        }
    };
    state.booking_cache.list_checked(version, seen);
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

/// The office, if it offers the service: from this server's copy when `version` is current.
/// Only offices that exist are kept, so made-up codes cannot fill the cache.
pub(super) async fn office_at(
    state: &AppState,
    version: i64,
    code: &str,
    service: Service,
) -> AppResult<Office> {
    let office = match state.booking_cache.office(version, code) {
        Some(office) => office,
        None => {
            let office = db::office(&state.db, code)
                .await?
                .ok_or_else(|| AppError::not_found(format!("no office {code}")))?;
            state.booking_cache.put_office(version, code, office.clone());
            office
        }
    };
    if !office.services.contains(&service) {
        return Err(field("service", FieldCode::NotOffered));
    }
    Ok(office)
}

/// The office's day (slot starts, release time): from this server's copy when `version` is
/// current. Only days inside the booking window are kept, so the cache stays small.
pub(super) async fn day_at(
    state: &AppState,
    version: i64,
    office: &Office,
    day: Date,
) -> AppResult<DayPlan> {
    if let Some(plan) = state.booking_cache.day(version, &office.code, day) {
        return Ok(plan);
    }
    let db::DayPlan { closed, starts } = db::day_plan(&state.db, office, day).await?;
    let special = db::special(&state.db, &office.code, day).await?;
    let plan = DayPlan { closed, starts, release_at: special.and_then(|s| s.release_at) };
    if in_window(day, state.office_today(), office.window_min, office.window_max) {
        state.booking_cache.put_day(version, &office.code, day, plan.clone());
    }
    Ok(plan)
}

/// The booking window day by day: open (with places left), full, closed or not yet released.
/// Read-only: a day's slots are created only when someone looks at its times.
#[utoipa::path(get, path = "/api/offices/{code}/days", tag = "booking",
    params(("code" = String, Path, description = "office code"), ("service" = portal_api::booking::Service, Query)),
    responses((status = 200, body = Vec<DayView>), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn days(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<DaysQuery>,
) -> AppResult<Json<Vec<DayView>>> {
    let office = office_for(&state, &code, q.service).await?;
    let today = state.office_today();
    let (from, to) = (today.add_days(office.window_min), today.add_days(office.window_max));
    // Shared with the requests for the same window at the same moment (`coalesce::Coalesced`).
    let rows = (state.booking_cache.window_reads)
        .read((code.clone(), q.service, from, to), || async {
            Ok::<_, AppError>(Arc::new(WindowRows {
                rest: crate::calendar::between(&state.db, from, to).await?,
                closures: db::closures_between(&state.db, &code, from, to).await?,
                specials: db::specials_between(&state.db, &code, from, to).await?,
                made: db::slots_between(&state.db, &code, q.service, from, to).await?,
            }))
        })
        .await?;
    let WindowRows { rest, closures, specials, made } = &*rows;
    let now = state.clock.now();
    let kind = |d| rest.iter().find(|r| r.day == d).map(|r| r.kind);
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let special = specials.iter().find(|s| s.day == day);
        let starts = office.slot_starts_on(day, kind(day) == Some(RestDayKind::Workday));
        let mut view = DayView { day, status: DayStatus::Closed, places_left: 0, opens_at: None };
        let closed = kind(day) == Some(RestDayKind::Holiday)
            || closures.iter().any(|c| c.day == day)
            || starts.is_empty();
        if closed {
            // Stays `Closed`.
        } else if let Some(opens) = special.and_then(|s| s.release_at).filter(|r| *r > now) {
            view.status = DayStatus::NotReleased;
            view.opens_at = Some(opens);
        } else {
            let per_slot = if office.has_own_counters(q.service) {
                office.counters_for(q.service)
            } else {
                special.map(|s| s.counters).unwrap_or(office.counters)
            };
            // Laid-out times count what is left; times not laid out yet are wholly free.
            view.places_left = starts
                .iter()
                .map(|s| {
                    made.iter()
                        .find(|m| m.day == day && m.start_min == i64::from(*s))
                        .map_or(per_slot, |m| (m.capacity - m.taken).max(0))
                })
                .sum();
            view.status = if view.places_left > 0 { DayStatus::Open } else { DayStatus::Full };
        }
        out.push(view);
        day = day.add_days(1);
    }
    Ok(Json(out))
}

/// One day's times with the places left; lays out the day's slots on first view.
#[utoipa::path(get, path = "/api/offices/{code}/availability", tag = "booking",
    params(("code" = String, Path, description = "office code"),
           ("service" = portal_api::booking::Service, Query), ("day" = String, Query, format = Date)),
    responses((status = 200, body = Availability), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn availability(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<AvailabilityQuery>,
) -> AppResult<Json<Availability>> {
    let (service, day) = (q.service, q.day);
    // One query once the day is laid out: the places left, and the version telling whether
    // this server's copy of the office and its day plan is current. A flash crowd asks for one
    // day hundreds of times a second, so the requests for the same day at the same moment
    // share that query, still read after each of them arrived (`coalesce::Coalesced`).
    let read = (state.booking_cache.day_reads)
        .read((code.clone(), service, day), || async {
            Ok::<_, AppError>(Arc::new(
                db::slots_with_version(&state.db, &code, service, day).await?,
            ))
        })
        .await?;
    let (version, ref rows) = *read;
    let office = office_at(&state, version, &code, service).await?;
    let mut out = Availability {
        office: code.clone(),
        service,
        day,
        closed_reason: None,
        opens_at: None,
        slots: vec![],
    };
    let plan = day_at(&state, version, &office, day).await?;
    if !in_window(day, state.office_today(), office.window_min, office.window_max) {
        out.closed_reason = Some(ClosedReason::OutOfWindow);
    } else if plan.starts.is_empty() {
        out.closed_reason = Some(ClosedReason::Closed);
    } else if let Some(opens) = plan.release_at.filter(|r| *r > state.clock.now()) {
        out.closed_reason = Some(ClosedReason::NotReleased);
        out.opens_at = Some(opens);
    } else {
        let laid_out =
            plan.starts.iter().all(|s| rows.iter().any(|r| r.start_min == i64::from(*s)));
        let fetched;
        let rows = if laid_out {
            rows
        } else {
            db::ensure_slots(&state.db, &office, service, day).await?;
            fetched = db::slots_on(&state.db, &code, service, day).await?;
            &fetched
        };
        out.slots = rows
            .iter()
            .map(db::SlotRow::view)
            // Times a changed plan dropped stay only for the bookings already in them.
            .filter(|s| plan.starts.contains(&s.start_min))
            .collect();
    }
    Ok(Json(out))
}
