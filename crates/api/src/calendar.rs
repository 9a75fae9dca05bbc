//! Dates in the office's calendar: day arithmetic (days since 1970-01-01, Howard Hinnant's
//! civil algorithms), weekdays, statutory rest days, and the office's local date and minute from
//! an instant. Server and app both use [`office_local`], so a day is the same day everywhere.
//!
//! Kept hand-written rather than `jiff`/`time` in the shipped code: it is 40 lines, wasm size
//! matters on cheap phones (issue 14), and a test checks it against the `time` crate day by day.

use crate::ids::Date;
use serde::{Deserialize, Serialize};

/// China Standard Time: UTC+8 all year, no daylight saving (国务院 1986 年起不再实行夏令时).
pub const OFFICE_UTC_OFFSET_SECS: i64 = 8 * 3600;

/// The office's local date and minute after midnight at `unix_secs` (an instant).
pub fn office_local(unix_secs: i64) -> (Date, u32) {
    let local = unix_secs + OFFICE_UTC_OFFSET_SECS;
    (civil_from_days(local.div_euclid(86_400)), (local.rem_euclid(86_400) / 60) as u32)
}

/// The instant (unix seconds) of `minute` after local midnight on `day` at the office.
pub fn office_instant(day: Date, minute: u32) -> i64 {
    days_from_civil(day) * 86_400 + i64::from(minute) * 60 - OFFICE_UTC_OFFSET_SECS
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

crate::string_enum! {
    /// A line of the State Council's yearly holiday notice: a public holiday, or a weekend day
    /// made a working day (调休上班).
    pub enum RestDayKind {
        Holiday = "holiday",
        Workday = "workday",
    }
}

/// Statutory rest days as data: public holidays, and weekends unless listed as make-up
/// working days (调休上班). The bureau loads them from the State Council's yearly notice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
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
    fn the_office_day_turns_at_midnight_beijing_time() {
        // 2026-11-25 15:59:59 UTC is 23:59:59 in Beijing; a second later it is the 26th.
        let t = 1_795_622_399;
        assert_eq!(office_local(t), (d("2026-11-25"), 23 * 60 + 59));
        assert_eq!(office_local(t + 1), (d("2026-11-26"), 0));
        assert_eq!(office_instant(d("2026-11-26"), 0), t + 1);
    }

    proptest! {
        /// The hand-written arithmetic agrees with the `time` crate, day by day.
        #[test]
        fn agrees_with_the_time_crate(z in -50_000i64..100_000) {
            let ours = civil_from_days(z);
            let theirs = time::Date::from_julian_day(2_440_588 + z as i32).unwrap();
            prop_assert_eq!(ours.year, theirs.year());
            prop_assert_eq!(ours.month, u8::from(theirs.month()));
            prop_assert_eq!(ours.day, theirs.day());
            prop_assert_eq!(ours.weekday(), theirs.weekday().number_from_monday());
            prop_assert_eq!(days_from_civil(ours), z);
        }
    }
}
