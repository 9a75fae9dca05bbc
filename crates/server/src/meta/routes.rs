//! `GET /healthz`, `GET /readyz`, `GET /api/info`, `GET /api/regions`.

use crate::AppState;
use crate::error::{AppError, AppResult};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portal_api::ErrorCode;
use portal_api::meta::{Readiness, Region, ServiceInfo};

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "alive", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers.
#[utoipa::path(get, path = "/readyz", responses(
    (status = 200, body = Readiness), (status = 503, body = Readiness)
))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let ready = state.db.ping().await;
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(Readiness { database: state.db.engine.name().to_owned(), ready }))
}

#[utoipa::path(get, path = "/api/info", responses((status = 200, body = ServiceInfo)))]
pub async fn info(State(state): State<AppState>) -> Json<ServiceInfo> {
    Json(ServiceInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.engine.name().to_owned(),
        demo: state.settings.demo,
        today: state.office_today(),
    })
}

/// The regions the portal serves, in display order.
#[utoipa::path(get, path = "/api/regions", responses(
    (status = 200, body = Vec<Region>),
    (status = 503, body = portal_api::Problem, content_type = "application/problem+json")
))]
pub async fn regions(State(state): State<AppState>) -> AppResult<Json<Vec<Region>>> {
    let rows = super::db::list_regions(&state.db.pool).await.map_err(|e| match e {
        sqlx::Error::PoolTimedOut => AppError::client(ErrorCode::Unavailable, "database busy"),
        e => AppError::Database(e),
    })?;
    Ok(Json(rows.into_iter().map(Region::from).collect()))
}
