//! Portal-wide information: service status and the regions (cities and districts) the portal
//! covers. Features hang their offices and policies off these region codes.

use serde::{Deserialize, Serialize};

/// `GET /api/regions`: a city or district whose bureau's services the portal offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    /// Stable code, e.g. `shanghai-changning`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// The bureau document the region comes from (see `shared/domain`).
    pub source: String,
    /// Demo data is marked so nobody mistakes it for a bureau's published figures.
    pub demo: bool,
}

/// `GET /readyz`: whether this server can reach its database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// `sqlite` or `postgres`.
    pub database: String,
    pub ready: bool,
}

/// `GET /api/info`: what the app shows in its footer and what tests check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceInfo {
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// True when the server was started with demo data.
    pub demo: bool,
    /// Today at the registry offices (China Standard Time), as the server counts booking days.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub today: crate::ids::Date,
}
