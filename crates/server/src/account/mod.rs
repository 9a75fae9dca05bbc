//! Accounts: sign-in by mobile number and one-time code, sessions, the real-name step, roles,
//! personal data (export, deletion) and the append-only audit log.

pub mod auth;
pub mod db;
pub mod identity;
pub mod routes;

/// The account routes' part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    routes::request_code,
    routes::verify,
    routes::me,
    routes::session,
    routes::sign_out,
    routes::sign_out_everywhere,
    identity::real_name,
    identity::verify_again,
    identity::counter_verify,
    routes::my_data,
    routes::delete_me,
    routes::audit_log
))]
pub struct AccountApi;
