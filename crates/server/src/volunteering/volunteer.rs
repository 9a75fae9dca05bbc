//! A signed-in resident volunteers: registers (on top of the real-name record), signs up for
//! shifts or joins their waitlist, withdraws (the next on the waitlist is promoted exactly
//! once), and checks in and out with the organiser's rotating code.

use super::checks::{self, client, field, finish, list, text};
use super::{db, notify};
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult, Constraint, rate_limited, violated};
use crate::extract::Json;
use crate::extract::{ClientIp, Path};
use crate::limits::{self, Limit, Verdict};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_api::ids::Mobile;
use portal_api::volunteering::RecordStatus;
use portal_api::volunteering::{
    ADULT_AGE, AgeCheck, CodeRequest, Guardian, MIN_VOLUNTEER_AGE, SignupStatus, SignupView,
    VolunteerRequest, VolunteerView, age_check, in_check_window, parse_check_in_code,
    points as points_for, propose_hours, star_level, volunteer_number,
};
use portal_api::{ErrorCode, FieldCode, FieldError, Problem};

/// Wrong codes a sign-up may type before it is refused (six digits, two accepted at a time).
pub const CODE_MISSES_ALLOWED: i64 = 10;

/// Codes typed from one address in ten minutes, right or wrong (a crowd on the community
/// centre's Wi-Fi checking in and out fits; someone cycling through many sign-ups does not).
pub const CODE_TRIES_PER_IP: Limit = Limit { name: "vol_code_ip", window_secs: 600, max: 60 };

fn validate(req: &VolunteerRequest, minor: bool) -> AppResult<()> {
    let mut errors = Vec::new();
    list(&mut errors, "skills", &req.skills);
    list(&mut errors, "languages", &req.languages);
    list(&mut errors, "districts", &req.districts);
    text(&mut errors, "availability", &req.availability, false, 200);
    text(&mut errors, "emergency_name", &req.emergency_name, true, 40);
    if let Err(e) = Mobile::parse(&req.emergency_phone) {
        errors.push(FieldError { field: "emergency_phone".into(), code: e.code() });
    }
    if !req.pledge {
        errors.push(FieldError { field: "pledge".into(), code: FieldCode::Required });
    }
    match (&req.guardian, minor) {
        (_, false) => {}
        (None, true) => {
            errors.push(FieldError { field: "guardian".into(), code: FieldCode::Required })
        }
        (Some(g), true) => {
            text(&mut errors, "guardian.name", &g.name, true, 40);
            if let Err(e) = Mobile::parse(&g.phone) {
                errors.push(FieldError { field: "guardian.phone".into(), code: e.code() });
            }
            if !g.consent {
                errors.push(FieldError {
                    field: "guardian.consent".into(),
                    code: FieldCode::Required,
                });
            }
        }
    }
    finish(errors)
}

/// The volunteer's profile with verified totals.
pub async fn view(state: &AppState, account_id: i64) -> AppResult<VolunteerView> {
    let v = checks::volunteer(state, account_id).await?;
    let p = checks::real_name(state, account_id).await?;
    let records = db::records_of(&state.db.pool, account_id).await?;
    let counted = records.iter().filter(|r| r.status.counts());
    let half_hours: u32 = counted.clone().map(|r| r.half_hours as u32).sum();
    let points: u32 = counted.map(|r| r.points as u32).sum();
    Ok(VolunteerView {
        number: v.number,
        name: p.name,
        masked_id: p.masked_id,
        minor: p.birth.age_on(state.office_today()) < ADULT_AGE,
        skills: db::from_json(&v.skills),
        languages: db::from_json(&v.languages),
        districts: db::from_json(&v.districts),
        availability: v.availability,
        emergency_name: v.emergency_name,
        emergency_phone: v.emergency_phone,
        guardian: v.guardian_name.map(|name| Guardian {
            name,
            phone: v.guardian_phone.unwrap_or_default(),
            consent: v.guardian_consent_at.is_some(),
        }),
        sms_lang: portal_api::volunteering::SmsLang::parse(&v.sms_lang).unwrap_or_default(),
        verified_half_hours: half_hours,
        stars: star_level(half_hours),
        points,
    })
}

/// The volunteer's own profile; 403 `volunteer_required` before registration.
#[utoipa::path(get, path = "/api/volunteering/me", tag = "volunteering",
    responses((status = 200, body = VolunteerView), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn me(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<VolunteerView>> {
    Ok(axum::Json(view(&state, s.account_id).await?))
}

/// Registers as a volunteer (or updates the profile): the real-name record gives name and
/// ID; the pledge is required; under 18, a guardian's name, phone and consent.
#[utoipa::path(put, path = "/api/volunteering/me", tag = "volunteering", request_body = VolunteerRequest,
    responses((status = 200, body = VolunteerView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn register(
    State(state): State<AppState>,
    Resident(s): Resident,
    Json(req): Json<VolunteerRequest>,
) -> AppResult<axum::Json<VolunteerView>> {
    let p = checks::real_name(&state, s.account_id).await?;
    let age = p.birth.age_on(state.office_today());
    if age < MIN_VOLUNTEER_AGE {
        return Err(client(ErrorCode::TooYoung, "too young to register"));
    }
    validate(&req, age < ADULT_AGE)?;
    // Districts are chosen from the regions the portal covers.
    for d in &req.districts {
        if !checks::known_region(&state, d).await? {
            return Err(field("districts", FieldCode::Invalid));
        }
    }
    let number = volunteer_number(state.office_today().year, s.account_id);
    db::upsert_volunteer(&state.db.pool, s.account_id, &number, &req, state.clock.now()).await?;
    Ok(axum::Json(view(&state, s.account_id).await?))
}

/// The sign-up as the volunteer sees it; `shift` if already read, else read here.
async fn to_view(
    state: &AppState,
    r: db::MySignupRow,
    shift: Option<db::ShiftRow>,
) -> AppResult<SignupView> {
    let shift = match shift {
        Some(shift) => shift,
        None => db::shift(&state.db.pool, r.shift_id)
            .await?
            .ok_or_else(|| AppError::not_found("no such shift"))?,
    };
    let may_report = super::reports::may_report(state, &r, &shift).await?;
    Ok(SignupView {
        id: r.id,
        status: r.status,
        activity_id: r.activity_id,
        activity_title: r.activity_title,
        shift: shift.view(),
        waitlist_position: (r.status == SignupStatus::Waitlisted).then_some(r.position as u32),
        checked_in_at: r.checked_in_at,
        checked_out_at: r.checked_out_at,
        may_report,
    })
}

async fn signup_view(state: &AppState, account_id: i64, id: i64) -> AppResult<SignupView> {
    let r = db::my_signup(&state.db.pool, account_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such sign-up"))?;
    to_view(state, r, None).await
}

/// The volunteer's sign-ups, latest shift first.
#[utoipa::path(get, path = "/api/volunteering/signups", tag = "volunteering",
    responses((status = 200, body = Vec<SignupView>), (status = 401, body = Problem)))]
pub async fn mine(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<Vec<SignupView>>> {
    let rows = db::mine(&state.db.pool, s.account_id).await?;
    // Every shift in one query, not one per sign-up.
    let mut shifts: std::collections::HashMap<i64, db::ShiftRow> =
        db::shifts_of_account(&state.db.pool, s.account_id)
            .await?
            .into_iter()
            .map(|shift| (shift.id, shift))
            .collect();
    let mut out = Vec::new();
    for r in rows {
        // A second sign-up for the same shift (after a withdrawal) reads it again.
        let shift = shifts.remove(&r.shift_id);
        out.push(to_view(&state, r, shift).await?);
    }
    Ok(axum::Json(out))
}

/// Signs up for a shift: a place if one is left (a conditional update), otherwise the
/// waitlist. One live sign-up per shift; no overlapping shifts; minimum age and guardian
/// consent checked for the shift's day.
#[utoipa::path(post, path = "/api/volunteering/shifts/{id}/signup", tag = "volunteering",
    params(("id" = i64, Path)),
    responses((status = 201, body = SignupView), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn signup(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let v = checks::volunteer(&state, s.account_id).await?;
    let p = checks::real_name(&state, s.account_id).await?;
    let shift =
        db::shift(&state.db.pool, id).await?.ok_or_else(|| AppError::not_found("no such shift"))?;
    let activity = db::activity(&state.db.pool, shift.activity_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such activity"))?;
    let now = state.clock.now();
    if shift.cancelled_at.is_some() || shift.starts_at <= now {
        return Err(client(ErrorCode::ShiftClosed, "this shift has started or was cancelled"));
    }
    let consent = v.guardian_consent_at.is_some();
    match age_check(p.birth, shift.day, activity.min_age.map(|a| a as u32), consent) {
        AgeCheck::Ok => {}
        AgeCheck::TooYoung => return Err(client(ErrorCode::TooYoung, "below the minimum age")),
        AgeCheck::NeedsGuardian => {
            return Err(client(ErrorCode::GuardianRequired, "a guardian's consent is needed"));
        }
    }
    if db::live_signup(&state.db.pool, id, s.account_id).await?.is_some() {
        return Err(client(ErrorCode::AlreadySignedUp, "already signed up for this shift"));
    }
    if db::overlaps(&state.db.pool, s.account_id, id, shift.starts_at, shift.ends_at).await? {
        return Err(client(ErrorCode::ShiftOverlap, "signed up for an overlapping shift"));
    }
    let mut tx = state.db.pool.begin().await?;
    // One sign-up of this volunteer's at a time: their row is locked first, then the overlap
    // is checked again inside (two quick sign-ups for overlapping shifts both passed the check
    // above before either was written).
    db::lock_volunteer(&mut *tx, s.account_id).await?;
    if db::overlaps(&mut *tx, s.account_id, id, shift.starts_at, shift.ends_at).await? {
        tx.rollback().await?;
        return Err(client(ErrorCode::ShiftOverlap, "signed up for an overlapping shift"));
    }
    let mut status = SignupStatus::SignedUp;
    if !db::take_place(&mut *tx, id).await? {
        // Full: take the shift's lock, so a withdrawal now promotes us or sees us waiting, and
        // a cancellation that committed meanwhile is seen (no waiting on a cancelled shift).
        db::lock_shift(&mut *tx, id).await?;
        if db::shift_cancelled(&mut *tx, id).await? {
            tx.rollback().await?;
            return Err(client(ErrorCode::ShiftClosed, "this shift has started or was cancelled"));
        }
        if !db::take_place(&mut *tx, id).await? {
            status = SignupStatus::Waitlisted;
        }
    }
    let signup_id = match db::insert_signup(&mut *tx, id, s.account_id, status, now).await {
        Ok(sid) => sid,
        Err(e) if violated(&e) == Some(Constraint::VolunteerSignup) => {
            tx.rollback().await?;
            return Err(client(ErrorCode::AlreadySignedUp, "already signed up for this shift"));
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    let view = signup_view(&state, s.account_id, signup_id).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

/// Withdraws from a shift before it starts. A freed place goes to the first on the waitlist
/// (a conditional update, so each place is handed on exactly once, also across servers);
/// both are told by text.
#[utoipa::path(delete, path = "/api/volunteering/signups/{id}", tag = "volunteering",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn withdraw(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let g = db::signup(&state.db.pool, id)
        .await?
        .filter(|g| g.account_id == s.account_id)
        .ok_or_else(|| AppError::not_found("no such sign-up"))?;
    let shift = db::shift(&state.db.pool, g.shift_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such shift"))?;
    let activity = db::activity(&state.db.pool, shift.activity_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such activity"))?;
    let now = state.clock.now();
    if !matches!(g.status, SignupStatus::SignedUp | SignupStatus::Waitlisted) {
        return Err(client(ErrorCode::Conflict, "this sign-up is no longer live"));
    }
    if shift.starts_at <= now {
        return Err(client(ErrorCode::ShiftClosed, "the shift has started"));
    }
    let when = db::when_text(shift.day, shift.start_min);
    let mut tx = state.db.pool.begin().await?;
    let live = (id, g.shift_id, g.status);
    if !withdraw_in(&mut tx, live, &activity.title, &when, now).await? {
        tx.rollback().await?;
        return Err(client(ErrorCode::Conflict, "this sign-up changed meanwhile"));
    }
    notify::tell(&mut tx, s.account_id, notify::Note::Withdrawn, &activity.title, &when, now)
        .await?;
    tx.commit().await?;
    crate::outbox::deliver_now(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws a live sign-up (id, shift, status) inside `tx`: a place it held goes to the first
/// on the waitlist, who is told, or back to the shift. False when it was no longer live.
async fn withdraw_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    (id, shift_id, status): (i64, i64, SignupStatus),
    title: &str,
    when: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    if !db::move_status(&mut **tx, id, status, SignupStatus::Withdrawn, now).await? {
        return Ok(false);
    }
    if status == SignupStatus::SignedUp {
        db::lock_shift(&mut **tx, shift_id).await?;
        let mut promoted = None;
        for (wid, account) in db::waitlist(&mut **tx, shift_id).await? {
            if db::move_status(
                &mut **tx,
                wid,
                SignupStatus::Waitlisted,
                SignupStatus::SignedUp,
                now,
            )
            .await?
            {
                promoted = Some(account);
                break;
            }
        }
        match promoted {
            Some(account) => {
                notify::tell(tx, account, notify::Note::Promoted, title, when, now).await?
            }
            None => db::give_place(&mut **tx, shift_id).await?,
        }
    }
    Ok(true)
}

/// On deleting an account: every sign-up for a shift not started yet is withdrawn, its place
/// handed to the waitlist (those promoted are told), so an erased account holds no places.
/// Inside the deletion's transaction. Returns how many were withdrawn.
pub async fn withdraw_all_of(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let mut n = 0;
    for live in db::live_future_signups(&mut **tx, account_id, now).await? {
        let when = db::when_text(live.day, live.start_min);
        if withdraw_in(tx, (live.id, live.shift_id, live.status), &live.title, &when, now).await? {
            n += 1;
        }
    }
    Ok(n)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    In,
    Out,
}

async fn by_code(
    state: &AppState,
    ip: &str,
    account_id: i64,
    shift_id: i64,
    code: &str,
    mark: Mark,
) -> AppResult<Response> {
    let g = db::live_signup(&state.db.pool, shift_id, account_id)
        .await?
        .filter(|g| g.status == SignupStatus::SignedUp)
        .ok_or_else(|| AppError::not_found("you have no place on this shift"))?;
    if g.code_misses >= CODE_MISSES_ALLOWED {
        return Ok(rate_limited(600, "too many wrong codes; ask the organiser to check you in"));
    }
    let shift = db::shift(&state.db.pool, shift_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such shift"))?;
    let now = state.clock.now();
    if !in_check_window(now, shift.starts_at, shift.ends_at) {
        return Err(client(ErrorCode::OutsideCheckWindow, "check-in is not open now"));
    }
    let typed = parse_check_in_code(code).ok_or_else(|| field("code", FieldCode::CodeFormat))?;
    // Counted before the comparison, atomically, for every server (crate::limits).
    if let Verdict::Refused { retry_after } =
        limits::hit(&state.db, CODE_TRIES_PER_IP, ip, now).await?
    {
        return Ok(rate_limited(retry_after, "too many codes from this address; wait a little"));
    }
    if !db::reserve_code_miss(&state.db.pool, g.id, CODE_MISSES_ALLOWED).await? {
        return Ok(rate_limited(600, "too many wrong codes; ask the organiser to check you in"));
    }
    if !checks::code_matches(&shift.secret, &typed, now) {
        return Err(client(ErrorCode::CheckInCodeWrong, "wrong or stale code"));
    }
    db::code_matched(&state.db.pool, g.id).await?;
    mark_signup(state, &g, &shift, mark, None).await?;
    Ok(axum::Json(signup_view(state, account_id, g.id).await?).into_response())
}

/// Checks a sign-up in or out (by code or by the organiser). Checking out writes the first,
/// pending version of the record with the proposed hours. Repeating a mark changes nothing.
pub(super) async fn mark_signup(
    state: &AppState,
    g: &db::SignupRow,
    shift: &db::ShiftRow,
    mark: Mark,
    actor: Option<i64>,
) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    match mark {
        Mark::In => {
            db::check_in(&mut *tx, g.id, now).await?;
        }
        Mark::Out => {
            if db::check_out(&mut *tx, g.id, now).await? {
                let proposal = propose_hours(
                    shift.starts_at,
                    shift.ends_at,
                    g.checked_in_at.or(Some(now)),
                    Some(now),
                );
                let activity = db::activity(&mut *tx, shift.activity_id)
                    .await?
                    .ok_or_else(|| AppError::not_found("no such activity"))?;
                let record = db::NewRecord {
                    signup_id: g.id,
                    version: 1,
                    account_id: g.account_id,
                    org_code: &activity.org_code,
                    half_hours: proposal.half_hours,
                    status: RecordStatus::Pending,
                    reason: None,
                    points: points_for(proposal.half_hours, activity.points_per_hour as u32),
                    actor_id: actor,
                    now,
                    reported: false,
                };
                db::insert_record(&mut *tx, &record).await?;
            } else if g.checked_in_at.is_none() {
                tx.rollback().await?;
                return Err(client(ErrorCode::NotCheckedIn, "check in first"));
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Checks in with the code the organiser's phone shows (current or previous 30-second step).
#[utoipa::path(post, path = "/api/volunteering/shifts/{id}/check-in", tag = "volunteering",
    params(("id" = i64, Path)), request_body = CodeRequest,
    responses((status = 200, body = SignupView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 429, body = Problem)))]
pub async fn check_in(
    State(state): State<AppState>,
    Resident(s): Resident,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<CodeRequest>,
) -> AppResult<Response> {
    by_code(&state, &ip, s.account_id, id, &req.code, Mark::In).await
}

/// Checks out with the current code; the proposed hours become a pending record.
#[utoipa::path(post, path = "/api/volunteering/shifts/{id}/check-out", tag = "volunteering",
    params(("id" = i64, Path)), request_body = CodeRequest,
    responses((status = 200, body = SignupView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 429, body = Problem)))]
pub async fn check_out(
    State(state): State<AppState>,
    Resident(s): Resident,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<CodeRequest>,
) -> AppResult<Response> {
    by_code(&state, &ip, s.account_id, id, &req.code, Mark::Out).await
}
