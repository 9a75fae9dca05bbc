//! A signed-in resident books: holds a time, fills in the partner, the partner confirms on
//! their own phone, and the booker reschedules or cancels. Every step is one transaction of
//! conditional updates, so concurrent requests can neither overbook nor double-count.

use super::checks::{self, field, office_for, party_field};
use super::{db, notify, offices};
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult, Constraint, problem_response, rate_limited, violated};
use crate::extract::Json;
use crate::extract::Path;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::booking::{
    BookingStatus, BookingView, ConfirmRequest, DetailsRequest, HOLD_SECS, HoldRequest,
    PARTNER_CONFIRM_SECS, REFERENCE_LEN, RescheduleRequest, Service, parse_reference,
    reference_from,
};
use portal_api::ids::ResidentId;
use portal_api::{ErrorCode, FieldCode, Problem};

/// Holds one account may make in an hour: enough for a couple changing their mind many times,
/// too few to sweep a popular date by holding and releasing (OWASP API6:2023).
pub const HOLDS_PER_HOUR: i64 = 30;

/// The booking as its owner or as the partner named in it sees it; `None` for anyone else.
pub async fn visible_view(
    state: &AppState,
    account_id: i64,
    id: i64,
) -> AppResult<Option<BookingView>> {
    if let Some(row) = db::booking(&state.db, account_id, id).await? {
        return Ok(Some(row.into_view(db::parties(&state.db, id).await?, true)));
    }
    match db::booking_as_partner(&state.db, account_id, id).await? {
        Some(row) => Ok(Some(row.into_view(db::parties(&state.db, id).await?, false))),
        None => Ok(None),
    }
}

async fn own_view(state: &AppState, account_id: i64, id: i64) -> AppResult<BookingView> {
    match db::booking(&state.db, account_id, id).await? {
        Some(row) => Ok(row.into_view(db::parties(&state.db, id).await?, true)),
        None => Err(AppError::not_found("no such booking")),
    }
}

/// Frees abandoned holds and lapsed confirmations, in a short transaction of its own.
async fn expire(state: &AppState) -> AppResult<()> {
    let _gate = state.db.write_gate().await?;
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

fn slot_full(alternatives: Vec<portal_api::booking::SlotView>, detail: &str) -> Response {
    let mut problem = Problem::new(ErrorCode::SlotFull, Some(detail.to_owned()));
    problem.alternatives = alternatives;
    problem_response(&problem)
}

/// Holds a place for 10 minutes. One hold per service at a time: holding another time gives
/// the previous hold back. Retried with the same `Idempotency-Key`, it returns the first hold
/// instead of taking a second place. A full slot answers 409 with free alternatives.
#[utoipa::path(post, path = "/api/bookings/hold", tag = "booking", request_body = HoldRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry key, up to 100 characters")),
    responses((status = 201, body = BookingView), (status = 200, body = BookingView, description = "a retry"),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, body = Problem), (status = 429, body = Problem)))]
pub async fn hold(
    State(state): State<AppState>,
    Resident(s): Resident,
    headers: HeaderMap,
    Json(req): Json<HoldRequest>,
) -> AppResult<Response> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if key.as_ref().is_some_and(|k| k.is_empty() || k.len() > 100) {
        return Err(field("Idempotency-Key", FieldCode::Length));
    }
    let now = state.clock.now();
    // One read for the real name, the cache version, the hourly count, the no-shows and
    // whether anything has run out.
    let pre = db::hold_precheck(&state.db, s.account_id, now - 3600, now).await?;
    if pre.named != Some(1) {
        return Err(AppError::client(
            ErrorCode::RealNameRequired,
            "complete the real-name step first",
        ));
    }
    if let Some(k) = &key
        && let Some(id) = db::by_idempotency_key(&state.db.pool, s.account_id, k).await?
    {
        return Ok(
            (StatusCode::OK, axum::Json(own_view(&state, s.account_id, id).await?)).into_response()
        );
    }
    if pre.no_shows > 0 {
        checks::not_blocked(&state, s.account_id).await?;
    }
    let version = pre.version.unwrap_or(0);
    // The office and its day plan from this server's copy while the version is current (the
    // same checks as `checks::bookable`, without their four queries).
    let office = offices::office_at(&state, version, &req.office, req.service).await?;
    let plan = offices::day_at(&state, version, &office, req.day).await?;
    checks::bookable_plan(&state, &office, req.day, &plan, req.start_min)?;
    if req.service == Service::Divorce {
        checks::divorce_window(&state, pre.id_hmac.as_deref(), req.day).await?;
    }
    if pre.holds >= HOLDS_PER_HOUR {
        return Ok(rate_limited(600, "too many holds in the last hour; try again later"));
    }
    // The day's slots, laid out first if some are missing (`ensure_slots` on the plan read).
    let mut slots = db::day_slot_ids(&state.db, &office.code, req.service, req.day).await?;
    let missing: Vec<u32> = (plan.starts.iter().copied())
        .filter(|s| !slots.iter().any(|(_, m)| *m == i64::from(*s)))
        .collect();
    if !missing.is_empty() {
        db::lay_out(&state.db, &office, req.service, req.day, &missing).await?;
        slots = db::day_slot_ids(&state.db, &office.code, req.service, req.day).await?;
    }
    // Abandoned holds and lapsed confirmations free their places first, when there are any
    // (a write transaction of its own: most holds find none and skip it).
    if pre.due > 0 {
        expire(&state).await?;
    }
    let slot_id = (slots.iter())
        .find(|(_, m)| *m == i64::from(req.start_min))
        .map(|(id, _)| *id)
        .ok_or_else(|| field("start_min", FieldCode::NoSuchSlot))?;
    let reference = reference_from(&crate::crypto::random_bytes::<REFERENCE_LEN>());
    let gate = state.db.write_gate().await?;
    let mut tx = state.db.pool.begin().await?;
    // The previous hold's place goes back and the new one is taken in slot id order (give
    // before take on the same slot), as in `reschedule`: two residents swapping times would
    // otherwise each lock the other's slot first and deadlock on PostgreSQL.
    let mut steps: Vec<(i64, bool)> = db::drop_holds_for(&mut tx, s.account_id, req.service, now)
        .await?
        .into_iter()
        .map(|id| (id, false))
        .collect();
    steps.push((slot_id, true));
    steps.sort();
    let mut taken = false;
    for (id, take) in steps {
        if !take {
            db::give_place(&mut *tx, id).await?;
        } else if db::take_place(&mut *tx, id).await? {
            taken = true;
        } else {
            break;
        }
    }
    if !taken {
        tx.rollback().await?;
        let alternatives = db::next_free(&state.db, &office.code, req.service, req.day, 5).await?;
        return Ok(slot_full(alternatives, "this slot is full"));
    }
    let hold = db::NewHold {
        reference: &reference,
        slot_id,
        account_id: s.account_id,
        service: req.service,
        expires_at: now + HOLD_SECS,
        idempotency_key: key.as_deref(),
        now,
    };
    let id = match db::insert_hold(&mut tx, &hold).await {
        Ok(id) => id,
        Err(e) if violated(&e) == Some(Constraint::BookingIdempotency) => {
            tx.rollback().await?;
            // The same key raced in another request: answer with that hold.
            let id =
                db::by_idempotency_key(&state.db.pool, s.account_id, key.as_deref().unwrap_or(""))
                    .await?
                    .ok_or_else(|| AppError::Internal("idempotency key vanished".into()))?;
            let view = own_view(&state, s.account_id, id).await?;
            return Ok((StatusCode::OK, axum::Json(view)).into_response());
        }
        Err(e) if violated(&e) == Some(Constraint::OneHoldPerService) => {
            // Another hold for this service is being taken at this very moment.
            tx.rollback().await?;
            return Err(AppError::client(
                ErrorCode::Conflict,
                "you are already holding a place for this service",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    drop(gate);
    // Everything the booking's view holds is known here (no partner is named yet, and the
    // day passed `bookable_plan`, so it is not closed): no query to read it back.
    let view = BookingView {
        id,
        reference,
        office: office.code,
        office_name_zh: office.name_zh,
        office_name_en: office.name_en,
        address_zh: office.address_zh,
        address_en: office.address_en,
        service: req.service,
        day: req.day,
        start_min: req.start_min,
        status: BookingStatus::Held,
        hold_expires_at: Some(now + HOLD_SECS),
        confirm_by: None,
        parties: vec![],
        owner: true,
        office_closed: None,
    };
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

/// The resident's bookings and the ones naming them as the partner, newest first.
#[utoipa::path(get, path = "/api/bookings", tag = "booking",
    responses((status = 200, body = Vec<BookingView>), (status = 401, body = Problem)))]
pub async fn mine(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<Vec<BookingView>>> {
    // Holds let run out or replaced stay listed for a day (the page that held one can still say
    // it ran out), then drop off the list; the personal-data export keeps them.
    let abandoned_before = state.clock.now() - 86_400;
    Ok(axum::Json(views_of(&state, s.account_id, Some(abandoned_before)).await?))
}

/// Every booking an account may see (its own and those naming it as the partner), newest
/// first: the list page and the personal-data export (`abandoned_before`: see
/// [`db::own_booking_ids`]).
pub async fn views_of(
    state: &AppState,
    account_id: i64,
    abandoned_before: Option<i64>,
) -> AppResult<Vec<BookingView>> {
    let mut ids = db::own_booking_ids(&state.db, account_id, abandoned_before).await?;
    ids.extend(db::partner_booking_ids(&state.db, account_id, None).await?);
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(visible_view(state, account_id, id).await?);
    }
    Ok(out)
}

/// The partner is found by the ID number of their real-name record: without one, they are
/// asked to register it (not told that nothing was found).
async fn real_named(state: &AppState, account_id: i64) -> AppResult<()> {
    if db::applicant(&state.db, account_id).await?.real_name.is_none() {
        return Err(AppError::client(
            ErrorCode::RealNameRequired,
            "complete the real-name step to see bookings that name you",
        ));
    }
    Ok(())
}

/// `GET /api/bookings/partner/{reference}`: what the partner is asked to confirm.
#[utoipa::path(get, path = "/api/bookings/partner/{reference}", tag = "booking",
    params(("reference" = String, Path)),
    responses((status = 200, body = BookingView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn partner_booking(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(reference): Path<String>,
) -> AppResult<axum::Json<BookingView>> {
    let reference =
        parse_reference(&reference).ok_or_else(|| field("reference", FieldCode::Reference))?;
    real_named(&state, s.account_id).await?;
    let ids = db::partner_booking_ids(&state.db, s.account_id, Some(&reference)).await?;
    let id = ids.first().ok_or_else(|| AppError::not_found("no such booking for you"))?;
    visible_view(&state, s.account_id, *id)
        .await?
        .map(axum::Json)
        .ok_or_else(|| AppError::not_found("no such booking for you"))
}

/// Cancels one's own booking or hold; the place is free again at once and the partner is
/// told. Someone else's booking answers 404, as if it did not exist.
#[utoipa::path(delete, path = "/api/bookings/{id}", tag = "booking", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn cancel(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let before = db::booking(&state.db, s.account_id, id).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let Some(slot_id) = db::cancel(&mut tx, id, s.account_id, now).await? else {
        return Err(AppError::not_found("no such active booking"));
    };
    db::give_place(&mut *tx, slot_id).await?;
    db::release_parties(&mut tx, id).await?;
    if let Some(b) = before.filter(|b| b.status != BookingStatus::Held) {
        notify::tell(&mut tx, id, &notify::cancelled(&b.reference, b.day, b.start_min as u32), now)
            .await?;
    }
    tx.commit().await?;
    crate::outbox::deliver_now(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The partner as typed, checked: a real name and a valid ID number.
fn partner_input(
    service: Service,
    req: DetailsRequest,
    today: portal_api::ids::Date,
) -> AppResult<Option<(String, ResidentId)>> {
    match (service.needs_partner(), req.partner) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(field("partner", FieldCode::NoPartnerNeeded)),
        (true, None) => Err(AppError::Validation(vec![
            party_field(1, "name", FieldCode::Required),
            party_field(1, "id_number", FieldCode::Required),
        ])),
        (true, Some(p)) => {
            let mut errors = Vec::new();
            if !portal_api::account::valid_real_name(&p.name) {
                errors.push(party_field(1, "name", FieldCode::Name));
            }
            match ResidentId::parse(&p.id_number) {
                Ok(id) if !id.born_plausibly(today) => {
                    errors.push(party_field(1, "id_number", FieldCode::BirthDate));
                    Err(AppError::Validation(errors))
                }
                Ok(id) if errors.is_empty() => {
                    let name = unicode_normalization::UnicodeNormalization::nfc(p.name.trim());
                    Ok(Some((name.collect(), id)))
                }
                Ok(_) => Err(AppError::Validation(errors)),
                Err(e) => {
                    errors.push(party_field(1, "id_number", e.code()));
                    Err(AppError::Validation(errors))
                }
            }
        }
    }
}

/// Fills in a held booking: the partner's name and ID number (the applicant is the signed-in
/// resident, from their real-name record). Checked: check characters, legal ages on the day
/// (Civil Code art. 1047), two different people, a man and a woman. The applicant's
/// one-active-booking lock is taken now; the partner's only when they confirm, so nobody can
/// block another person by naming them. Safe to retry: the same details again give the same
/// answer.
#[utoipa::path(post, path = "/api/bookings/{id}/details", tag = "booking", params(("id" = i64, Path)),
    request_body = DetailsRequest,
    responses((status = 200, body = BookingView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn details(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
    Json(req): Json<DetailsRequest>,
) -> AppResult<axum::Json<BookingView>> {
    let booking = db::booking(&state.db, s.account_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    let service = booking.service;
    let office = office_for(&state, &booking.office, service).await?;
    let partner = partner_input(service, req, state.office_today())?;
    let (name, own, own_hmac) = checks::applicant(&state, s.account_id).await?;
    if let Some((_, partner_id)) = &partner {
        checks::couple_on(service, &own, partner_id, booking.day)?;
    }
    let partner_hmac =
        partner.as_ref().map(|(_, pid)| state.crypto.mac(&["resident_id", pid.as_str()]));
    if booking.status != BookingStatus::Held {
        return same_details_again(&state, s.account_id, id, booking.status, partner_hmac).await;
    }
    // Provisional until the partner confirms, unless the office has switched that off or
    // nobody else is involved.
    let provisional = service.needs_partner() && office.partner_confirm;
    let status = if provisional { BookingStatus::Provisional } else { BookingStatus::Confirmed };
    let now = state.clock.now();
    expire(&state).await?;
    let mut tx = state.db.pool.begin().await?;
    // Only a live hold moves on; the conditional update decides, not an earlier read.
    let confirm_by = provisional.then_some(now + PARTNER_CONFIRM_SECS);
    if !db::fill_details(&mut tx, id, s.account_id, status, confirm_by, now).await? {
        tx.rollback().await?;
        let status = db::booking(&state.db, s.account_id, id).await?.map(|b| b.status);
        return match status {
            Some(st) if st != BookingStatus::Held => {
                same_details_again(&state, s.account_id, id, st, partner_hmac).await
            }
            _ => Err(AppError::client(ErrorCode::BookingClosed, "the hold has expired")),
        };
    }
    let own_cipher = state.crypto.encrypt(own.as_str());
    let own_masked = own.masked();
    let mut people = vec![db::NewParty {
        booking_id: id,
        party: 0,
        name: &name,
        id_cipher: &own_cipher,
        id_hmac: &own_hmac,
        id_masked: &own_masked,
        service,
        active: true,
    }];
    let partner_cipher = partner.as_ref().map(|(_, p)| state.crypto.encrypt(p.as_str()));
    let partner_masked = partner.as_ref().map(|(_, p)| p.masked());
    if let (Some((pname, _)), Some(c), Some(h), Some(m)) =
        (&partner, &partner_cipher, &partner_hmac, &partner_masked)
    {
        people.push(db::NewParty {
            booking_id: id,
            party: 1,
            name: pname,
            id_cipher: c,
            id_hmac: h,
            id_masked: m,
            service,
            active: false,
        });
    }
    for p in &people {
        match db::insert_party(&mut tx, p).await {
            Ok(()) => {}
            Err(e) if violated(&e) == Some(Constraint::OneActiveBookingPerPerson) => {
                // Only the applicant's own lock can clash: they learn only about themselves.
                tx.rollback().await?;
                let mut problem = Problem::new(
                    ErrorCode::AlreadyBooked,
                    Some("you already hold an active booking for this service".into()),
                );
                problem.errors = vec![party_field(0, "id_number", FieldCode::AlreadyBooked)];
                return Err(AppError::Problem(Box::new(problem)));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if provisional {
        let text = notify::waiting_for_partner(
            &booking.reference,
            &office.name_zh,
            booking.day,
            booking.start_min as u32,
            state.settings.public_url.as_deref(),
        );
        notify::tell(&mut tx, id, &text, now).await?;
    }
    tx.commit().await?;
    if provisional {
        crate::outbox::deliver_now(&state).await;
    }
    Ok(axum::Json(own_view(&state, s.account_id, id).await?))
}

/// A retried details call (say the first answer was lost when a server restarted): the same
/// details give the booking as it is; different details are refused.
async fn same_details_again(
    state: &AppState,
    account_id: i64,
    id: i64,
    status: BookingStatus,
    partner_hmac: Option<String>,
) -> AppResult<axum::Json<BookingView>> {
    let stored = db::party_rows(&state.db, id).await?;
    let stored_partner = stored.iter().find(|p| p.party == 1).map(|p| p.id_hmac.clone());
    let same = !stored.is_empty() && stored_partner == partner_hmac;
    if status.is_active() && same {
        return Ok(axum::Json(own_view(state, account_id, id).await?));
    }
    Err(AppError::client(ErrorCode::BookingClosed, "the details of this booking are already in"))
}

/// The partner, signed in on their own phone with the real name matching the ID given,
/// confirms within 24 hours; their own one-active-booking lock is taken now. Anyone else is
/// told there is no such booking.
#[utoipa::path(post, path = "/api/bookings/confirm", tag = "booking", request_body = ConfirmRequest,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn confirm(
    State(state): State<AppState>,
    Resident(s): Resident,
    Json(req): Json<ConfirmRequest>,
) -> AppResult<StatusCode> {
    let reference =
        parse_reference(&req.reference).ok_or_else(|| field("reference", FieldCode::Reference))?;
    checks::verified(&state, s.account_id).await?;
    let now = state.clock.now();
    expire(&state).await?;
    let mut tx = state.db.pool.begin().await?;
    if let Some(id) = db::confirm(&mut tx, &reference, s.account_id, now).await? {
        return match db::activate_partner(&mut tx, id).await {
            Ok(()) => {
                tx.commit().await?;
                Ok(StatusCode::NO_CONTENT)
            }
            Err(e) if violated(&e) == Some(Constraint::OneActiveBookingPerPerson) => {
                tx.rollback().await?;
                Err(AppError::client(
                    ErrorCode::AlreadyBooked,
                    "you already hold another active booking for this service",
                ))
            }
            Err(e) => Err(e.into()),
        };
    }
    tx.rollback().await?;
    // Say "too late" only to the partner themselves; anyone else learns nothing.
    match db::status_as_partner(&state.db, &reference, s.account_id).await? {
        Some(_) => Err(AppError::client(
            ErrorCode::BookingClosed,
            "this booking can no longer be confirmed",
        )),
        None => Err(AppError::not_found("no such booking for you to confirm")),
    }
}

/// Moves a booking to another time of the same office and service, all or nothing: the booking
/// row is locked first (so a concurrent cancel or reschedule waits and then sees the new
/// state), the two slots are touched in id order (so two couples swapping times cannot
/// deadlock), and the move itself is conditional on the booking still being in the old slot.
/// The marriage rules are checked again for the new day, and both parties are told.
#[utoipa::path(post, path = "/api/bookings/{id}/reschedule", tag = "booking", params(("id" = i64, Path)),
    request_body = RescheduleRequest,
    responses((status = 200, body = BookingView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reschedule(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
    Json(req): Json<RescheduleRequest>,
) -> AppResult<Response> {
    let booking = db::booking(&state.db, s.account_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such booking"))?;
    let service = booking.service;
    let office = office_for(&state, &booking.office, service).await?;
    checks::bookable(&state, &office, req.day, req.start_min).await?;
    let parties = db::party_rows(&state.db, id).await?;
    if service == Service::Divorce {
        let own = db::applicant(&state.db, s.account_id).await?.id_hmac;
        checks::divorce_window(&state, own.as_deref(), req.day).await?;
    }
    let ids: Vec<ResidentId> = parties
        .iter()
        .filter_map(|p| state.crypto.decrypt(&p.id_cipher))
        .filter_map(|id| ResidentId::parse(&id).ok())
        .collect();
    if let [own, partner] = ids.as_slice() {
        checks::couple_on(service, own, partner, req.day)?;
    }
    db::ensure_slots(&state.db, &office, service, req.day).await?;
    let new_slot = db::slot_id(&state.db.pool, &office.code, service, req.day, req.start_min)
        .await?
        .ok_or_else(|| field("start_min", FieldCode::NoSuchSlot))?;
    let now = state.clock.now();
    expire(&state).await?;
    let mut tx = state.db.pool.begin().await?;
    let closed =
        || AppError::client(ErrorCode::BookingClosed, "this booking can no longer be changed");
    let Some(old_slot) = db::lock_active(&mut tx, id, s.account_id, now).await? else {
        tx.rollback().await?;
        return Err(closed());
    };
    if old_slot == new_slot {
        tx.rollback().await?;
        return Ok(axum::Json(own_view(&state, s.account_id, id).await?).into_response());
    }
    // Slots in id order; the old place is given back only together with the new one taken.
    let mut taken = true;
    for slot in if old_slot < new_slot { [old_slot, new_slot] } else { [new_slot, old_slot] } {
        if slot == old_slot {
            db::give_place(&mut *tx, old_slot).await?;
        } else {
            taken = db::take_place(&mut *tx, new_slot).await?;
            if !taken {
                break;
            }
        }
    }
    if !taken {
        tx.rollback().await?;
        let alternatives = db::next_free(&state.db, &office.code, service, req.day, 5).await?;
        return Ok(slot_full(alternatives, "that slot is not free; your booking is unchanged"));
    }
    if !db::move_to(&mut tx, id, old_slot, new_slot, now).await? {
        tx.rollback().await?;
        return Err(closed());
    }
    if booking.status != BookingStatus::Held {
        let text = notify::rescheduled(&booking.reference, &office.name_zh, req.day, req.start_min);
        notify::tell(&mut tx, id, &text, now).await?;
    }
    tx.commit().await?;
    crate::outbox::deliver_now(&state).await;
    Ok(axum::Json(own_view(&state, s.account_id, id).await?).into_response())
}
