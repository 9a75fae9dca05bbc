//! Marriage registration booking. Handlers are split by who calls them: `offices` (anyone),
//! `resident` and `documents` (a signed-in resident or partner), `divorce` (either party),
//! `clerk` and `settings` (registry staff), `sweep` (the server itself, once a minute). Every
//! query is in `db`. Capacity is enforced in the database (conditional UPDATEs, a CHECK
//! constraint, partial unique indexes), so it holds under any number of concurrent requests on
//! both engines and across several servers.

pub mod cache;
pub mod checks;
pub mod clerk;
pub mod db;
pub mod divorce;
pub mod documents;
pub mod erase;
pub mod notify;
pub mod offices;
pub mod resident;
pub mod settings;
pub mod sweep;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post, put};

/// The booking routes' part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    offices::offices,
    offices::days,
    offices::availability,
    resident::hold,
    resident::mine,
    resident::partner_booking,
    resident::cancel,
    resident::details,
    resident::confirm,
    resident::reschedule,
    documents::calendar,
    documents::qr,
    divorce::mine,
    divorce::withdraw,
    clerk::day,
    clerk::day_csv_file,
    clerk::mark,
    clerk::undo_no_show,
    clerk::close,
    settings::capacity,
    settings::special_date,
    settings::plan
))]
pub struct BookingApi;

/// The booking routes, merged into the app by `crate::app`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/offices", get(offices::offices))
        .route("/api/offices/{code}/availability", get(offices::availability))
        .route("/api/offices/{code}/days", get(offices::days))
        .route("/api/bookings", get(resident::mine))
        .route("/api/bookings/hold", post(resident::hold))
        .route("/api/bookings/{id}", axum::routing::delete(resident::cancel))
        .route("/api/bookings/{id}/details", post(resident::details))
        .route("/api/bookings/confirm", post(resident::confirm))
        .route("/api/bookings/partner/{reference}", get(resident::partner_booking))
        .route("/api/bookings/{id}/reschedule", post(resident::reschedule))
        .route("/api/bookings/{id}/calendar.ics", get(documents::calendar))
        .route("/api/bookings/{id}/qr.svg", get(documents::qr))
        .route("/api/divorce", get(divorce::mine))
        .route("/api/divorce/{id}/withdraw", post(divorce::withdraw))
        .route("/api/clerk/offices/{code}/day", get(clerk::day))
        .route("/api/clerk/offices/{code}/day.csv", get(clerk::day_csv_file))
        .route("/api/clerk/offices/{code}/closures", post(clerk::close))
        .route("/api/clerk/bookings/{id}/status", post(clerk::mark))
        .route("/api/clerk/bookings/{id}/undo-no-show", post(clerk::undo_no_show))
        .route("/api/clerk/offices/{code}/capacity", post(settings::capacity))
        .route("/api/clerk/offices/{code}/special-dates", post(settings::special_date))
        .route("/api/clerk/offices/{code}/settings", put(settings::plan))
}
