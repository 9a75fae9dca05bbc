//! Volunteering (志愿服务, issue 9). Handlers are split by who calls them: `public` (anyone:
//! activities, certificate verification), `volunteer` and `certificates` (a signed-in
//! resident), `organiser` and `hours` (the organiser of the activity's organisation). Every
//! query is in `db`. Places are taken by conditional UPDATEs and the waitlist is promoted by
//! conditional UPDATEs under the shift's row lock, so they hold under concurrent requests on
//! both engines and across several servers.

pub mod certificate_file;
pub mod certificates;
pub mod checks;
pub mod db;
pub mod demo;
pub mod hours;
pub mod notify;
pub mod organiser;
pub mod public;
pub mod reports;
pub mod volunteer;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The volunteering routes' part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    public::activities,
    public::activity,
    public::verify,
    public::certificate_qr,
    volunteer::me,
    volunteer::register,
    volunteer::mine,
    volunteer::signup,
    volunteer::withdraw,
    volunteer::check_in,
    volunteer::check_out,
    certificates::hours,
    certificates::correction,
    certificates::issue,
    certificates::mine,
    certificate_file::download,
    reports::report,
    organiser::org,
    organiser::save_org,
    organiser::activities,
    organiser::create_activity,
    organiser::edit_activity,
    organiser::add_shift,
    organiser::cancel_shift,
    organiser::revoke_certificate,
    hours::roster,
    hours::code,
    hours::code_qr,
    hours::check_in,
    hours::check_out,
    hours::decide,
    hours::approve_all,
    hours::corrections,
    hours::answer,
    hours::csv_export
))]
pub struct VolunteeringApi;

/// The volunteering routes, merged into the app by `crate::app`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/volunteering/activities", get(public::activities))
        .route(
            "/api/volunteering/activities/{id}",
            get(public::activity).put(organiser::edit_activity),
        )
        .route("/api/volunteering/certificates", post(certificates::issue))
        .route("/api/volunteering/certificates/{code}", get(public::verify))
        .route("/api/volunteering/certificates/{code}/qr.svg", get(public::certificate_qr))
        .route("/api/volunteering/me", get(volunteer::me).put(volunteer::register))
        .route("/api/volunteering/me/hours", get(certificates::hours))
        .route("/api/volunteering/me/certificates", get(certificates::mine))
        .route("/api/volunteering/me/certificates/{code}/file", get(certificate_file::download))
        .route("/api/volunteering/certificates/{code}/revoke", post(organiser::revoke_certificate))
        .route("/api/volunteering/signups/{id}/report", post(reports::report))
        .route("/api/volunteering/signups", get(volunteer::mine))
        .route("/api/volunteering/signups/{id}", axum::routing::delete(volunteer::withdraw))
        .route("/api/volunteering/shifts/{id}/signup", post(volunteer::signup))
        .route("/api/volunteering/shifts/{id}/check-in", post(volunteer::check_in))
        .route("/api/volunteering/shifts/{id}/check-out", post(volunteer::check_out))
        .route("/api/volunteering/records/{signup_id}/correction", post(certificates::correction))
        .route("/api/volunteering/orgs/{code}", get(organiser::org).put(organiser::save_org))
        .route(
            "/api/volunteering/orgs/{code}/activities",
            get(organiser::activities).post(organiser::create_activity),
        )
        .route("/api/volunteering/activities/{id}/shifts", post(organiser::add_shift))
        .route("/api/volunteering/shifts/{id}/cancel", post(organiser::cancel_shift))
        .route("/api/volunteering/shifts/{id}/roster", get(hours::roster))
        .route("/api/volunteering/shifts/{id}/code", get(hours::code))
        .route("/api/volunteering/shifts/{id}/code.svg", get(hours::code_qr))
        .route("/api/volunteering/shifts/{id}/approve-all", post(hours::approve_all))
        .route("/api/volunteering/signups/{id}/check-in", post(hours::check_in))
        .route("/api/volunteering/signups/{id}/check-out", post(hours::check_out))
        .route("/api/volunteering/signups/{id}/hours", post(hours::decide))
        .route("/api/volunteering/orgs/{code}/corrections", get(hours::corrections))
        .route("/api/volunteering/corrections/{id}", post(hours::answer))
        .route("/api/volunteering/orgs/{code}/hours.csv", get(hours::csv_export))
}
