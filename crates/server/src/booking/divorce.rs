//! Divorce by agreement (Civil Code art. 1077), as either party sees it: the first appointment
//! is the application; a 30-day cooling-off follows (either party may withdraw); the
//! certificate appointment must fall in the next 30 days, or the application is taken as
//! withdrawn. Rest days are data (`crate::calendar`).

use super::db;
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use axum::extract::State;
use axum::http::StatusCode;
use portal_api::booking::{CoolingOff, DivorceStage, DivorceStatus, DivorceView};
use portal_api::{ErrorCode, Problem};

/// The resident's divorce applications (as either party) with the cooling-off dates.
#[utoipa::path(get, path = "/api/divorce", tag = "booking",
    responses((status = 200, body = Vec<DivorceView>), (status = 401, body = Problem)))]
pub async fn mine(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<Vec<DivorceView>>> {
    let Some(h) = db::applicant(&state.db, s.account_id).await?.id_hmac else {
        return Ok(axum::Json(vec![]));
    };
    let cal = crate::calendar::calendar(&state.db).await?;
    let today = state.office_today();
    let views = db::applications_of(&state.db, &h)
        .await?
        .into_iter()
        .map(|a| {
            let cooling_off = CoolingOff::for_application(a.applied_on, &cal);
            let stage = cooling_off.stage(today);
            DivorceView { id: a.id, status: a.status, cooling_off, stage }
        })
        .collect();
    Ok(axum::Json(views))
}

/// Either party withdraws during the 30 days (art. 1077 para. 1).
#[utoipa::path(post, path = "/api/divorce/{id}/withdraw", tag = "booking", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn withdraw(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let not_found = || AppError::not_found("no such application");
    let h = db::applicant(&state.db, s.account_id).await?.id_hmac.ok_or_else(not_found)?;
    super::checks::verified(&state, s.account_id).await?;
    let app = db::application_of(&state.db, id, &h).await?.ok_or_else(not_found)?;
    let cooling =
        CoolingOff::for_application(app.applied_on, &crate::calendar::calendar(&state.db).await?);
    if app.status != DivorceStatus::Cooling
        || !matches!(cooling.stage(state.office_today()), DivorceStage::CoolingOff { .. })
    {
        return Err(AppError::client(
            ErrorCode::BookingClosed,
            "withdrawal is possible only during the 30 days",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if !db::withdraw(&mut tx, id, now).await? {
        return Err(AppError::client(ErrorCode::BookingClosed, "already withdrawn or completed"));
    }
    let object = format!("divorce_application:{id}");
    crate::audit::record(
        &mut *tx,
        now,
        crate::audit::Event {
            actor_id: Some(s.account_id),
            actor: &s.actor(),
            action: "divorce.withdrawn",
            object: &object,
            ip: &s.ip,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
