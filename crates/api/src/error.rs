//! The one error shape on the wire: RFC 9457 problem details, plus a stable machine `code`
//! that the browser turns into a message in the user's language.

use serde::{Deserialize, Serialize};

/// Stable error codes. The browser keeps a message for each in every language it speaks, so
/// adding a variant here is a compile error in the app until it is translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body is not valid JSON, or does not have the expected fields.
    MalformedBody,
    /// The body is JSON but a field value is not acceptable; see `errors`.
    Validation,
    /// The request declared a content type other than `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// No such API route or object.
    NotFound,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The request took too long.
    Timeout,
    /// The request conflicts with the current state (for example, a duplicate).
    Conflict,
    /// The database or another dependency is unavailable.
    Unavailable,
    /// Something went wrong on the server; details are in its log, never on the wire.
    Internal,
    /// Not signed in, or the session has ended.
    Unauthenticated,
    /// Signed in, but this is not yours or not your role.
    Forbidden,
    /// Too many requests; `Retry-After` says when to try again.
    RateLimited,
    /// The one-time code is wrong.
    CodeWrong,
    /// The one-time code has expired or was already used; ask for a new one.
    CodeExpired,
    /// Too many wrong codes; ask for a new one.
    CodeTooManyTries,
    /// The real name is already set and cannot be changed by the resident.
    RealNameLocked,
    /// This ID number is already linked to another account.
    IdInUse,
    /// The URL (path and query) is longer than the server accepts.
    UriTooLong,
    /// The account's identity is not verified yet (by the identity gateway or at a counter),
    /// so it cannot act for the person named (confirm as a partner, withdraw a divorce).
    IdentityUnverified,
    /// The request came from another site (CSRF protection).
    CrossSite,
    /// This needs the real-name step first.
    RealNameRequired,
    /// The chosen slot has no places left; `alternatives` lists free ones.
    SlotFull,
    /// One of these people already holds an active booking for this service.
    AlreadyBooked,
    /// The booking is no longer open for this step (expired, lapsed, cancelled).
    BookingClosed,
    /// Two no-shows within 30 days: booking is blocked until `until`.
    BookingBlocked,
    /// No organisation with this credit code is on the charity register.
    CharityNotFound,
    /// No filed fundraising campaign has this filing number: the appeal may not be genuine.
    CampaignNotFiled,
    /// This needs the volunteer registration first.
    VolunteerRequired,
    /// Already signed up (or waitlisted) for this shift.
    AlreadySignedUp,
    /// Already signed up for a shift at an overlapping time.
    ShiftOverlap,
    /// The shift has started, ended or been cancelled.
    ShiftClosed,
    /// The check-in code is wrong or has rotated; type the code shown now.
    CheckInCodeWrong,
    /// Check-in and check-out are open from an hour before a shift to two hours after it.
    OutsideCheckWindow,
    /// No check-in or check-out to go by: adjust the hours with a reason instead.
    NotCheckedIn,
    /// These hours were already approved, adjusted or rejected.
    AlreadyDecided,
    /// Nobody may approve or adjust their own hours.
    OwnHours,
    /// Volunteers under 18 take part only with a guardian's consent (志愿服务条例 art. 13).
    GuardianRequired,
    /// Younger than the activity's minimum age.
    TooYoung,
}

crate::string_enum! {
    /// Why a field is not acceptable. The app has a sentence for each in every language it
    /// speaks, so adding a variant is a compile error in the app until it is translated.
    pub enum FieldCode {
        Required = "required",
        Invalid = "invalid",
        Length = "length",
        BadCharacter = "bad_character",
        BirthDate = "birth_date",
        CheckCharacter = "check_character",
        MobilePrefix = "mobile_prefix",
        Name = "name",
        CodeFormat = "code_format",
        UnderAge = "under_age",
        SamePerson = "same_person",
        NotManAndWoman = "not_man_and_woman",
        AlreadyBooked = "already_booked",
        Reference = "reference",
        CoolingOff = "cooling_off",
        DivorceLapsed = "divorce_lapsed",
        Closed = "closed",
        NotReleased = "not_released",
        OutOfWindow = "out_of_window",
        NoSuchSlot = "no_such_slot",
        NotOffered = "not_offered",
        Range = "range",
        Hours = "hours",
        NoPartnerNeeded = "no_partner_needed",
        TooEarly = "too_early",
        /// A day a clerk may not set: before today, or beyond `booking::CLERK_DAYS_AHEAD`.
        DayOutOfRange = "day_out_of_range",
        BadDistrict = "bad_district",
        BadFormat = "bad_format",
        BadHeader = "bad_header",
        BadValue = "bad_value",
        BeforeRegistration = "before_registration",
        BeforeStart = "before_start",
        BadFilingNumber = "bad_filing_number",
        GradeNeedsDate = "grade_needs_date",
        Malformed = "malformed",
        Mismatch = "mismatch",
        OutOfRange = "out_of_range",
        TooLong = "too_long",
        TooLongOrControl = "too_long_or_control",
        TooMany = "too_many",
        TooManyLines = "too_many_lines",
        NotUtf8 = "not_utf8",
    }
}

/// One field's problem, e.g. a resident ID number with a wrong check character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// JSON pointer-like path of the field, e.g. `partner.id_number`.
    pub field: String,
    /// Machine-readable reason, e.g. `check_character`.
    pub code: FieldCode,
}

/// RFC 9457 problem details (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type; here `urn:portal:problem:<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short English summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Human-readable explanation of this occurrence (English; the app localises by `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine code (extension member).
    pub code: ErrorCode,
    /// Per-field problems (extension member).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extension member for a full slot (409): the next free slots to offer instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub alternatives: Vec<crate::booking::SlotView>,
    /// Extension member: the last day a block lasts (e.g. after no-shows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub until: Option<crate::ids::Date>,
}

impl ErrorCode {
    /// The HTTP status this code is sent with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::MalformedBody | ErrorCode::Validation | ErrorCode::CodeWrong => 400,
            ErrorCode::CodeExpired | ErrorCode::CodeTooManyTries => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden | ErrorCode::CrossSite | ErrorCode::RealNameRequired => 403,
            ErrorCode::BookingBlocked => 403,
            ErrorCode::SlotFull | ErrorCode::AlreadyBooked | ErrorCode::BookingClosed => 409,
            ErrorCode::RealNameLocked | ErrorCode::IdInUse => 409,
            ErrorCode::IdentityUnverified => 403,
            ErrorCode::UriTooLong => 414,
            ErrorCode::RateLimited => 429,
            ErrorCode::NotFound | ErrorCode::CharityNotFound | ErrorCode::CampaignNotFiled => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Timeout => 408,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
            ErrorCode::VolunteerRequired => 403,
            ErrorCode::AlreadySignedUp => 409,
            ErrorCode::ShiftOverlap => 409,
            ErrorCode::ShiftClosed => 409,
            ErrorCode::CheckInCodeWrong => 400,
            ErrorCode::OutsideCheckWindow => 409,
            ErrorCode::NotCheckedIn => 409,
            ErrorCode::AlreadyDecided => 409,
            ErrorCode::OwnHours => 403,
            ErrorCode::GuardianRequired => 403,
            ErrorCode::TooYoung => 403,
        }
    }

    /// The snake_case name used in the `type` URI.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedBody => "malformed_body",
            ErrorCode::Validation => "validation",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::CodeWrong => "code_wrong",
            ErrorCode::CodeExpired => "code_expired",
            ErrorCode::CodeTooManyTries => "code_too_many_tries",
            ErrorCode::RealNameLocked => "real_name_locked",
            ErrorCode::IdInUse => "id_in_use",
            ErrorCode::IdentityUnverified => "identity_unverified",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::CrossSite => "cross_site",
            ErrorCode::RealNameRequired => "real_name_required",
            ErrorCode::SlotFull => "slot_full",
            ErrorCode::AlreadyBooked => "already_booked",
            ErrorCode::BookingClosed => "booking_closed",
            ErrorCode::BookingBlocked => "booking_blocked",
            ErrorCode::CharityNotFound => "charity_not_found",
            ErrorCode::CampaignNotFiled => "campaign_not_filed",
            ErrorCode::VolunteerRequired => "volunteer_required",
            ErrorCode::AlreadySignedUp => "already_signed_up",
            ErrorCode::ShiftOverlap => "shift_overlap",
            ErrorCode::ShiftClosed => "shift_closed",
            ErrorCode::CheckInCodeWrong => "check_in_code_wrong",
            ErrorCode::OutsideCheckWindow => "outside_check_window",
            ErrorCode::NotCheckedIn => "not_checked_in",
            ErrorCode::AlreadyDecided => "already_decided",
            ErrorCode::OwnHours => "own_hours",
            ErrorCode::GuardianRequired => "guardian_required",
            ErrorCode::TooYoung => "too_young",
        }
    }

    fn title(self) -> &'static str {
        match self {
            ErrorCode::MalformedBody => "Malformed request body",
            ErrorCode::Validation => "Invalid field values",
            ErrorCode::UnsupportedMediaType => "Unsupported media type",
            ErrorCode::PayloadTooLarge => "Request body too large",
            ErrorCode::NotFound => "Not found",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::Timeout => "Request timed out",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::Unavailable => "Service unavailable",
            ErrorCode::Internal => "Internal server error",
            ErrorCode::Unauthenticated => "Sign-in required",
            ErrorCode::Forbidden => "Forbidden",
            ErrorCode::RateLimited => "Too many requests",
            ErrorCode::CodeWrong => "Wrong code",
            ErrorCode::CodeExpired => "Code expired or used",
            ErrorCode::CodeTooManyTries => "Too many wrong codes",
            ErrorCode::RealNameLocked => "Real name already set",
            ErrorCode::IdInUse => "ID number already in use",
            ErrorCode::IdentityUnverified => "Identity not verified",
            ErrorCode::UriTooLong => "URL too long",
            ErrorCode::CrossSite => "Cross-site request refused",
            ErrorCode::RealNameRequired => "Real-name registration required",
            ErrorCode::SlotFull => "Slot full",
            ErrorCode::AlreadyBooked => "Already booked",
            ErrorCode::BookingClosed => "Booking no longer open",
            ErrorCode::BookingBlocked => "Booking blocked after no-shows",
            ErrorCode::CharityNotFound => "Not on the charity register",
            ErrorCode::CampaignNotFiled => "No filed fundraising campaign",
            ErrorCode::VolunteerRequired => "Volunteer registration required",
            ErrorCode::AlreadySignedUp => "Already signed up",
            ErrorCode::ShiftOverlap => "Overlapping shift",
            ErrorCode::ShiftClosed => "Shift closed",
            ErrorCode::CheckInCodeWrong => "Wrong or stale check-in code",
            ErrorCode::OutsideCheckWindow => "Outside the check-in window",
            ErrorCode::NotCheckedIn => "Not checked in and out",
            ErrorCode::AlreadyDecided => "Hours already decided",
            ErrorCode::OwnHours => "Own hours",
            ErrorCode::GuardianRequired => "Guardian consent required",
            ErrorCode::TooYoung => "Below the minimum age",
        }
    }
}

impl Problem {
    pub fn new(code: ErrorCode, detail: impl Into<Option<String>>) -> Self {
        Problem {
            type_uri: format!("urn:portal:problem:{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status(),
            detail: detail.into(),
            code,
            errors: Vec::new(),
            alternatives: Vec::new(),
            until: None,
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_round_trips_with_rfc9457_member_names() {
        let p = Problem::new(ErrorCode::Validation, Some("bad id".to_owned())).with_errors(vec![
            FieldError { field: "id_number".into(), code: FieldCode::CheckCharacter },
        ]);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["type"], "urn:portal:problem:validation");
        assert_eq!(json["status"], 400);
        assert_eq!(json["code"], "validation");
        assert_eq!(json["errors"][0]["field"], "id_number");
        assert_eq!(json["errors"][0]["code"], "check_character");
        let back: Problem = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn every_code_has_a_client_or_server_error_status() {
        for c in [
            ErrorCode::MalformedBody,
            ErrorCode::Validation,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::PayloadTooLarge,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Timeout,
            ErrorCode::Conflict,
            ErrorCode::Unavailable,
            ErrorCode::Internal,
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::RateLimited,
            ErrorCode::CodeWrong,
            ErrorCode::CodeExpired,
            ErrorCode::CodeTooManyTries,
            ErrorCode::RealNameLocked,
            ErrorCode::IdInUse,
            ErrorCode::IdentityUnverified,
            ErrorCode::UriTooLong,
            ErrorCode::CrossSite,
            ErrorCode::RealNameRequired,
            ErrorCode::SlotFull,
            ErrorCode::AlreadyBooked,
            ErrorCode::BookingClosed,
            ErrorCode::BookingBlocked,
            ErrorCode::CharityNotFound,
            ErrorCode::CampaignNotFiled,
            ErrorCode::VolunteerRequired,
            ErrorCode::AlreadySignedUp,
            ErrorCode::ShiftOverlap,
            ErrorCode::ShiftClosed,
            ErrorCode::CheckInCodeWrong,
            ErrorCode::OutsideCheckWindow,
            ErrorCode::NotCheckedIn,
            ErrorCode::AlreadyDecided,
            ErrorCode::OwnHours,
            ErrorCode::GuardianRequired,
            ErrorCode::TooYoung,
        ] {
            assert!((400..600).contains(&c.status()), "{c:?}");
            assert!(Problem::new(c, None).type_uri.ends_with(c.as_str()));
        }
    }
}
