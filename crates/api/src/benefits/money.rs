//! Money as integer fen (分), from the typed answer to the displayed figure: no floating point,
//! so a boundary ("strictly below the standard", "assets at most the limit") is decided exactly.
//!
//! On the wire and in the app's storage an amount is an integer number of fen. Policy files and
//! the YAML test cases may instead write a yuan amount as a decimal string (`"316.67"`), which
//! is parsed exactly; a bare floating-point number is refused, so nothing is rounded silently.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// An amount of money in fen (1 yuan = 100 fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

/// Why a typed amount was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    Negative,
    /// More than two decimal places (below one fen).
    TooPrecise,
    TooLarge,
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub const fn yuan(y: i64) -> Fen {
        Fen(y * 100)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self` × `percent` / 100, rounded up to the fen: a derived standard that the rules say
    /// is "at least" a multiple of another (e.g. 特困 at least 1.3 × 低保) never falls short.
    pub fn percent_ceil(self, percent: u32) -> Fen {
        let p = i64::from(percent);
        Fen((self.0 * p + 99).div_euclid(100))
    }

    /// `self` × `percent` / 100, rounded down to the fen: a share paid out (never promised
    /// above what the rule gives).
    pub fn percent_floor(self, percent: u32) -> Fen {
        Fen((self.0 * i64::from(percent)).div_euclid(100))
    }

    pub fn times(self, n: i64) -> Fen {
        Fen(self.0 * n)
    }

    /// This amount divided among `n`, rounded to the nearest fen (half up): for display only;
    /// the rules compare totals, never rounded shares.
    pub fn per(self, n: i64) -> Fen {
        if n <= 0 {
            return self;
        }
        Fen((2 * self.0 + n).div_euclid(2 * n))
    }

    /// Parses a yuan amount as people type it: blank is 0; "1,200", "1200.5", "¥800",
    /// full-width digits and a trailing 元 are accepted; at most two decimals.
    pub fn parse_yuan(input: &str) -> Result<Fen, AmountError> {
        let normal: String = input
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' | '。' => '.',
                '－' => '-',
                c => c,
            })
            .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥' | '元'))
            .collect();
        if normal.is_empty() {
            return Ok(Fen::ZERO);
        }
        if normal.starts_with('-') {
            return Err(AmountError::Negative);
        }
        let (whole, frac) = normal.split_once('.').unwrap_or((&normal, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
            return Err(AmountError::NotANumber);
        }
        if frac.len() > 2 {
            return Err(AmountError::TooPrecise);
        }
        // 15 digits of yuan is far beyond any household and far within i64 fen.
        if whole.trim_start_matches('0').len() > 15 {
            return Err(AmountError::TooLarge);
        }
        let y: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| AmountError::NotANumber)?
        };
        let f: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| AmountError::NotANumber)? * 10,
            _ => frac.parse().map_err(|_| AmountError::NotANumber)?,
        };
        Ok(Fen(y * 100 + f))
    }

    /// Parses and checks against a ceiling.
    pub fn parse_yuan_max(input: &str, max: Fen) -> Result<Fen, AmountError> {
        let v = Fen::parse_yuan(input)?;
        if v > max { Err(AmountError::TooLarge) } else { Ok(v) }
    }

    /// The amount as a resident would type it back: "1200", "16.67", "" for zero.
    pub fn input_text(self) -> String {
        if self.0 == 0 {
            String::new()
        } else if self.0 % 100 == 0 {
            (self.0 / 100).to_string()
        } else {
            format!("{}.{:02}", self.0 / 100, (self.0 % 100).abs())
        }
    }
}

/// ¥1,510 or ¥16.67: whole yuan unless there are fen.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if abs.is_multiple_of(100) {
            write!(f, "¥{sign}{grouped}")
        } else {
            write!(f, "¥{sign}{grouped}.{:02}", abs % 100)
        }
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, o: Fen) {
        self.0 += o.0;
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

impl Serialize for Fen {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Fen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fen, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Fen;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer number of fen, or a yuan amount as a string (\"316.67\")")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Fen, E> {
                Ok(Fen(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Fen, E> {
                i64::try_from(v).map(Fen).map_err(|_| E::custom("amount too large"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Fen, E> {
                Fen::parse_yuan(v).map_err(|e| E::custom(format!("yuan amount {v:?}: {e:?}")))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_as_people_type_it_is_exact() {
        assert_eq!(Fen::parse_yuan(""), Ok(Fen(0)));
        assert_eq!(Fen::parse_yuan("1,200"), Ok(Fen(120_000)));
        assert_eq!(Fen::parse_yuan("￥８００元"), Ok(Fen(80_000)));
        assert_eq!(Fen::parse_yuan("1200.5"), Ok(Fen(120_050)));
        assert_eq!(Fen::parse_yuan("7600.08"), Ok(Fen(760_008)));
        assert_eq!(Fen::parse_yuan("0.1"), Ok(Fen(10)));
        assert_eq!(Fen::parse_yuan(".5"), Ok(Fen(50)));
        assert_eq!(Fen::parse_yuan("316.67"), Ok(Fen(31_667)));
        assert_eq!(Fen::parse_yuan("-5"), Err(AmountError::Negative));
        assert_eq!(Fen::parse_yuan("abc"), Err(AmountError::NotANumber));
        assert_eq!(Fen::parse_yuan("."), Err(AmountError::NotANumber));
        assert_eq!(Fen::parse_yuan("1.2.3"), Err(AmountError::NotANumber));
        assert_eq!(Fen::parse_yuan("1.234"), Err(AmountError::TooPrecise));
        assert_eq!(Fen::parse_yuan("9999999999999999"), Err(AmountError::TooLarge));
        assert_eq!(
            Fen::parse_yuan_max("2000000", Fen::yuan(1_000_000)),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn display_and_input_text() {
        assert_eq!(Fen(151_000).to_string(), "¥1,510");
        assert_eq!(Fen(1_667).to_string(), "¥16.67");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(-120_050).to_string(), "¥-1,200.50");
        assert_eq!(Fen(100_000_000).to_string(), "¥1,000,000");
        assert_eq!(Fen(120_050).input_text(), "1200.50");
        assert_eq!(Fen(0).input_text(), "");
        assert_eq!(Fen(48_000).input_text(), "480");
    }

    #[test]
    fn derived_amounts_round_as_the_rules_say() {
        // 130% of ¥316.67 = ¥411.671: at least, so ¥411.68.
        assert_eq!(Fen(31_667).percent_ceil(130), Fen(41_168));
        assert_eq!(Fen(48_000).percent_ceil(200), Fen(96_000));
        assert_eq!(Fen(100).per(3), Fen(33));
        assert_eq!(Fen(200).per(3), Fen(67));
    }

    #[test]
    fn serde_takes_fen_integers_or_yuan_strings_never_floats() {
        assert_eq!(serde_json::from_str::<Fen>("48000").unwrap(), Fen(48_000));
        assert_eq!(serde_json::from_str::<Fen>("\"480\"").unwrap(), Fen(48_000));
        assert_eq!(serde_json::from_str::<Fen>("\"316.67\"").unwrap(), Fen(31_667));
        assert!(serde_json::from_str::<Fen>("316.67").is_err());
        assert_eq!(serde_json::to_string(&Fen(31_667)).unwrap(), "31667");
    }
}
