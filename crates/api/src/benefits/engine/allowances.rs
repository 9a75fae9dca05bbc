//! Allowances paid per person: the two disability subsidies, the old-age allowance and the
//! children's basic living allowance.

use super::reason::Reason;
use super::{Ctx, Eligibility, Estimate, Missing, Programme, ProgrammeResult, result};
use crate::benefits::model::ChildStatus;
use crate::benefits::money::Fen;
use crate::benefits::policy::Param;

impl Ctx<'_> {
    /// 困难残疾人生活补贴 (国发〔2015〕52号): disabled people in 低保 households; many provinces
    /// extend it to near-poor households (Anning's plan among them), hence "maybe" there. Every
    /// disabled member is listed with their own reason; none is dropped.
    pub(crate) fn disability_living(
        &self,
        dibao: &ProgrammeResult,
        near: &ProgrammeResult,
    ) -> Result<ProgrammeResult, Missing> {
        let p = Programme::DisabilityLiving;
        let disabled: Vec<usize> =
            (0..self.h.members.len()).filter(|&i| self.h.members[i].disability.is_some()).collect();
        if disabled.is_empty() {
            return Ok(result(
                p,
                Eligibility::Unlikely,
                None,
                vec![Reason::NoDisabledMember],
                vec![],
            ));
        }
        let (subsidy, fig) = self.figs.money(Param::DisabilityLiving)?;
        let single = |i: usize| {
            dibao
                .reasons
                .iter()
                .any(|r| matches!(r, Reason::SinglePersonHousehold { member, .. } if *member == i))
        };
        let near_likely = near.eligibility == Eligibility::Likely;
        let (mut best, mut likely, mut maybe) = (Eligibility::Unlikely, Fen::ZERO, Fen::ZERO);
        let mut reasons = Vec::new();
        for &member in &disabled {
            if dibao.eligibility == Eligibility::Likely {
                best = Eligibility::Likely;
                likely += subsidy;
                reasons.push(Reason::DisabledInDibaoHousehold { member, monthly: subsidy });
            } else if single(member) || near_likely {
                best = best.max(Eligibility::Maybe);
                maybe += subsidy;
                reasons.push(Reason::DisabledNearPoor { member, monthly: subsidy });
            } else {
                reasons.push(Reason::DisabledNotInDibao { member });
            }
        }
        let amount = match best {
            Eligibility::Likely => Some(likely),
            Eligibility::Maybe => Some(maybe),
            _ => None,
        };
        Ok(result(p, best, amount.map(Estimate::monthly), reasons, vec![fig]))
    }

    /// 重度残疾人护理补贴 (国发〔2015〕52号): grade 1-2 disability needing long-term care.
    pub(crate) fn disability_care(&self) -> Result<ProgrammeResult, Missing> {
        let p = Programme::DisabilityCare;
        let (mut reasons, mut figures) = (Vec::new(), Vec::new());
        let mut total = Fen::ZERO;
        let mut any = false;
        for (i, m) in self.h.members.iter().enumerate() {
            let Some(d) = m.disability.filter(|d| d.grade <= 2) else {
                continue;
            };
            if m.self_care.needs_care() {
                let param = if d.grade == 1 {
                    Param::DisabilityCareGrade1
                } else {
                    Param::DisabilityCareGrade2
                };
                let (monthly, fig) = self.figs.money(param)?;
                if !figures.iter().any(|f: &crate::benefits::policy::Cited| f.param == param) {
                    figures.push(fig);
                }
                total += monthly;
                any = true;
                reasons.push(Reason::SevereDisabilityCare { member: i, grade: d.grade, monthly });
            } else {
                reasons.push(Reason::SevereDisabilityNoCareNeed { member: i });
            }
        }
        if any {
            return Ok(result(
                p,
                Eligibility::Likely,
                Some(Estimate::monthly(total)),
                reasons,
                figures,
            ));
        }
        if reasons.is_empty() {
            reasons.push(Reason::NoSevereDisability);
        }
        Ok(result(p, Eligibility::Unlikely, None, reasons, figures))
    }

    /// 高龄津贴 / 老年综合津贴: a monthly allowance by age band.
    pub(crate) fn old_age(&self) -> Result<ProgrammeResult, Missing> {
        let p = Programme::OldAge;
        let (bands, fig) = self.figs.bands()?;
        let mut reasons = Vec::new();
        let mut total = Fen::ZERO;
        for (i, m) in self.h.members.iter().enumerate() {
            let band = bands.iter().filter(|b| b.min_age <= m.age).max_by_key(|b| b.min_age);
            if let Some(b) = band {
                total += b.monthly;
                reasons.push(Reason::OldAgeBand { member: i, age: m.age, monthly: b.monthly });
            }
        }
        if reasons.is_empty() {
            let min_age = bands.iter().map(|b| b.min_age).min().unwrap_or(0);
            let r = Reason::NoOneInAgeBand { min_age };
            return Ok(result(p, Eligibility::Unlikely, None, vec![r], vec![fig]));
        }
        Ok(result(p, Eligibility::Likely, Some(Estimate::monthly(total)), reasons, vec![fig]))
    }

    /// 孤儿基本生活费 (国办发〔2010〕54号) and 事实无人抚养儿童基本生活补贴 (民发〔2019〕62号):
    /// children under 18.
    pub(crate) fn child_allowance(&self) -> Result<ProgrammeResult, Missing> {
        let p = Programme::ChildAllowance;
        let (mut reasons, mut figures) = (Vec::new(), Vec::new());
        let mut total = Fen::ZERO;
        for (i, m) in self.h.members.iter().enumerate() {
            let param = match m.child_status {
                ChildStatus::None => continue,
                ChildStatus::Orphan => Param::Orphan,
                ChildStatus::DeFacto => Param::DeFactoChild,
            };
            let (monthly, fig) = self.figs.money(param)?;
            if !figures.iter().any(|f: &crate::benefits::policy::Cited| f.param == param) {
                figures.push(fig);
            }
            total += monthly;
            reasons.push(Reason::ChildAllowance { member: i, status: m.child_status, monthly });
        }
        if reasons.is_empty() {
            return Ok(result(
                p,
                Eligibility::Unlikely,
                None,
                vec![Reason::NoQualifyingChild],
                vec![],
            ));
        }
        Ok(result(p, Eligibility::Likely, Some(Estimate::monthly(total)), reasons, figures))
    }
}
