//! The rules. Each programme gives an eligibility (likely / maybe / unlikely, or not assessed
//! when a figure it needs is not in force on the date), an estimated amount in fen and the
//! reasons, with the numbers and cited parameters behind them. Rules follow
//! ../shared/domain/README.md; each cites its regulation beside it.

mod allowances;
mod choices;
mod hardship;
mod means;
mod reason;
mod supporters;
mod tekun;
#[cfg(test)]
mod tests;

pub use choices::{Choice, ChoiceKind, ChoiceOption};
pub use hardship::Standing;
pub use reason::{Reason, SupporterState, TekunBase};
pub use supporters::{Kin, has_working_age_supporter, kin, owes_support};

use super::model::{AssessError, Household, Hukou};
use super::money::Fen;
use super::policy::{Cited, Dated, FigureValue, Param, Params, Policy, in_force};
use crate::ids::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Programme {
    /// 最低生活保障
    Dibao,
    /// 低保边缘家庭
    NearPoor,
    /// 特困人员救助供养
    Tekun,
    /// 临时救助（急难型）
    TempEmergency,
    /// 临时救助（支出型）
    TempExpenditure,
    /// 困难残疾人生活补贴
    DisabilityLiving,
    /// 重度残疾人护理补贴
    DisabilityCare,
    /// 高龄津贴 / 老年综合津贴
    OldAge,
    /// 孤儿 / 事实无人抚养儿童基本生活费
    ChildAllowance,
    /// 医疗救助 (an estimate a year from the out-of-pocket costs)
    Medical,
    /// 困境儿童基本生活补贴
    ChildHardship,
    /// 经济困难的高龄、失能老年人补贴 / 三类老年人养老服务补助
    ElderCare,
}

impl Programme {
    pub const ALL: [Programme; 12] = [
        Programme::Dibao,
        Programme::NearPoor,
        Programme::Tekun,
        Programme::TempEmergency,
        Programme::TempExpenditure,
        Programme::DisabilityLiving,
        Programme::DisabilityCare,
        Programme::OldAge,
        Programme::ChildAllowance,
        Programme::Medical,
        Programme::ChildHardship,
        Programme::ElderCare,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Programme::Dibao => "dibao",
            Programme::NearPoor => "near_poor",
            Programme::Tekun => "tekun",
            Programme::TempEmergency => "temp_emergency",
            Programme::TempExpenditure => "temp_expenditure",
            Programme::DisabilityLiving => "disability_living",
            Programme::DisabilityCare => "disability_care",
            Programme::OldAge => "old_age",
            Programme::ChildAllowance => "child_allowance",
            Programme::Medical => "medical",
            Programme::ChildHardship => "child_hardship",
            Programme::ElderCare => "elder_care",
        }
    }
}

/// Ordered from least to most favourable; `NotAssessed` sorts last of all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// A figure this programme needs is not in force on the date (see the reasons).
    NotAssessed,
    Unlikely,
    Maybe,
    Likely,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Monthly,
    OneOff,
    Yearly,
}

/// An amount range in fen (min = max for a single figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub min: Fen,
    pub max: Fen,
    pub period: Period,
}

impl Estimate {
    pub fn monthly(x: Fen) -> Estimate {
        Estimate { min: x, max: x, period: Period::Monthly }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeResult {
    pub programme: Programme,
    pub eligibility: Eligibility,
    pub amount: Option<Estimate>,
    pub reasons: Vec<Reason>,
    /// The figures the result rests on, each with its source and date in force.
    pub figures: Vec<Cited>,
}

impl ProgrammeResult {
    /// The amount uses a figure the data marks as an example (not sourced).
    pub fn example_figures(&self) -> bool {
        self.amount.is_some() && self.figures.iter().any(|f| f.example)
    }

    /// The monthly amount if likely (what the total counts).
    pub fn likely_monthly(&self) -> Fen {
        match (self.eligibility, self.amount) {
            (Eligibility::Likely, Some(e)) if e.period == Period::Monthly => e.min,
            _ => Fen::ZERO,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub date: Date,
    pub region: String,
    pub members: u32,
    /// Monthly income per person as counted for 低保, rounded to the fen (for display; the
    /// rules compare the household total with standard × members exactly).
    pub per_capita_income: Fen,
    /// The 低保 standard applied (urban or rural by household registration), if in force.
    pub standard: Option<Cited>,
    pub results: Vec<ProgrammeResult>,
    /// Programmes the household must choose between, with what each choice gives a month.
    pub choices: Vec<Choice>,
    /// Monthly total of the likely programmes, taking the better option of every choice.
    pub total_monthly: Fen,
}

impl Assessment {
    pub fn result(&self, p: Programme) -> &ProgrammeResult {
        self.results.iter().find(|r| r.programme == p).expect("every programme has a result")
    }
}

/// A figure this programme needs is missing on the date.
pub(crate) struct Missing(pub Param);

/// Looks up the figures in force on one date, remembering what each result used.
pub(crate) struct Figures<'a> {
    p: &'a Params,
    pub date: Date,
}

impl Figures<'_> {
    fn get<T: Clone>(
        &self,
        list: &[Dated<T>],
        param: Param,
        wrap: impl FnOnce(T) -> FigureValue,
    ) -> Result<(T, Cited), Missing> {
        let d = in_force(list, self.date).ok_or(Missing(param))?;
        Ok((d.value.clone(), d.cited(param, wrap)))
    }

    pub fn money(&self, param: Param) -> Result<(Fen, Cited), Missing> {
        let p = self.p;
        let list = match param {
            Param::DibaoUrban => &p.dibao_urban,
            Param::DibaoRural => &p.dibao_rural,
            Param::TekunCareFull => &p.tekun_care_full,
            Param::TekunCarePartial => &p.tekun_care_partial,
            Param::TekunCareNone => &p.tekun_care_none,
            Param::DisabilityLiving => &p.disability_living,
            Param::DisabilityCareGrade1 => &p.disability_care_grade1,
            Param::DisabilityCareGrade2 => &p.disability_care_grade2,
            Param::Orphan => &p.orphan,
            Param::DeFactoChild => &p.de_facto_child,
            Param::MedicalCapYearly => &p.medical_cap_yearly,
            Param::ChildHardship => &p.child_hardship,
            Param::ElderAged => &p.elder_aged,
            Param::ElderDisabled => &p.elder_disabled,
            _ => return Err(Missing(param)),
        };
        self.get(list, param, FigureValue::Money)
    }

    pub fn number(&self, param: Param) -> Result<(u32, Cited), Missing> {
        let p = self.p;
        let list = match param {
            Param::NearPoorPercent => &p.near_poor_percent,
            Param::AssetLimitMonths => &p.asset_limit_months,
            Param::TempMaxMonths => &p.temp_max_months,
            Param::MedicalPercentCore => &p.medical_percent_core,
            Param::MedicalPercentNearPoor => &p.medical_percent_near_poor,
            Param::ElderAgeDibao => &p.elder_age_dibao,
            Param::ElderAgeNearPoor => &p.elder_age_near_poor,
            Param::TekunStudentAge => &p.tekun_student_age,
            _ => return Err(Missing(param)),
        };
        self.get(list, param, FigureValue::Number)
    }

    pub fn derived(&self, hukou: Hukou) -> Result<(super::policy::Derived, Cited), Missing> {
        let (list, param) = match hukou {
            Hukou::Urban => (&self.p.tekun_urban, Param::TekunUrban),
            Hukou::Rural => (&self.p.tekun_rural, Param::TekunRural),
        };
        self.get(list, param, FigureValue::Derived)
    }

    pub fn bands(&self) -> Result<(Vec<super::policy::AgeBand>, Cited), Missing> {
        self.get(&self.p.old_age_bands, Param::OldAgeBands, FigureValue::Bands)
    }

    /// The 低保 standard for a registration type.
    pub fn standard(&self, hukou: Hukou) -> Result<(Fen, Cited), Missing> {
        self.money(match hukou {
            Hukou::Urban => Param::DibaoUrban,
            Hukou::Rural => Param::DibaoRural,
        })
    }
}

/// Builds a result; the amount is dropped unless the eligibility is likely or maybe.
pub(crate) fn result(
    programme: Programme,
    eligibility: Eligibility,
    amount: Option<Estimate>,
    reasons: Vec<Reason>,
    figures: Vec<Cited>,
) -> ProgrammeResult {
    let amount = amount.filter(|_| matches!(eligibility, Eligibility::Likely | Eligibility::Maybe));
    // Each figure once (the urban standard can be both the standard and a derived base).
    let mut figures = figures;
    let mut seen = Vec::new();
    figures.retain(|f| {
        let new = !seen.contains(&f.param);
        seen.push(f.param);
        new
    });
    ProgrammeResult { programme, eligibility, amount, reasons, figures }
}

/// The result of a programme that could not be assessed for want of a figure.
pub(crate) fn not_assessed(programme: Programme, missing: Missing, date: Date) -> ProgrammeResult {
    result(
        programme,
        Eligibility::NotAssessed,
        None,
        vec![Reason::NoFigure { param: missing.0, date }],
        vec![],
    )
}

/// What every programme's rules share: the household, its totals, the figures.
pub(crate) struct Ctx<'a> {
    pub h: &'a Household,
    pub n: i64,
    /// Monthly income of the whole household as counted for 低保.
    pub total: Fen,
    pub figs: Figures<'a>,
}

impl Ctx<'_> {
    pub fn run(
        &self,
        programme: Programme,
        f: impl FnOnce() -> Result<ProgrammeResult, Missing>,
    ) -> ProgrammeResult {
        f().unwrap_or_else(|m| not_assessed(programme, m, self.figs.date))
    }
}

/// Runs every programme's rules for `household` under `policy` on `date`. A figure missing
/// on the date leaves only the programmes that need it unassessed.
pub fn assess(
    household: &Household,
    policy: &Policy,
    date: Date,
) -> Result<Assessment, AssessError> {
    household.validate()?;
    let n = household.members.len() as i64;
    let total: Fen = household.members.iter().map(|m| m.dibao_income()).sum();
    let ctx = Ctx { h: household, n, total, figs: Figures { p: &policy.params, date } };
    let dibao = ctx.run(Programme::Dibao, || ctx.dibao());
    let near_poor = ctx.run(Programme::NearPoor, || ctx.near_poor());
    let tekun = ctx.run(Programme::Tekun, || ctx.tekun());
    let temp_emergency = ctx.run(Programme::TempEmergency, || ctx.temp_emergency());
    let temp_expenditure = ctx.run(Programme::TempExpenditure, || ctx.temp_expenditure());
    let living = ctx.run(Programme::DisabilityLiving, || ctx.disability_living(&dibao, &near_poor));
    let care = ctx.run(Programme::DisabilityCare, || ctx.disability_care());
    let old_age = ctx.run(Programme::OldAge, || ctx.old_age());
    let child = ctx.run(Programme::ChildAllowance, || ctx.child_allowance());
    let status = ctx.status(&dibao, &near_poor, &tekun);
    let medical = ctx.run(Programme::Medical, || ctx.medical(&status));
    let hardship = ctx.run(Programme::ChildHardship, || ctx.child_hardship(&status));
    let elder = ctx.run(Programme::ElderCare, || ctx.elder_care(&status));
    let results = vec![
        dibao,
        near_poor,
        tekun,
        temp_emergency,
        temp_expenditure,
        living,
        care,
        old_age,
        child,
        medical,
        hardship,
        elder,
    ];
    let (choices, total_monthly) = ctx.choices(&results);
    Ok(Assessment {
        date,
        region: policy.region.clone(),
        members: n as u32,
        per_capita_income: total.per(n),
        standard: ctx.figs.standard(household.hukou).ok().map(|(_, c)| c),
        results,
        choices,
        total_monthly,
    })
}
