//! One step of reasoning, with its numbers. The app words each in the user's language.
//! `member` is the 0-based index into the household's members; amounts are fen.

use super::hardship::Standing;
use crate::benefits::model::{ChildStatus, Emergency, SelfCare};
use crate::benefits::money::Fen;
use crate::benefits::policy::Param;
use crate::ids::Date;
use serde::{Deserialize, Serialize};

/// What a 特困 basic standard was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "base", rename_all = "snake_case")]
pub enum TekunBase {
    Urban { standard: Fen, percent: u32 },
    Rural { standard: Fen, percent: u32 },
    Own,
}

/// Whether someone has a legal supporter (法定义务人) able to support them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SupporterState {
    /// No legal supporter, or none able (民发〔2021〕43号 art. 8).
    None,
    /// A member of the household able to support.
    AbleInHousehold { supporter: usize },
    /// Someone outside the household, as the resident said.
    AbleOutside,
    /// A supporter aged 70+ or severely disabled whose own income is at or above the 低保
    /// standard: unable only if it is below last year's local per-capita disposable income.
    Unclear { supporter: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The figure this programme needs is not in force on the date.
    NoFigure {
        param: Param,
        date: Date,
    },
    IncomeBelowStandard {
        per_capita: Fen,
        total: Fen,
        standard: Fen,
        members: u32,
        amount: Fen,
    },
    /// Income below the 低保 standard, but the assets are over the limits (the reasons that
    /// follow say which): not likely, and no amount.
    IncomeBelowButAssetsOver {
        per_capita: Fen,
        standard: Fen,
    },
    IncomeAtOrAboveStandard {
        per_capita: Fen,
        standard: Fen,
        over_by: Fen,
    },
    /// Within the near-poor band: 低保边缘 or 临时救助 may apply instead.
    NearMiss {
        over_by: Fen,
    },
    /// Savings above the limit (the limit itself is within).
    AssetsOverLimit {
        savings: Fen,
        limit: Fen,
        months: u32,
        members: u32,
    },
    OwnsVehicle,
    OwnsExtraHousing,
    InNearPoorBand {
        per_capita: Fen,
        standard: Fen,
        upper: Fen,
        percent: u32,
    },
    BelowNearPoorBand,
    AboveNearPoorBand {
        per_capita: Fen,
        upper: Fen,
    },
    SinglePersonHousehold {
        member: usize,
        own_income: Fen,
        standard: Fen,
        amount: Fen,
    },
    TekunEligible {
        member: usize,
        basic: Fen,
        base: TekunBase,
        care: Fen,
        self_care: SelfCare,
        /// Own income as counted for 特困 (wages, a retirement pension, other income), below
        /// `standard`: "no income" as README (rules: 特困) defines it.
        #[serde(default)]
        income: Fen,
        /// The residents' basic pension and the old-age allowance, which are not counted.
        #[serde(default)]
        not_counted: Fen,
        #[serde(default)]
        standard: Fen,
    },
    /// All else met; whether the supporter can support is for the bureau to establish.
    TekunSupporterUnclear {
        member: usize,
        supporter: usize,
        amount: Fen,
    },
    /// Aged `from_age` or older and a student, with every other condition met: keeps 特困 if
    /// still in compulsory education or at a senior high or secondary vocational school (not
    /// university), where the region's policy says so (`tekun_student_age`).
    TekunStudent {
        member: usize,
        age: u32,
        from_age: u32,
        amount: Fen,
    },
    /// Not all conditions; the flags say which hold, so the app can say what would be needed.
    TekunNotAll {
        member: usize,
        age: u32,
        no_work_capacity: bool,
        no_income: bool,
        income: Fen,
        standard: Fen,
        assets_ok: bool,
        supporter: SupporterState,
    },
    /// No member meets the work-capacity condition or any two conditions.
    NobodyTekun,
    EmergencyHardship {
        emergency: Emergency,
        standard: Fen,
        members: u32,
        max_months: u32,
    },
    ExpenditureHardship {
        per_capita_after: Fen,
        expenses: Fen,
        standard: Fen,
        already_below: bool,
    },
    ExpensesNotEnough {
        per_capita_after: Fen,
        standard: Fen,
    },
    NoHardship,
    /// 临时救助 means check: income per person (after the costs, for the expenditure type) at
    /// or above `upper` (`percent` % of the 低保 standard), assets over the 低保 limits, or
    /// both. Both: unlikely; one: it depends on whether basic living is in hardship.
    TempMeans {
        per_capita: Fen,
        upper: Fen,
        percent: u32,
        income_high: bool,
        assets_over: bool,
        after_costs: bool,
    },
    /// 临时救助 means check not done: the figure it needs is not in force on the date.
    TempMeansUnchecked {
        param: Param,
        date: Date,
    },
    DisabledInDibaoHousehold {
        member: usize,
        monthly: Fen,
    },
    DisabledNearPoor {
        member: usize,
        monthly: Fen,
    },
    DisabledNotInDibao {
        member: usize,
    },
    NoDisabledMember,
    SevereDisabilityCare {
        member: usize,
        grade: u8,
        monthly: Fen,
    },
    SevereDisabilityNoCareNeed {
        member: usize,
    },
    NoSevereDisability,
    OldAgeBand {
        member: usize,
        age: u32,
        monthly: Fen,
    },
    NoOneInAgeBand {
        min_age: u32,
    },
    ChildAllowance {
        member: usize,
        status: ChildStatus,
        monthly: Fen,
    },
    NoQualifyingChild,
    /// 医疗救助: percent of the year's out-of-pocket costs, at most the cap.
    MedicalShare {
        costs: Fen,
        percent: u32,
        cap: Fen,
        amount: Fen,
        capped: bool,
        standing: Standing,
    },
    /// The status gives medical assistance; no yearly costs were entered.
    MedicalNoCosts {
        percent: u32,
        cap: Fen,
        standing: Standing,
    },
    /// Medical assistance follows 低保, 特困 or 低保边缘 status; none is likely.
    MedicalNeedsStatus,
    ChildHardship {
        member: usize,
        monthly: Fen,
        standing: Standing,
    },
    /// This child is likely 特困, which already covers their basic living.
    ChildHardshipInTekun {
        member: usize,
    },
    /// A child with a severe disability or grave illness, but the household has no
    /// low-income status.
    ChildHardshipNeedsLowIncome {
        member: usize,
    },
    NoChildInHardship,
    ElderCare {
        member: usize,
        age: u32,
        aged: bool,
        disabled: bool,
        monthly: Fen,
        standing: Standing,
    },
    /// A poor elder who is neither old enough for the region's age nor needs care.
    ElderNotYet {
        member: usize,
        age: u32,
        min_age: u32,
    },
    /// Very old or needing care, but the household has no low-income status.
    ElderNeedsLowIncome {
        member: usize,
    },
    NoElderInNeed,
}
