//! Marriage registration booking rules that need no database: calendar arithmetic, the legal
//! ages, the divorce cooling-off period, booking windows, no-show blocks and reference codes.
//! The server and the app both use them, so a couple sees the same answer the registry applies.

use crate::ids::{Date, ResidentId, Sex};
use serde::{Deserialize, Serialize};

/// What a couple or person can book at a registry office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// `GET /api/offices`: a registry office. Any couple may book any office in the city (全市通办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub code: String,
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub phone: String,
    /// Opening periods per ISO weekday (index 0 = Monday), minutes after midnight.
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

/// A slot as residents see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub day: Date,
    pub start_min: u32,
    pub places_left: i64,
}

/// `GET /api/offices/{code}/availability?service=..&day=..`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub office: String,
    pub service: Service,
    pub day: Date,
    /// Why no slots: `closed` (rest day or no hours), `out_of_window`, `not_released`.
    pub closed_reason: Option<String>,
    /// For a special date not yet released: when bookings open (unix seconds).
    #[serde(default)]
    pub opens_at: Option<i64>,
    pub slots: Vec<SlotView>,
}

/// `GET /api/offices/{code}/days?service=..`: every day of the booking window, for the date
/// picker, without creating any slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayView {
    pub day: Date,
    pub status: DayStatus,
    /// Places left over the whole day (0 unless `open`).
    pub places_left: i64,
    /// A special date not yet released: when bookings open (unix seconds).
    pub opens_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// `POST /api/bookings/{id}/reschedule`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescheduleRequest {
    pub day: Date,
    pub start_min: u32,
}

/// `POST /api/clerk/offices/{code}/capacity`: places per slot from now on. With `dry_run` the
/// answer only lists the bookings in slots that would be over the new capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct OfficeSettings {
    /// Opening periods per ISO weekday (index 0 = Monday), minutes after midnight.
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
    pub fn problems(&self) -> Vec<(&'static str, &'static str)> {
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
            out.push(("hours", "hours"));
        }
        if !(10..=240).contains(&self.slot_minutes) {
            out.push(("slot_minutes", "range"));
        }
        if !(0..=180).contains(&self.window_min)
            || !(1..=180).contains(&self.window_max)
            || self.window_min > self.window_max
        {
            out.push(("window_max", "range"));
        }
        out
    }
}

/// `POST /api/clerk/offices/{code}/special-dates`: a popular date's own capacity and the time
/// bookings for it open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct CapacityChange {
    pub applied: bool,
    pub affected: Vec<DayListEntry>,
}

/// `POST /api/clerk/bookings/{id}/status`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRequest {
    /// `arrived`, `completed` or `no_show`.
    pub status: String,
}

/// A line of the clerk's day list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayListEntry {
    pub booking_id: i64,
    pub reference: String,
    pub day: Date,
    pub service: Service,
    pub start_min: u32,
    pub status: String,
    pub parties: Vec<PartyView>,
}

/// `GET /api/divorce`: a divorce application and where it stands (Civil Code art. 1077).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivorceView {
    pub id: i64,
    /// `cooling` (open), `withdrawn` or `completed`; an open one past its window has stage
    /// `lapsed`.
    pub status: String,
    pub cooling_off: CoolingOff,
    pub stage: DivorceStage,
}

/// One of the couple, as typed on the details page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyInput {
    pub name: String,
    pub id_number: String,
}

/// `POST /api/bookings/{id}/details`: the partner. The signed-in applicant is the other
/// party, from their real-name record, so they never retype their own ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A booking as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// `held`, `provisional` (waiting for the partner), `confirmed`, `cancelled`, `expired`,
    /// `lapsed` (the partner did not confirm in time).
    pub status: String,
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
pub struct PartyView {
    pub name: String,
    pub id_masked: String,
}

/// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic.
pub fn days_from_civil(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

impl Date {
    pub fn add_days(self, n: i64) -> Date {
        civil_from_days(days_from_civil(self) + n)
    }

    pub fn days_until(self, later: Date) -> i64 {
        days_from_civil(later) - days_from_civil(self)
    }

    /// ISO weekday: 1 Monday ... 7 Sunday.
    pub fn weekday(self) -> u8 {
        ((days_from_civil(self) + 3).rem_euclid(7) + 1) as u8
    }
}

/// Statutory rest days as data: public holidays, and weekends unless listed as make-up
/// working days (调休上班). The bureau loads them from the State Council's yearly notice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub holidays: Vec<Date>,
    pub working_weekends: Vec<Date>,
}

impl Calendar {
    pub fn is_rest_day(&self, d: Date) -> bool {
        self.holidays.contains(&d) || (d.weekday() >= 6 && !self.working_weekends.contains(&d))
    }

    /// The day itself if it is a working day, else the next working day.
    pub fn next_working_day(&self, mut d: Date) -> Date {
        // A rest period is never longer than a few weeks; the bound only guards bad data.
        for _ in 0..60 {
            if !self.is_rest_day(d) {
                return d;
            }
            d = d.add_days(1);
        }
        d
    }
}

/// Why a couple cannot book a marriage registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum MarriageRuleError {
    /// Both ID numbers are the same person.
    SamePerson,
    /// Civil Code art. 1046/1049: a marriage is registered by a man and a woman.
    NotManAndWoman,
    /// Civil Code art. 1047: men 22, women 20, on the registration day. `party` is 0 or 1.
    UnderAge { party: u8, age: i32, minimum: i32, of_age_on: Date },
}

/// Civil Code art. 1047: the legal marriage age.
pub fn minimum_age(sex: Sex) -> i32 {
    match sex {
        Sex::Male => 22,
        Sex::Female => 20,
    }
}

/// Checks what the ID numbers can tell about a marriage on `on` (the registration day).
pub fn check_marriage(a: &ResidentId, b: &ResidentId, on: Date) -> Result<(), MarriageRuleError> {
    if a == b {
        return Err(MarriageRuleError::SamePerson);
    }
    if a.sex() == b.sex() {
        return Err(MarriageRuleError::NotManAndWoman);
    }
    for (party, id) in [(0u8, a), (1u8, b)] {
        let minimum = minimum_age(id.sex());
        let born = id.birth_date();
        let age = born.age_on(on);
        if age < minimum {
            let of_age_on = birthday_in(born, born.year + minimum);
            return Err(MarriageRuleError::UnderAge { party, age, minimum, of_age_on });
        }
    }
    Ok(())
}

/// The birthday in `year` (29 February becomes 1 March in common years).
fn birthday_in(born: Date, year: i32) -> Date {
    Date::new(year, born.month, born.day).unwrap_or(Date { year, month: 3, day: 1 })
}

/// The divorce cooling-off period (Civil Code art. 1077) for an application received on
/// `applied`: days count from the next day (art. 201); a period whose last day is a rest day
/// ends on the next working day (art. 203).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoolingOff {
    pub applied: Date,
    /// Either party may withdraw up to and including this day.
    pub withdraw_until: Date,
    /// Both must appear for the certificate from this day...
    pub second_from: Date,
    /// ...up to and including this day, or the application is taken as withdrawn.
    pub second_until: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivorceStage {
    /// Within the 30 days: either party may withdraw; no certificate yet.
    CoolingOff { days_left: i64 },
    /// The second appointment may be booked.
    SecondWindow { days_left: i64 },
    /// Past the second window: the application is taken as withdrawn.
    Lapsed,
}

impl CoolingOff {
    pub fn for_application(applied: Date, calendar: &Calendar) -> CoolingOff {
        let withdraw_until = calendar.next_working_day(applied.add_days(30));
        let second_from = withdraw_until.add_days(1);
        let second_until = calendar.next_working_day(withdraw_until.add_days(30));
        CoolingOff { applied, withdraw_until, second_from, second_until }
    }

    pub fn stage(&self, today: Date) -> DivorceStage {
        if today <= self.withdraw_until {
            DivorceStage::CoolingOff { days_left: today.days_until(self.withdraw_until) }
        } else if today <= self.second_until {
            DivorceStage::SecondWindow { days_left: today.days_until(self.second_until) }
        } else {
            DivorceStage::Lapsed
        }
    }

    /// May the certificate appointment be on `day`?
    pub fn second_appointment_allowed(&self, day: Date) -> bool {
        self.second_from <= day && day <= self.second_until
    }
}

/// Whether `day` is inside an office's booking window (`min_days`..=`max_days` ahead).
pub fn in_window(day: Date, today: Date, min_days: i64, max_days: i64) -> bool {
    let ahead = today.days_until(day);
    (min_days..=max_days).contains(&ahead)
}

/// No-show rule: `threshold` no-shows within `within_days` block booking for `block_days`
/// from the latest one. Returns the last blocked day, if blocked today.
pub fn blocked_until(
    no_shows: &[Date],
    today: Date,
    threshold: usize,
    within_days: i64,
    block_days: i64,
) -> Option<Date> {
    let mut recent: Vec<Date> = no_shows.iter().copied().filter(|d| *d <= today).collect();
    recent.sort();
    // Any window of `within_days` holding `threshold` no-shows starts a block at its last one.
    let mut until = None;
    for w in recent.windows(threshold.max(1)) {
        let (first, last) = (w[0], w[w.len() - 1]);
        if first.days_until(last) < within_days {
            let end = last.add_days(block_days - 1);
            if end >= today {
                until = until.max(Some(end));
            }
        }
    }
    until
}

/// Reference codes use characters nobody confuses when read aloud or copied from paper:
/// no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
pub const REFERENCE_ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";
pub const REFERENCE_LEN: usize = 8;

/// A reference code from random bytes (the caller supplies the randomness).
pub fn reference_from(random: &[u8; REFERENCE_LEN]) -> String {
    random
        .iter()
        .map(|b| REFERENCE_ALPHABET[*b as usize % REFERENCE_ALPHABET.len()] as char)
        .collect()
}

/// Normalises a typed reference (case, spaces, hyphens); `None` if it cannot be one.
pub fn parse_reference(input: &str) -> Option<String> {
    let s: String =
        input.chars().filter(|c| !matches!(c, ' ' | '-')).collect::<String>().to_ascii_uppercase();
    (s.len() == REFERENCE_LEN && s.bytes().all(|b| REFERENCE_ALPHABET.contains(&b))).then_some(s)
}

/// Opening periods of one day, minutes after midnight.
pub type Periods = Vec<(u32, u32)>;
/// `(first weekday, last weekday, periods)`, Monday = 0.
pub type HoursRun = (usize, usize, Periods);

/// Runs of consecutive weekdays (0 = Monday) with the same opening periods, closed days left
/// out: `(first, last, periods)`.
pub fn group_hours(hours: &[Vec<(u32, u32)>]) -> Vec<HoursRun> {
    let mut groups: Vec<HoursRun> = Vec::new();
    for (i, periods) in hours.iter().enumerate().take(7) {
        match groups.last_mut() {
            Some((_, end, p)) if *end + 1 == i && p == periods => *end = i,
            _ => groups.push((i, i, periods.clone())),
        }
    }
    groups.retain(|(.., p)| !p.is_empty());
    groups
}

fn clock(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// One weekday's hours as a clerk types them: `09:00-12:00 13:30-17:00`.
pub fn hours_text(periods: &[(u32, u32)]) -> String {
    periods
        .iter()
        .map(|(a, b)| format!("{}-{}", clock(*a), clock(*b)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses what [`hours_text`] writes (also `9:00-12:00`, commas, full-width colons and
/// dashes); `None` when a period is malformed, runs backwards or overlaps the one before.
pub fn parse_hours(text: &str) -> Option<Vec<(u32, u32)>> {
    let minute = |t: &str| {
        let (h, m) = t.trim().split_once([':', '：'])?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
    };
    let mut out = Vec::new();
    let mut last = 0;
    for part in text.split([' ', ',', '，', '、', ';', '；']).filter(|p| !p.trim().is_empty()) {
        let (a, b) = part.split_once(['-', '–', '—', '~', '～'])?;
        let (a, b) = (minute(a)?, minute(b)?);
        if a >= b || a < last {
            return None;
        }
        last = b;
        out.push((a, b));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn id_with(birth: &str, male: bool) -> ResidentId {
        let seq = if male { "001" } else { "002" };
        let body = format!("110105{}{}", birth.replace('-', ""), seq);
        let c = crate::ids::id_check_character(body.as_bytes()) as char;
        ResidentId::parse(&format!("{body}{c}")).unwrap()
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(d("2026-11-22").weekday(), 7);
        assert_eq!(d("2025-05-20").weekday(), 2);
        assert_eq!(d("2024-02-28").add_days(1), d("2024-02-29"));
        assert_eq!(d("2023-12-31").add_days(1), d("2024-01-01"));
        assert_eq!(d("2025-01-01").days_until(d("2025-03-01")), 59);
        assert_eq!(civil_from_days(0), d("1970-01-01"));
    }

    proptest! {
        #[test]
        fn days_round_trip(z in -200_000i64..200_000) {
            let date = civil_from_days(z);
            prop_assert_eq!(days_from_civil(date), z);
            prop_assert!(Date::new(date.year, date.month, date.day).is_some());
        }
    }

    #[test]
    fn legal_ages_on_the_registration_day() {
        let man = id_with("2004-05-20", true);
        let woman = id_with("2006-05-20", false);
        assert_eq!(
            check_marriage(&man, &woman, d("2026-05-19")),
            Err(MarriageRuleError::UnderAge {
                party: 0,
                age: 21,
                minimum: 22,
                of_age_on: d("2026-05-20")
            })
        );
        assert_eq!(check_marriage(&man, &woman, d("2026-05-20")), Ok(()));
        let young_woman = id_with("2006-05-21", false);
        assert!(matches!(
            check_marriage(&man, &young_woman, d("2026-05-20")),
            Err(MarriageRuleError::UnderAge { party: 1, age: 19, minimum: 20, .. })
        ));
        assert_eq!(check_marriage(&man, &man, d("2030-01-01")), Err(MarriageRuleError::SamePerson));
        let other_man = id_with("1990-01-01", true);
        assert_eq!(
            check_marriage(&man, &other_man, d("2030-01-01")),
            Err(MarriageRuleError::NotManAndWoman)
        );
        let leap = id_with("2004-02-29", true);
        assert!(matches!(
            check_marriage(&leap, &woman, d("2026-02-28")),
            Err(MarriageRuleError::UnderAge { of_age_on, .. }) if of_age_on == d("2026-03-01")
        ));
    }

    #[test]
    fn cooling_off_counts_from_the_next_day_and_skips_rest_days() {
        let none = Calendar { holidays: vec![], working_weekends: vec![] };
        // Applied Monday 2025-03-03: day 30 is Wednesday 2025-04-02.
        let c = CoolingOff::for_application(d("2025-03-03"), &none);
        assert_eq!(c.withdraw_until, d("2025-04-02"));
        assert_eq!(c.second_from, d("2025-04-03"));
        assert_eq!(c.second_until, d("2025-05-02"));
        assert!(!c.second_appointment_allowed(d("2025-04-02")));
        assert!(c.second_appointment_allowed(d("2025-04-03")));
        assert!(c.second_appointment_allowed(d("2025-05-02")));
        assert!(!c.second_appointment_allowed(d("2025-05-03")));
        assert_eq!(c.stage(d("2025-04-01")), DivorceStage::CoolingOff { days_left: 1 });
        assert_eq!(c.stage(d("2025-05-02")), DivorceStage::SecondWindow { days_left: 0 });
        assert_eq!(c.stage(d("2025-05-03")), DivorceStage::Lapsed);
        // Applied 2025-09-01: day 30 is 2025-10-01, National Day; the holiday runs to 10-08.
        let golden_week = Calendar {
            holidays: (1..=8).map(|n| Date::new(2025, 10, n).unwrap()).collect(),
            working_weekends: vec![d("2025-09-28"), d("2025-10-11")],
        };
        let c = CoolingOff::for_application(d("2025-09-01"), &golden_week);
        assert_eq!(c.withdraw_until, d("2025-10-09"));
        assert_eq!(c.second_from, d("2025-10-10"));
        // Day 30 after 10-09 is Saturday 11-08: moved to Monday 11-10.
        assert_eq!(c.second_until, d("2025-11-10"));
        assert!(!golden_week.is_rest_day(d("2025-10-11")), "make-up working Saturday");
    }

    #[test]
    fn booking_windows_and_no_show_blocks() {
        let today = d("2026-05-01");
        assert!(!in_window(today, today, 1, 30));
        assert!(in_window(d("2026-05-02"), today, 1, 30));
        assert!(in_window(d("2026-05-31"), today, 1, 30));
        assert!(!in_window(d("2026-06-01"), today, 1, 30));
        assert_eq!(blocked_until(&[d("2026-04-10")], today, 2, 30, 15), None);
        assert_eq!(
            blocked_until(&[d("2026-04-10"), d("2026-04-25")], today, 2, 30, 15),
            Some(d("2026-05-09"))
        );
        // 40 days apart: not within 30.
        assert_eq!(blocked_until(&[d("2026-03-10"), d("2026-04-19")], today, 2, 30, 15), None);
        // The block has run out.
        assert_eq!(blocked_until(&[d("2026-04-01"), d("2026-04-02")], today, 2, 30, 15), None);
    }

    #[test]
    fn reference_codes_are_unambiguous_and_forgiving_to_type() {
        let r = reference_from(&[0, 1, 2, 3, 250, 251, 252, 255]);
        assert_eq!(r.len(), 8);
        assert!(!r.contains(['0', 'O', '1', 'I', 'L', '2', 'Z', '5', 'S', '8', 'B']));
        let typed = format!("{}-{}", &r[..4], &r[4..]).to_lowercase();
        assert_eq!(parse_reference(&typed), Some(r));
        assert_eq!(parse_reference("ABCD0000"), None);
        assert_eq!(parse_reference("short"), None);
    }

    #[test]
    fn hours_group_and_round_trip() {
        let day = vec![(540, 720), (810, 1020)];
        let mut week = vec![day.clone(); 5];
        week.push(vec![(540, 720)]);
        week.push(vec![]);
        assert_eq!(group_hours(&week), vec![(0, 4, day.clone()), (5, 5, vec![(540, 720)])]);
        assert_eq!(parse_hours(&hours_text(&day)), Some(day));
        assert_eq!(parse_hours("9:00-12:00，13：30—17:00"), Some(vec![(540, 720), (810, 1020)]));
        assert_eq!(parse_hours(""), Some(vec![]));
        assert_eq!(parse_hours("12:00-09:00"), None);
        assert_eq!(parse_hours("09:00-12:00 11:00-13:00"), None, "overlap");
        assert_eq!(parse_hours("nine to five"), None);
    }
}
