//! Identifiers residents and organisations type in: the resident ID number (GB 11643-1999),
//! the unified social credit code (GB 32100-2015) and the mainland mobile number. Each parser
//! normalises what a person would reasonably type and says precisely what is wrong otherwise.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an identifier was refused. `code()` is what goes on the wire in a [`crate::FieldError`];
/// the app shows a message for each code in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    /// Empty after trimming.
    Empty,
    /// Wrong number of characters (expected, got).
    Length { expected: usize, got: usize },
    /// A character that cannot appear at that position.
    BadCharacter { position: usize },
    /// The birth date part is not a real date (or before 1800).
    BadBirthDate,
    /// The check character does not match the rest.
    CheckCharacter,
    /// Not a mainland mobile number (1, then 3-9, then nine digits).
    MobilePrefix,
}

impl IdError {
    pub fn code(self) -> crate::FieldCode {
        use crate::FieldCode;
        match self {
            IdError::Empty => FieldCode::Required,
            IdError::Length { .. } => FieldCode::Length,
            IdError::BadCharacter { .. } => FieldCode::BadCharacter,
            IdError::BadBirthDate => FieldCode::BirthDate,
            IdError::CheckCharacter => FieldCode::CheckCharacter,
            IdError::MobilePrefix => FieldCode::MobilePrefix,
        }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => f.write_str("this field is required"),
            IdError::Length { expected, got } => {
                write!(f, "expected {expected} characters, got {got}")
            }
            IdError::BadCharacter { position } => {
                write!(f, "character {} is not allowed there", position + 1)
            }
            IdError::BadBirthDate => f.write_str("the birth date in the number is not a real date"),
            IdError::CheckCharacter => {
                f.write_str("the last character does not match: please check for a typo")
            }
            IdError::MobilePrefix => f.write_str("not a mainland mobile number"),
        }
    }
}

impl std::error::Error for IdError {}

/// Removes what people type between groups of characters: spaces (ASCII and full-width) and
/// hyphens.
fn compact(input: &str) -> String {
    input.chars().filter(|c| !matches!(c, ' ' | '\u{3000}' | '-' | '\t')).collect()
}

/// Sex recorded in a resident ID number (17th digit: odd for men, even for women).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// A calendar date without a time zone (appointments and birthdays are local dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Full years between `self` (a birth date) and `on`; a 29 February birthday is reached on
    /// 1 March in common years, as Chinese practice counts it.
    pub fn age_on(self, on: Date) -> i32 {
        let mut age = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`, years [`Date::YEARS`] only: every date that comes in (the wire, a
    /// CSV file, a database row) goes through here, and a five-digit year would be stored as
    /// text that no longer sorts or reads back as a date.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Date::YEARS.contains(&y).then(|| Date::new(y, m, d))?
    }

    /// The years a date may have: from the oldest birth date a resident ID number may carry
    /// (GB 11643: born 1800 or later) to the last year written with four digits.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1800..=9999;
}

/// `YYYY-MM-DD` in the OpenAPI document.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Date {}

/// For database rows that store a day as `YYYY-MM-DD` (`#[sqlx(try_from = "String")]`).
impl TryFrom<String> for Date {
    type Error = crate::enums::UnknownVariant;
    fn try_from(s: String) -> Result<Date, Self::Error> {
        Date::parse(&s).ok_or(crate::enums::UnknownVariant { enum_name: "Date", value: s })
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date (YYYY-MM-DD): {s}")))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// GB 11643-1999 weights for the first 17 digits (ISO 7064 MOD 11-2).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by (weighted sum mod 11).
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// A valid 18-character resident ID number, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

impl ResidentId {
    /// Parses and validates: 18 characters, 17 digits then a digit or X (x accepted), a real
    /// birth date from 1800 on, and the check character.
    pub fn parse(input: &str) -> Result<ResidentId, IdError> {
        let s = compact(input).to_ascii_uppercase();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        let bytes = s.as_bytes();
        let got = s.chars().count();
        if got != 18 {
            return Err(IdError::Length { expected: 18, got });
        }
        for (i, &b) in bytes.iter().enumerate() {
            let ok = b.is_ascii_digit() || (i == 17 && b == b'X');
            if !ok || (i == 0 && b == b'0') {
                return Err(IdError::BadCharacter { position: i });
            }
        }
        let digit = |i: usize| u32::from(bytes[i] - b'0');
        let num =
            |from: usize, len: usize| (from..from + len).fold(0, |acc, i| acc * 10 + digit(i));
        let (y, m, d) = (num(6, 4) as i32, num(10, 2) as u8, num(12, 2) as u8);
        if y < 1800 || Date::new(y, m, d).is_none() {
            return Err(IdError::BadBirthDate);
        }
        if bytes[17] != id_check_character(&bytes[..17]) {
            return Err(IdError::CheckCharacter);
        }
        Ok(ResidentId(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> Date {
        let b = self.0.as_bytes();
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
        };
        Date { year: num(6..10) as i32, month: num(10..12) as u8, day: num(12..14) as u8 }
    }

    /// Whether the birth date can be a living person's on `today`: not in the future and at
    /// most [`ResidentId::MAX_AGE`] years ago. Every ID number a person types (their own, a
    /// partner's) is held to it, so a typo in the year is caught where it was typed.
    pub fn born_plausibly(&self, today: Date) -> bool {
        let born = self.birth_date();
        born <= today && born.age_on(today) <= Self::MAX_AGE
    }

    /// The oldest age taken as plausible (China's oldest residents are about 120).
    pub const MAX_AGE: i32 = 120;

    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female }
    }

    /// For display and logs (PIPL art. 51): first 3 and last 4 characters.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks any identifier to its first 3 and last 4 characters.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..3].iter().collect();
    out.extend(std::iter::repeat_n('*', chars.len() - 7));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// Computes the check character for the first 17 digits of a resident ID number.
pub fn id_check_character(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(ID_WEIGHTS).map(|(&c, w)| u32::from(c - b'0') * w).sum();
    ID_CHECK[(sum % 11) as usize]
}

/// GB 32100-2015 alphabet: digits and upper-case letters without I, O, Z, S, V.
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// What kind of organisation a civil-affairs code (registration authority 5) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CivilOrgKind {
    /// 51 社会团体
    Association,
    /// 52 民办非企业单位 / 社会服务机构
    SocialService,
    /// 53 基金会
    Foundation,
    /// 59 other civil-affairs registrations
    Other,
}

/// A valid 18-character unified social credit code, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(input: &str) -> Result<CreditCode, IdError> {
        let s = compact(input).to_ascii_uppercase();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        let got = s.chars().count();
        if got != 18 {
            return Err(IdError::Length { expected: 18, got });
        }
        let mut values = [0u32; 18];
        for (i, c) in s.chars().enumerate() {
            values[i] = USCC_ALPHABET.find(c).ok_or(IdError::BadCharacter { position: i })? as u32;
        }
        let sum: u32 = values[..17].iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
        let check = (31 - sum % 31) % 31;
        if values[17] != check {
            return Err(IdError::CheckCharacter);
        }
        Ok(CreditCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Registered by civil affairs (first character 5), and as what.
    pub fn civil_org_kind(&self) -> Option<CivilOrgKind> {
        match &self.0.as_bytes()[..2] {
            b"51" => Some(CivilOrgKind::Association),
            b"52" => Some(CivilOrgKind::SocialService),
            b"53" => Some(CivilOrgKind::Foundation),
            [b'5', _] => Some(CivilOrgKind::Other),
            _ => None,
        }
    }
}

/// The check character a 17-character code prefix needs (for building test data).
pub fn credit_code_check_character(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += USCC_ALPHABET.find(c)? as u32 * w;
    }
    USCC_ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize)
}

/// A mainland mobile number: 11 digits, 1[3-9]xxxxxxxxx. A leading +86 or 0086 is dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(input: &str) -> Result<Mobile, IdError> {
        let s = compact(input);
        let s = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")).unwrap_or(&s);
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        if let Some(position) = s.chars().position(|c| !c.is_ascii_digit()) {
            return Err(IdError::BadCharacter { position });
        }
        if s.len() != 11 {
            return Err(IdError::Length { expected: 11, got: s.len() });
        }
        let b = s.as_bytes();
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(IdError::MobilePrefix);
        }
        Ok(Mobile(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_resident_ids() {
        let a = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(a.birth_date(), Date { year: 1949, month: 12, day: 31 });
        assert_eq!(a.sex(), Sex::Female);
        let b = ResidentId::parse("440524188001010014").unwrap();
        assert_eq!(b.birth_date(), Date { year: 1880, month: 1, day: 1 });
        assert_eq!(b.sex(), Sex::Male);
        // lower-case x is accepted and stored upper-case; spaces are tolerated
        assert_eq!(
            ResidentId::parse("110105 19491231 002x").unwrap().as_str(),
            "11010519491231002X"
        );
        assert_eq!(a.masked(), "110***********002X");
    }

    #[test]
    fn altered_resident_ids_are_refused_with_the_reason() {
        assert_eq!(ResidentId::parse("110105194912310021"), Err(IdError::CheckCharacter));
        assert_eq!(ResidentId::parse("440524188001010015"), Err(IdError::CheckCharacter));
        assert_eq!(
            ResidentId::parse("11010519491231002"),
            Err(IdError::Length { expected: 18, got: 17 })
        );
        assert_eq!(ResidentId::parse(""), Err(IdError::Empty));
        assert_eq!(
            ResidentId::parse("1101051949123100X2"),
            Err(IdError::BadCharacter { position: 16 })
        );
        // 1949-02-30 does not exist
        assert_eq!(ResidentId::parse("110105194902300021"), Err(IdError::BadBirthDate));
    }

    #[test]
    fn known_credit_codes() {
        let c = CreditCode::parse("91110000600037341L").unwrap();
        assert_eq!(c.civil_org_kind(), None);
        assert_eq!(CreditCode::parse("91110000600037341l").unwrap().as_str(), "91110000600037341L");
        assert_eq!(CreditCode::parse("91110000600037341M"), Err(IdError::CheckCharacter));
        assert_eq!(CreditCode::parse("91110000600037342L"), Err(IdError::CheckCharacter));
        // I, O, Z, S, V are not in the alphabet
        assert_eq!(
            CreditCode::parse("9111000060003734IL"),
            Err(IdError::BadCharacter { position: 16 })
        );
        let prefix = "53310000MJ0000001";
        let code = format!("{prefix}{}", credit_code_check_character(prefix).unwrap());
        assert_eq!(
            CreditCode::parse(&code).unwrap().civil_org_kind(),
            Some(CivilOrgKind::Foundation)
        );
    }

    #[test]
    fn mobiles() {
        assert_eq!(Mobile::parse("138 0013 8000").unwrap().as_str(), "13800138000");
        assert_eq!(Mobile::parse("+86 13800138000").unwrap().as_str(), "13800138000");
        assert_eq!(Mobile::parse("12800138000"), Err(IdError::MobilePrefix));
        assert_eq!(Mobile::parse("1380013800"), Err(IdError::Length { expected: 11, got: 10 }));
        assert_eq!(Mobile::parse("1380013800a"), Err(IdError::BadCharacter { position: 10 }));
    }

    #[test]
    fn dates_have_four_digit_years_from_1800() {
        assert_eq!(Date::parse("1800-01-01"), Date::new(1800, 1, 1));
        assert_eq!(Date::parse("9999-12-31"), Date::new(9999, 12, 31));
        // A five-digit year was stored as text that no longer read back as a date.
        for s in ["10000-01-01", "0000-01-01", "1799-12-31", "2100-02-29"] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
    }

    #[test]
    fn a_birth_date_is_plausible_from_today_back_120_years() {
        let today = Date::new(2026, 3, 1).unwrap();
        let born = |body: &str| {
            let c = id_check_character(body.as_bytes()) as char;
            ResidentId::parse(&format!("{body}{c}")).unwrap().born_plausibly(today)
        };
        assert!(born("11010519060301001"), "120 today");
        assert!(!born("11010519050301001"), "121 today");
        assert!(born("11010519050302001"), "121 tomorrow");
        assert!(born("11010520260301001"), "born today");
        assert!(!born("11010520260302001"), "born tomorrow");
    }

    #[test]
    fn ages_count_full_years_on_the_day() {
        let born = Date::new(2004, 5, 20).unwrap();
        assert_eq!(born.age_on(Date::new(2026, 5, 19).unwrap()), 21);
        assert_eq!(born.age_on(Date::new(2026, 5, 20).unwrap()), 22);
        let leap = Date::new(2004, 2, 29).unwrap();
        assert_eq!(leap.age_on(Date::new(2026, 2, 28).unwrap()), 21);
        assert_eq!(leap.age_on(Date::new(2026, 3, 1).unwrap()), 22);
    }

    fn arb_id_body() -> impl Strategy<Value = String> {
        (1u32..=8, 0u32..100_000, 1900i32..2025, 1u8..=12, 1u8..=28, 0u32..1000)
            .prop_map(|(a, area, y, m, d, seq)| format!("{a}{area:05}{y:04}{m:02}{d:02}{seq:03}"))
    }

    proptest! {
        #[test]
        fn generated_ids_validate_and_any_single_digit_change_is_caught(
            body in arb_id_body(), pos in 0usize..17, delta in 1u8..10
        ) {
            let check = id_check_character(body.as_bytes()) as char;
            let id = format!("{body}{check}");
            let parsed = ResidentId::parse(&id).unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
            let mut altered = id.into_bytes();
            altered[pos] = b'0' + (altered[pos] - b'0' + delta) % 10;
            let altered = String::from_utf8(altered).unwrap();
            // MOD 11-2 catches every single-digit substitution.
            prop_assert!(ResidentId::parse(&altered).is_err());
        }

        #[test]
        fn generated_credit_codes_validate_and_single_changes_are_caught(
            idx in proptest::collection::vec(0usize..31, 17), pos in 0usize..17, delta in 1usize..31
        ) {
            let alpha: Vec<char> = USCC_ALPHABET.chars().collect();
            let prefix: String = idx.iter().map(|&i| alpha[i]).collect();
            let code = format!("{prefix}{}", credit_code_check_character(&prefix).unwrap());
            prop_assert!(CreditCode::parse(&code).is_ok());
            let mut chars: Vec<char> = code.chars().collect();
            chars[pos] = alpha[(idx[pos] + delta) % 31];
            let altered: String = chars.into_iter().collect();
            prop_assert_eq!(CreditCode::parse(&altered), Err(IdError::CheckCharacter));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,30}") {
            let _ = ResidentId::parse(&s);
            let _ = CreditCode::parse(&s);
            let _ = Mobile::parse(&s);
        }

        /// Every text parser the server and the app run on untrusted input, on arbitrary
        /// Unicode and on near-misses of the valid forms: no panic, and what parses formats
        /// back to something that parses the same.
        #[test]
        fn every_input_parser_survives_hostile_text(
            s in "\\PC{0,64}",
            near in "[0-9XxＸ:\\-/ .,，：。¥元+]{0,24}",
        ) {
            for t in [s.as_str(), near.as_str()] {
                if let Some(d) = Date::parse(t) {
                    prop_assert_eq!(Date::parse(&d.to_string()), Some(d));
                }
                let _ = crate::booking::parse_reference(t);
                let _ = crate::booking::parse_hours(t);
                let _ = crate::benefits::money::Fen::parse_yuan(t);
                let _ = crate::benefits::money::Fen::parse_yuan_max(t, crate::benefits::money::Fen(100_000));
                let _ = crate::benefits::wizard::parse_age(t);
                let _ = crate::charities::parse_date(t);
                let _ = crate::volunteering::parse_check_in_code(t);
                let _ = crate::volunteering::parse_certificate_code(t);
                let _ = ResidentId::parse(t);
                let _ = CreditCode::parse(t);
                let _ = Mobile::parse(t);
            }
        }
    }
}
