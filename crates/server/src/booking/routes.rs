//! `GET /api/offices`, `GET /api/offices/{code}/availability`, `POST /api/bookings/hold`,
//! `GET /api/bookings`, `DELETE /api/bookings/{id}`.

use super::db;
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::booking::{
    Availability, BookingView, DetailsRequest, HOLD_SECS, HoldRequest, MarriageRuleError, Office,
    PARTNER_CONFIRM_SECS, REFERENCE_LEN, Service, check_marriage, in_window, parse_reference,
    reference_from,
};
use portal_api::ids::Date;
use portal_api::{ErrorCode, FieldError, Problem};
use serde::Deserialize;

fn today(state: &AppState) -> Date {
    crate::civil_from_days((state.clock.now() + 8 * 3600).div_euclid(86_400))
}

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
    let mut out =
        Availability { office: code.clone(), service, day, closed_reason: None, slots: vec![] };
    if !in_window(day, today(&state), office.window_min, office.window_max) {
        out.closed_reason = Some("out_of_window".into());
    } else if office.slot_starts(day).is_empty() {
        out.closed_reason = Some("closed".into());
    } else {
        db::ensure_slots(&state.db, &office, service, day).await?;
        out.slots = db::slots_on(&state.db, &code, service, day)
            .await?
            .iter()
            .map(db::SlotRow::view)
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
    let office = office_for(&state, &req.office, req.service).await?;
    if !in_window(req.day, today(&state), office.window_min, office.window_max) {
        return Err(field("day", "out_of_window"));
    }
    if !office.slot_starts(req.day).contains(&req.start_min) {
        return Err(field("start_min", "no_such_slot"));
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
    // The place is taken only if one is left: a conditional update, atomic on both engines.
    let slot: Option<(i64,)> = sqlx::query_as(
        "UPDATE slots SET taken = taken + 1 \
         WHERE office = $1 AND service = $2 AND day = $3 AND start_min = $4 AND taken < capacity RETURNING id",
    )
    .bind(&office.code)
    .bind(req.service.as_str())
    .bind(req.day.to_string())
    .bind(i64::from(req.start_min))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((slot_id,)) = slot else {
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
    let mut out = Vec::with_capacity(ids.len());
    for (id,) in ids {
        out.extend(booking_view(&state, s.account_id, id).await?);
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
    if service != Service::Marriage {
        return Err(field("service", "details_for_marriage_only"));
    }
    if req.parties.len() != 2 {
        return Err(field("parties", "two_parties"));
    }
    let mut errors = Vec::new();
    let mut ids = Vec::new();
    for (i, p) in req.parties.iter().enumerate() {
        if !portal_api::account::valid_real_name(&p.name) {
            errors.push(party_field(i, "name", "name"));
        }
        match portal_api::ids::ResidentId::parse(&p.id_number) {
            Ok(id) => ids.push(id),
            Err(e) => errors.push(party_field(i, "id_number", e.code())),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let day = Date::parse(&booking.day).unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let rule = match check_marriage(&ids[0], &ids[1], day) {
        Ok(()) => None,
        Err(MarriageRuleError::SamePerson) => Some((1, "same_person")),
        Err(MarriageRuleError::NotManAndWoman) => Some((1, "not_man_and_woman")),
        Err(MarriageRuleError::UnderAge { party, .. }) => Some((usize::from(party), "under_age")),
    };
    if let Some((i, code)) = rule {
        return Err(AppError::Validation(vec![party_field(i, "id_number", code)]));
    }
    let hmacs: Vec<String> =
        ids.iter().map(|id| state.crypto.mac(&["resident_id", id.as_str()])).collect();
    let (own,): (Option<String>,) = sqlx::query_as("SELECT id_hmac FROM accounts WHERE id = $1")
        .bind(s.account_id)
        .fetch_one(&state.db.pool)
        .await?;
    if own.as_deref() != Some(hmacs[0].as_str()) {
        return Err(AppError::Validation(vec![party_field(0, "id_number", "not_applicant")]));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, now).await?;
    // Only a live hold moves on; the conditional update decides, not an earlier read.
    let moved = sqlx::query(
        "UPDATE bookings SET status = 'provisional', hold_expires_at = NULL, confirm_by = $1, updated_at = $2 \
         WHERE id = $3 AND account_id = $4 AND status = 'held'",
    )
    .bind(now + PARTNER_CONFIRM_SECS)
    .bind(now)
    .bind(id)
    .bind(s.account_id)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(AppError::client(
            ErrorCode::BookingClosed,
            "the hold has expired or the booking is closed",
        ));
    }
    for (i, (p, idn)) in req.parties.iter().zip(&ids).enumerate() {
        let inserted = sqlx::query(
            "INSERT INTO booking_parties (booking_id, party, name, id_cipher, id_hmac, id_masked, service, active) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(p.name.trim())
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
