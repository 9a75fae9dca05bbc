//! A registry clerk changes their office: places per slot, special dates, the slot plan. Every
//! change can be previewed (`dry_run`) with the bookings it would affect; bookings are never
//! dropped (a fuller slot keeps room for them, a dropped time stays for its bookings).

use super::checks::field;
use super::clerk::{audit, day_list};
use super::db;
use crate::AppState;
use crate::account::auth::Clerk;
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::extract::Path;
use axum::extract::State;
use portal_api::booking::{
    BookingStatus, CapacityChange, CapacityRequest, DayListEntry, Office, OfficeSettings, Service,
    SpecialDateRequest,
};
use portal_api::ids::Date;
use portal_api::{FieldCode, FieldError, Problem};

/// Active bookings in this office's slots from `from` on (or only on `only`) whose slot holds
/// more than `counters`: the bookings a capacity change would affect.
async fn over_capacity(
    state: &AppState,
    office: &str,
    from: Date,
    only: Option<Date>,
    counters: i64,
    services: &[Service],
) -> AppResult<Vec<DayListEntry>> {
    let hits: Vec<db::CrowdedSlot> = db::crowded(&state.db, office, from, only, counters)
        .await?
        .into_iter()
        .filter(|c| services.contains(&c.service))
        .collect();
    let mut days: Vec<Date> = hits.iter().map(|h| h.day).collect();
    days.dedup();
    let mut out = Vec::new();
    for day in days {
        out.extend(day_list(state, office, day).await?.into_iter().filter(|e| {
            hits.iter().any(|h| {
                h.day == day && h.start_min == i64::from(e.start_min) && h.service == e.service
            })
        }));
    }
    Ok(out)
}

/// The services that follow the office's default places per slot.
fn default_services(office: &Office) -> Vec<Service> {
    Service::ALL.into_iter().filter(|s| !office.has_own_counters(*s)).collect()
}

/// `office` with its places as they are under its lock (`db::lock_office`), in `tx`.
async fn locked(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    mut office: Office,
) -> Result<Office, sqlx::Error> {
    (office.counters, office.service_counters) =
        db::lock_office(tx, state.db.engine, &office.code).await?;
    Ok(office)
}

async fn office(state: &AppState, code: &str) -> AppResult<Office> {
    db::office(&state.db, code).await?.ok_or_else(|| AppError::not_found("no such office"))
}

/// Places per slot from today on, for the office's default or one service.
#[utoipa::path(post, path = "/api/clerk/offices/{code}/capacity", tag = "clerk", params(("code" = String, Path)),
    request_body = CapacityRequest,
    responses((status = 200, body = CapacityChange), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn capacity(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<CapacityRequest>,
) -> AppResult<axum::Json<CapacityChange>> {
    clerk.require(&code)?;
    if !(0..=100).contains(&req.counters) {
        return Err(field("counters", FieldCode::Range));
    }
    let office = office(&state, &code).await?;
    let services = match req.service {
        Some(s) => vec![s],
        None => default_services(&office),
    };
    let today = state.office_today();
    let affected = over_capacity(&state, &code, today, None, req.counters, &services).await?;
    if req.dry_run {
        return Ok(axum::Json(CapacityChange { applied: false, affected }));
    }
    let mut tx = state.db.pool.begin().await?;
    // The office as it is now, under its lock: which services follow the default is decided
    // on that, not on the copy read for the preview.
    let office = locked(&mut tx, &state, office).await?;
    let services = match req.service {
        Some(s) => vec![s],
        None => default_services(&office),
    };
    db::set_counters(&mut tx, &office, req.service, req.counters).await?;
    for service in &services {
        // A service's own places apply on special dates too; the default yields to them.
        db::set_capacity(
            &mut tx,
            &code,
            *service,
            today,
            None,
            req.counters,
            req.service.is_none(),
        )
        .await?;
    }
    let object = format!(
        "office:{code} service:{} counters:{}",
        req.service.map_or("default", Service::as_str),
        req.counters
    );
    audit(&mut *tx, &state, &clerk, "clerk.capacity_changed", &object).await?;
    tx.commit().await?;
    state.booking_cache.changed_here();
    Ok(axum::Json(CapacityChange { applied: true, affected }))
}

/// A special date: its own places per slot and the time bookings open.
#[utoipa::path(post, path = "/api/clerk/offices/{code}/special-dates", tag = "clerk", params(("code" = String, Path)),
    request_body = SpecialDateRequest,
    responses((status = 200, body = CapacityChange), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn special_date(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<SpecialDateRequest>,
) -> AppResult<axum::Json<CapacityChange>> {
    clerk.require(&code)?;
    if !portal_api::booking::clerk_may_set(req.day, state.office_today()) {
        return Err(field("day", FieldCode::DayOutOfRange));
    }
    if !(0..=100).contains(&req.counters) {
        return Err(field("counters", FieldCode::Range));
    }
    if req.note.chars().any(portal_api::is_hidden_control) {
        return Err(field("note", FieldCode::BadCharacter));
    }
    if req.note.chars().count() > 200 {
        return Err(field("note", FieldCode::Length));
    }
    let office = office(&state, &code).await?;
    let services = default_services(&office);
    let affected =
        over_capacity(&state, &code, req.day, Some(req.day), req.counters, &services).await?;
    if req.dry_run {
        return Ok(axum::Json(CapacityChange { applied: false, affected }));
    }
    let mut tx = state.db.pool.begin().await?;
    let office = locked(&mut tx, &state, office).await?;
    let services = default_services(&office);
    db::upsert_special_date(&mut tx, &code, req.day, req.counters, req.release_at, req.note.trim())
        .await?;
    for service in &services {
        db::set_capacity(&mut tx, &code, *service, req.day, Some(req.day), req.counters, false)
            .await?;
    }
    let object = format!("office:{code} day:{} counters:{}", req.day, req.counters);
    audit(&mut *tx, &state, &clerk, "clerk.special_date_set", &object).await?;
    tx.commit().await?;
    state.booking_cache.changed_here();
    Ok(axum::Json(CapacityChange { applied: true, affected }))
}

/// The slot plan: hours per weekday, slot length, booking window, partner confirmation.
/// Bookings at times the new plan drops are kept (their slots stay for them) and listed. Days
/// already laid out get the new times when next viewed (`ensure_slots` fills in what is
/// missing), so nothing depends on a step after the commit.
#[utoipa::path(put, path = "/api/clerk/offices/{code}/settings", tag = "clerk", params(("code" = String, Path)),
    request_body = OfficeSettings,
    responses((status = 200, body = CapacityChange), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn plan(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<OfficeSettings>,
) -> AppResult<axum::Json<CapacityChange>> {
    clerk.require(&code)?;
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::Validation(
            problems.into_iter().map(|(f, code)| FieldError { field: f.into(), code }).collect(),
        ));
    }
    let old = office(&state, &code).await?;
    let new = Office {
        hours: req.hours.clone(),
        slot_minutes: req.slot_minutes,
        window_min: req.window_min,
        window_max: req.window_max,
        partner_confirm: req.partner_confirm,
        ..old
    };
    let mut affected = Vec::new();
    for day in db::days_with_bookings(&state.db, &code, state.office_today()).await? {
        let starts = db::starts(&state.db, &new, day).await?;
        affected.extend(day_list(&state, &code, day).await?.into_iter().filter(|e| {
            matches!(e.status, BookingStatus::Provisional | BookingStatus::Confirmed)
                && !starts.contains(&e.start_min)
        }));
    }
    if req.dry_run {
        return Ok(axum::Json(CapacityChange { applied: false, affected }));
    }
    let mut tx = state.db.pool.begin().await?;
    db::save_plan(&mut tx, &new).await?;
    let object = format!(
        "office:{code} slot_minutes:{} window:{}-{} partner_confirm:{}",
        new.slot_minutes, new.window_min, new.window_max, new.partner_confirm
    );
    audit(&mut *tx, &state, &clerk, "clerk.settings_changed", &object).await?;
    tx.commit().await?;
    state.booking_cache.changed_here();
    Ok(axum::Json(CapacityChange { applied: true, affected }))
}
