//! Marriage registration booking rules that need no database: calendar arithmetic, the legal
//! ages, the divorce cooling-off period, booking windows, no-show blocks and reference codes.
//! The server and the app both use them, so a couple sees the same answer the registry applies.

use crate::ids::Date;
use serde::{Deserialize, Serialize};

mod hours;
mod rules;
pub use crate::calendar::{Calendar, RestDayKind, civil_from_days, days_from_civil};
pub use hours::*;
pub use rules::*;

/// What a couple or person can book at a registry office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// 结婚登记
    Marriage,
    /// 离婚登记 (by agreement: application, then the certificate after cooling-off)
    Divorce,
    /// 补领婚姻登记证
    Reissue,
    /// 颁证仪式 (uses the ceremony hall)
    Ceremony,
    /// 婚姻家庭辅导
    Counselling,
}

impl Service {
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Marriage => "marriage",
            Service::Divorce => "divorce",
            Service::Reissue => "reissue",
            Service::Ceremony => "ceremony",
            Service::Counselling => "counselling",
        }
    }

    /// Every service, in the order residents are offered them.
    pub const ALL: [Service; 5] = [
        Service::Marriage,
        Service::Divorce,
        Service::Reissue,
        Service::Ceremony,
        Service::Counselling,
    ];

    pub fn parse(s: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// For database rows (`#[sqlx(try_from = "String")]`).
impl TryFrom<String> for Service {
    type Error = crate::enums::UnknownVariant;
    fn try_from(s: String) -> Result<Service, Self::Error> {
        Service::parse(&s).ok_or(crate::enums::UnknownVariant { enum_name: "Service", value: s })
    }
}

/// `GET /api/offices`: a registry office. Any couple may book any office in the city (全市通办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    pub code: String,
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub phone: String,
    /// Opening periods per ISO weekday (index 0 = Monday), minutes after midnight.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Vec<u32>>>))]
    pub hours: Vec<Vec<(u32, u32)>>,
    pub services: Vec<Service>,
    /// Bookable from `window_min` to `window_max` days ahead.
    pub window_min: i64,
    pub window_max: i64,
    pub slot_minutes: u32,
    /// Places per slot (counters).
    pub counters: i64,
    /// Services with their own places per slot (the ceremony hall holds one couple at a time).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Object>>))]
    /// `[service, places]` pairs where a service has its own number of places per slot.
    #[cfg_attr(feature = "openapi", schema(schema_with = service_places))]
    pub service_counters: Vec<(Service, i64)>,
    /// The partner confirms a marriage booking on their own phone within 24 hours (default);
    /// an office may switch this off.
    #[serde(default = "yes")]
    pub partner_confirm: bool,
    pub demo: bool,
}

fn yes() -> bool {
    true
}

impl Office {
    /// Places per slot for a service: its own number, or the office's default.
    pub fn counters_for(&self, service: Service) -> i64 {
        self.service_counters.iter().find(|(s, _)| *s == service).map_or(self.counters, |(_, n)| *n)
    }

    pub fn has_own_counters(&self, service: Service) -> bool {
        self.service_counters.iter().any(|(s, _)| *s == service)
    }

    /// Slot start times on `day` (minutes after midnight), from the opening hours.
    pub fn slot_starts(&self, day: Date) -> Vec<u32> {
        self.slot_starts_on(day, false)
    }

    /// Slot start times on `day`; a weekend day that the State Council made a working day
    /// (调休上班, `make_up_workday`) follows Monday's hours, as registries open on those days.
    pub fn slot_starts_on(&self, day: Date, make_up_workday: bool) -> Vec<u32> {
        let weekday = usize::from(day.weekday());
        let index = if make_up_workday && weekday >= 6 { 0 } else { weekday - 1 };
        let periods = self.hours.get(index).cloned().unwrap_or_default();
        let step = self.slot_minutes.max(5);
        periods
            .into_iter()
            .flat_map(|(open, close)| {
                (open..close).step_by(step as usize).filter(move |s| s + step <= close)
            })
            .collect()
    }
}

crate::string_enum! {
    /// Where a booking stands. `held`, `provisional` and `confirmed` are active: they take a
    /// place and each person's one-active-booking lock. `arrived` is at the counter. The rest
    /// are final and release the lock.
    pub enum BookingStatus {
        /// A place held for 10 minutes while the details are filled in.
        Held = "held",
        /// Waiting for the partner to confirm (24 hours).
        Provisional = "provisional",
        Confirmed = "confirmed",
        /// Marked by the clerk at the counter.
        Arrived = "arrived",
        Completed = "completed",
        NoShow = "no_show",
        Cancelled = "cancelled",
        /// A hold nobody completed within its 10 minutes.
        Expired = "expired",
        /// The partner did not confirm within 24 hours.
        Lapsed = "lapsed",
        /// The appointment has passed and the office marked nothing (not a no-show).
        Past = "past",
    }
}

impl BookingStatus {
    /// Takes a place and holds each person's one-active-booking lock.
    pub fn is_active(self) -> bool {
        matches!(self, BookingStatus::Held | BookingStatus::Provisional | BookingStatus::Confirmed)
    }

    /// Active statuses, for SQL `IN (...)` lists.
    pub const ACTIVE: [BookingStatus; 3] =
        [BookingStatus::Held, BookingStatus::Provisional, BookingStatus::Confirmed];
}

crate::string_enum! {
    /// What a clerk may mark a booking at the counter.
    pub enum ClerkMark {
        Arrived = "arrived",
        Completed = "completed",
        NoShow = "no_show",
    }
}

impl ClerkMark {
    /// The status the mark sets.
    pub fn status(self) -> BookingStatus {
        match self {
            ClerkMark::Arrived => BookingStatus::Arrived,
            ClerkMark::Completed => BookingStatus::Completed,
            ClerkMark::NoShow => BookingStatus::NoShow,
        }
    }

    /// The statuses the mark may follow.
    pub fn from(self) -> &'static [BookingStatus] {
        match self {
            ClerkMark::Arrived | ClerkMark::NoShow => {
                &[BookingStatus::Provisional, BookingStatus::Confirmed]
            }
            ClerkMark::Completed => &[BookingStatus::Arrived],
        }
    }
}

crate::string_enum! {
    /// Why a day has no slots to offer.
    pub enum ClosedReason {
        /// A statutory holiday, an ad-hoc closure or a day without opening hours.
        Closed = "closed",
        /// Outside the office's booking window.
        OutOfWindow = "out_of_window",
        /// A special date whose bookings have not opened yet (`opens_at`).
        NotReleased = "not_released",
    }
}

crate::string_enum! {
    /// A divorce application (Civil Code art. 1077).
    pub enum DivorceStatus {
        /// Received; the 30-day cooling-off or the second window is running.
        Cooling = "cooling",
        Withdrawn = "withdrawn",
        /// The certificate was issued.
        Completed = "completed",
    }
}

/// `POST /api/bookings/confirm`: the partner confirms by the reference in the text message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmRequest {
    /// As typed: case, spaces and hyphens do not matter.
    pub reference: String,
}

/// `POST /api/clerk/offices/{code}/closures`: close an office for a day, with the reason the
/// couples are told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosureRequest {
    pub day: Date,
    pub reason: String,
}

/// `GET /api/offices/{code}/availability?service=..&day=..`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityQuery {
    pub service: Service,
    pub day: Date,
}

/// `GET /api/offices/{code}/days?service=..`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaysQuery {
    pub service: Service,
}

/// `GET /api/clerk/offices/{code}/day?date=..` (and `day.csv`)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayQuery {
    pub date: Date,
}

/// A slot as residents see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotView {
    pub day: Date,
    pub start_min: u32,
    pub places_left: i64,
}

/// `GET /api/offices/{code}/availability?service=..&day=..`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    pub office: String,
    pub service: Service,
    pub day: Date,
    /// Why there are no slots to offer.
    pub closed_reason: Option<ClosedReason>,
    /// For a special date not yet released: when bookings open (unix seconds).
    #[serde(default)]
    pub opens_at: Option<i64>,
    pub slots: Vec<SlotView>,
}

/// `GET /api/offices/{code}/days?service=..`: every day of the booking window, for the date
/// picker, without creating any slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayView {
    pub day: Date,
    pub status: DayStatus,
    /// Places left over the whole day (0 unless `open`).
    pub places_left: i64,
    /// A special date not yet released: when bookings open (unix seconds).
    pub opens_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    Open,
    Full,
    /// A rest day, a holiday, an ad-hoc closure or a day without hours.
    Closed,
    NotReleased,
}

/// `POST /api/bookings/hold`: hold a place for 10 minutes while the couple fills in details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoldRequest {
    pub office: String,
    pub service: Service,
    pub day: Date,
    pub start_min: u32,
}

pub const HOLD_SECS: i64 = 10 * 60;
/// The partner has 24 hours to confirm a marriage booking.
pub const PARTNER_CONFIRM_SECS: i64 = 24 * 3600;

/// No-show rule as many cities practise it: 2 within 30 days block booking for 15 days.
pub const NO_SHOW_THRESHOLD: usize = 2;
pub const NO_SHOW_WITHIN_DAYS: i64 = 30;
pub const NO_SHOW_BLOCK_DAYS: i64 = 15;
/// How far ahead a clerk may close a day or set a special date (two years: the popular dates
/// of next year are known now). Before today is refused too: a past day's slots are history.
pub const CLERK_DAYS_AHEAD: i64 = 730;

/// Whether a clerk may close `day` or make it a special date, `today` in the office's time.
pub fn clerk_may_set(day: crate::ids::Date, today: crate::ids::Date) -> bool {
    day >= today && day <= today.add_days(CLERK_DAYS_AHEAD)
}

/// `POST /api/bookings/{id}/reschedule`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduleRequest {
    pub day: Date,
    pub start_min: u32,
}

/// `POST /api/clerk/offices/{code}/capacity`: places per slot from now on. With `dry_run` the
/// answer only lists the bookings in slots that would be over the new capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapacityRequest {
    pub counters: i64,
    /// One service's own places per slot; none: the office's default.
    #[serde(default)]
    pub service: Option<Service>,
    #[serde(default)]
    pub dry_run: bool,
}

/// `PUT /api/clerk/offices/{code}/settings`: the slot plan. Bookings already made at times the
/// new plan drops are kept and listed (with `dry_run`, only listed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeSettings {
    /// Opening periods per ISO weekday (index 0 = Monday), minutes after midnight.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Vec<u32>>>))]
    pub hours: Vec<Vec<(u32, u32)>>,
    pub slot_minutes: u32,
    pub window_min: i64,
    pub window_max: i64,
    pub partner_confirm: bool,
    #[serde(default)]
    pub dry_run: bool,
}

impl OfficeSettings {
    /// Field errors (`field`, `code`), empty when the plan is usable.
    pub fn problems(&self) -> Vec<(&'static str, crate::FieldCode)> {
        let mut out = Vec::new();
        let periods_ok = |day: &Vec<(u32, u32)>| {
            let mut last_close = 0;
            day.iter().all(|&(open, close)| {
                let ok = open >= last_close && open < close && close <= 24 * 60;
                last_close = close;
                ok
            })
        };
        if self.hours.len() != 7 || !self.hours.iter().all(periods_ok) {
            out.push(("hours", crate::FieldCode::Hours));
        }
        if !(10..=240).contains(&self.slot_minutes) {
            out.push(("slot_minutes", crate::FieldCode::Range));
        }
        if !(0..=180).contains(&self.window_min)
            || !(1..=180).contains(&self.window_max)
            || self.window_min > self.window_max
        {
            out.push(("window_max", crate::FieldCode::Range));
        }
        out
    }
}

/// `POST /api/clerk/offices/{code}/special-dates`: a popular date's own capacity and the time
/// bookings for it open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpecialDateRequest {
    pub day: Date,
    pub counters: i64,
    pub release_at: Option<i64>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// The answer to a capacity change: the bookings in slots over the new capacity. They are
/// kept (the slot keeps room for them); the clerk decides whom to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapacityChange {
    pub applied: bool,
    pub affected: Vec<DayListEntry>,
}

/// `POST /api/clerk/bookings/{id}/status`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusRequest {
    pub status: ClerkMark,
}

/// A line of the clerk's day list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayListEntry {
    pub booking_id: i64,
    pub reference: String,
    pub day: Date,
    pub service: Service,
    pub start_min: u32,
    pub status: BookingStatus,
    pub parties: Vec<PartyView>,
}

/// `GET /api/divorce`: a divorce application and where it stands (Civil Code art. 1077).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DivorceView {
    pub id: i64,
    /// An open (`cooling`) application past its second window has stage `lapsed`.
    pub status: DivorceStatus,
    pub cooling_off: CoolingOff,
    pub stage: DivorceStage,
}

/// One of the couple, as typed on the details page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyInput {
    pub name: String,
    pub id_number: String,
}

/// `POST /api/bookings/{id}/details`: the partner. The signed-in applicant is the other
/// party, from their real-name record, so they never retype their own ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailsRequest {
    /// Marriage and divorce: the other party. The single-applicant services (re-issue,
    /// ceremony, counselling) send none.
    #[serde(default)]
    pub partner: Option<PartyInput>,
}

impl Service {
    /// Marriage and divorce are booked by the couple; the other services by one person.
    pub fn needs_partner(self) -> bool {
        matches!(self, Service::Marriage | Service::Divorce)
    }
}

/// What to bring to a marriage registration since 10 May 2025 (State Council Order 804):
/// ID cards and a signed declaration; no household register; free of charge.
pub const MARRIAGE_BRING_ZH: &str = "双方身份证原件；双方签署的无配偶、无禁止结婚亲属关系的声明（可在登记处现场签署）。自 2025 年 5 月 10 日起不再需要户口簿。婚姻登记不收费。";
pub const MARRIAGE_BRING_EN: &str = "Both original ID cards and a declaration signed by both (no spouse, no prohibited kinship), which can be signed at the office. Since 10 May 2025 no household register is needed. Registration is free.";

/// `[[service, places], ...]` for the OpenAPI document (a tuple list is not an object list).
#[cfg(feature = "openapi")]
fn service_places() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    let item =
        ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Integer]));
    let pair = ArrayBuilder::new().items(item).min_items(Some(2)).max_items(Some(2));
    ArrayBuilder::new().items(pair).build()
}

/// A booking as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingView {
    pub id: i64,
    pub reference: String,
    pub office: String,
    pub office_name_zh: String,
    pub office_name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub service: Service,
    pub day: Date,
    pub start_min: u32,
    pub status: BookingStatus,
    pub hold_expires_at: Option<i64>,
    /// A provisional booking must be confirmed by the partner before this time.
    pub confirm_by: Option<i64>,
    /// The couple, masked (PIPL art. 51).
    pub parties: Vec<PartyView>,
    /// The caller made the booking (may cancel or reschedule it); `false` for the partner,
    /// who sees it, its QR code and calendar file once named in it.
    #[serde(default = "yes")]
    pub owner: bool,
    /// The office has since closed that day (the clerk's reason): the booking must be moved.
    #[serde(default)]
    pub office_closed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyView {
    pub name: String,
    pub id_masked: String,
}
