//! What anyone may see without signing in: activities with their shifts and places left, and
//! the verify view of a certificate (masked facts only; unknown codes are rate-limited per
//! address, so guessing an 80-bit code is hopeless twice over).

use super::db;
use crate::AppState;
use crate::error::{AppError, AppResult, rate_limited};
use crate::extract::ClientIp;
use crate::extract::Path;
use crate::extract::Query;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portal_api::volunteering::{
    ACTIVITY_PAGE, ActivityPage, ActivityQuery, ActivityView, CertificateCheck, CertificateLine,
    ShiftView, mask_name, parse_certificate_code,
};
use portal_api::{FieldCode, FieldError, Problem};
use std::collections::HashMap;

/// The activities list filters, with the default window: from today on. Two queries: the
/// activities (newest first, `limit` of them, the window and `open` checked in SQL), then all
/// their shifts in the window at once. Also returns the id to continue after when there are
/// more.
async fn list(
    state: &AppState,
    q: &ActivityQuery,
    org: &str,
    limit: usize,
) -> AppResult<(Vec<ActivityView>, Option<i64>)> {
    let today = state.office_today();
    let open = q.open == Some(true);
    if q.before.is_some_and(|b| b < 1) {
        return Err(AppError::Validation(vec![FieldError {
            field: "before".into(),
            code: FieldCode::OutOfRange,
        }]));
    }
    let f = db::ListFilter {
        district: q.district.as_deref().unwrap_or(""),
        category: q.category.map(|c| c.as_str()).unwrap_or(""),
        org,
        from: q.from.unwrap_or(if org.is_empty() { today } else { today.add_days(-365) }),
        to: q.to,
        need_shift: org.is_empty() || open,
        open,
        before: q.before.unwrap_or(i64::MAX),
        // One more than asked tells whether another page follows.
        limit: limit as i64 + 1,
    };
    let mut rows = db::activities(&state.db.pool, &f).await?;
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows[limit - 1].id
    });
    let (Some(high), Some(low)) = (rows.first().map(|a| a.id), rows.last().map(|a| a.id)) else {
        return Ok((Vec::new(), None));
    };
    let mut shifts: HashMap<i64, Vec<ShiftView>> = HashMap::new();
    // The organiser sees cancelled shifts too.
    for s in db::listed_shifts(&state.db.pool, &f, (low, high), !org.is_empty()).await? {
        shifts.entry(s.activity_id).or_default().push(s.view());
    }
    let mut out = Vec::new();
    for a in rows {
        let shifts = shifts.remove(&a.id).unwrap_or_default();
        let has_open = shifts.iter().any(|s| s.places_left > 0 && !s.cancelled);
        if (shifts.is_empty() && org.is_empty()) || (open && !has_open) {
            continue;
        }
        out.push(a.view(shifts));
    }
    Ok((out, next))
}

/// Activities with upcoming shifts and places left, newest first, [`ACTIVITY_PAGE`] at a time.
/// Filters: `district` (region code), `category`, `from` and `to` (days), `open` (only those
/// with a place left); `before` asks for the page after the one whose `next` it is.
#[utoipa::path(get, path = "/api/volunteering/activities", tag = "volunteering",
    params(("district" = Option<String>, Query), ("category" = Option<portal_api::volunteering::Category>, Query),
        ("from" = Option<String>, Query, format = Date), ("to" = Option<String>, Query, format = Date),
        ("open" = Option<bool>, Query),
        ("before" = Option<i64>, Query, minimum = 1, description = "the previous page's `next`")),
    responses((status = 200, body = ActivityPage), (status = 400, body = Problem)))]
pub async fn activities(
    State(state): State<AppState>,
    Query(q): Query<ActivityQuery>,
) -> AppResult<axum::Json<ActivityPage>> {
    let (items, next) = list(&state, &q, "", ACTIVITY_PAGE).await?;
    Ok(axum::Json(ActivityPage { items, next }))
}

/// An organisation's activities for the organiser's pages, newest first, [`ACTIVITY_PAGE`] at a
/// time and every one reachable through `before`: each with its shifts of the past year and
/// on, cancelled ones included.
pub async fn org_activities(
    state: &AppState,
    org: &str,
    before: Option<i64>,
) -> AppResult<ActivityPage> {
    let q = ActivityQuery { before, ..ActivityQuery::default() };
    let (items, next) = list(state, &q, org, ACTIVITY_PAGE).await?;
    Ok(ActivityPage { items, next })
}

/// One activity with all its shifts.
#[utoipa::path(get, path = "/api/volunteering/activities/{id}", tag = "volunteering",
    params(("id" = i64, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = Problem)))]
pub async fn activity(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<axum::Json<ActivityView>> {
    let a = db::activity(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("no such activity"))?;
    let shifts = db::shifts_of(&state.db.pool, id).await?.iter().map(db::ShiftRow::view).collect();
    Ok(axum::Json(a.view(shifts)))
}

/// Unknown codes one address may look up per hour.
pub const VERIFY_MISSES_PER_HOUR: i64 = 20;

/// The verify view of a certificate: masked facts and whether it is still valid. 404 for an
/// unknown code; too many unknown codes from one address get 429.
#[utoipa::path(get, path = "/api/volunteering/certificates/{code}", tag = "volunteering",
    params(("code" = String, Path, description = "16 characters, dashes optional")),
    responses((status = 200, body = CertificateCheck), (status = 404, body = Problem),
        (status = 429, body = Problem)))]
pub async fn verify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let now = state.clock.now();
    if db::verify_misses(&state.db.pool, &ip, now - 3600).await? >= VERIFY_MISSES_PER_HOUR {
        return Ok(rate_limited(600, "too many unknown certificate codes; try again later"));
    }
    let found = match parse_certificate_code(&code) {
        Some(code) => db::certificate(&state.db.pool, &code).await?,
        None => None,
    };
    let Some(c) = found else {
        db::record_verify_miss(&state.db.pool, &ip, now).await?;
        return Err(AppError::not_found("no certificate with this code"));
    };
    let lines: Vec<CertificateLine> = serde_json::from_str(&c.lines).unwrap_or_default();
    Ok(axum::Json(CertificateCheck {
        code: c.code,
        valid: c.revoked_at.is_none(),
        revoked_on: c.revoked_on.as_deref().and_then(portal_api::ids::Date::parse),
        masked_name: mask_name(&c.name),
        masked_id: c.masked_id,
        volunteer_number: c.volunteer_number,
        issued_on: c.issued_on,
        from: c.from_day,
        to: c.to_day,
        issuer: c.issuer,
        activities: lines.len() as u32,
        total_half_hours: c.total_half_hours as u32,
    })
    .into_response())
}

/// The verify page's address as a QR code (SVG), printed on the certificate.
#[utoipa::path(get, path = "/api/volunteering/certificates/{code}/qr.svg", tag = "volunteering",
    params(("code" = String, Path)),
    responses((status = 200, content_type = "image/svg+xml", body = String),
        (status = 404, body = Problem)))]
pub async fn certificate_qr(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let code = parse_certificate_code(&code).ok_or_else(|| AppError::not_found("no such code"))?;
    db::certificate(&state.db.pool, &code)
        .await?
        .ok_or_else(|| AppError::not_found("no certificate with this code"))?;
    svg(&super::checks::site_url(&state, &headers, &format!("/volunteering/verify/{code}")))
}

/// A QR code of `text` as an SVG response.
pub fn svg(text: &str) -> AppResult<Response> {
    let qr = qrcode::QrCode::new(text.as_bytes()).map_err(|e| AppError::Internal(e.to_string()))?;
    let body = qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build();
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    Ok(res)
}
