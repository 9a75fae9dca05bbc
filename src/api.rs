//! The one typed API client. Every page calls the server through here, so network failures
//! and problem-details bodies are decoded in one place and shown in the user's language.

use crate::ui::i18n::Msgs;
use gloo_net::http::{Request, Response};
use portal_api::Problem;
use portal_api::benefits::{Policy, PolicyIndexEntry};
use portal_api::meta::{Region, ServiceInfo};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, connection reset).
    Network,
    /// The server answered with problem details.
    Problem(Problem),
    /// The server answered with something that is neither the expected JSON nor a problem.
    Decode { status: u16 },
}

impl ApiError {
    /// A sentence for the resident, in their language.
    pub fn message(&self, m: &'static Msgs) -> &'static str {
        match self {
            ApiError::Network => m.err_network,
            ApiError::Problem(p) => m.problem(p.code),
            ApiError::Decode { .. } => m.err_decode,
        }
    }
}

async fn decode<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    if res.ok() {
        return res.json::<T>().await.map_err(|_| ApiError::Decode { status });
    }
    match res.json::<Problem>().await {
        Ok(problem) => Err(ApiError::Problem(problem)),
        Err(_) => Err(ApiError::Decode { status }),
    }
}

pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let res = Request::get(path)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(res).await
}

pub async fn regions() -> Result<Vec<Region>, ApiError> {
    get_json("/api/regions").await
}

pub async fn policies() -> Result<Vec<PolicyIndexEntry>, ApiError> {
    get_json("/api/policies").await
}

/// The current version of a region's policy. `Ok(None)` when the region has none.
pub async fn policy_for(region: &str) -> Result<Option<Policy>, ApiError> {
    let index = policies().await?;
    match index.into_iter().find(|p| p.region == region) {
        Some(entry) => get_json(&entry.url).await.map(Some),
        None => Ok(None),
    }
}

pub async fn info() -> Result<ServiceInfo, ApiError> {
    get_json("/api/info").await
}
