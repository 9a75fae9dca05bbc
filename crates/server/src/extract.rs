//! Our own JSON extractor, so a malformed, oversized or mistyped body gets the same
//! problem-details shape as every other error (axum examples/error-handling).

use crate::error::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use portal_api::ErrorCode;

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
        _ => AppError::client(ErrorCode::MalformedBody, rejection.body_text()),
    }
}
