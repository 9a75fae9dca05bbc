//! Identity verification: does this name and ID number belong to the holder of this mobile
//! number (the carriers' and the police's "three-element" check that Chinese government apps
//! use)? `IdentityVerifier` is the seam: `HttpVerifier` asks the operator's gateway,
//! `DevVerifier` (dev mode only) says yes, `NoVerifier` (production without a gateway) cannot
//! tell, so accounts are verified at a counter. Until an account is verified it cannot act for
//! the person it names: confirm a booking as the partner or withdraw a divorce.

use std::future::Future;
use std::pin::Pin;

/// What the check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The three belong together.
    Match,
    /// The gateway says they do not.
    NoMatch,
    /// No answer (no gateway, or it failed): try again later or verify at a counter.
    Unknown,
}

pub type VerdictFuture<'a> = Pin<Box<dyn Future<Output = Verdict> + Send + 'a>>;

pub trait IdentityVerifier: Send + Sync {
    fn check<'a>(&'a self, name: &'a str, id_number: &'a str, phone: &'a str) -> VerdictFuture<'a>;
}

/// Dev mode: every well-formed record matches (there is no gateway on a developer's machine).
pub struct DevVerifier;

impl IdentityVerifier for DevVerifier {
    fn check<'a>(&'a self, _: &'a str, _: &'a str, _: &'a str) -> VerdictFuture<'a> {
        Box::pin(async { Verdict::Match })
    }
}

/// Production without a gateway: nobody is verified online.
pub struct NoVerifier;

impl IdentityVerifier for NoVerifier {
    fn check<'a>(&'a self, _: &'a str, _: &'a str, _: &'a str) -> VerdictFuture<'a> {
        Box::pin(async { Verdict::Unknown })
    }
}

/// The operator's gateway: `POST <PORTAL_IDV_URL>` with JSON
/// `{"name": ..., "id_number": ..., "phone": ...}` and `Authorization: Bearer <PORTAL_IDV_TOKEN>`;
/// a 2xx answer `{"match": true}` or `{"match": false}`. Anything else counts as no answer.
pub struct HttpVerifier {
    pub url: String,
    pub token: String,
}

impl IdentityVerifier for HttpVerifier {
    fn check<'a>(&'a self, name: &'a str, id_number: &'a str, phone: &'a str) -> VerdictFuture<'a> {
        Box::pin(async move {
            let body = serde_json::json!({ "name": name, "id_number": id_number, "phone": phone });
            match crate::gateway::post_json(&self.url, &self.token, body.to_string()).await {
                Ok((status, reply)) if status.is_success() => {
                    match serde_json::from_slice::<serde_json::Value>(&reply)
                        .ok()
                        .and_then(|v| v.get("match").and_then(serde_json::Value::as_bool))
                    {
                        Some(true) => Verdict::Match,
                        Some(false) => Verdict::NoMatch,
                        None => {
                            tracing::warn!("identity gateway: a reply without \"match\"");
                            Verdict::Unknown
                        }
                    }
                }
                Ok((status, _)) => {
                    tracing::warn!(%status, "identity gateway refused the check");
                    Verdict::Unknown
                }
                Err(e) => {
                    tracing::warn!(error = %e, "identity gateway unreachable");
                    Verdict::Unknown
                }
            }
        })
    }
}
