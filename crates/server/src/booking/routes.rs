//! `GET /api/offices`, `GET /api/offices/{code}/availability`, `POST /api/bookings/hold`,
//! `GET /api/bookings`, `DELETE /api/bookings/{id}`.

use super::db;
use crate::AppState;
use crate::account::auth::{Clerk, Resident};
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::booking::{
    Availability, BookingView, CapacityChange, CapacityRequest, DayListEntry, DayStatus, DayView,
    DetailsRequest, HOLD_SECS, HoldRequest, MarriageRuleError, Office, OfficeSettings,
    PARTNER_CONFIRM_SECS, REFERENCE_LEN, RescheduleRequest, Service, SpecialDateRequest,
    StatusRequest, blocked_until, check_marriage, in_window, parse_reference, reference_from,
};
use portal_api::ids::Date;
use portal_api::{ErrorCode, FieldError, Problem};
use serde::Deserialize;

fn field(name: &str, code: &str) -> AppError {
    AppError::Validation(vec![FieldError { field: name.into(), code: code.into() }])
}

pub async fn offices(State(state): State<AppState>) -> AppResult<axum::Json<Vec<Office>>> {
    Ok(axum::Json(db::offices(&state.db).await?))
}

#[derive(Debug, Deserialize)]
pub struct AvailabilityQuery {
    pub service: String,
    pub day: String,
}

#[derive(Debug, serde::Deserialize)]
pub struct DaysQuery {
    pub service: String,
}

/// The booking window day by day: open (with places left), full, closed or not yet released.
/// Read-only: a day's slots are created only when someone looks at its times.
pub async fn days(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<DaysQuery>,
) -> AppResult<axum::Json<Vec<DayView>>> {
    let service = Service::parse(&q.service).ok_or_else(|| field("service", "unknown"))?;
    let office = office_for(&state, &code, service).await?;
    let today = state.office_today();
    let (from, to) = (today.add_days(office.window_min), today.add_days(office.window_max));
    let (lo, hi) = (from.to_string(), to.to_string());
    let rest: Vec<(String, String)> =
        sqlx::query_as("SELECT day, kind FROM rest_days WHERE day >= $1 AND day <= $2")
            .bind(&lo)
            .bind(&hi)
            .fetch_all(&state.db.pool)
            .await?;
    let closures: Vec<(String,)> = sqlx::query_as(
        "SELECT day FROM office_closures WHERE office = $1 AND day >= $2 AND day <= $3",
    )
    .bind(&code)
    .bind(&lo)
    .bind(&hi)
    .fetch_all(&state.db.pool)
    .await?;
    let specials: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT day, counters, release_at FROM special_dates WHERE office = $1 AND day >= $2 AND day <= $3",
    )
    .bind(&code)
    .bind(&lo)
    .bind(&hi)
    .fetch_all(&state.db.pool)
    .await?;
    let made: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT day, start_min, capacity - taken FROM slots \
         WHERE office = $1 AND service = $2 AND day >= $3 AND day <= $4",
    )
    .bind(&code)
    .bind(service.as_str())
    .bind(&lo)
    .bind(&hi)
    .fetch_all(&state.db.pool)
    .await?;
    let now = state.clock.now();
    let kind = |d: &str| rest.iter().find(|(day, _)| day == d).map(|(_, k)| k.as_str());
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let key = day.to_string();
        let special = specials.iter().find(|(d, ..)| *d == key);
        let starts = office.slot_starts_on(day, kind(&key) == Some("workday"));
        let mut view = DayView { day, status: DayStatus::Closed, places_left: 0, opens_at: None };
        let closed = kind(&key) == Some("holiday")
            || closures.iter().any(|(d,)| *d == key)
            || starts.is_empty();
        if closed {
            // Stays `Closed`.
        } else if let Some(opens) = special.and_then(|s| s.2).filter(|r| *r > now) {
            view.status = DayStatus::NotReleased;
            view.opens_at = Some(opens);
        } else {
            let per_slot = if office.has_own_counters(service) {
                office.counters_for(service)
            } else {
                special.map(|s| s.1).unwrap_or(office.counters)
            };
            let mut rows = made.iter().filter(|(d, ..)| *d == key).peekable();
            view.places_left = if rows.peek().is_some() {
                rows.filter(|(_, start, _)| starts.contains(&(*start as u32)))
                    .map(|(.., left)| (*left).max(0))
                    .sum()
            } else {
                per_slot * starts.len() as i64
            };
            view.status = if view.places_left > 0 { DayStatus::Open } else { DayStatus::Full };
        }
        out.push(view);
        day = day.add_days(1);
    }
    Ok(axum::Json(out))
}

async fn office_for(state: &AppState, code: &str, service: Service) -> AppResult<Office> {
    let office = db::office(&state.db, code)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no office {code}")))?;
    if !office.services.contains(&service) {
        return Err(field("service", "not_offered"));
    }
    Ok(office)
}

pub async fn availability(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<AvailabilityQuery>,
) -> AppResult<axum::Json<Availability>> {
    let service = Service::parse(&q.service).ok_or_else(|| field("service", "unknown"))?;
    let day = Date::parse(&q.day).ok_or_else(|| field("day", "date"))?;
    let office = office_for(&state, &code, service).await?;
    let mut out = Availability {
        office: code.clone(),
        service,
        day,
        closed_reason: None,
        opens_at: None,
        slots: vec![],
    };
    let starts = db::starts(&state.db, &office, day).await?;
    if !in_window(day, state.office_today(), office.window_min, office.window_max) {
        out.closed_reason = Some("out_of_window".into());
    } else if starts.is_empty() {
        out.closed_reason = Some("closed".into());
    } else if let Some(opens) = not_released(&state, &code, day).await? {
        out.closed_reason = Some("not_released".into());
        out.opens_at = Some(opens);
    } else {
        db::ensure_slots(&state.db, &office, service, day).await?;
        out.slots = db::slots_on(&state.db, &code, service, day)
            .await?
            .iter()
            .map(db::SlotRow::view)
            // Times a changed plan dropped stay only for the bookings already in them.
            .filter(|s| starts.contains(&s.start_min))
            .collect();
    }
    Ok(axum::Json(out))
}

async fn booking_view(
    state: &AppState,
    account_id: i64,
    id: i64,
) -> AppResult<Option<BookingView>> {
    match db::booking(&state.db, account_id, id).await? {
        Some(row) => Ok(Some(row.into_view(db::parties(&state.db, id).await?))),
        None => Ok(None),
    }
}

/// The booking as its owner or as the partner named in it sees it; `None` for anyone else.
async fn visible_view(
    state: &AppState,
    account_id: i64,
    id: i64,
) -> AppResult<Option<BookingView>> {
    if let Some(v) = booking_view(state, account_id, id).await? {
        return Ok(Some(v));
    }
    match db::booking_as_partner(&state.db, account_id, id).await? {
        Some(row) => {
            let mut v = row.into_view(db::parties(&state.db, id).await?);
            v.owner = false;
            Ok(Some(v))
        }
        None => Ok(None),
    }
}

/// `GET /api/bookings/partner/{reference}`: what the partner is asked to confirm.
pub async fn partner_booking(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(reference): Path<String>,
) -> AppResult<axum::Json<BookingView>> {
    let reference = parse_reference(&reference).ok_or_else(|| field("reference", "reference"))?;
    let ids = db::partner_booking_ids(&state.db, s.account_id, Some(&reference)).await?;
    let id = ids.first().ok_or_else(|| AppError::not_found("no such booking for you"))?;
    visible_view(&state, s.account_id, *id)
        .await?
        .map(axum::Json)
        .ok_or_else(|| AppError::not_found("no such booking for you"))
}

/// Holds a place for 10 minutes. Retried with the same `Idempotency-Key`, it returns the first
/// hold instead of taking a second place. A full slot answers 409 with free alternatives.
pub async fn hold(
    State(state): State<AppState>,
    Resident(s): Resident,
    headers: HeaderMap,
    Json(req): Json<HoldRequest>,
) -> AppResult<Response> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if key.as_ref().is_some_and(|k| k.is_empty() || k.len() > 100) {
        return Err(field("Idempotency-Key", "length"));
    }
    let (real,): (Option<String>,) = sqlx::query_as("SELECT real_name FROM accounts WHERE id = $1")
        .bind(s.account_id)
        .fetch_one(&state.db.pool)
        .await?;
    if real.is_none() {
        return Err(AppError::client(
            ErrorCode::RealNameRequired,
            "complete the real-name step first",
        ));
    }
    check_not_blocked(&state, s.account_id).await?;
    let office = office_for(&state, &req.office, req.service).await?;
    if !in_window(req.day, state.office_today(), office.window_min, office.window_max) {
        return Err(field("day", "out_of_window"));
    }
    check_open(&state, &office, req.day, req.start_min).await?;
    if req.service == Service::Divorce {
        check_divorce_window(&state, s.account_id, req.day).await?;
    }
    db::ensure_slots(&state.db, &office, req.service, req.day).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, now).await?;
    if let Some(k) = &key {
        let existing: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM bookings WHERE account_id = $1 AND idempotency_key = $2",
        )
        .bind(s.account_id)
        .bind(k)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id,)) = existing {
            tx.commit().await?;
            let view = booking_view(&state, s.account_id, id).await?;
            return Ok((StatusCode::OK, axum::Json(view)).into_response());
        }
    }
    let slot =
        db::take_place(&mut tx, &office.code, req.service, req.day, req.start_min, None).await?;
    let Some(slot_id) = slot else {
        tx.commit().await?;
        let alternatives = db::next_free(&state.db, &office.code, req.service, req.day, 5).await?;
        let mut problem = Problem::new(ErrorCode::SlotFull, Some("this slot is full".to_owned()));
        problem.alternatives = alternatives;
        return Ok(crate::error::problem_response(&problem));
    };
    let random: [u8; REFERENCE_LEN] = crate::account::crypto::random_bytes();
    let reference = reference_from(&random);
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO bookings (reference, slot_id, account_id, status, hold_expires_at, idempotency_key, created_at, updated_at) \
         VALUES ($1, $2, $3, 'held', $4, $5, $6, $6) RETURNING id",
    )
    .bind(&reference)
    .bind(slot_id)
    .bind(s.account_id)
    .bind(now + HOLD_SECS)
    .bind(&key)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let (id,) = match inserted {
        Ok(row) => row,
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() && key.is_some() => {
            // The same key raced in another request: undo this place and answer with that one.
            tx.rollback().await?;
            let (id,): (i64,) = sqlx::query_as(
                "SELECT id FROM bookings WHERE account_id = $1 AND idempotency_key = $2",
            )
            .bind(s.account_id)
            .bind(&key)
            .fetch_one(&state.db.pool)
            .await?;
            return Ok((StatusCode::OK, axum::Json(booking_view(&state, s.account_id, id).await?))
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    let view = booking_view(&state, s.account_id, id).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

pub async fn mine(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<Vec<BookingView>>> {
    let ids: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM bookings WHERE account_id = $1 ORDER BY id DESC")
            .bind(s.account_id)
            .fetch_all(&state.db.pool)
            .await?;
    let mut ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
    // Bookings that name the caller as the partner, too.
    ids.extend(db::partner_booking_ids(&state.db, s.account_id, None).await?);
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(visible_view(&state, s.account_id, id).await?);
    }
    Ok(axum::Json(out))
}

/// Cancels one's own booking or hold; the place is free again at once. Someone else's
/// booking answers 404, as if it did not exist.
pub async fn cancel(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let freed: Option<(i64,)> = sqlx::query_as(
        "UPDATE bookings SET status = 'cancelled', updated_at = $1 \
         WHERE id = $2 AND account_id = $3 AND status IN ('held', 'provisional', 'confirmed') RETURNING slot_id",
    )
    .bind(now)
    .bind(id)
    .bind(s.account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((slot_id,)) = freed else {
        return Err(AppError::not_found("no such active booking"));
    };
    db::release(&mut tx, id, slot_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

fn party_field(i: usize, name: &str, code: &str) -> FieldError {
    FieldError { field: format!("parties[{i}].{name}"), code: code.into() }
}

/// Fills in a held marriage booking: both parties' names and ID numbers. Checked: check
/// characters, legal ages on the registration day (Civil Code art. 1047), two different
/// people, a man and a woman, the applicant is one of them, and neither already holds an
/// active marriage booking (a unique index). The booking then waits 24 hours for the partner.
pub async fn details(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
    Json(req): Json<DetailsRequest>,
) -> AppResult<axum::Json<BookingView>> {
    let booking = db::booking(&state.db, s.account_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    let service = Service::parse(&booking.service).unwrap_or(Service::Marriage);
    let office = office_for(&state, &booking.office, service).await?;
    let partner = match (service.needs_partner(), req.partner) {
        (false, None) => None,
        (false, Some(_)) => return Err(field("partner", "no_partner_needed")),
        (true, None) => {
            return Err(AppError::Validation(vec![
                party_field(1, "name", "required"),
                party_field(1, "id_number", "required"),
            ]));
        }
        (true, Some(p)) => {
            let mut errors = Vec::new();
            if !portal_api::account::valid_real_name(&p.name) {
                errors.push(party_field(1, "name", "name"));
            }
            match portal_api::ids::ResidentId::parse(&p.id_number) {
                Ok(id) if errors.is_empty() => Some((p.name.trim().to_owned(), id)),
                Ok(_) => return Err(AppError::Validation(errors)),
                Err(e) => {
                    errors.push(party_field(1, "id_number", e.code()));
                    return Err(AppError::Validation(errors));
                }
            }
        }
    };
    // The applicant, from their real-name record (decrypted only here, never sent back).
    let (name, cipher): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT real_name, id_cipher FROM accounts WHERE id = $1")
            .bind(s.account_id)
            .fetch_one(&state.db.pool)
            .await?;
    let own = cipher
        .and_then(|c| state.crypto.decrypt(&c))
        .and_then(|id| portal_api::ids::ResidentId::parse(&id).ok());
    let (Some(name), Some(own)) = (name, own) else {
        return Err(AppError::client(
            ErrorCode::RealNameRequired,
            "complete the real-name step first",
        ));
    };
    let mut ids = vec![own];
    let mut names = vec![name];
    if let Some((partner_name, partner_id)) = partner {
        let day = Date::parse(&booking.day).unwrap_or(Date { year: 1970, month: 1, day: 1 });
        let rule = match check_marriage(&ids[0], &partner_id, day) {
            // A divorce needs only two different people; the marriage rules are for marriages.
            Err(MarriageRuleError::NotManAndWoman | MarriageRuleError::UnderAge { .. })
                if service == Service::Divorce =>
            {
                None
            }
            Ok(()) => None,
            Err(MarriageRuleError::SamePerson) => Some((1, "same_person")),
            Err(MarriageRuleError::NotManAndWoman) => Some((1, "not_man_and_woman")),
            Err(MarriageRuleError::UnderAge { party, .. }) => {
                Some((usize::from(party), "under_age"))
            }
        };
        if let Some((i, code)) = rule {
            return Err(AppError::Validation(vec![party_field(i, "id_number", code)]));
        }
        ids.push(partner_id);
        names.push(partner_name);
    }
    // Provisional until the partner confirms, unless the office has switched that off or
    // nobody else is involved.
    let provisional = service.needs_partner() && office.partner_confirm;
    let hmacs: Vec<String> =
        ids.iter().map(|id| state.crypto.mac(&["resident_id", id.as_str()])).collect();
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, now).await?;
    // Only a live hold moves on; the conditional update decides, not an earlier read.
    let moved = sqlx::query(
        "UPDATE bookings SET status = $5, hold_expires_at = NULL, confirm_by = $1, updated_at = $2 \
         WHERE id = $3 AND account_id = $4 AND status = 'held'",
    )
    .bind(provisional.then_some(now + PARTNER_CONFIRM_SECS))
    .bind(now)
    .bind(id)
    .bind(s.account_id)
    .bind(if provisional { "provisional" } else { "confirmed" })
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(AppError::client(
            ErrorCode::BookingClosed,
            "the hold has expired or the booking is closed",
        ));
    }
    for (i, (name, idn)) in names.iter().zip(&ids).enumerate() {
        let inserted = sqlx::query(
            "INSERT INTO booking_parties (booking_id, party, name, id_cipher, id_hmac, id_masked, service, active) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(name)
        .bind(state.crypto.encrypt(idn.as_str()))
        .bind(&hmacs[i])
        .bind(idn.masked())
        .bind(service.as_str())
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                // Nothing half-written remains: the whole transaction is rolled back.
                tx.rollback().await?;
                let mut problem = Problem::new(
                    ErrorCode::AlreadyBooked,
                    Some("already holds an active marriage booking".into()),
                );
                problem.errors = vec![party_field(i, "id_number", "already_booked")];
                return Err(AppError::Problem(Box::new(problem)));
            }
            Err(e) => return Err(e.into()),
        }
    }
    tx.commit().await?;
    booking_view(&state, s.account_id, id)
        .await?
        .map(axum::Json)
        .ok_or_else(|| AppError::not_found("no such booking"))
}

#[derive(Debug, Deserialize)]
pub struct ConfirmRequest {
    pub reference: String,
}

/// The partner, signed in on their own phone with the real name matching the ID given,
/// confirms within 24 hours. Anyone else is told there is no such booking.
pub async fn confirm(
    State(state): State<AppState>,
    Resident(s): Resident,
    Json(req): Json<ConfirmRequest>,
) -> AppResult<StatusCode> {
    let reference =
        parse_reference(&req.reference).ok_or_else(|| field("reference", "reference"))?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, now).await?;
    let done = sqlx::query(
        "UPDATE bookings SET status = 'confirmed', confirm_by = NULL, updated_at = $1 \
         WHERE reference = $2 AND status = 'provisional' AND id IN ( \
           SELECT p.booking_id FROM booking_parties p JOIN accounts a ON a.id_hmac = p.id_hmac \
           WHERE p.party = 1 AND a.id = $3)",
    )
    .bind(now)
    .bind(&reference)
    .bind(s.account_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    if done.rows_affected() == 1 {
        return Ok(StatusCode::NO_CONTENT);
    }
    // Say "too late" only to the partner themselves; anyone else learns nothing.
    let mine: Option<(String,)> = sqlx::query_as(
        "SELECT b.status FROM bookings b JOIN booking_parties p ON p.booking_id = b.id \
         JOIN accounts a ON a.id_hmac = p.id_hmac WHERE b.reference = $1 AND p.party = 1 AND a.id = $2",
    )
    .bind(&reference)
    .bind(s.account_id)
    .fetch_optional(&state.db.pool)
    .await?;
    match mine {
        Some(_) => Err(AppError::client(
            ErrorCode::BookingClosed,
            "this booking can no longer be confirmed",
        )),
        None => Err(AppError::not_found("no such booking for you to confirm")),
    }
}

/// Two no-shows within 30 days block new bookings for 15 days, with the day it ends.
async fn check_not_blocked(state: &AppState, account_id: i64) -> AppResult<()> {
    let days: Vec<(String,)> = sqlx::query_as(
        "SELECT s.day FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.account_id = $1 AND b.status = 'no_show'",
    )
    .bind(account_id)
    .fetch_all(&state.db.pool)
    .await?;
    let days: Vec<Date> = days.iter().filter_map(|(d,)| Date::parse(d)).collect();
    let (threshold, within, block) = state.settings.no_show;
    let until = blocked_until(&days, state.office_today(), threshold, within, block);
    match until {
        Some(until) => {
            let mut p = Problem::new(
                ErrorCode::BookingBlocked,
                Some(format!("booking is blocked until {until}")),
            );
            p.until = Some(until);
            Err(AppError::Problem(Box::new(p)))
        }
        None => Ok(()),
    }
}

/// Moves a booking to another slot of the same office and service, atomically: the old place
/// is given up only once the new one is secured, in one transaction.
pub async fn reschedule(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
    Json(req): Json<RescheduleRequest>,
) -> AppResult<Response> {
    let booking = db::booking(&state.db, s.account_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    let service = Service::parse(&booking.service).unwrap_or(Service::Marriage);
    let office = office_for(&state, &booking.office, service).await?;
    if !in_window(req.day, state.office_today(), office.window_min, office.window_max) {
        return Err(field("day", "out_of_window"));
    }
    check_open(&state, &office, req.day, req.start_min).await?;
    // A divorce certificate appointment moves only within days 31-60, as when it was booked.
    if service == Service::Divorce {
        check_divorce_window(&state, s.account_id, req.day).await?;
    }
    db::ensure_slots(&state.db, &office, service, req.day).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, now).await?;
    let old: Option<(i64,)> = sqlx::query_as(
        "SELECT slot_id FROM bookings WHERE id = $1 AND account_id = $2 AND status IN ('held', 'provisional', 'confirmed')",
    )
    .bind(id)
    .bind(s.account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((old_slot,)) = old else {
        tx.rollback().await?;
        return Err(AppError::client(
            ErrorCode::BookingClosed,
            "this booking can no longer be changed",
        ));
    };
    // Secure the new place first; if that fails nothing else has changed.
    let new_slot =
        db::take_place(&mut tx, &office.code, service, req.day, req.start_min, Some(old_slot))
            .await?;
    let Some(new_slot) = new_slot else {
        tx.rollback().await?;
        let mut p = Problem::new(
            ErrorCode::SlotFull,
            Some("that slot is not free; your booking is unchanged".into()),
        );
        p.alternatives = db::next_free(&state.db, &office.code, service, req.day, 5).await?;
        return Ok(crate::error::problem_response(&p));
    };
    sqlx::query("UPDATE bookings SET slot_id = $1, updated_at = $2 WHERE id = $3")
        .bind(new_slot)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE slots SET taken = taken - 1 WHERE id = $1")
        .bind(old_slot)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(axum::Json(booking_view(&state, s.account_id, id).await?).into_response())
}

#[derive(Debug, Deserialize)]
pub struct DayQuery {
    pub date: String,
}

async fn day_list(state: &AppState, office: &str, day: Date) -> AppResult<Vec<DayListEntry>> {
    let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT b.id, b.reference, s.service, s.start_min, b.status FROM bookings b JOIN slots s ON s.id = b.slot_id \
         WHERE s.office = $1 AND s.day = $2 AND b.status IN ('provisional', 'confirmed', 'arrived', 'completed', 'no_show') \
         ORDER BY s.start_min, b.id",
    )
    .bind(office)
    .bind(day.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, reference, service, start, status) in rows {
        out.push(DayListEntry {
            booking_id: id,
            reference,
            day,
            service: Service::parse(&service).unwrap_or(Service::Marriage),
            start_min: start as u32,
            status,
            parties: db::parties(&state.db, id).await?,
        });
    }
    Ok(out)
}

/// The clerk's day list for one of their offices: bookings per slot, ID numbers masked.
pub async fn clerk_day(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Query(q): Query<DayQuery>,
) -> AppResult<axum::Json<Vec<DayListEntry>>> {
    clerk.require(&code)?;
    let day = Date::parse(&q.date).ok_or_else(|| field("date", "date"))?;
    Ok(axum::Json(day_list(&state, &code, day).await?))
}

/// The same list as CSV (UTF-8 with BOM, so spreadsheet programs show the Chinese names).
pub async fn clerk_day_csv(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Query(q): Query<DayQuery>,
) -> AppResult<Response> {
    clerk.require(&code)?;
    let day = Date::parse(&q.date).ok_or_else(|| field("date", "date"))?;
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut csv =
        String::from("\u{feff}time,reference,service,status,party_1,id_1,party_2,id_2\r\n");
    for e in day_list(&state, &code, day).await? {
        let time = format!("{:02}:{:02}", e.start_min / 60, e.start_min % 60);
        let mut cols = vec![time, e.reference, e.service.as_str().to_owned(), e.status];
        for p in e.parties.iter().take(2) {
            cols.push(p.name.clone());
            cols.push(p.id_masked.clone());
        }
        csv.push_str(&cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    let disposition = format!("attachment; filename=\"{code}-{day}.csv\"");
    let mut res = csv.into_response();
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = axum::http::HeaderValue::from_str(&disposition) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// Marks a booking arrived, completed or no-show, for an office the clerk belongs to.
pub async fn clerk_status(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(id): Path<i64>,
    Json(req): Json<StatusRequest>,
) -> AppResult<StatusCode> {
    let office: Option<(String,)> = sqlx::query_as(
        "SELECT s.office FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?;
    let (office,) = office.ok_or_else(|| AppError::not_found("no such booking"))?;
    clerk.require(&office)?;
    let from: &[&str] = match req.status.as_str() {
        "arrived" | "no_show" => &["provisional", "confirmed"],
        "completed" => &["arrived"],
        _ => return Err(field("status", "status")),
    };
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ($4, $5)",
    )
    .bind(&req.status)
    .bind(now)
    .bind(id)
    .bind(from[0])
    .bind(from.get(1).copied().unwrap_or(from[0]))
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::client(
            ErrorCode::Conflict,
            format!("cannot mark this booking {}", req.status),
        ));
    }
    if req.status == "completed" {
        divorce_step(&mut tx, id, now).await?;
    }
    if req.status == "no_show" {
        // The couple may book again; the place is past.
        sqlx::query("UPDATE booking_parties SET active = 0 WHERE booking_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let object = format!("booking:{id} office:{office}");
    let action = format!("clerk.booking_{}", req.status);
    crate::account::audit::record(
        &mut *tx,
        now,
        crate::account::audit::Event {
            actor_id: Some(clerk.session.account_id),
            actor: &clerk.session.actor(),
            action: &action,
            object: &object,
            ip: &clerk.session.ip,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Folds an iCalendar content line at 75 octets (RFC 5545 3.1), on character boundaries.
fn ics_fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Local registry time (China Standard Time, UTC+8, no daylight saving) as an iCalendar UTC
/// stamp.
fn ics_utc(day: Date, minute: u32) -> String {
    ics_time(portal_api::booking::days_from_civil(day) * 86_400 + i64::from(minute) * 60 - 8 * 3600)
}

/// Unix seconds as an iCalendar UTC date-time.
fn ics_time(secs: i64) -> String {
    let d = crate::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        d.year,
        d.month,
        d.day,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The booking as a calendar file, for the resident's phone calendar.
pub async fn calendar(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let b = visible_view(&state, s.account_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    let office = db::office(&state.db, &b.office)
        .await?
        .ok_or_else(|| AppError::not_found("no such office"))?;
    let stamp = ics_time(state.clock.now());
    let mut ics = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//civil-affairs-portal//booking//ZH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@civil-affairs-portal", b.reference),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART:{}", ics_utc(b.day, b.start_min)),
        format!("DTEND:{}", ics_utc(b.day, b.start_min + office.slot_minutes)),
        format!(
            "SUMMARY:{}",
            ics_escape(&format!("婚姻登记预约 {} · {}", b.reference, office.name_zh))
        ),
        format!("LOCATION:{}", ics_escape(&office.address_zh)),
        format!(
            "DESCRIPTION:{}",
            ics_escape(&format!(
                "预约号 {}。{}",
                b.reference,
                portal_api::booking::MARRIAGE_BRING_ZH
            ))
        ),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ] {
        ics.push_str(&ics_fold(&line));
    }
    let mut res = ics.into_response();
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(v) =
        axum::http::HeaderValue::from_str(&format!("attachment; filename=\"{}.ics\"", b.reference))
    {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// The reference as a QR code (SVG) for the registry's scanner.
pub async fn qr(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let b = visible_view(&state, s.account_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    let code = qrcode::QrCode::new(b.reference.as_bytes())
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build();
    let mut res = svg.into_response();
    res.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("image/svg+xml"),
    );
    Ok(res)
}

/// A divorce appointment: the first is the application (cooling-off starts), a later one in
/// the second window is the certificate. Refuses days outside the allowed window.
async fn check_divorce_window(state: &AppState, account_id: i64, day: Date) -> AppResult<()> {
    let Some(h) = super::divorce::own_hmac(&state.db, account_id).await? else { return Ok(()) };
    let Some((_, applied)) = super::divorce::open_application_for(&state.db, &[h]).await? else {
        return Ok(());
    };
    let cooling = portal_api::booking::CoolingOff::for_application(
        applied,
        &super::divorce::calendar(&state.db).await?,
    );
    if cooling.second_appointment_allowed(day) && state.office_today() <= cooling.second_until {
        return Ok(());
    }
    let code = if day <= cooling.withdraw_until { "cooling_off" } else { "divorce_lapsed" };
    Err(field("day", code))
}

/// When a divorce appointment is completed: the couple's open application becomes completed
/// (the certificate), or, if there is none, this appointment is the application.
async fn divorce_step<'c>(
    tx: &mut sqlx::Transaction<'c, sqlx::Any>,
    booking_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT s.service, s.day FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1",
    )
    .bind(booking_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((_, day)) = row.filter(|(service, _)| service == "divorce") else { return Ok(()) };
    let open: Option<(i64,)> = sqlx::query_as(
        "SELECT d.id FROM divorce_applications d JOIN booking_parties p ON p.booking_id = d.booking_id \
         WHERE d.status = 'cooling' AND p.id_hmac IN (SELECT id_hmac FROM booking_parties WHERE booking_id = $1) \
         ORDER BY d.id DESC LIMIT 1",
    )
    .bind(booking_id)
    .fetch_optional(&mut **tx)
    .await?;
    match open {
        Some((app_id,)) => {
            sqlx::query("UPDATE divorce_applications SET status = 'completed', updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(app_id)
                .execute(&mut **tx)
                .await?;
        }
        None => {
            sqlx::query("INSERT INTO divorce_applications (booking_id, applied_on, status, updated_at) VALUES ($1, $2, 'cooling', $3)")
                .bind(booking_id)
                .bind(day)
                .bind(now)
                .execute(&mut **tx)
                .await?;
        }
    }
    // The people may book the next step.
    sqlx::query("UPDATE booking_parties SET active = 0 WHERE booking_id = $1")
        .bind(booking_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, serde::Deserialize)]
pub struct ClosureRequest {
    pub day: String,
    pub reason: String,
}

/// Closes an office for a day. Bookings already made for that day are not dropped silently:
/// the answer lists them so the clerk can contact the couples.
pub async fn clerk_close(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<ClosureRequest>,
) -> AppResult<axum::Json<Vec<DayListEntry>>> {
    clerk.require(&code)?;
    let day = Date::parse(&req.day).ok_or_else(|| field("day", "date"))?;
    let reason = req.reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(field("reason", "length"));
    }
    let office =
        db::office(&state.db, &code).await?.ok_or_else(|| AppError::not_found("no such office"))?;
    // Only a new closure is announced; correcting its reason does not text everyone again.
    let inserted = sqlx::query(
        "INSERT INTO office_closures (office, day, reason) VALUES ($1, $2, $3) \
         ON CONFLICT (office, day) DO NOTHING",
    )
    .bind(&code)
    .bind(day.to_string())
    .bind(reason)
    .execute(&state.db.pool)
    .await?
    .rows_affected()
        == 1;
    if !inserted {
        sqlx::query("UPDATE office_closures SET reason = $1 WHERE office = $2 AND day = $3")
            .bind(reason)
            .bind(&code)
            .bind(day.to_string())
            .execute(&state.db.pool)
            .await?;
    }
    let object = format!("office:{code} day:{day}");
    crate::account::audit::record(
        &state.db.pool,
        state.clock.now(),
        crate::account::audit::Event {
            actor_id: Some(clerk.session.account_id),
            actor: &clerk.session.actor(),
            action: "clerk.office_closed",
            object: &object,
            ip: &clerk.session.ip,
        },
    )
    .await?;
    let affected = day_list(&state, &code, day).await?;
    if inserted {
        let now = state.clock.now();
        for e in
            affected.iter().filter(|e| matches!(e.status.as_str(), "provisional" | "confirmed"))
        {
            let (account_id,): (i64,) =
                sqlx::query_as("SELECT account_id FROM bookings WHERE id = $1")
                    .bind(e.booking_id)
                    .fetch_one(&state.db.pool)
                    .await?;
            let text = format!(
                "【婚姻登记预约】{}{}月{}日暂停办公（{reason}）。您 {} 的预约（编号 {}）需要改约，请在“我的预约”中选择新的时间。",
                office.name_zh,
                day.month,
                day.day,
                text_time(e.start_min),
                e.reference
            );
            super::sweep::tell_parties(&state, e.booking_id, account_id, &text, now).await?;
        }
    }
    Ok(axum::Json(affected))
}

/// For a special date whose bookings have not opened yet: when they open.
/// The day is open (no holiday, closure or unreleased special date) and has this slot.
async fn check_open(state: &AppState, office: &Office, day: Date, start_min: u32) -> AppResult<()> {
    let plan = db::day_plan(&state.db, office, day).await?;
    if plan.closed {
        return Err(field("day", "closed"));
    }
    if !plan.starts.contains(&start_min) {
        return Err(field("start_min", "no_such_slot"));
    }
    if not_released(state, &office.code, day).await?.is_some() {
        return Err(field("day", "not_released"));
    }
    Ok(())
}

async fn not_released(state: &AppState, office: &str, day: Date) -> AppResult<Option<i64>> {
    let release = db::special(&state.db, office, day).await?.and_then(|(_, r)| r);
    Ok(release.filter(|r| *r > state.clock.now()))
}

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
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT day, start_min, service FROM slots \
         WHERE office = $1 AND day >= $2 AND ($3 = '' OR day = $3) AND taken > $4 ORDER BY day",
    )
    .bind(office)
    .bind(from.to_string())
    .bind(only.map(|d| d.to_string()).unwrap_or_default())
    .bind(counters)
    .fetch_all(&state.db.pool)
    .await?;
    let hits: Vec<(Date, u32, Service)> = rows
        .iter()
        .filter_map(|(d, start, svc)| Some((Date::parse(d)?, *start as u32, Service::parse(svc)?)))
        .filter(|(.., svc)| services.contains(svc))
        .collect();
    let mut days: Vec<Date> = hits.iter().map(|h| h.0).collect();
    days.dedup();
    let mut out = Vec::new();
    for day in days {
        out.extend(
            day_list(state, office, day)
                .await?
                .into_iter()
                .filter(|e| hits.contains(&(day, e.start_min, e.service))),
        );
    }
    Ok(out)
}

/// The services that follow the office's default places per slot.
fn default_services(office: &Office) -> Vec<Service> {
    Service::ALL.into_iter().filter(|s| !office.has_own_counters(*s)).collect()
}

/// Audits a clerk's change to an office.
async fn audit_office_change<'e, E>(
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
    let event = crate::account::audit::Event {
        actor_id: Some(clerk.session.account_id),
        actor: &actor,
        action,
        object,
        ip: &clerk.session.ip,
    };
    crate::account::audit::record(db, state.clock.now(), event).await
}

/// Places per slot from today on. Bookings are never dropped: a slot already fuller than the
/// new capacity keeps room for them, and the answer lists them (with `dry_run`, only lists).
pub async fn clerk_capacity(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<CapacityRequest>,
) -> AppResult<axum::Json<CapacityChange>> {
    clerk.require(&code)?;
    if !(0..=100).contains(&req.counters) {
        return Err(field("counters", "range"));
    }
    let office =
        db::office(&state.db, &code).await?.ok_or_else(|| AppError::not_found("no such office"))?;
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
    match req.service {
        Some(service) => {
            let mut own = office.service_counters.clone();
            own.retain(|(s, _)| *s != service);
            own.push((service, req.counters));
            sqlx::query("UPDATE offices SET service_counters = $1 WHERE code = $2")
                .bind(db::format_service_counters(&own))
                .bind(&code)
                .execute(&mut *tx)
                .await?;
        }
        None => {
            sqlx::query("UPDATE offices SET counters = $1 WHERE code = $2")
                .bind(req.counters)
                .bind(&code)
                .execute(&mut *tx)
                .await?;
        }
    }
    for service in &services {
        // A service's own places apply on special dates too; the default yields to them.
        sqlx::query(
            "UPDATE slots SET capacity = CASE WHEN taken > $1 THEN taken ELSE $1 END \
             WHERE office = $2 AND day >= $3 AND service = $4 \
             AND ($5 = 1 OR day NOT IN (SELECT day FROM special_dates WHERE office = $2))",
        )
        .bind(req.counters)
        .bind(&code)
        .bind(today.to_string())
        .bind(service.as_str())
        .bind(i64::from(req.service.is_some()))
        .execute(&mut *tx)
        .await?;
    }
    let object = format!(
        "office:{code} service:{} counters:{}",
        req.service.map_or("default", Service::as_str),
        req.counters
    );
    audit_office_change(&mut *tx, &state, &clerk, "clerk.capacity_changed", &object).await?;
    tx.commit().await?;
    Ok(axum::Json(CapacityChange { applied: true, affected }))
}

/// A special date: its own places per slot and the time bookings open.
pub async fn clerk_special_date(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<SpecialDateRequest>,
) -> AppResult<axum::Json<CapacityChange>> {
    clerk.require(&code)?;
    if !(0..=100).contains(&req.counters) {
        return Err(field("counters", "range"));
    }
    let office =
        db::office(&state.db, &code).await?.ok_or_else(|| AppError::not_found("no such office"))?;
    let services = default_services(&office);
    let affected =
        over_capacity(&state, &code, req.day, Some(req.day), req.counters, &services).await?;
    if req.dry_run {
        return Ok(axum::Json(CapacityChange { applied: false, affected }));
    }
    let mut tx = state.db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO special_dates (office, day, counters, release_at, note) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (office, day) DO UPDATE SET counters = excluded.counters, release_at = excluded.release_at, note = excluded.note",
    )
    .bind(&code)
    .bind(req.day.to_string())
    .bind(req.counters)
    .bind(req.release_at)
    .bind(req.note.trim())
    .execute(&mut *tx)
    .await?;
    for service in &services {
        sqlx::query(
            "UPDATE slots SET capacity = CASE WHEN taken > $1 THEN taken ELSE $1 END \
             WHERE office = $2 AND day = $3 AND service = $4",
        )
        .bind(req.counters)
        .bind(&code)
        .bind(req.day.to_string())
        .bind(service.as_str())
        .execute(&mut *tx)
        .await?;
    }
    let object = format!("office:{code} day:{} counters:{}", req.day, req.counters);
    audit_office_change(&mut *tx, &state, &clerk, "clerk.special_date_set", &object).await?;
    tx.commit().await?;
    Ok(axum::Json(CapacityChange { applied: true, affected }))
}

/// The slot plan: hours per weekday, slot length, booking window, partner confirmation.
/// Bookings at times the new plan drops are kept (their slots stay for them) and listed.
pub async fn clerk_settings(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(code): Path<String>,
    Json(req): Json<OfficeSettings>,
) -> AppResult<axum::Json<CapacityChange>> {
    clerk.require(&code)?;
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::Validation(
            problems
                .into_iter()
                .map(|(f, c)| FieldError { field: f.into(), code: c.into() })
                .collect(),
        ));
    }
    let old =
        db::office(&state.db, &code).await?.ok_or_else(|| AppError::not_found("no such office"))?;
    let new = Office {
        hours: req.hours.clone(),
        slot_minutes: req.slot_minutes,
        window_min: req.window_min,
        window_max: req.window_max,
        partner_confirm: req.partner_confirm,
        ..old
    };
    let today = state.office_today();
    let days: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT s.day FROM slots s JOIN bookings b ON b.slot_id = s.id \
         WHERE s.office = $1 AND s.day >= $2 AND b.status IN ('held', 'provisional', 'confirmed') ORDER BY s.day",
    )
    .bind(&code)
    .bind(today.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let mut affected = Vec::new();
    for (day,) in days {
        let Some(day) = Date::parse(&day) else { continue };
        let starts = db::starts(&state.db, &new, day).await?;
        affected.extend(day_list(&state, &code, day).await?.into_iter().filter(|e| {
            matches!(e.status.as_str(), "provisional" | "confirmed")
                && !starts.contains(&e.start_min)
        }));
    }
    if req.dry_run {
        return Ok(axum::Json(CapacityChange { applied: false, affected }));
    }
    let mut tx = state.db.pool.begin().await?;
    sqlx::query(
        "UPDATE offices SET hours = $1, slot_minutes = $2, window_min = $3, window_max = $4, partner_confirm = $5 \
         WHERE code = $6",
    )
    .bind(serde_json::to_string(&new.hours).unwrap_or_else(|_| "[]".into()))
    .bind(i64::from(new.slot_minutes))
    .bind(new.window_min)
    .bind(new.window_max)
    .bind(i64::from(new.partner_confirm))
    .bind(&code)
    .execute(&mut *tx)
    .await?;
    let object = format!(
        "office:{code} slot_minutes:{} window:{}-{} partner_confirm:{}",
        new.slot_minutes, new.window_min, new.window_max, new.partner_confirm
    );
    audit_office_change(&mut *tx, &state, &clerk, "clerk.settings_changed", &object).await?;
    tx.commit().await?;
    // Days already laid out get the new plan's times (existing ones are kept).
    let laid_out: Vec<(String, String)> =
        sqlx::query_as("SELECT DISTINCT service, day FROM slots WHERE office = $1 AND day >= $2")
            .bind(&code)
            .bind(today.to_string())
            .fetch_all(&state.db.pool)
            .await?;
    for (service, day) in laid_out {
        if let (Some(service), Some(day)) = (Service::parse(&service), Date::parse(&day)) {
            db::fill_slots(&state.db, &new, service, day).await?;
        }
    }
    Ok(axum::Json(CapacityChange { applied: true, affected }))
}

fn text_time(start_min: u32) -> String {
    format!("{:02}:{:02}", start_min / 60, start_min % 60)
}
