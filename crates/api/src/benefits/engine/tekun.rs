//! 特困人员救助供养 (国发〔2016〕14号; 民发〔2021〕43号《特困人员认定办法》): all of no work
//! capacity (the closed list), no income (below the 低保 standard; residents' basic pension and
//! old-age allowance not counted), assets within the local limits, and no legal supporter able
//! to support. The basic standard is derived as the policy says (a percentage of the urban or
//! rural 低保 standard, or its own figure), plus a care allowance by ability to look after
//! oneself.

use super::reason::{Reason, SupporterState, TekunBase};
use super::{Ctx, Eligibility, Estimate, Missing, Programme, ProgrammeResult, result};
use crate::benefits::model::{Hukou, SelfCare};
use crate::benefits::money::Fen;
use crate::benefits::policy::{Cited, Derived, Param};

/// One member's 特困 assessment.
struct TekunMember {
    pub eligibility: Eligibility,
    pub amount: Fen,
}

impl Ctx<'_> {
    /// The basic standard for this household's registration, and what it rests on.
    fn tekun_basic(&self, figures: &mut Vec<Cited>) -> Result<(Fen, TekunBase), Missing> {
        let (derived, fig) = self.figs.derived(self.h.hukou)?;
        figures.push(fig);
        let mut base = |hukou: Hukou, percent: u32| -> Result<(Fen, TekunBase), Missing> {
            let (standard, fig) = self.figs.standard(hukou)?;
            figures.push(fig);
            let basic = standard.percent_ceil(percent);
            Ok(match hukou {
                Hukou::Urban => (basic, TekunBase::Urban { standard, percent }),
                Hukou::Rural => (basic, TekunBase::Rural { standard, percent }),
            })
        };
        match derived {
            Derived::Urban { percent } => base(Hukou::Urban, percent),
            Derived::Rural { percent } => base(Hukou::Rural, percent),
            Derived::Own { amount } => Ok((amount, TekunBase::Own)),
        }
    }

    fn tekun_care(&self, level: SelfCare, figures: &mut Vec<Cited>) -> Result<Fen, Missing> {
        let param = match level {
            SelfCare::Full => Param::TekunCareFull,
            SelfCare::Partial => Param::TekunCarePartial,
            SelfCare::None => Param::TekunCareNone,
        };
        let (care, fig) = self.figs.money(param)?;
        if !figures.iter().any(|f| f.param == param) {
            figures.push(fig);
        }
        Ok(care)
    }

    /// Every member's 特困 assessment; the amount counts the members at the best level.
    pub(crate) fn tekun(&self) -> Result<ProgrammeResult, Missing> {
        let (std, std_fig) = self.figs.standard(self.h.hukou)?;
        let assets = self.assets(std)?;
        let mut figures = vec![std_fig, assets.figure.clone()];
        let (basic, base) = self.tekun_basic(&mut figures)?;
        // Where the policy has it (Anning plan 三(二)3), a student from this age may keep 特困.
        let student_rule = self.figs.number(Param::TekunStudentAge).ok();
        let (mut out, mut reasons) = (Vec::new(), Vec::new());
        for (i, m) in self.h.members.iter().enumerate() {
            let no_work = m.no_work_capacity();
            let income = m.tekun_income();
            let no_income = income < std;
            let supporter = self.supporter_state(i, std);
            let unsupported = matches!(supporter, SupporterState::None);
            if no_work
                && no_income
                && assets.ok()
                && !matches!(
                    supporter,
                    SupporterState::AbleInHousehold { .. } | SupporterState::AbleOutside
                )
            {
                let care = self.tekun_care(m.self_care, &mut figures)?;
                let amount = basic + care;
                if let SupporterState::Unclear { supporter } = supporter {
                    out.push(TekunMember { eligibility: Eligibility::Maybe, amount });
                    reasons.push(Reason::TekunSupporterUnclear { member: i, supporter, amount });
                } else {
                    out.push(TekunMember { eligibility: Eligibility::Likely, amount });
                    reasons.push(Reason::TekunEligible {
                        member: i,
                        basic,
                        base,
                        care,
                        self_care: m.self_care,
                        income,
                        not_counted: m.tekun_not_counted(),
                        standard: std,
                    });
                }
            } else if let Some((from_age, fig)) = student_rule.as_ref().filter(|(from_age, _)| {
                m.student
                    && m.age >= *from_age
                    && no_income
                    && assets.ok()
                    && matches!(supporter, SupporterState::None)
            }) {
                // Every condition but the age limit of the closed list holds; the rule keeps 特困
                // only for school, not university, which the answers do not say: maybe.
                let care = self.tekun_care(m.self_care, &mut figures)?;
                let amount = basic + care;
                if !figures.iter().any(|f| f.param == Param::TekunStudentAge) {
                    figures.push(fig.clone());
                }
                out.push(TekunMember { eligibility: Eligibility::Maybe, amount });
                reasons.push(Reason::TekunStudent {
                    member: i,
                    age: m.age,
                    from_age: *from_age,
                    amount,
                });
            } else if no_work || (no_income && unsupported) {
                reasons.push(Reason::TekunNotAll {
                    member: i,
                    age: m.age,
                    no_work_capacity: no_work,
                    no_income,
                    income,
                    standard: std,
                    assets_ok: assets.ok(),
                    supporter,
                });
            }
        }
        let members = out;
        if reasons.is_empty() {
            reasons.push(Reason::NobodyTekun);
        }
        let best = members.iter().map(|m| m.eligibility).max().unwrap_or(Eligibility::Unlikely);
        // Only the members at the result's own level count towards its amount.
        let total: Fen = members.iter().filter(|m| m.eligibility == best).map(|m| m.amount).sum();
        let amount = (!members.is_empty()).then(|| Estimate::monthly(total));
        Ok(result(Programme::Tekun, best, amount, reasons, figures))
    }
}
