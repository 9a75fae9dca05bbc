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
        let (parts, body) = req.into_parts();
        let bytes =
            axum::body::Bytes::from_request(Request::from_parts(parts.clone(), body), state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => AppError::client(
                        ErrorCode::PayloadTooLarge,
                        "the request body is too large",
                    ),
                    _ => AppError::client(ErrorCode::MalformedBody, rejection.body_text()),
                })?;
        if let Some(field) = nul_field(&bytes) {
            return Err(AppError::Validation(vec![portal_api::FieldError {
                field,
                code: FieldCode::BadCharacter,
            }]));
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// The field of a JSON body whose text holds a NUL (`\u0000`), which no one types and
/// PostgreSQL cannot store (SQLSTATE 22021: left to the database it would be a 500). Only a body
/// with that escape in it is parsed a second time, to name the field.
fn nul_field(body: &[u8]) -> Option<String> {
    if !body.windows(6).any(|w| w == b"\\u0000") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    find_nul(&value, "")
}

fn find_nul(value: &serde_json::Value, path: &str) -> Option<String> {
    let at = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        serde_json::Value::String(s) if s.contains('\0') => {
            Some(if path.is_empty() { ".".to_owned() } else { path.to_owned() })
        }
        serde_json::Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, v)| find_nul(v, &format!("{path}[{i}]")))
        }
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') { Some(at(&k.replace('\0', ""))) } else { find_nul(v, &at(k)) }
        }),
        _ => None,
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
