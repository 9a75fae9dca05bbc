//! The rules of booking that need no database: legal marriage ages, the divorce cooling-off,
//! booking windows, no-show blocks and reference codes.

use crate::calendar::Calendar;
use crate::ids::{Date, ResidentId, Sex};
use serde::{Deserialize, Serialize};

/// Why a couple cannot book a marriage registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
