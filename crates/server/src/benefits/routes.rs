//! `GET /api/policies` and `GET /api/policies/{region}/{version}`.

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portal_api::benefits::PolicyIndexEntry;

/// Which regions have benefit policies, and the versioned URL of each.
#[utoipa::path(get, path = "/api/policies", responses((status = 200, body = Vec<PolicyIndexEntry>)))]
pub async fn index(State(state): State<AppState>) -> Response {
    let mut res = Json(state.policies.index()).into_response();
    // Revalidate, so a new policy version is seen at once; the SW keeps a copy for offline.
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// One region's policy parameters (dated and cited). Immutable: a change makes a new version.
#[utoipa::path(get, path = "/api/policies/{region}/{version}",
    params(("region" = String, Path, description = "region code, e.g. hubei-tianmen"),
        ("version" = String, Path, description = "the version the index names")),
    responses(
    (status = 200, description = "the policy as JSON"),
    (status = 404, body = portal_api::Problem, content_type = "application/problem+json")
))]
pub async fn policy(
    State(state): State<AppState>,
    Path((region, version)): Path<(String, String)>,
) -> AppResult<Response> {
    let Some((current, json)) = state.policies.current(&region) else {
        return Err(AppError::not_found(format!("no policy for region {region}")));
    };
    if current != version {
        return Err(AppError::not_found(format!(
            "policy {region} has no version {version}; see /api/policies"
        )));
    }
    let mut res = json.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(res)
}

/// Dev/test only (`--dev`): publishes a new version of a region's policy (the JSON the policy
/// URL serves), as the bureau would by replacing the policy file; checked like a file at
/// start-up. Browser tests use it to show that the app notices a new version (政策找人).
pub async fn dev_publish(
    State(state): State<AppState>,
    crate::extract::Json(policy): crate::extract::Json<portal_api::benefits::Policy>,
) -> AppResult<Json<PolicyIndexEntry>> {
    let today = state.office_today();
    state
        .policies
        .publish(policy, today)
        .map(Json)
        .map_err(|why| AppError::client(portal_api::ErrorCode::Validation, why))
}
