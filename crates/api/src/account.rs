//! Accounts: sign-in by mobile number and one-time code, the real-name step, roles, the
//! resident's own data, and the audit log. Shapes shared by the browser and the server.

use serde::{Deserialize, Serialize};

/// How long a code is valid, how soon a new one may be sent, and how many per hour.
pub const CODE_TTL_SECS: i64 = 5 * 60;
pub const CODE_RESEND_SECS: i64 = 60;
pub const CODES_PER_HOUR: i64 = 5;
pub const CODE_MAX_TRIES: i64 = 5;
/// Sessions end after 30 idle minutes or 12 hours in all.
pub const SESSION_IDLE_SECS: i64 = 30 * 60;
pub const SESSION_ABSOLUTE_SECS: i64 = 12 * 3600;

/// `POST /api/auth/code`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub phone: String,
}

/// The same answer whether or not the number has an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    pub resend_after_secs: i64,
    pub expires_in_secs: i64,
}

/// `POST /api/auth/verify`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    pub phone: String,
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Organiser of a volunteer organisation (scope: the organisation's code).
    Organiser,
    /// Registry clerk of a marriage office (scope: the office's code).
    Clerk,
    /// Administrator (scope empty).
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::Clerk => "clerk",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "organiser" => Some(Role::Organiser),
            "clerk" => Some(Role::Clerk),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub role: Role,
    pub scope: String,
}

/// `GET /api/me`: who is signed in. Identifiers are masked (PIPL art. 51).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub phone_masked: String,
    pub real_name: Option<String>,
    pub id_masked: Option<String>,
    pub roles: Vec<RoleGrant>,
    /// How the real-name record was verified; `None`: not yet (it cannot act as the partner in
    /// a booking or withdraw a divorce until it is).
    #[serde(default)]
    pub verified_by: Option<VerifiedBy>,
}

crate::string_enum! {
    /// Who confirmed that the real-name record belongs to the holder of the mobile number.
    pub enum VerifiedBy {
        /// The identity-verification gateway (name, ID number and mobile number match).
        Gateway = "gateway",
        /// A clerk at a counter, with the ID card in hand.
        Counter = "counter",
    }
}

/// `POST /api/clerk/identity`: a clerk verifies a resident at the counter, ID card in hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterVerifyRequest {
    /// The mobile number the resident signs in with.
    pub phone: String,
    /// The name on the ID card.
    pub name: String,
    /// The ID card's number.
    pub id_number: String,
}

/// `POST /api/me/real-name`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RealNameRequest {
    pub name: String,
    pub id_number: String,
}

/// `GET /api/me/data`: everything held about the resident, for download (PIPL art. 45).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyData {
    pub phone: String,
    pub real_name: Option<String>,
    /// The full ID number: shown to its owner only.
    pub id_number: Option<String>,
    pub created_at: i64,
    pub roles: Vec<RoleGrant>,
    pub sessions: Vec<SessionInfo>,
    pub audit: Vec<AuditEntry>,
    /// Marriage-registration bookings made by or naming this person (PIPL art. 45).
    #[serde(default)]
    pub bookings: Vec<crate::booking::BookingView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub current: bool,
}

/// One line of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// Masked phone of who acted, or `system`.
    pub actor: String,
    pub action: String,
    pub object: String,
    pub ip: String,
}

/// `GET /api/admin/audit`: newest first; `next_before` pages on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

/// Checks a real name as written on an ID card: 2-30 characters, letters (any script), the
/// middle dot of minority and foreign names, spaces.
pub fn valid_real_name(name: &str) -> bool {
    let n = name.trim();
    let count = n.chars().count();
    let visible = n.chars().filter(|c| c.is_alphabetic() && !is_filler(*c)).count();
    (2..=30).contains(&count)
        && visible >= 2
        && n.chars()
            .all(|c| (c.is_alphabetic() && !is_filler(c)) || matches!(c, '·' | '•' | ' ' | '-'))
}

/// Letters that print as nothing: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0).
fn is_filler(c: char) -> bool {
    matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        assert!(super::valid_real_name("张三"));
        assert!(super::valid_real_name("阿依古丽·买买提"));
        assert!(!super::valid_real_name("张"));
        assert!(!super::valid_real_name("张3"));
        assert!(!super::valid_real_name(""));
        // Two Hangul fillers look like a name to `is_alphabetic` but print as nothing.
        assert!(!super::valid_real_name("\u{3164}\u{3164}"));
        assert!(!super::valid_real_name("张\u{3164}"));
        assert!(!super::valid_real_name("·-"));
    }
}
