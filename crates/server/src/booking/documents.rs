//! What a booking's people take away: a calendar file for their phone (the `icalendar` crate
//! does RFC 5545 escaping and line folding) and a QR code of the reference for the registry's
//! scanner (`qrcode`).

use super::db;
use super::resident::visible_view;
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use icalendar::{Component, EventLike};
use portal_api::Problem;
use portal_api::booking::{BookingView, MARRIAGE_BRING_ZH, Office};
use portal_api::calendar::office_instant;

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// The booking as an iCalendar document (times in UTC, from the office's local time).
pub fn ics(b: &BookingView, office: &Office, now: i64) -> String {
    let start = office_instant(b.day, b.start_min);
    let event = icalendar::Event::new()
        .uid(&format!("{}@civil-affairs-portal", b.reference))
        .timestamp(instant(now))
        .starts(instant(start))
        .ends(instant(start + i64::from(office.slot_minutes) * 60))
        .summary(&format!("婚姻登记预约 {} · {}", b.reference, office.name_zh))
        .location(&office.address_zh)
        .description(&format!("预约号 {}。{}", b.reference, MARRIAGE_BRING_ZH))
        .done();
    let mut calendar = icalendar::Calendar::new();
    calendar.append_property(icalendar::Property::new(
        "PRODID",
        "-//civil-affairs-portal//booking//ZH",
    ));
    calendar.push(event);
    calendar.done().to_string()
}

fn with_type(body: String, content_type: &'static str, filename: Option<String>) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(v) =
        filename.and_then(|f| HeaderValue::from_str(&format!("attachment; filename=\"{f}\"")).ok())
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The booking as a calendar file, for the resident's (or the partner's) phone calendar.
#[utoipa::path(get, path = "/api/bookings/{id}/calendar.ics", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
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
    let body = ics(&b, &office, state.clock.now());
    Ok(with_type(body, "text/calendar; charset=utf-8", Some(format!("{}.ics", b.reference))))
}

/// The reference as a QR code (SVG) for the registry's scanner.
#[utoipa::path(get, path = "/api/bookings/{id}/qr.svg", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, content_type = "image/svg+xml", body = String),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
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
    Ok(with_type(svg, "image/svg+xml", None))
}
