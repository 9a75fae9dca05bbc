//! Programmes that follow from a low-income status (低保, 特困 or 低保边缘) rather than
//! testing means of their own: 医疗救助, 困境儿童基本生活补贴 and the allowance for financially
//! poor elders who are very old or cannot look after themselves.

use super::reason::Reason;
use super::{Ctx, Eligibility, Estimate, Missing, Period, Programme, ProgrammeResult, result};
use crate::benefits::model::{ChildStatus, SelfCare};
use crate::benefits::money::Fen;
use crate::benefits::policy::{Cited, Param};
use serde::{Deserialize, Serialize};

/// Which low-income status a member holds, as the other results assess it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// A member of a 低保边缘 household.
    NearPoor,
    /// 低保 member or 特困 person (重点救助对象).
    Core,
}

/// Each member's best status and how sure it is (likely before maybe; the core status before
/// near-poor at the same certainty).
pub(crate) struct Status {
    pub members: Vec<Option<(Eligibility, Standing)>>,
    /// Members likely 特困.
    pub tekun: Vec<usize>,
    /// A figure 低保, 低保边缘 or 特困 lacked on the date: without a status, whether one
    /// would hold is unknown, so the programmes that follow from it are not assessed.
    pub missing: Option<Param>,
}

impl Status {
    /// The household's best status (for costs reported for the whole household).
    fn best(&self) -> Option<(Eligibility, Standing)> {
        self.members.iter().flatten().copied().max()
    }
}

impl Ctx<'_> {
    /// Reads each member's status off the 低保, 低保边缘 and 特困 results.
    pub(crate) fn status(
        &self,
        dibao: &ProgrammeResult,
        near: &ProgrammeResult,
        tekun: &ProgrammeResult,
    ) -> Status {
        let n = self.h.members.len();
        let mut members: Vec<Option<(Eligibility, Standing)>> = vec![None; n];
        let mut raise = |i: usize, s: (Eligibility, Standing)| {
            if i < n && members[i].is_none_or(|m| s > m) {
                members[i] = Some(s);
            }
        };
        for i in 0..n {
            if dibao.eligibility == Eligibility::Likely {
                raise(i, (Eligibility::Likely, Standing::Core));
            }
            if near.eligibility == Eligibility::Likely {
                raise(i, (Eligibility::Likely, Standing::NearPoor));
            }
        }
        for r in &dibao.reasons {
            if let Reason::SinglePersonHousehold { member, .. } = r {
                raise(*member, (Eligibility::Maybe, Standing::Core));
            }
        }
        let mut likely = Vec::new();
        for r in &tekun.reasons {
            match r {
                Reason::TekunEligible { member, .. } => {
                    likely.push(*member);
                    raise(*member, (Eligibility::Likely, Standing::Core))
                }
                Reason::TekunSupporterUnclear { member, .. }
                | Reason::TekunStudent { member, .. } => {
                    raise(*member, (Eligibility::Maybe, Standing::Core))
                }
                _ => {}
            }
        }
        let missing = [dibao, near, tekun]
            .into_iter()
            .filter(|r| r.eligibility == Eligibility::NotAssessed)
            .flat_map(|r| r.reasons.iter())
            .find_map(|r| match r {
                Reason::NoFigure { param, .. } => Some(*param),
                _ => None,
            });
        Status { members, tekun: likely, missing }
    }

    /// 医疗救助 (国办发〔2021〕42号; Tianmen's plan: 重点医疗救助对象 at least 70%): the share of
    /// a year's out-of-pocket costs (within the insurance scope, after insurance) the status
    /// gives, at most the yearly cap. An estimate: the costs are the household's own figure.
    pub(crate) fn medical(&self, status: &Status) -> Result<ProgrammeResult, Missing> {
        let p = Programme::Medical;
        let Some((eligibility, standing)) = status.best() else {
            if let Some(param) = status.missing {
                return Err(Missing(param));
            }
            return Ok(result(
                p,
                Eligibility::Unlikely,
                None,
                vec![Reason::MedicalNeedsStatus],
                vec![],
            ));
        };
        let param = match standing {
            Standing::Core => Param::MedicalPercentCore,
            Standing::NearPoor => Param::MedicalPercentNearPoor,
        };
        let (percent, pct_fig) = self.figs.number(param)?;
        let (cap, cap_fig) = self.figs.money(Param::MedicalCapYearly)?;
        let figures = vec![pct_fig, cap_fig];
        let costs = self.h.medical_yearly;
        if costs.is_zero() {
            let r = Reason::MedicalNoCosts { percent, cap, standing };
            return Ok(result(p, eligibility, None, vec![r], figures));
        }
        let share = costs.percent_floor(percent);
        let amount = share.min(cap);
        let r = Reason::MedicalShare { costs, percent, cap, amount, capped: share > cap, standing };
        let e = Estimate { min: amount, max: amount, period: Period::Yearly };
        Ok(result(p, eligibility, Some(e), vec![r], figures))
    }

    /// 困境儿童基本生活补贴 (国发〔2016〕36号 classified protection; Tianmen's plan: 重病重残
    /// children first): a child under 18 with a severe disability or a grave illness, in a
    /// household with a low-income status, who is neither an orphan nor without de-facto carers
    /// (those have their own allowance) nor 特困 (which already covers their living).
    pub(crate) fn child_hardship(&self, status: &Status) -> Result<ProgrammeResult, Missing> {
        let p = Programme::ChildHardship;
        let children: Vec<usize> = (0..self.h.members.len())
            .filter(|&i| {
                let m = &self.h.members[i];
                m.age < 18
                    && m.child_status == ChildStatus::None
                    && (m.grave_illness || m.disability.is_some_and(|d| d.is_severe()))
            })
            .collect();
        if children.is_empty() {
            return Ok(result(
                p,
                Eligibility::Unlikely,
                None,
                vec![Reason::NoChildInHardship],
                vec![],
            ));
        }
        let (monthly, fig) = self.figs.money(Param::ChildHardship)?;
        let (mut best, mut reasons, mut amounts) = (Eligibility::Unlikely, Vec::new(), Vec::new());
        for i in children {
            match status.members[i] {
                _ if status.tekun.contains(&i) => {
                    reasons.push(Reason::ChildHardshipInTekun { member: i });
                }
                Some((e, standing)) => {
                    best = best.max(e);
                    amounts.push((e, monthly));
                    reasons.push(Reason::ChildHardship { member: i, monthly, standing });
                }
                None => match status.missing {
                    Some(param) => return Err(Missing(param)),
                    None => reasons.push(Reason::ChildHardshipNeedsLowIncome { member: i }),
                },
            }
        }
        let total: Fen = amounts.iter().filter(|(e, _)| *e == best).map(|(_, a)| *a).sum();
        let amount = (!amounts.is_empty()).then(|| Estimate::monthly(total));
        Ok(result(p, best, amount, reasons, vec![fig]))
    }

    /// The allowance for financially poor elders (Anning's plan: 经济困难的高龄、失能老年人
    /// 补贴; Tianmen's plan: 三类老年人 — 三无, 低保 and low-income very old — 货币化养老服务
    /// 补助): an elder (60+) with a low-income status who has reached the region's age for that
    /// status, or cannot fully look after themselves; the larger of the two amounts.
    pub(crate) fn elder_care(&self, status: &Status) -> Result<ProgrammeResult, Missing> {
        let p = Programme::ElderCare;
        let elders: Vec<usize> =
            (0..self.h.members.len()).filter(|&i| self.h.members[i].age >= 60).collect();
        if elders.is_empty() {
            return Ok(result(p, Eligibility::Unlikely, None, vec![Reason::NoElderInNeed], vec![]));
        }
        let (age_core, f1) = self.figs.number(Param::ElderAgeDibao)?;
        let (age_near, f2) = self.figs.number(Param::ElderAgeNearPoor)?;
        let (aged_amount, f3) = self.figs.money(Param::ElderAged)?;
        let (disabled_amount, f4) = self.figs.money(Param::ElderDisabled)?;
        let figures: Vec<Cited> = vec![f1, f2, f3, f4];
        let (mut best, mut reasons, mut amounts) = (Eligibility::Unlikely, Vec::new(), Vec::new());
        for i in elders {
            let m = &self.h.members[i];
            let disabled = m.self_care != SelfCare::Full;
            match status.members[i] {
                Some((e, standing)) => {
                    let min_age = match standing {
                        Standing::Core => age_core,
                        Standing::NearPoor => age_near,
                    };
                    let aged = m.age >= min_age;
                    if !aged && !disabled {
                        reasons.push(Reason::ElderNotYet { member: i, age: m.age, min_age });
                        continue;
                    }
                    let monthly = (if aged { aged_amount } else { Fen::ZERO }).max(if disabled {
                        disabled_amount
                    } else {
                        Fen::ZERO
                    });
                    best = best.max(e);
                    amounts.push((e, monthly));
                    reasons.push(Reason::ElderCare {
                        member: i,
                        age: m.age,
                        aged,
                        disabled,
                        monthly,
                        standing,
                    });
                }
                None if disabled || m.age >= age_core.min(age_near) => {
                    if let Some(param) = status.missing {
                        return Err(Missing(param));
                    }
                    reasons.push(Reason::ElderNeedsLowIncome { member: i });
                }
                None => {}
            }
        }
        if reasons.is_empty() {
            reasons.push(Reason::NoElderInNeed);
        }
        let total: Fen = amounts.iter().filter(|(e, _)| *e == best).map(|(_, a)| *a).sum();
        let amount = (!amounts.is_empty()).then(|| Estimate::monthly(total));
        Ok(result(p, best, amount, reasons, figures))
    }
}
