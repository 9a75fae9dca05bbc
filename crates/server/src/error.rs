//! The server's one error type. Every failure becomes an RFC 9457 problem-details response
//! built from `portal_api::Problem`; 500s are logged with their cause and never leak it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_api::{ErrorCode, FieldError, Problem};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A client error with a stable code and an English detail.
    #[error("{code:?}: {detail}")]
    Client { code: ErrorCode, detail: String },
    /// Field-level validation failures.
    #[error("validation failed on {} field(s)", .0.len())]
    Validation(Vec<FieldError>),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
    /// A fully built problem (for extension members such as field errors with a 409).
    #[error("{0:?}")]
    Problem(Box<Problem>),
}

impl AppError {
    pub fn client(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError::Client { code, detail: detail.into() }
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        AppError::client(ErrorCode::NotFound, detail)
    }

    fn to_problem(&self) -> Problem {
        match self {
            AppError::Client { code, detail } => Problem::new(*code, Some(detail.clone())),
            AppError::Validation(errors) => {
                Problem::new(ErrorCode::Validation, Some("some fields are not valid".to_owned()))
                    .with_errors(errors.clone())
            }
            AppError::Database(e) if is_unique_violation(e) => {
                Problem::new(ErrorCode::Conflict, Some("this record already exists".to_owned()))
            }
            AppError::Database(e) if is_unavailable(e) => busy(),
            // A character PostgreSQL cannot store in text (a NUL that got past the checks at the
            // edge, `web::uri_checks` and `extract::Json`): the request's fault, not a 500.
            AppError::Database(sqlx::Error::Database(d))
                if matches!(d.code().as_deref(), Some("22021" | "22P05")) =>
            {
                Problem::new(
                    ErrorCode::MalformedBody,
                    Some("the text holds a character that cannot be stored".to_owned()),
                )
            }
            AppError::Database(_) | AppError::Internal(_) => {
                Problem::new(ErrorCode::Internal, None)
            }
            AppError::Problem(p) => (**p).clone(),
        }
    }
}

/// The retryable 503 for a database out of reach.
fn busy() -> Problem {
    Problem::new(
        ErrorCode::Unavailable,
        Some("the service is busy; please try again shortly".to_owned()),
    )
}

/// A shared read (`coalesce::Coalesced`) whose query failed: the same retryable 503 as the
/// database being out of reach, which is what that request's own query would most likely have
/// met. Not dressed as a database error, so the log names the real cause once (on the request
/// that ran the query) and these as what they are.
impl From<crate::coalesce::SharedFailure> for AppError {
    fn from(_: crate::coalesce::SharedFailure) -> Self {
        AppError::Problem(Box::new(busy()))
    }
}

/// The database is out of reach for a moment (pool exhausted, connection lost, server
/// restarting): a retryable 503, not a 500.
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL: connection exceptions (08xxx), insufficient resources such as too many
        // connections (53xxx), operator intervention (57Pxx), a database not accepting
        // connections (55000, e.g. `ALLOW_CONNECTIONS false` during maintenance), a transaction
        // chosen as a deadlock's victim or failing serialisation (40P01, 40001: rolled back
        // whole, so trying again is safe); SQLite's busy/locked when its timeout ran out.
        sqlx::Error::Database(d) => d.code().is_some_and(|c| {
            c.starts_with("08")
                || c == "40P01"
                || c == "40001"
                || c.starts_with("53")
                || c.starts_with("57P")
                || c == "55000"
                || c == "5"
                || c == "6"
                || c == "517"
        }),
        _ => false,
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// The unique constraints whose violation means something to a resident. Named once here,
/// by index name (PostgreSQL reports it) and by table and columns (SQLite reports those).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// `one_active_booking_per_person`: a person holds one active booking per service.
    OneActiveBookingPerPerson,
    /// `one_hold_per_service`: an account holds one place per service at a time.
    OneHoldPerService,
    /// `bookings_idempotency`: a retried hold with the same `Idempotency-Key`.
    BookingIdempotency,
    /// `accounts_id_hmac`: one account per ID number.
    AccountIdNumber,
    /// `vol_one_signup_per_shift`: one live sign-up per person and volunteer shift.
    VolunteerSignup,
    /// `vol_record_version`: one writer per version of a service record.
    VolunteerRecordVersion,
    /// `vol_one_open_correction`: one open correction request per record.
    VolunteerCorrection,
}

const CONSTRAINTS: &[(Constraint, &str, &str)] = &[
    (
        Constraint::OneActiveBookingPerPerson,
        "one_active_booking_per_person",
        "booking_parties.service, booking_parties.id_hmac",
    ),
    (
        Constraint::OneHoldPerService,
        "one_hold_per_service",
        "bookings.account_id, bookings.service",
    ),
    (
        Constraint::BookingIdempotency,
        "bookings_idempotency",
        "bookings.account_id, bookings.idempotency_key",
    ),
    (Constraint::AccountIdNumber, "accounts_id_hmac", "accounts.id_hmac"),
    (
        Constraint::VolunteerSignup,
        "vol_one_signup_per_shift",
        "vol_signups.shift_id, vol_signups.account_id",
    ),
    (
        Constraint::VolunteerRecordVersion,
        "vol_record_version",
        "vol_records.signup_id, vol_records.version",
    ),
    (Constraint::VolunteerCorrection, "vol_one_open_correction", "vol_corrections.signup_id"),
];

/// Which known unique constraint an error violated, if any.
pub fn violated(e: &sqlx::Error) -> Option<Constraint> {
    let sqlx::Error::Database(db) = e else { return None };
    if !db.is_unique_violation() {
        return None;
    }
    let (name, message) = (db.constraint().unwrap_or(""), db.message());
    CONSTRAINTS
        .iter()
        .find(|(_, index, columns)| name == *index || message.ends_with(columns))
        .map(|(c, ..)| *c)
}

/// Builds a problem-details response.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_else(|_| b"{}".to_vec());
    let mut res = (status, body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    res
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let problem = self.to_problem();
        if problem.status >= 500 {
            tracing::error!(error = %self, "request failed");
        }
        let mut res = problem_response(&problem);
        if problem.status == 503 {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// 429 with `Retry-After` (seconds, at least 1).
pub fn rate_limited(retry_after: i64, detail: &str) -> Response {
    let mut res = AppError::client(ErrorCode::RateLimited, detail).into_response();
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_shared_read_is_the_same_retryable_503_as_a_pool_timeout() {
        let shared = AppError::from(crate::coalesce::SharedFailure).into_response();
        let timeout = AppError::Database(sqlx::Error::PoolTimedOut).into_response();
        for res in [&shared, &timeout] {
            assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(res.headers()[header::RETRY_AFTER], "2");
        }
        assert_eq!(
            AppError::from(crate::coalesce::SharedFailure).to_problem(),
            AppError::Database(sqlx::Error::PoolTimedOut).to_problem()
        );
    }
}
