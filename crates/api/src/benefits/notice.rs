//! 政策找人 on the phone: when a region publishes a new policy version, the app re-runs the
//! stored household's assessment on the phone and tells the resident what changed for them.
//! This module compares two assessments; nothing here leaves the phone.

use super::engine::{Assessment, Eligibility, Estimate, Programme};
use super::policy::{Cited, FigureValue, Param};
use crate::ids::Date;
use serde::{Deserialize, Serialize};

/// One change that matters to this household, in the order the app says them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A figure the result rests on has a new value (or a new date in force).
    Figure { param: Param, from: Date, old: Option<FigureValue>, new: FigureValue },
    /// A programme that was unlikely (or could not be assessed) is now likely or maybe.
    NowEligible { programme: Programme, eligibility: Eligibility, amount: Option<Estimate> },
    /// A programme that was likely or maybe is not any more.
    NoLonger { programme: Programme },
    /// Still likely or maybe, with another amount.
    Amount { programme: Programme, old: Estimate, new: Estimate },
}

fn figures(a: &Assessment) -> Vec<&Cited> {
    let mut out: Vec<&Cited> = Vec::new();
    for f in a.standard.iter().chain(a.results.iter().flat_map(|r| r.figures.iter())) {
        if !out.iter().any(|o| o.param == f.param) {
            out.push(f);
        }
    }
    out
}

fn open(e: Eligibility) -> bool {
    matches!(e, Eligibility::Likely | Eligibility::Maybe)
}

/// What changed between the assessment the resident saw and the one under the new policy.
pub fn changes(old: &Assessment, new: &Assessment) -> Vec<Change> {
    let mut out = Vec::new();
    let before = figures(old);
    for f in figures(new) {
        let was = before.iter().find(|o| o.param == f.param);
        // A figure the old result did not use is news only if it came into force since.
        let changed = match was {
            Some(o) => o.value != f.value || o.from != f.from,
            None => f.from > old.date,
        };
        if changed {
            out.push(Change::Figure {
                param: f.param,
                from: f.from,
                old: was.map(|o| o.value.clone()),
                new: f.value.clone(),
            });
        }
    }
    for r in &new.results {
        let Some(o) = old.results.iter().find(|o| o.programme == r.programme) else {
            continue;
        };
        match (open(o.eligibility), open(r.eligibility)) {
            (false, true) => out.push(Change::NowEligible {
                programme: r.programme,
                eligibility: r.eligibility,
                amount: r.amount,
            }),
            // Out of the near-poor band because now under the 低保 line: 低保 says it.
            (true, false)
                if r.programme == Programme::NearPoor
                    && new
                        .results
                        .iter()
                        .any(|d| d.programme == Programme::Dibao && open(d.eligibility)) => {}
            (true, false) => out.push(Change::NoLonger { programme: r.programme }),
            (true, true) => {
                if let (Some(a), Some(b)) = (o.amount, r.amount)
                    && a != b
                {
                    out.push(Change::Amount { programme: r.programme, old: a, new: b });
                }
            }
            (false, false) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benefits::money::Fen;
    use crate::benefits::policy::{Dated, Policy};
    use crate::benefits::{Household, Member, assess};

    fn tianmen() -> Policy {
        toml::from_str(include_str!("../../../../policies/hubei-tianmen.toml")).unwrap()
    }

    #[test]
    fn a_raised_standard_is_named_with_its_date_and_the_new_programme() {
        let h = Household {
            members: vec![Member { wages: Fen::yuan(500), ..Default::default() }],
            ..Default::default()
        };
        let date = Date::new(2026, 12, 1).unwrap();
        let mut policy = tianmen();
        let old = assess(&h, &policy, date).unwrap();
        assert_eq!(old.result(Programme::Dibao).eligibility, Eligibility::Unlikely);
        let from = Date::new(2026, 11, 30).unwrap();
        let mut raised: Dated<Fen> = policy.params.dibao_urban[0].clone();
        raised.value = Fen::yuan(520);
        raised.from = from;
        policy.params.dibao_urban.push(raised);
        let new = assess(&h, &policy, date).unwrap();
        let c = changes(&old, &new);
        assert_eq!(
            c[0],
            Change::Figure {
                param: Param::DibaoUrban,
                from,
                old: Some(FigureValue::Money(Fen::yuan(480))),
                new: FigureValue::Money(Fen::yuan(520)),
            }
        );
        assert!(c.contains(&Change::NowEligible {
            programme: Programme::Dibao,
            eligibility: Eligibility::Likely,
            amount: Some(Estimate::monthly(Fen::yuan(20))),
        }));
        // Only the standard and 低保 are news: the medical share now read for 低保 has not
        // changed, and leaving the near-poor band for 低保 goes without saying.
        assert_eq!(c.len(), 2, "{c:?}");
        // Nothing changes when the policy does not.
        assert_eq!(changes(&new, &new), vec![]);
    }
}
