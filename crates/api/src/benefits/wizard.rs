//! The self-assessment wizard's page order and answer parsing, kept out of the components so
//! they are tested natively. One topic per page; pages that cannot apply are skipped.

use super::model::{Household, Member};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Region and household registration (urban / rural).
    Region,
    /// Who lives in the household.
    Members,
    /// About person i: age, relation, health, work, care, child status.
    Person(usize),
    /// Person i's monthly income by source.
    Income(usize),
    /// Savings, vehicles, other housing.
    Assets,
    /// Rigid medical and school costs.
    Costs,
    /// A sudden hardship.
    Emergency,
    /// A legal supporter able to support (asked only when someone might be 特困).
    Supporter,
    /// Check your answers.
    Check,
}

impl Step {
    pub fn slug(self) -> String {
        match self {
            Step::Region => "region".into(),
            Step::Members => "members".into(),
            Step::Person(i) => format!("person-{}", i + 1),
            Step::Income(i) => format!("income-{}", i + 1),
            Step::Assets => "assets".into(),
            Step::Costs => "costs".into(),
            Step::Emergency => "emergency".into(),
            Step::Supporter => "supporter".into(),
            Step::Check => "check".into(),
        }
    }

    pub fn from_slug(s: &str) -> Option<Step> {
        let numbered = |prefix: &str| {
            s.strip_prefix(prefix)
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|&n| n >= 1)
                .map(|n| n - 1)
        };
        Some(match s {
            "region" => Step::Region,
            "members" => Step::Members,
            "assets" => Step::Assets,
            "costs" => Step::Costs,
            "emergency" => Step::Emergency,
            "supporter" => Step::Supporter,
            "check" => Step::Check,
            _ => {
                if let Some(i) = numbered("person-") {
                    Step::Person(i)
                } else {
                    Step::Income(numbered("income-")?)
                }
            }
        })
    }
}

/// Could this person meet 特困's work-capacity condition (or need the bureau to judge it)?
fn could_be_tekun(m: &Member) -> bool {
    m.age >= 60
        || m.age < 18
        || !m.can_work
        || m.student
        || m.disability.is_some_and(|d| d.is_severe())
}

/// The pages for this household, in order.
pub fn steps(h: &Household) -> Vec<Step> {
    let mut s = vec![Step::Region, Step::Members];
    for i in 0..h.members.len() {
        s.push(Step::Person(i));
    }
    for i in 0..h.members.len() {
        s.push(Step::Income(i));
    }
    s.extend([Step::Assets, Step::Costs, Step::Emergency]);
    if h.members.iter().any(could_be_tekun) {
        s.push(Step::Supporter);
    }
    s.push(Step::Check);
    s
}

/// The page after `current` (None after the last), and before it.
pub fn next(h: &Household, current: Step) -> Option<Step> {
    let s = steps(h);
    s.iter().position(|&x| x == current).and_then(|i| s.get(i + 1).copied())
}

pub fn prev(h: &Household, current: Step) -> Option<Step> {
    let s = steps(h);
    s.iter().position(|&x| x == current).and_then(|i| i.checked_sub(1)).map(|i| s[i])
}

/// Why an amount typed by a resident was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    Negative,
    TooLarge,
}

/// Parses a yuan amount as people type it: blank is 0; "1,200", "1200.5", "¥800", full-width
/// digits and a trailing 元 are accepted.
pub fn parse_amount(input: &str, max: f64) -> Result<f64, AmountError> {
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
        return Ok(0.0);
    }
    if normal.starts_with('-') {
        return Err(AmountError::Negative);
    }
    if !normal.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(AmountError::NotANumber);
    }
    let value: f64 = normal.parse().map_err(|_| AmountError::NotANumber)?;
    if value > max { Err(AmountError::TooLarge) } else { Ok(value) }
}

/// Parses an age in whole years (0-120).
pub fn parse_age(input: &str) -> Option<u32> {
    let normal: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .filter(|c| *c != '岁')
        .collect();
    normal.parse::<u32>().ok().filter(|&a| a <= 120)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(parse_amount("", 1e6), Ok(0.0));
        assert_eq!(parse_amount("1,200", 1e6), Ok(1200.0));
        assert_eq!(parse_amount("￥８００元", 1e6), Ok(800.0));
        assert_eq!(parse_amount("1200.5", 1e6), Ok(1200.5));
        assert_eq!(parse_amount("-5", 1e6), Err(AmountError::Negative));
        assert_eq!(parse_amount("abc", 1e6), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1.2.3", 1e6), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("2000000", 1e6), Err(AmountError::TooLarge));
        assert_eq!(parse_age("６５岁"), Some(65));
        assert_eq!(parse_age("121"), None);
        assert_eq!(parse_age("x"), None);
    }

    #[test]
    fn pages_follow_the_household_and_skip_what_cannot_apply() {
        let mut h = Household { members: vec![Member::default()], ..Default::default() };
        let slugs: Vec<String> = steps(&h).into_iter().map(Step::slug).collect();
        assert_eq!(
            slugs,
            ["region", "members", "person-1", "income-1", "assets", "costs", "emergency", "check"]
        );
        h.members.push(Member { age: 70, ..Default::default() });
        let s = steps(&h);
        assert!(s.contains(&Step::Supporter), "a 70-year-old might be 特困");
        assert_eq!(next(&h, Step::Person(0)), Some(Step::Person(1)));
        assert_eq!(prev(&h, Step::Income(0)), Some(Step::Person(1)));
        assert_eq!(next(&h, Step::Check), None);
        assert_eq!(prev(&h, Step::Region), None);
        for step in s {
            assert_eq!(Step::from_slug(&step.slug()), Some(step));
        }
        assert_eq!(Step::from_slug("person-0"), None);
        assert_eq!(Step::from_slug("nonsense"), None);
    }
}
