//! The checks a booking request passes before anything is written: the office offers the
//! service, the day is in the window, open and released, the slot exists, the resident is
//! not blocked after no-shows, a divorce certificate falls in its window, the couple may marry
//! on that day.

use super::cache::DayPlan;
use super::db;
use crate::AppState;
use crate::error::{AppError, AppResult};
use portal_api::booking::{
    CoolingOff, MarriageRuleError, Office, Service, blocked_until, check_marriage, in_window,
};
use portal_api::ids::{Date, ResidentId};
use portal_api::{ErrorCode, FieldCode, FieldError, Problem};

pub fn field(name: &str, code: FieldCode) -> AppError {
    AppError::Validation(vec![FieldError { field: name.into(), code }])
}

pub fn party_field(i: usize, name: &str, code: FieldCode) -> FieldError {
    FieldError { field: format!("parties[{i}].{name}"), code }
}

/// The office, if it offers the service.
pub async fn office_for(state: &AppState, code: &str, service: Service) -> AppResult<Office> {
    let office = db::office(&state.db, code)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no office {code}")))?;
    if !office.services.contains(&service) {
        return Err(field("service", FieldCode::NotOffered));
    }
    Ok(office)
}

/// For a special date whose bookings have not opened yet: when they open.
pub async fn not_released(state: &AppState, office: &str, day: Date) -> AppResult<Option<i64>> {
    let release = db::special(&state.db, office, day).await?.and_then(|s| s.release_at);
    Ok(release.filter(|r| *r > state.clock.now()))
}

/// The day is in the window and open (no holiday, closure or unreleased special date) and has
/// this slot.
pub async fn bookable(
    state: &AppState,
    office: &Office,
    day: Date,
    start_min: u32,
) -> AppResult<()> {
    if !in_window(day, state.office_today(), office.window_min, office.window_max) {
        return Err(field("day", FieldCode::OutOfWindow));
    }
    let plan = db::day_plan(&state.db, office, day).await?;
    let release_at = db::special(&state.db, &office.code, day).await?.and_then(|s| s.release_at);
    open_on(state, plan.closed, &plan.starts, release_at, start_min)
}

/// [`bookable`] on a day plan already read (the server's copy, `cache`).
pub fn bookable_plan(
    state: &AppState,
    office: &Office,
    day: Date,
    plan: &DayPlan,
    start_min: u32,
) -> AppResult<()> {
    if !in_window(day, state.office_today(), office.window_min, office.window_max) {
        return Err(field("day", FieldCode::OutOfWindow));
    }
    open_on(state, plan.closed, &plan.starts, plan.release_at, start_min)
}

fn open_on(
    state: &AppState,
    closed: bool,
    starts: &[u32],
    release_at: Option<i64>,
    start_min: u32,
) -> AppResult<()> {
    if closed {
        return Err(field("day", FieldCode::Closed));
    }
    if !starts.contains(&start_min) {
        return Err(field("start_min", FieldCode::NoSuchSlot));
    }
    if release_at.is_some_and(|r| r > state.clock.now()) {
        return Err(field("day", FieldCode::NotReleased));
    }
    Ok(())
}

/// Two no-shows within 30 days block new bookings for 15 days (configurable), with the day
/// it ends.
pub async fn not_blocked(state: &AppState, account_id: i64) -> AppResult<()> {
    let days = db::no_show_days(&state.db, account_id).await?;
    let (threshold, within, block) = state.settings.no_show;
    match blocked_until(&days, state.office_today(), threshold, within, block) {
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

/// A divorce appointment: the first is the application (cooling-off starts), a later one in
/// the second window is the certificate. Refuses days outside the allowed window.
pub async fn divorce_window(state: &AppState, id_hmac: Option<&str>, day: Date) -> AppResult<()> {
    let Some(h) = id_hmac else { return Ok(()) };
    let Some(open) = db::open_application_for(&state.db, h).await? else { return Ok(()) };
    let cooling =
        CoolingOff::for_application(open.applied_on, &crate::calendar::calendar(&state.db).await?);
    if cooling.second_appointment_allowed(day) && state.office_today() <= cooling.second_until {
        return Ok(());
    }
    let code = if day <= cooling.withdraw_until {
        FieldCode::CoolingOff
    } else {
        FieldCode::DivorceLapsed
    };
    Err(field("day", code))
}

/// The marriage rules on the registration day (Civil Code art. 1046-1049) as field errors;
/// a divorce needs only two different people.
pub fn couple_on(
    service: Service,
    applicant: &ResidentId,
    partner: &ResidentId,
    day: Date,
) -> AppResult<()> {
    let rule = match check_marriage(applicant, partner, day) {
        Err(MarriageRuleError::NotManAndWoman | MarriageRuleError::UnderAge { .. })
            if service == Service::Divorce =>
        {
            None
        }
        Ok(()) => None,
        Err(MarriageRuleError::SamePerson) => Some((1, FieldCode::SamePerson)),
        Err(MarriageRuleError::NotManAndWoman) => Some((1, FieldCode::NotManAndWoman)),
        Err(MarriageRuleError::UnderAge { party, .. }) => {
            Some((usize::from(party), FieldCode::UnderAge))
        }
    };
    match rule {
        Some((i, code)) => Err(AppError::Validation(vec![party_field(i, "id_number", code)])),
        None => Ok(()),
    }
}

/// The applicant's name and ID number from their real-name record (decrypted only here,
/// never sent back), or "complete the real-name step first".
pub async fn applicant(
    state: &AppState,
    account_id: i64,
) -> AppResult<(String, ResidentId, String)> {
    let a = db::applicant(&state.db, account_id).await?;
    let id = a
        .id_cipher
        .and_then(|c| state.crypto.decrypt(&c))
        .and_then(|id| ResidentId::parse(&id).ok());
    match (a.real_name, id, a.id_hmac) {
        (Some(name), Some(id), Some(hmac)) => Ok((name, id, hmac)),
        _ => {
            Err(AppError::client(ErrorCode::RealNameRequired, "complete the real-name step first"))
        }
    }
}

/// Acting for the person an account names (confirming as the partner, withdrawing a divorce)
/// needs a verified identity (gateway or counter): a real-name record alone could be anyone
/// who typed that ID number first.
pub async fn verified(state: &AppState, account_id: i64) -> AppResult<()> {
    let a = db::applicant(&state.db, account_id).await?;
    match (a.real_name, a.verified_at) {
        (None, _) => {
            Err(AppError::client(ErrorCode::RealNameRequired, "complete the real-name step first"))
        }
        (Some(_), None) => Err(AppError::client(
            ErrorCode::IdentityUnverified,
            "verify your identity first (again online, or at a registry counter)",
        )),
        (Some(_), Some(_)) => Ok(()),
    }
}
