//! The self-assessment wizard's page order and answer parsing, kept out of the components so
//! they are tested natively. One topic per page; pages that cannot apply are skipped.

use super::engine::has_working_age_supporter;
use super::model::Household;

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
    /// A legal supporter living outside the household (asked only when someone might be 特困
    /// and no one in the household is already able to support them).
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

/// Does the question about supporters outside the household matter? Only for someone who
/// meets 特困's work-capacity condition (the closed list) and has no working-age supporter in
/// the household already (that one is derived, not asked).
fn asks_outside_supporter(h: &Household) -> bool {
    (0..h.members.len())
        .any(|i| h.members[i].no_work_capacity() && !has_working_age_supporter(h, i))
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
    if asks_outside_supporter(h) {
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
    use crate::benefits::model::{Member, Relation};

    #[test]
    fn ages_as_people_type_them() {
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
        // The 70-year-old as the applicant's parent: the applicant (40) owes support and is of
        // working age, so that is derived and nothing is asked.
        h.members[1].relation = Relation::Parent;
        assert!(!steps(&h).contains(&Step::Supporter));
        h.members[1].relation = Relation::Other;
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
