//! Volunteering (志愿服务): the types the app and server exchange, and (in `rules`) the rules
//! both apply. Modelled on the national volunteer system and MCA 《志愿服务记录与证明出具办法
//! （试行）》 (2021): the organisation that ran an activity records and certifies the hours;
//! records are truthful, free and timely; volunteers may ask for corrections.

use crate::ids::Date;
use serde::{Deserialize, Serialize};

mod reports;
mod rules;
pub use reports::*;
pub use rules::*;

crate::string_enum! {
    /// What an activity is about (the categories of the national volunteer system).
    pub enum Category {
        /// 助老
        ElderCare = "elder_care",
        /// 助残
        Disability = "disability",
        /// 关爱儿童
        Children = "children",
        /// 社区治理
        Community = "community",
        /// 环保
        Environment = "environment",
        /// 文化
        Culture = "culture",
        /// 应急
        Emergency = "emergency",
    }
}

crate::string_enum! {
    /// A service record's state. Records are append-only: each change is a new version.
    pub enum RecordStatus {
        /// Proposed from check-in and check-out, or reported; not counted yet.
        Pending = "pending",
        /// Approved by the organisation: counted in totals, stars and points.
        Verified = "verified",
        /// Refused, with a reason.
        Rejected = "rejected",
        /// Changed by the organisation after review (an adjustment or an answered correction),
        /// with a reason; counted like a verified record.
        Corrected = "corrected",
    }
}

impl RecordStatus {
    /// Counted in totals, stars, points and certificates.
    pub fn counts(self) -> bool {
        matches!(self, RecordStatus::Verified | RecordStatus::Corrected)
    }
}

crate::string_enum! {
    /// A place on a shift.
    pub enum SignupStatus {
        SignedUp = "signed_up",
        Waitlisted = "waitlisted",
        Withdrawn = "withdrawn",
        /// The organiser cancelled the shift.
        Cancelled = "cancelled",
    }
}

crate::string_enum! {
    /// What an organiser decides about a sign-up's hours.
    pub enum HourDecision {
        /// Accept the proposed (or self-reported) hours as they are.
        Approve = "approve",
        /// Set other hours; a reason is required.
        Adjust = "adjust",
        /// Credit nothing; a reason is required.
        Reject = "reject",
    }
}

crate::string_enum! {
    /// A correction request's state.
    pub enum CorrectionStatus {
        Open = "open",
        Accepted = "accepted",
        Declined = "declined",
    }
}

/// `GET /api/volunteering/activities` filters (all optional; they live in the app's URL).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityQuery {
    /// Region code, e.g. `hubei-tianmen`.
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    /// Only activities with a shift that still has places.
    #[serde(default)]
    pub open: Option<bool>,
    /// The next page: activities listed after this one (the previous page's `next`).
    #[serde(default)]
    pub before: Option<i64>,
}

/// Activities per page of `GET /api/volunteering/activities`: a phone's screenful or three,
/// about 20 KB (a full list of 500 was 460 KB on mobile data).
pub const ACTIVITY_PAGE: usize = 20;

/// One page of `GET /api/volunteering/activities`, newest activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPage {
    pub items: Vec<ActivityView>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next: Option<i64>,
}

/// One shift of an activity, with places left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftView {
    pub id: i64,
    pub day: Date,
    pub start_min: u32,
    /// At or before `start_min`: the shift ends the next day.
    pub end_min: u32,
    pub capacity: u32,
    pub places_left: u32,
    pub waitlist: u32,
    pub cancelled: bool,
}

/// An activity as anyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityView {
    pub id: i64,
    pub org_code: String,
    pub org_name: String,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub district: String,
    pub address: String,
    pub skills: Vec<String>,
    pub bring: String,
    pub min_age: Option<u32>,
    pub points_per_hour: u32,
    pub demo: bool,
    pub shifts: Vec<ShiftView>,
}

/// An organiser creates or edits an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityRequest {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub category: Category,
    pub district: String,
    pub address: String,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub bring: String,
    #[serde(default)]
    pub min_age: Option<u32>,
    #[serde(default)]
    pub points_per_hour: Option<u32>,
}

/// An organiser adds a shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftRequest {
    pub day: Date,
    pub start_min: u32,
    pub end_min: u32,
    /// 1 to [`MAX_SHIFT_PLACES`].
    pub capacity: u32,
}

/// The most places one shift may have (a sanity bound on what an organiser types, not a rule
/// from the regulations).
pub const MAX_SHIFT_PLACES: u32 = 500;

/// The guardian of a volunteer under 18 (《志愿服务条例》 art. 13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Guardian {
    pub name: String,
    pub phone: String,
    pub consent: bool,
}

/// Becoming a volunteer (or updating the profile). Name and ID come from the real-name record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerRequest {
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub districts: Vec<String>,
    #[serde(default)]
    pub availability: String,
    pub emergency_name: String,
    pub emergency_phone: String,
    /// The volunteer pledge (志愿者誓词) accepted.
    pub pledge: bool,
    #[serde(default)]
    pub guardian: Option<Guardian>,
    /// The language of the texts (SMS) the portal sends the volunteer.
    #[serde(default)]
    pub sms_lang: SmsLang,
}

/// The volunteer's own profile with totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerView {
    pub number: String,
    pub name: String,
    pub masked_id: String,
    pub minor: bool,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub districts: Vec<String>,
    pub availability: String,
    pub emergency_name: String,
    pub emergency_phone: String,
    pub guardian: Option<Guardian>,
    pub sms_lang: SmsLang,
    pub verified_half_hours: u32,
    pub stars: StarLevel,
    pub points: u32,
}

/// One of the volunteer's sign-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupView {
    pub id: i64,
    pub status: SignupStatus,
    pub activity_id: i64,
    pub activity_title: String,
    pub shift: ShiftView,
    /// Place in the waitlist (1 = next), while waitlisted.
    pub waitlist_position: Option<u32>,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    /// Hours may be reported now (no check-out and no record; check-out has closed; within
    /// 30 days): `POST /api/volunteering/signups/{id}/report`.
    #[serde(default)]
    pub may_report: bool,
}

/// A typed check-in or check-out code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub code: String,
}

/// The organiser's rotating code for a shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInCode {
    pub code: String,
    /// Unix seconds when a new code replaces it.
    pub rotates_at: i64,
    /// The server's time (unix seconds), so the countdown does not depend on the phone's clock.
    pub now: i64,
}

/// One person on a shift's list, as the organiser sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub signup_id: i64,
    pub name: String,
    pub masked_phone: String,
    pub status: SignupStatus,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub proposal: Proposal,
    pub record: Option<RecordView>,
}

/// An organiser's decision on one sign-up's hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRequest {
    pub decision: HourDecision,
    #[serde(default)]
    pub half_hours: Option<u32>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The current version of a service record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordView {
    pub signup_id: i64,
    pub version: u32,
    pub activity_title: String,
    /// The organisation that recorded it (and certifies it: 谁记录谁证明).
    pub org_code: String,
    pub org_name: String,
    pub day: Date,
    pub half_hours: u32,
    pub status: RecordStatus,
    /// This version is hours the volunteer reported (no check-in/out): pending until decided.
    #[serde(default)]
    pub self_reported: bool,
    pub reason: Option<String>,
    pub points: u32,
    pub at: i64,
}

/// My hours: every record, the verified total, stars and points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyHours {
    pub records: Vec<RecordView>,
    pub verified_half_hours: u32,
    pub stars: StarLevel,
    pub points: u32,
}

/// A volunteer asks for a record to be corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionRequest {
    pub half_hours: u32,
    pub reason: String,
}

/// A correction request as the organiser sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionView {
    pub id: i64,
    pub signup_id: i64,
    pub name: String,
    pub activity_title: String,
    pub recorded_half_hours: u32,
    pub asked_half_hours: u32,
    pub reason: String,
    pub status: CorrectionStatus,
    pub answer: Option<String>,
}

/// The organiser answers a correction request (a reason either way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionAnswer {
    pub accept: bool,
    pub reason: String,
}

/// A volunteer organisation (bound to its organisers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationView {
    pub code: String,
    pub name: String,
    pub credit_code: String,
    pub contact: String,
    pub district: String,
    pub demo: bool,
}

/// The organiser edits the organisation's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRequest {
    pub name: String,
    /// 统一社会信用代码, checked with GB 32100.
    pub credit_code: String,
    pub contact: String,
    pub district: String,
}

/// A volunteer asks for a certificate (志愿服务记录证明) for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateRequest {
    pub from: Date,
    pub to: Date,
    /// Only this organisation's records (it is then the issuer).
    #[serde(default)]
    pub org: Option<String>,
}

/// One activity line of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateLine {
    pub day: Date,
    pub activity: String,
    /// Empty on certificates issued before lines named their organisation's code.
    #[serde(default)]
    pub org_code: String,
    pub org_name: String,
    pub category: Category,
    pub half_hours: u32,
}

/// The certificate as its holder sees and prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateView {
    /// 16 characters; show with `format_certificate_code`.
    pub code: String,
    pub issued_on: Date,
    pub name: String,
    pub masked_id: String,
    pub volunteer_number: String,
    pub from: Date,
    pub to: Date,
    pub issuer: String,
    pub lines: Vec<CertificateLine>,
    pub total_half_hours: u32,
}

/// What the public verify page shows: masked facts and validity, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateCheck {
    pub code: String,
    pub valid: bool,
    /// The day the issuing organisation revoked it (then `valid` is false).
    #[serde(default)]
    pub revoked_on: Option<Date>,
    pub masked_name: String,
    pub masked_id: String,
    pub volunteer_number: String,
    pub issued_on: Date,
    pub from: Date,
    pub to: Date,
    pub issuer: String,
    pub activities: u32,
    pub total_half_hours: u32,
}
