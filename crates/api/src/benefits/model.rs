//! What a resident tells us about their household, and the checks that catch impossible or
//! contradictory answers before any rule runs.

use super::money::Fen;
use serde::{Deserialize, Serialize};

/// Household registration type; urban and rural 低保 standards may differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Hukou {
    #[default]
    Urban,
    Rural,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    #[default]
    Applicant,
    Spouse,
    Child,
    Parent,
    Grandparent,
    Grandchild,
    Sibling,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisabilityKind {
    Physical,
    Visual,
    Hearing,
    Speech,
    Intellectual,
    Mental,
    Multiple,
}

impl DisabilityKind {
    pub const ALL: [DisabilityKind; 7] = [
        DisabilityKind::Physical,
        DisabilityKind::Visual,
        DisabilityKind::Hearing,
        DisabilityKind::Speech,
        DisabilityKind::Intellectual,
        DisabilityKind::Mental,
        DisabilityKind::Multiple,
    ];
}

/// A disability certificate (残疾人证): kind and grade 1 (most severe) to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disability {
    pub kind: DisabilityKind,
    pub grade: u8,
}

impl Disability {
    /// Grade 1-2 of any kind, or grade 3 intellectual or mental: the severe disabilities that
    /// allow 单人户 assessment for 低保 (../shared/domain/README.md) and make an obligor unable
    /// to support when their own income is low (民发〔2021〕43号《特困人员认定办法》 art. 8 (4)).
    pub fn is_severe(self) -> bool {
        self.grade <= 2
            || (self.grade == 3
                && matches!(self.kind, DisabilityKind::Intellectual | DisabilityKind::Mental))
    }

    /// The closed list of disabilities that count as no work capacity for 特困
    /// (民发〔2021〕43号《特困人员认定办法》 art. 6 (3)): intellectual or mental grade 1-3,
    /// physical grade 1-2, visual grade 1. Provinces may add more; the bureau decides those.
    pub fn is_no_work_capacity(self) -> bool {
        match self.kind {
            DisabilityKind::Intellectual | DisabilityKind::Mental => self.grade <= 3,
            DisabilityKind::Physical => self.grade <= 2,
            DisabilityKind::Visual => self.grade == 1,
            DisabilityKind::Hearing | DisabilityKind::Speech | DisabilityKind::Multiple => false,
        }
    }
}

/// Ability to look after oneself (生活自理能力), which sets the 特困 care allowance
/// (照料护理标准, 国发〔2016〕14号) and the need for long-term care (重度残疾人护理补贴).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SelfCare {
    /// 具备生活自理能力
    #[default]
    Full,
    /// 部分丧失生活自理能力
    Partial,
    /// 完全丧失生活自理能力
    None,
}

impl SelfCare {
    pub const ALL: [SelfCare; 3] = [SelfCare::Full, SelfCare::Partial, SelfCare::None];

    /// Needs another person's care (for the nursing subsidy: long-term care, 6 months or more).
    pub fn needs_care(self) -> bool {
        self != SelfCare::Full
    }
}

/// Which pension a member receives: they count differently for 特困.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PensionKind {
    /// 退休金 / 职工基本养老金: income for every programme.
    #[default]
    Retirement,
    /// 城乡居民基本养老金: not counted for 特困 (民发〔2021〕43号 art. 7).
    ResidentsBasic,
}

/// A child's care situation, for the basic living allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ChildStatus {
    #[default]
    None,
    /// 孤儿: both parents dead or declared missing.
    Orphan,
    /// 事实无人抚养儿童: parents unable to care (e.g. severe disability, imprisonment, missing).
    DeFacto,
}

/// A sudden hardship in the last few months (临时救助, 急难型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Emergency {
    #[default]
    None,
    Accident,
    Fire,
    Illness,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Member {
    pub relation: Relation,
    pub age: u32,
    pub disability: Option<Disability>,
    /// A grave illness (重病) as the bureau's list defines it.
    pub grave_illness: bool,
    /// In full-time education.
    pub student: bool,
    /// Aged 16-17 and living on their own earnings.
    pub own_earnings: bool,
    /// Ability to look after themselves; not `Full` means they need another person's care.
    pub self_care: SelfCare,
    pub child_status: ChildStatus,
    /// Monthly income by source, fen.
    pub wages: Fen,
    /// Pension of the kind in `pension_kind`.
    pub pension: Fen,
    pub pension_kind: PensionKind,
    /// Old-age allowance already received (counted for neither 低保 nor 特困).
    pub old_age_allowance: Fen,
    pub other_income: Fen,
}

impl Default for Member {
    fn default() -> Self {
        Member {
            relation: Relation::Applicant,
            age: 40,
            disability: None,
            grave_illness: false,
            student: false,
            own_earnings: false,
            self_care: SelfCare::Full,
            child_status: ChildStatus::None,
            wages: Fen::ZERO,
            pension: Fen::ZERO,
            pension_kind: PensionKind::Retirement,
            old_age_allowance: Fen::ZERO,
            other_income: Fen::ZERO,
        }
    }
}

impl Member {
    /// Income counted for 低保 (民发〔2021〕57号《最低生活保障审核确认办法》art. 10: old-age
    /// allowances and other welfare payments are not counted).
    pub fn dibao_income(&self) -> Fen {
        self.wages + self.pension + self.other_income
    }

    /// Income counted for 特困: a retirement pension is income; the residents' basic pension and
    /// the old-age allowance are not (民发〔2021〕43号《特困人员认定办法》 art. 7).
    pub fn tekun_income(&self) -> Fen {
        let pension = match self.pension_kind {
            PensionKind::Retirement => self.pension,
            PensionKind::ResidentsBasic => Fen::ZERO,
        };
        self.wages + pension + self.other_income
    }

    /// Income left out of the 特困 no-income test: the residents' basic pension and the
    /// old-age allowance (README, rules: 特困; 民发〔2021〕43号 art. 7).
    pub fn tekun_not_counted(&self) -> Fen {
        let pension = match self.pension_kind {
            PensionKind::Retirement => Fen::ZERO,
            PensionKind::ResidentsBasic => self.pension,
        };
        pension + self.old_age_allowance
    }

    /// No work capacity as the closed list defines it (民发〔2021〕43号 art. 6, with the age
    /// extended to under 18 except 16-17-year-olds living on their own earnings, 国发〔2016〕14号).
    pub fn no_work_capacity(&self) -> bool {
        self.age >= 60
            || self.age < 16
            || ((16..=17).contains(&self.age) && !self.own_earnings)
            || self.disability.is_some_and(|d| d.is_no_work_capacity())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Household {
    pub hukou: Hukou,
    pub members: Vec<Member>,
    /// Money assets of the whole household: deposits, cash, securities, fen.
    pub savings: Fen,
    /// Motor vehicles, other than one for a disabled member's mobility.
    pub vehicles: u32,
    /// Owns housing beyond the home they live in.
    pub extra_housing: bool,
    /// Out-of-pocket rigid expenses, fen a month (average over the last 12 months).
    pub medical_monthly: Fen,
    pub education_monthly: Fen,
    /// Medical costs paid out of pocket in a year, after basic and serious-illness insurance
    /// (for the 医疗救助 estimate), fen.
    pub medical_yearly: Fen,
    pub emergency: Emergency,
    /// A legal supporter living outside the household (spouse, adult child, parent) who is able
    /// to support. Supporters inside the household are derived from the members' answers.
    #[serde(alias = "supporter_able")]
    pub outside_supporter_able: bool,
}

/// The answer a check refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Members,
    Age,
    Wages,
    Pension,
    OldAgeAllowance,
    OtherIncome,
    Savings,
    Vehicles,
    MedicalMonthly,
    EducationMonthly,
    MedicalYearly,
    DisabilityGrade,
    ChildStatus,
    OwnEarnings,
}

/// Why a household cannot be assessed. The engine never panics; it returns one of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AssessError {
    /// No members: add at least the applicant.
    NoMembers,
    /// More members than one household plausibly has (over 20).
    TooManyMembers,
    /// An age over 120.
    ImpossibleAge { member: usize },
    /// A negative or non-numeric amount.
    Negative { field: Field, member: Option<usize> },
    /// An amount no household has (e.g. a monthly income over ¥1,000,000).
    Absurd { field: Field, member: Option<usize> },
    /// A disability grade outside 1-4.
    DisabilityGrade { member: usize },
    /// Orphan or de-facto-unsupported status given for someone 18 or older.
    ChildStatusAdult { member: usize },
    /// "Living on own earnings" given for someone not aged 16 or 17.
    OwnEarningsAge { member: usize },
}

impl AssessError {
    pub fn field(&self) -> Option<(Field, Option<usize>)> {
        match *self {
            AssessError::NoMembers | AssessError::TooManyMembers => Some((Field::Members, None)),
            AssessError::ImpossibleAge { member } => Some((Field::Age, Some(member))),
            AssessError::Negative { field, member } | AssessError::Absurd { field, member } => {
                Some((field, member))
            }
            AssessError::DisabilityGrade { member } => Some((Field::DisabilityGrade, Some(member))),
            AssessError::ChildStatusAdult { member } => Some((Field::ChildStatus, Some(member))),
            AssessError::OwnEarningsAge { member } => Some((Field::OwnEarnings, Some(member))),
        }
    }
}

/// The largest monthly amount any household plausibly has: ¥1,000,000.
pub const MAX_MONTHLY: Fen = Fen::yuan(1_000_000);
/// The largest yearly amount: twelve of the largest monthly ones.
pub const MAX_YEARLY: Fen = Fen::yuan(12_000_000);
/// The largest savings: ¥10,000,000,000.
pub const MAX_SAVINGS: Fen = Fen::yuan(10_000_000_000);

fn check_amount(
    value: Fen,
    max: Fen,
    field: Field,
    member: Option<usize>,
) -> Result<(), AssessError> {
    if value < Fen::ZERO {
        Err(AssessError::Negative { field, member })
    } else if value > max {
        Err(AssessError::Absurd { field, member })
    } else {
        Ok(())
    }
}

impl Household {
    /// All the checks, first failure first, in the order the wizard asks.
    pub fn validate(&self) -> Result<(), AssessError> {
        if self.members.is_empty() {
            return Err(AssessError::NoMembers);
        }
        if self.members.len() > 20 {
            return Err(AssessError::TooManyMembers);
        }
        for (i, m) in self.members.iter().enumerate() {
            let at = Some(i);
            if m.age > 120 {
                return Err(AssessError::ImpossibleAge { member: i });
            }
            if m.disability.is_some_and(|d| !(1..=4).contains(&d.grade)) {
                return Err(AssessError::DisabilityGrade { member: i });
            }
            if m.child_status != ChildStatus::None && m.age >= 18 {
                return Err(AssessError::ChildStatusAdult { member: i });
            }
            if m.own_earnings && !(16..=17).contains(&m.age) {
                return Err(AssessError::OwnEarningsAge { member: i });
            }
            check_amount(m.wages, MAX_MONTHLY, Field::Wages, at)?;
            check_amount(m.pension, MAX_MONTHLY, Field::Pension, at)?;
            check_amount(m.old_age_allowance, MAX_MONTHLY, Field::OldAgeAllowance, at)?;
            check_amount(m.other_income, MAX_MONTHLY, Field::OtherIncome, at)?;
        }
        check_amount(self.savings, MAX_SAVINGS, Field::Savings, None)?;
        if self.vehicles > 50 {
            return Err(AssessError::Absurd { field: Field::Vehicles, member: None });
        }
        check_amount(self.medical_monthly, MAX_MONTHLY, Field::MedicalMonthly, None)?;
        check_amount(self.education_monthly, MAX_MONTHLY, Field::EducationMonthly, None)?;
        check_amount(self.medical_yearly, MAX_YEARLY, Field::MedicalYearly, None)?;
        Ok(())
    }
}
