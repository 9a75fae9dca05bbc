//! Programmes that exclude each other, and the monthly total that respects the choice.
//! A child who meets both 特困 and the orphan (or de-facto) allowance gets one or the other
//! (民发〔2021〕43号《特困人员认定办法》 art. 10); a member taken into 特困 leaves the 低保
//! household, whose 低保 is then reckoned for the others only (国发〔2016〕14号: 特困 and 低保 are
//! not paid twice to one person).

use super::reason::Reason;
use super::{Ctx, Eligibility, Programme, ProgrammeResult};
use crate::benefits::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChoiceKind {
    /// This child may have 特困 or the children's basic living allowance, not both.
    TekunOrChildAllowance { member: usize },
    /// 低保 for the whole household, or 特困 for some members and 低保 for the others.
    TekunOrDibao,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub programmes: Vec<Programme>,
    /// What this option pays a month.
    pub monthly: Fen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub kind: ChoiceKind,
    pub options: Vec<ChoiceOption>,
    /// The option that pays more (the first on a tie); the total counts this one.
    pub better: usize,
}

fn choice(kind: ChoiceKind, options: Vec<ChoiceOption>) -> Choice {
    let mut better = 0;
    for (k, o) in options.iter().enumerate() {
        if o.monthly > options[better].monthly {
            better = k;
        }
    }
    Choice { kind, options, better }
}

fn find(results: &[ProgrammeResult], p: Programme) -> &ProgrammeResult {
    results.iter().find(|r| r.programme == p).expect("every programme has a result")
}

impl Ctx<'_> {
    /// 低保 for the members not in `out`, if they are strictly below the standard and the
    /// household's assets are within the limits (assets are the household's, as for 低保).
    fn dibao_for_rest(&self, out: &[usize]) -> Fen {
        let rest: Vec<usize> = (0..self.h.members.len()).filter(|i| !out.contains(i)).collect();
        let Ok((std, _)) = self.figs.standard(self.h.hukou) else { return Fen::ZERO };
        let Ok(assets) = self.assets(std) else { return Fen::ZERO };
        let k = rest.len() as i64;
        let income: Fen = rest.iter().map(|&i| self.h.members[i].dibao_income()).sum();
        if k > 0 && assets.ok() && income < std.times(k) {
            std.times(k) - income
        } else {
            Fen::ZERO
        }
    }

    /// The choices to make and the monthly total of likely programmes under the better ones.
    pub(crate) fn choices(&self, results: &[ProgrammeResult]) -> (Vec<Choice>, Fen) {
        let exclusive = [Programme::Dibao, Programme::Tekun, Programme::ChildAllowance];
        let others: Fen = results
            .iter()
            .filter(|r| !exclusive.contains(&r.programme))
            .map(ProgrammeResult::likely_monthly)
            .sum();
        let dibao = find(results, Programme::Dibao).likely_monthly();
        let child_r = find(results, Programme::ChildAllowance);
        let mut child: BTreeMap<usize, Fen> = BTreeMap::new();
        if child_r.eligibility == Eligibility::Likely {
            for r in &child_r.reasons {
                if let Reason::ChildAllowance { member, monthly, .. } = r {
                    child.insert(*member, *monthly);
                }
            }
        }
        let mut tekun: BTreeMap<usize, Fen> = BTreeMap::new();
        for r in &find(results, Programme::Tekun).reasons {
            if let Reason::TekunEligible { member, basic, care, .. } = r {
                tekun.insert(*member, *basic + *care);
            }
        }
        if tekun.is_empty() {
            return (vec![], others + dibao + child.values().copied().sum());
        }
        // Every way of taking some of the 特困 members out of the 低保 household (none: 低保 for
        // all); each child among them who stays keeps the children's allowance instead.
        let t_members: Vec<usize> = tekun.keys().copied().collect();
        let value = |out: &[usize]| -> (Fen, Fen) {
            let t: Fen = out.iter().map(|m| tekun[m]).sum();
            let c: Fen = child.iter().filter(|(m, _)| !out.contains(m)).map(|(_, c)| *c).sum();
            let rest = self.dibao_for_rest(out);
            (t + c + rest, t + rest)
        };
        let subsets: Vec<Vec<usize>> = if t_members.len() <= 10 {
            (0u32..1 << t_members.len())
                .map(|bits| {
                    let pick = |(k, m): (usize, &usize)| (bits & (1 << k) != 0).then_some(*m);
                    t_members.iter().enumerate().filter_map(pick).collect()
                })
                .collect()
        } else {
            vec![vec![], t_members.clone()]
        };
        let mut best: (Fen, Vec<usize>) = (value(&[]).0, vec![]);
        for out in subsets {
            let v = value(&out).0;
            if v > best.0 {
                best = (v, out);
            }
        }
        let mut choices = Vec::new();
        let opt = |p, monthly| ChoiceOption { programmes: vec![p], monthly };
        for (&member, &t) in &tekun {
            if let Some(&c) = child.get(&member) {
                let kind = ChoiceKind::TekunOrChildAllowance { member };
                let mut ch =
                    choice(kind, vec![opt(Programme::ChildAllowance, c), opt(Programme::Tekun, t)]);
                ch.better = usize::from(best.1.contains(&member));
                choices.push(ch);
            }
        }
        if dibao > Fen::ZERO {
            // The best split that takes someone into 特困, against 低保 for everyone.
            let out = if best.1.is_empty() { t_members.clone() } else { best.1.clone() };
            let (_, b_monthly) = value(&out);
            let mut b = vec![Programme::Tekun];
            if self.dibao_for_rest(&out) > Fen::ZERO {
                b.push(Programme::Dibao);
            }
            let mut ch = choice(
                ChoiceKind::TekunOrDibao,
                vec![
                    opt(Programme::Dibao, dibao),
                    ChoiceOption { programmes: b, monthly: b_monthly },
                ],
            );
            ch.better = usize::from(!best.1.is_empty());
            choices.push(ch);
        }
        (choices, others + best.0)
    }
}
