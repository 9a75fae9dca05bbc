//! Volunteering rules that need no database, shared by server and app: star levels from
//! verified hours, hour proposals from check-in and check-out, points, the minimum age and
//! guardian consent, the rotating check-in code's time steps, certificate and volunteer numbers.
//! Hours are counted in whole half-hours (`u32`), never floats.

use crate::ids::Date;
use serde::{Deserialize, Serialize};

/// Verified hours (in half-hours) at which each star begins: 星级志愿者 1-5 stars at
/// 100/300/600/1000/1500 hours (《志愿服务记录与证明出具办法》 and local star-rating schemes).
pub const STAR_THRESHOLDS_HALF_HOURS: [u32; 5] = [200, 600, 1200, 2000, 3000];

/// A volunteer's star level and what the next star still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarLevel {
    /// 0 (no star yet) to 5.
    pub stars: u8,
    /// Half-hours still needed for the next star; `None` at five stars.
    pub to_next_half_hours: Option<u32>,
}

/// The star level for this many verified half-hours.
pub fn star_level(verified_half_hours: u32) -> StarLevel {
    let stars = STAR_THRESHOLDS_HALF_HOURS.iter().filter(|t| verified_half_hours >= **t).count();
    StarLevel {
        stars: stars as u8,
        to_next_half_hours: STAR_THRESHOLDS_HALF_HOURS.get(stars).map(|t| t - verified_half_hours),
    }
}

/// Why a proposal credits nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HourFlag {
    /// Never checked in.
    NoCheckIn,
    /// Checked in but not out: flagged for the organiser, not credited.
    NoCheckOut,
}

/// Hours proposed for one sign-up, before the organiser approves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub half_hours: u32,
    pub flag: Option<HourFlag>,
}

/// Hours from check-in and check-out (unix seconds), clipped to the shift
/// (`shift_start..shift_end`, instants, so an overnight shift simply ends the next day) and
/// rounded down to whole half-hours. No check-out: flagged and nothing credited.
pub fn propose_hours(
    shift_start: i64,
    shift_end: i64,
    check_in: Option<i64>,
    check_out: Option<i64>,
) -> Proposal {
    let Some(check_in) = check_in else {
        return Proposal { half_hours: 0, flag: Some(HourFlag::NoCheckIn) };
    };
    let Some(check_out) = check_out else {
        return Proposal { half_hours: 0, flag: Some(HourFlag::NoCheckOut) };
    };
    let from = check_in.max(shift_start);
    let to = check_out.min(shift_end);
    let half_hours = if to > from { ((to - from) / 1800) as u32 } else { 0 };
    Proposal { half_hours, flag: None }
}

/// A shift's instants from its local day and minutes; an end at or before the start is the
/// next day (an overnight shift).
pub fn shift_instants(day: Date, start_min: u32, end_min: u32) -> (i64, i64) {
    let start = crate::calendar::office_instant(day, start_min);
    let end_day = if end_min <= start_min { day.add_days(1) } else { day };
    (start, crate::calendar::office_instant(end_day, end_min))
}

/// The most half-hours a shift can credit (its length, rounded down).
pub fn shift_half_hours(start: i64, end: i64) -> u32 {
    ((end - start).max(0) / 1800) as u32
}

/// Default points per verified hour (志愿者积分); an activity may set its own rate.
pub const DEFAULT_POINTS_PER_HOUR: u32 = 1;

/// Points for verified half-hours at `points_per_hour`, rounded down.
pub fn points(verified_half_hours: u32, points_per_hour: u32) -> u32 {
    verified_half_hours * points_per_hour / 2
}

/// Under this age a volunteer needs a guardian's consent (《志愿服务条例》 art. 13; Civil Code
/// art. 17: adulthood at 18).
pub const ADULT_AGE: i32 = 18;

/// Youngest age the portal registers (school-age children with a guardian).
pub const MIN_VOLUNTEER_AGE: i32 = 8;

/// Whether someone may take part on `day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeCheck {
    Ok,
    /// Younger than the activity's minimum age.
    TooYoung,
    /// A minor whose registration has no guardian consent.
    NeedsGuardian,
}

pub fn age_check(birth: Date, day: Date, min_age: Option<u32>, guardian_consent: bool) -> AgeCheck {
    let age = birth.age_on(day);
    if min_age.is_some_and(|m| age < m as i32) {
        AgeCheck::TooYoung
    } else if age < ADULT_AGE && !guardian_consent {
        AgeCheck::NeedsGuardian
    } else {
        AgeCheck::Ok
    }
}

/// Seconds one check-in code lasts.
pub const CODE_STEP_SECS: i64 = 30;

/// The time step a code belongs to.
pub fn code_step(now: i64) -> i64 {
    now.div_euclid(CODE_STEP_SECS)
}

/// Steps whose code is accepted at `now`: the current and the previous one, so a code typed
/// just as it rotates still works (at most about a minute old).
pub fn accepted_steps(now: i64) -> [i64; 2] {
    let s = code_step(now);
    [s, s - 1]
}

/// When the code of `now`'s step stops being shown.
pub fn code_rotates_at(now: i64) -> i64 {
    (code_step(now) + 1) * CODE_STEP_SECS
}

/// Six digits from a MAC of the step (RFC 4226 dynamic truncation). The server computes the
/// MAC with the shift's secret; the secret never leaves the server.
pub fn code_from_mac(mac: &[u8]) -> String {
    let offset = (mac[mac.len() - 1] & 0x0f) as usize;
    let offset = offset.min(mac.len() - 4);
    let bin = u32::from_be_bytes([mac[offset], mac[offset + 1], mac[offset + 2], mac[offset + 3]])
        & 0x7fff_ffff;
    format!("{:06}", bin % 1_000_000)
}

/// A typed code: six digits, spaces ignored.
pub fn parse_check_in_code(input: &str) -> Option<String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// Check-in opens this long before a shift starts; check-out closes this long after it ends.
pub const CHECK_IN_EARLY_SECS: i64 = 3600;
pub const CHECK_OUT_LATE_SECS: i64 = 2 * 3600;

/// Check-in and check-out are accepted from an hour before the start to two hours after the
/// end.
pub fn in_check_window(now: i64, shift_start: i64, shift_end: i64) -> bool {
    now >= shift_start - CHECK_IN_EARLY_SECS && now <= shift_end + CHECK_OUT_LATE_SECS
}

/// Certificate codes: Crockford base32 (no I, L, O, U), 16 characters = 80 bits, shown as
/// four groups of four.
pub const CERT_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const CERT_CODE_LEN: usize = 16;

/// A certificate code from 10 random bytes (80 bits).
pub fn certificate_code(random: &[u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(*b);
    }
    (0..CERT_CODE_LEN)
        .map(|i| CERT_ALPHABET[((bits >> (5 * (CERT_CODE_LEN - 1 - i))) & 31) as usize] as char)
        .collect()
}

/// A typed or scanned certificate code: dashes and spaces dropped, case and the look-alikes
/// O/I/L folded (Crockford); `None` if it cannot be one.
pub fn parse_certificate_code(input: &str) -> Option<String> {
    let mut out = String::with_capacity(CERT_CODE_LEN);
    for c in input.chars().filter(|c| !matches!(c, '-' | ' ')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !CERT_ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == CERT_CODE_LEN).then_some(out)
}

/// `ABCD-EFGH-JKMN-PQRS` for people to read.
pub fn format_certificate_code(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A volunteer number: `ZY` + year of registration + the account number, zero-padded.
pub fn volunteer_number(year: i32, account_id: i64) -> String {
    format!("ZY{year}{account_id:07}")
}

/// A name for the public verify page: the surname and a star per other character (张**).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// `12.5` style text for half-hours (no floats in the arithmetic).
pub fn hours_text(half_hours: u32) -> String {
    if half_hours.is_multiple_of(2) {
        format!("{}", half_hours / 2)
    } else {
        format!("{}.5", half_hours / 2)
    }
}

/// A valid unified social credit code from its first 17 characters (for demo and test data).
pub fn credit_code_or_panic(first17: &str) -> String {
    let check = crate::ids::credit_code_check_character(first17).expect("GB 32100 alphabet");
    format!("{first17}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::office_instant;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn stars_begin_at_100_300_600_1000_1500_hours() {
        assert_eq!(star_level(0), StarLevel { stars: 0, to_next_half_hours: Some(200) });
        assert_eq!(star_level(199), StarLevel { stars: 0, to_next_half_hours: Some(1) });
        assert_eq!(star_level(200), StarLevel { stars: 1, to_next_half_hours: Some(400) });
        assert_eq!(star_level(1999).stars, 3);
        assert_eq!(star_level(2000).stars, 4);
        assert_eq!(star_level(2999), StarLevel { stars: 4, to_next_half_hours: Some(1) });
        assert_eq!(star_level(3000), StarLevel { stars: 5, to_next_half_hours: None });
        assert_eq!(star_level(u32::MAX).stars, 5);
    }

    #[test]
    fn proposals_clip_to_the_shift_and_round_down_to_half_hours() {
        let (s, e) = shift_instants(d("2026-03-07"), 9 * 60, 12 * 60);
        // Early check-in and late check-out count only the shift: 3 h.
        assert_eq!(propose_hours(s, e, Some(s - 1800), Some(e + 3600)).half_hours, 6);
        // 2 h 59 min rounds down to 2.5 h.
        assert_eq!(propose_hours(s, e, Some(s), Some(s + 179 * 60)).half_hours, 5);
        // 29 minutes: nothing.
        assert_eq!(
            propose_hours(s, e, Some(s), Some(s + 29 * 60)),
            Proposal { half_hours: 0, flag: None }
        );
        // Out before in (clock oddities) or entirely outside the shift: nothing.
        assert_eq!(propose_hours(s, e, Some(e + 60), Some(e + 600)).half_hours, 0);
        assert_eq!(propose_hours(s, e, Some(s + 600), Some(s)).half_hours, 0);
        assert_eq!(
            propose_hours(s, e, Some(s), None),
            Proposal { half_hours: 0, flag: Some(HourFlag::NoCheckOut) }
        );
        assert_eq!(propose_hours(s, e, None, None).flag, Some(HourFlag::NoCheckIn));
    }

    #[test]
    fn overnight_shifts_end_the_next_day() {
        let (s, e) = shift_instants(d("2026-12-31"), 22 * 60, 6 * 60);
        assert_eq!(s, office_instant(d("2026-12-31"), 22 * 60));
        assert_eq!(e, office_instant(d("2027-01-01"), 6 * 60));
        assert_eq!(shift_half_hours(s, e), 16);
        assert_eq!(propose_hours(s, e, Some(s + 600), Some(e - 60)).half_hours, 15);
    }

    #[test]
    fn points_default_to_one_per_verified_hour() {
        assert_eq!(points(7, DEFAULT_POINTS_PER_HOUR), 3);
        assert_eq!(points(8, 3), 12);
        assert_eq!(points(0, 5), 0);
    }

    #[test]
    fn minors_need_a_guardian_and_activities_a_minimum_age() {
        let day = d("2026-06-01");
        assert_eq!(age_check(d("2008-06-01"), day, None, false), AgeCheck::Ok);
        assert_eq!(age_check(d("2008-06-02"), day, None, false), AgeCheck::NeedsGuardian);
        assert_eq!(age_check(d("2008-06-02"), day, None, true), AgeCheck::Ok);
        assert_eq!(age_check(d("2012-01-01"), day, Some(16), true), AgeCheck::TooYoung);
        assert_eq!(age_check(d("1950-01-01"), day, Some(16), false), AgeCheck::Ok);
    }

    #[test]
    fn codes_rotate_every_30_seconds_and_the_previous_one_is_accepted() {
        assert_eq!(accepted_steps(60), [2, 1]);
        assert_eq!(accepted_steps(89), [2, 1]);
        assert_eq!(accepted_steps(90), [3, 2]);
        assert_eq!(code_rotates_at(61), 90);
        // RFC 4226 appendix D: HMAC-SHA1 of counter 0 truncates to 755224.
        let mac = [
            0xcc, 0x93, 0xcf, 0x18, 0x50, 0x8d, 0x94, 0x93, 0x4c, 0x64, 0xb6, 0x5d, 0x8b, 0xa7,
            0x66, 0x7f, 0xb7, 0xcd, 0xe4, 0xb0,
        ];
        assert_eq!(code_from_mac(&mac), "755224");
        assert_eq!(parse_check_in_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(parse_check_in_code("12345"), None);
        assert_eq!(parse_check_in_code("12345x"), None);
    }

    #[test]
    fn check_window_runs_from_an_hour_before_to_two_hours_after() {
        assert!(!in_check_window(1000 - 3601, 1000, 5000));
        assert!(in_check_window(1000 - 3600, 1000, 5000));
        assert!(in_check_window(5000 + 7200, 1000, 5000));
        assert!(!in_check_window(5000 + 7201, 1000, 5000));
    }

    #[test]
    fn certificate_codes_carry_80_bits_and_forgive_look_alikes() {
        let code = certificate_code(&[0xff; 10]);
        assert_eq!(code, "ZZZZZZZZZZZZZZZZ");
        let code = certificate_code(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(code.len(), 16);
        assert_ne!(code, certificate_code(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 11]));
        let shown = format_certificate_code(&code);
        assert_eq!(shown.len(), 19);
        assert_eq!(parse_certificate_code(&shown.to_lowercase()).as_deref(), Some(code.as_str()));
        assert_eq!(
            parse_certificate_code("oooo-iiii-llll-0000").as_deref(),
            Some("0000111111110000")
        );
        assert_eq!(parse_certificate_code("UUUU-0000-0000-0000"), None);
        assert_eq!(parse_certificate_code("0000"), None);
        assert_eq!(parse_certificate_code("０000-0000-0000-0000"), None);
    }

    #[test]
    fn names_numbers_and_hours_for_people() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name(""), "");
        assert_eq!(volunteer_number(2026, 42), "ZY20260000042");
        assert_eq!(hours_text(7), "3.5");
        assert_eq!(hours_text(8), "4");
    }
}
