//! Our own JSON extractor, so a malformed, oversized or mistyped body gets the same
//! problem-details shape as every other error (axum examples/error-handling).

use crate::error::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use portal_api::{ErrorCode, FieldCode};

pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection.status() {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            AppError::client(ErrorCode::UnsupportedMediaType, "send the body as application/json")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::client(ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        StatusCode::UNPROCESSABLE_ENTITY => data_error(&rejection.body_text())
            .unwrap_or_else(|| AppError::client(ErrorCode::MalformedBody, rejection.body_text())),
        _ => AppError::client(ErrorCode::MalformedBody, rejection.body_text()),
    }
}

/// Well-formed JSON with a value of the wrong kind (an unknown status, a bad date, a missing
/// field): a validation problem naming the field, like every other field error.
fn data_error(text: &str) -> Option<AppError> {
    let detail = text.split_once("target type: ").map_or(text, |(_, d)| d);
    let missing = |m: &str| {
        m.split_once("missing field `")
            .and_then(|(_, rest)| rest.split('`').next())
            .map(str::to_owned)
    };
    let (field, code) = match detail.split_once(": ") {
        Some((path, message)) if !path.contains(' ') => match missing(message) {
            Some(name) if path == "." => (name, FieldCode::Required),
            Some(name) => (format!("{path}.{name}"), FieldCode::Required),
            None => (path.to_owned(), FieldCode::Invalid),
        },
        _ => (missing(detail)?, FieldCode::Required),
    };
    Some(AppError::Validation(vec![portal_api::FieldError { field, code }]))
}

/// Our own query-string extractor: a missing or unacceptable parameter is a validation problem
/// naming the parameter (`required` or `invalid`), in the same shape as every other error.
pub struct Query<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or("")).map(Query)
    }
}

/// Parses a query string into `T`, naming the parameter at fault.
pub fn parse_query<T: serde::de::DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let message = e.inner().to_string();
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned);
        let (field, code) = match missing {
            Some(name) => (name, FieldCode::Required),
            None => (e.path().to_string(), FieldCode::Invalid),
        };
        AppError::Validation(vec![portal_api::FieldError { field, code }])
    })
}

/// Our own path extractor: `DELETE /api/bookings/abc` is a validation problem naming the path,
/// like every other error, not axum's plain-text 400.
pub struct Path<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(e) => {
                tracing::debug!("bad path: {e}");
                Err(AppError::Validation(vec![portal_api::FieldError {
                    field: "path".into(),
                    code: FieldCode::Invalid,
                }]))
            }
        }
    }
}

/// The caller's address: the socket peer, or behind trusted proxies the entry they appended
/// (`account::auth::client_ip`). For rate limits and the audit log.
pub struct ClientIp(pub String);

impl axum::extract::FromRequestParts<crate::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(crate::account::auth::client_ip(parts, state.settings.proxy_hops)))
    }
}
