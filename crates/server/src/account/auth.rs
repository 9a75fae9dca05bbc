//! Who is asking: session cookies, the `Resident`, `Clerk`, `Organiser` and `Admin`
//! extractors, the client's address, and the cross-site (CSRF) check.

use crate::AppState;
use crate::crypto::token_hash;
use crate::error::AppError;
use axum::extract::{FromRequestParts, Request};
use axum::http::{HeaderMap, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use portal_api::account::{Role, RoleGrant, SESSION_ABSOLUTE_SECS, SESSION_IDLE_SECS};

/// `__Host-session` needs HTTPS (Secure); plain-http development uses `portal_dev_session`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-session" } else { "portal_dev_session" }
}

pub fn session_cookie(secure: bool, token: &str) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_ABSOLUTE_SECS}{secure_attr}",
        cookie_name(secure)
    )
}

pub fn clear_cookie(secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure_attr}", cookie_name(secure))
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The client's address: the socket peer, or, behind `proxy_hops` trusted reverse proxies,
/// the address the outermost of them appended to `X-Forwarded-For` (counted from the right:
/// everything to its left was written by the client and may be forged).
pub fn client_ip(parts: &Parts, proxy_hops: usize) -> String {
    if proxy_hops > 0 {
        let hops: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        if let Some(ip) = hops
            .len()
            .checked_sub(proxy_hops)
            .and_then(|i| hops.get(i))
            .and_then(|h| h.parse::<std::net::IpAddr>().ok())
        {
            return ip.to_string();
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// A signed-in person (any role), after idle and absolute expiry checks.
#[derive(Debug, Clone)]
pub struct Session {
    pub account_id: i64,
    pub token_hash: String,
    pub phone: String,
    pub ip: String,
}

impl Session {
    pub fn actor(&self) -> String {
        portal_api::ids::mask(&self.phone)
    }
}

fn unauthenticated() -> AppError {
    AppError::client(ErrorCode::Unauthenticated, "sign in first")
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let name = cookie_name(state.settings.cookie_secure);
        let token = cookie_value(&parts.headers, name).ok_or_else(unauthenticated)?;
        let hash = token_hash(token);
        let row = super::db::session(&state.db, &hash).await?.ok_or_else(unauthenticated)?;
        let now = state.clock.now();
        if row.revoked_at.is_some() {
            return Err(unauthenticated());
        }
        if now - row.last_seen_at > SESSION_IDLE_SECS
            || now - row.created_at > SESSION_ABSOLUTE_SECS
        {
            sqlx::query(
                "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(&hash)
            .execute(&state.db.pool)
            .await?;
            return Err(unauthenticated());
        }
        // A write on every request would serialise SQLite; a minute's precision is plenty for a
        // 30-minute idle limit.
        if now - row.last_seen_at >= 60 {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(&hash)
                .execute(&state.db.pool)
                .await?;
        }
        Ok(Session {
            account_id: row.account_id,
            token_hash: hash,
            phone: row.phone.unwrap_or_default(),
            ip: client_ip(parts, state.settings.proxy_hops),
        })
    }
}

/// A resident: anyone signed in. Staff are residents too.
pub struct Resident(pub Session);

impl FromRequestParts<AppState> for Resident {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Session::from_request_parts(parts, state).await.map(Resident)
    }
}

/// Someone holding `role`, with the scopes (offices, organisations) it covers.
pub struct Staff<const R: u8> {
    pub session: Session,
    pub scopes: Vec<String>,
}

pub const CLERK: u8 = 0;
pub const ORGANISER: u8 = 1;
pub const ADMIN: u8 = 2;

/// Registry clerk of one or more marriage offices.
pub type Clerk = Staff<CLERK>;
/// Organiser of one or more volunteer organisations.
pub type Organiser = Staff<ORGANISER>;
/// Administrator.
pub type Admin = Staff<ADMIN>;

fn role_of(r: u8) -> Role {
    match r {
        CLERK => Role::Clerk,
        ORGANISER => Role::Organiser,
        _ => Role::Admin,
    }
}

impl<const R: u8> Staff<R> {
    /// May act on this office or organisation.
    pub fn covers(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    pub fn require(&self, scope: &str) -> Result<(), AppError> {
        if self.covers(scope) {
            Ok(())
        } else {
            Err(AppError::client(
                ErrorCode::Forbidden,
                format!("not your {}: {scope}", role_of(R).as_str()),
            ))
        }
    }
}

impl<const R: u8> FromRequestParts<AppState> for Staff<R> {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await?;
        let grants: Vec<RoleGrant> = super::db::roles(&state.db, session.account_id).await?;
        let role = role_of(R);
        let scopes: Vec<String> =
            grants.into_iter().filter(|g| g.role == role).map(|g| g.scope).collect();
        if scopes.is_empty() {
            return Err(AppError::client(ErrorCode::Forbidden, format!("{} only", role.as_str())));
        }
        Ok(Staff { session, scopes })
    }
}

/// Refuses state-changing API requests that a browser says come from another site
/// (`Sec-Fetch-Site`), or whose `Origin` is not this host. Requests without either header are
/// not from a browser page, so they carry no ambient cookie risk.
pub async fn same_origin_only(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && req.uri().path().starts_with("/api/") {
        let h = req.headers();
        let site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let cross = match site {
            Some(s) => !matches!(s, "same-origin" | "none"),
            None => match (
                h.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
                h.get(header::HOST).and_then(|v| v.to_str().ok()),
            ) {
                (Some(origin), Some(host)) => {
                    origin.split_once("://").map(|(_, rest)| rest) != Some(host)
                }
                (Some(_), None) => true,
                _ => false,
            },
        };
        if cross {
            return AppError::client(ErrorCode::CrossSite, "cross-site request refused")
                .into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; __Host-session=tok; b=2".parse().unwrap());
        assert_eq!(cookie_value(&h, "__Host-session"), Some("tok"));
        assert_eq!(cookie_value(&h, "portal_dev_session"), None);
        let c = session_cookie(true, "t");
        assert!(c.starts_with("__Host-session=t; Path=/; HttpOnly; SameSite=Strict"));
        assert!(c.ends_with("; Secure"));
        assert!(!session_cookie(false, "t").contains("Secure"));
    }
}
