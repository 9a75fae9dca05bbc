//! Volunteering, second part: hours a volunteer reports without check-in/out, certificate
//! revocation, and the language of the texts a volunteer gets.

use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// The language of the texts (SMS) the portal sends a volunteer, chosen at registration
    /// (the app sends the language the resident uses it in).
    #[derive(Default)]
    pub enum SmsLang {
        #[default]
        Zh = "zh",
        En = "en",
    }
}

/// A volunteer reports hours for a shift they worked without checking in and out. The record
/// stays pending (never counted) until the organiser approves, adjusts or rejects it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfReportRequest {
    /// Half hours worked, 1 up to the shift's length.
    pub half_hours: u32,
    /// What they did and why there is no check-in (required).
    pub note: String,
}

/// The issuing organisation revokes a certificate (a reason is required and kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    pub reason: String,
}
