//! The rules. Each programme gives an eligibility (likely / maybe / unlikely), an estimated
//! amount and the reasons, with the numbers and cited parameters behind them. Rules follow
//! ../shared/domain/README.md; each cites its regulation beside it.

use super::model::{AssessError, ChildStatus, Emergency, Household, Hukou, Member};
use super::policy::{Cited, Dated, Policy, in_force};
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
}

impl Programme {
    pub const ALL: [Programme; 9] = [
        Programme::Dibao,
        Programme::NearPoor,
        Programme::Tekun,
        Programme::TempEmergency,
        Programme::TempExpenditure,
        Programme::DisabilityLiving,
        Programme::DisabilityCare,
        Programme::OldAge,
        Programme::ChildAllowance,
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
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    Unlikely,
    Maybe,
    Likely,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Monthly,
    OneOff,
}

/// An amount range in yuan (min = max for a single figure).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub min: f64,
    pub max: f64,
    pub period: Period,
}

/// One step of reasoning, with its numbers. The app words each in the user's language.
/// `member` is the 0-based index into the household's members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    IncomeBelowStandard {
        per_capita: f64,
        standard: Cited,
        members: u32,
        amount: f64,
    },
    IncomeAtOrAboveStandard {
        per_capita: f64,
        standard: Cited,
        over_by: f64,
    },
    /// Within the near-poor band: 低保边缘 or 临时救助 may apply instead.
    NearMiss {
        over_by: f64,
    },
    AssetsOverLimit {
        per_capita_savings: f64,
        limit: f64,
    },
    OwnsVehicle,
    OwnsExtraHousing,
    InNearPoorBand {
        per_capita: f64,
        standard: Cited,
        upper: f64,
        factor: f64,
    },
    BelowNearPoorBand,
    AboveNearPoorBand {
        per_capita: f64,
        upper: f64,
    },
    SinglePersonHousehold {
        member: usize,
        own_income: f64,
        standard: f64,
        amount: f64,
    },
    TekunEligible {
        member: usize,
        basic: f64,
        factor: f64,
        standard: f64,
        care: f64,
    },
    TekunWorkCapacityUnclear {
        member: usize,
        amount: f64,
    },
    TekunNotAll {
        member: usize,
        no_work_capacity: bool,
        no_income: bool,
        no_supporter: bool,
    },
    /// No member meets two or more of the three conditions.
    NobodyTekun,
    EmergencyHardship {
        emergency: Emergency,
        standard: f64,
        members: u32,
        max_months: f64,
    },
    ExpenditureHardship {
        per_capita_after: f64,
        expenses: f64,
        standard: f64,
        already_below: bool,
    },
    ExpensesNotEnough {
        per_capita_after: f64,
        standard: f64,
    },
    NoHardship,
    DisabledInDibaoHousehold {
        member: usize,
        monthly: f64,
    },
    DisabledNearPoor {
        member: usize,
        monthly: f64,
    },
    DisabledNotInDibao,
    NoDisabledMember,
    SevereDisabilityCare {
        member: usize,
        grade: u8,
        monthly: f64,
    },
    SevereDisabilityNoCareNeed {
        member: usize,
    },
    NoSevereDisability,
    OldAgeBand {
        member: usize,
        age: u32,
        monthly: f64,
    },
    NoOneInAgeBand {
        min_age: u32,
    },
    ChildAllowance {
        member: usize,
        status: ChildStatus,
        monthly: f64,
    },
    NoQualifyingChild,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeResult {
    pub programme: Programme,
    pub eligibility: Eligibility,
    pub amount: Option<Estimate>,
    pub reasons: Vec<Reason>,
    /// The amount uses a figure the data marks as an example (not sourced).
    pub example_figures: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub date: Date,
    pub region: String,
    pub members: u32,
    /// Monthly income per person as counted for 低保.
    pub per_capita_income: f64,
    /// The 低保 standard applied (urban or rural by household registration).
    pub standard: Cited,
    pub results: Vec<ProgrammeResult>,
}

impl Assessment {
    pub fn result(&self, p: Programme) -> &ProgrammeResult {
        self.results.iter().find(|r| r.programme == p).expect("every programme has a result")
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn param(list: &[Dated<f64>], name: &str, date: Date) -> Result<Cited, AssessError> {
    in_force(list, date)
        .map(Dated::cited)
        .ok_or_else(|| AssessError::NoParameter { param: name.to_owned(), date })
}

fn result(
    programme: Programme,
    eligibility: Eligibility,
    amount: Option<Estimate>,
    reasons: Vec<Reason>,
    example: bool,
) -> ProgrammeResult {
    let amount =
        amount.map(|a| Estimate { min: round2(a.min), max: round2(a.max), period: a.period });
    ProgrammeResult {
        programme,
        eligibility,
        amount,
        reasons,
        example_figures: example && amount.is_some(),
    }
}

fn monthly(x: f64) -> Option<Estimate> {
    Some(Estimate { min: x, max: x, period: Period::Monthly })
}

/// Runs every programme's rules for `household` under `policy` on `date`.
pub fn assess(
    household: &Household,
    policy: &Policy,
    date: Date,
) -> Result<Assessment, AssessError> {
    household.validate()?;
    let p = &policy.params;
    let standard = match household.hukou {
        Hukou::Urban => param(&p.dibao_urban, "dibao_urban", date)?,
        Hukou::Rural => param(&p.dibao_rural, "dibao_rural", date)?,
    };
    let urban = param(&p.dibao_urban, "dibao_urban", date)?;
    let factor = param(&p.near_poor_factor, "near_poor_factor", date)?;
    let asset_months = param(&p.asset_limit_months, "asset_limit_months", date)?;
    let ctx = Ctx::new(household, standard.clone(), factor.value, asset_months.value);

    let dibao = ctx.dibao();
    let near_poor = ctx.near_poor();
    let tekun = ctx.tekun(
        &param(&p.tekun_factor, "tekun_factor", date)?,
        &param(&p.tekun_care, "tekun_care", date)?,
    );
    let max_months = param(&p.temp_max_months, "temp_max_months", date)?;
    let temp_emergency = ctx.temp_emergency(&urban, &max_months);
    let temp_expenditure = ctx.temp_expenditure(&urban, &max_months);
    let living = ctx.disability_living(
        &param(&p.disability_living, "disability_living", date)?,
        &dibao,
        &near_poor,
    );
    let care = ctx.disability_care(
        &param(&p.disability_care_grade1, "disability_care_grade1", date)?,
        &param(&p.disability_care_grade2, "disability_care_grade2", date)?,
    );
    let bands = in_force(&p.old_age_bands, date)
        .ok_or_else(|| AssessError::NoParameter { param: "old_age_bands".into(), date })?;
    let old_age = ctx.old_age(bands);
    let child = ctx.child_allowance(
        &param(&p.orphan, "orphan", date)?,
        &param(&p.de_facto_child, "de_facto_child", date)?,
    );
    Ok(Assessment {
        date,
        region: policy.region.clone(),
        members: ctx.n as u32,
        per_capita_income: round2(ctx.per_capita),
        standard,
        results: vec![
            dibao,
            near_poor,
            tekun,
            temp_emergency,
            temp_expenditure,
            living,
            care,
            old_age,
            child,
        ],
    })
}

struct Ctx<'a> {
    h: &'a Household,
    n: f64,
    per_capita: f64,
    standard: Cited,
    factor: f64,
    asset_limit: f64,
}

impl<'a> Ctx<'a> {
    fn new(h: &'a Household, standard: Cited, factor: f64, asset_months: f64) -> Self {
        let n = h.members.len() as f64;
        let total: f64 = h.members.iter().map(Member::dibao_income).sum();
        Ctx {
            h,
            n,
            per_capita: total / n,
            asset_limit: asset_months * standard.value,
            standard,
            factor,
        }
    }

    fn std(&self) -> f64 {
        self.standard.value
    }

    fn upper(&self) -> f64 {
        self.factor * self.std()
    }

    /// Assets within the limits (Social Assistance Interim Measures 2014 art. 9: income and
    /// property both meet the local rules): money assets per person, no car, no second home.
    fn asset_reasons(&self) -> Vec<Reason> {
        let mut r = Vec::new();
        let per_capita_savings = self.h.savings / self.n;
        if per_capita_savings > self.asset_limit {
            r.push(Reason::AssetsOverLimit {
                per_capita_savings: round2(per_capita_savings),
                limit: round2(self.asset_limit),
            });
        }
        if self.h.vehicles > 0 {
            r.push(Reason::OwnsVehicle);
        }
        if self.h.extra_housing {
            r.push(Reason::OwnsExtraHousing);
        }
        r
    }

    /// 低保: per-capita income below the standard and assets within limits; the payment is
    /// the gap times household size. Members of a near-poor household with a severe disability
    /// or grave illness may be assessed as a single-person household (单人户).
    fn dibao(&self) -> ProgrammeResult {
        let assets = self.asset_reasons();
        let example = self.standard.example;
        if self.per_capita < self.std() {
            let amount = (self.std() - self.per_capita) * self.n;
            let mut reasons = vec![Reason::IncomeBelowStandard {
                per_capita: round2(self.per_capita),
                standard: self.standard.clone(),
                members: self.n as u32,
                amount: round2(amount),
            }];
            if assets.is_empty() {
                return result(
                    Programme::Dibao,
                    Eligibility::Likely,
                    monthly(amount),
                    reasons,
                    example,
                );
            }
            reasons.extend(assets);
            return result(Programme::Dibao, Eligibility::Unlikely, None, reasons, example);
        }
        let over_by = self.per_capita - self.std();
        let mut reasons = vec![Reason::IncomeAtOrAboveStandard {
            per_capita: round2(self.per_capita),
            standard: self.standard.clone(),
            over_by: round2(over_by),
        }];
        let near = self.per_capita < self.upper();
        if near {
            reasons.push(Reason::NearMiss { over_by: round2(over_by) });
        }
        if near && assets.is_empty() {
            let mut total = 0.0;
            for (i, m) in self.h.members.iter().enumerate() {
                let qualifies = m.grave_illness || m.disability.is_some_and(|d| d.is_severe());
                let own = m.dibao_income();
                if qualifies && own < self.std() {
                    let amount = self.std() - own;
                    total += amount;
                    reasons.push(Reason::SinglePersonHousehold {
                        member: i,
                        own_income: round2(own),
                        standard: self.std(),
                        amount: round2(amount),
                    });
                }
            }
            if total > 0.0 {
                return result(
                    Programme::Dibao,
                    Eligibility::Maybe,
                    monthly(total),
                    reasons,
                    example,
                );
            }
        }
        reasons.extend(assets);
        result(Programme::Dibao, Eligibility::Unlikely, None, reasons, example)
    }

    /// 低保边缘: per-capita income at or above the standard but under factor x standard
    /// (1.5 nationally, 民政部等 2023《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》),
    /// assets within limits. A status that opens specialised assistance; no cash of its own.
    fn near_poor(&self) -> ProgrammeResult {
        let assets = self.asset_reasons();
        let p = Programme::NearPoor;
        if self.per_capita < self.std() {
            return result(p, Eligibility::Unlikely, None, vec![Reason::BelowNearPoorBand], false);
        }
        if self.per_capita >= self.upper() {
            let r = Reason::AboveNearPoorBand {
                per_capita: round2(self.per_capita),
                upper: round2(self.upper()),
            };
            return result(p, Eligibility::Unlikely, None, vec![r], false);
        }
        let mut reasons = vec![Reason::InNearPoorBand {
            per_capita: round2(self.per_capita),
            standard: self.standard.clone(),
            upper: round2(self.upper()),
            factor: self.factor,
        }];
        if assets.is_empty() {
            result(p, Eligibility::Likely, None, reasons, false)
        } else {
            reasons.extend(assets);
            result(p, Eligibility::Unlikely, None, reasons, false)
        }
    }

    /// 特困 (国发〔2016〕14号): all three of no work capacity (60+, under 16, 16-17 not living on
    /// own earnings, or severe disability), no income (below the 低保 standard; basic pension and
    /// old-age allowance not counted) and no legal supporter able to support. The basic
    /// standard is factor x the 低保 standard (at least 1.3), plus a care allowance for those
    /// who cannot look after themselves.
    fn tekun(&self, factor: &Cited, care: &Cited) -> ProgrammeResult {
        let mut reasons = Vec::new();
        let (mut best, mut total) = (Eligibility::Unlikely, 0.0);
        let basic = factor.value * self.std();
        for (i, m) in self.h.members.iter().enumerate() {
            let severe = m.disability.is_some_and(|d| d.is_severe());
            let no_work = m.age >= 60
                || m.age < 16
                || ((16..=17).contains(&m.age) && !m.own_earnings)
                || severe;
            // Adults who say they cannot work, and students over 18, are for the bureau's
            // appraisal to decide (劳动能力鉴定; 特困 minors keep support while studying).
            let unclear = !no_work && (!m.can_work || (m.student && m.age <= 22));
            let no_income = m.tekun_income() < self.std();
            let no_supporter = !self.h.supporter_able;
            let care_amount = if m.needs_care { care.value } else { 0.0 };
            let amount = basic + care_amount;
            if no_work && no_income && no_supporter {
                best = Eligibility::Likely;
                total += amount;
                reasons.push(Reason::TekunEligible {
                    member: i,
                    basic: round2(basic),
                    factor: factor.value,
                    standard: self.std(),
                    care: care_amount,
                });
            } else if unclear && no_income && no_supporter {
                best = best.max(Eligibility::Maybe);
                total += amount;
                reasons
                    .push(Reason::TekunWorkCapacityUnclear { member: i, amount: round2(amount) });
            } else if (no_work || unclear) as u8 + no_income as u8 + no_supporter as u8 >= 2 {
                reasons.push(Reason::TekunNotAll {
                    member: i,
                    no_work_capacity: no_work,
                    no_income,
                    no_supporter,
                });
            }
        }
        if reasons.is_empty() {
            reasons.push(Reason::NobodyTekun);
        }
        let example = self.standard.example || factor.example || care.example;
        let amount = (best != Eligibility::Unlikely).then(|| monthly(total)).flatten();
        result(Programme::Tekun, best, amount, reasons, example)
    }

    /// One-off temporary assistance: the urban 低保 standard x persons x 1 to `max_months`.
    fn temp_range(&self, urban: &Cited, max_months: &Cited) -> Option<Estimate> {
        let month = urban.value * self.n;
        Some(Estimate { min: month, max: month * max_months.value, period: Period::OneOff })
    }

    /// 临时救助, 急难型 (Social Assistance Interim Measures 2014 ch. 8): a sudden accident, fire
    /// or grave illness leaves the household in temporary hardship.
    fn temp_emergency(&self, urban: &Cited, max_months: &Cited) -> ProgrammeResult {
        let p = Programme::TempEmergency;
        if self.h.emergency == Emergency::None {
            return result(p, Eligibility::Unlikely, None, vec![Reason::NoHardship], false);
        }
        let r = Reason::EmergencyHardship {
            emergency: self.h.emergency,
            standard: urban.value,
            members: self.n as u32,
            max_months: max_months.value,
        };
        result(
            p,
            Eligibility::Likely,
            self.temp_range(urban, max_months),
            vec![r],
            urban.example || max_months.example,
        )
    }

    /// 临时救助, 支出型: rigid medical or school costs push income after those costs below the
    /// 低保 standard.
    fn temp_expenditure(&self, urban: &Cited, max_months: &Cited) -> ProgrammeResult {
        let p = Programme::TempExpenditure;
        let expenses = self.h.medical_monthly + self.h.education_monthly;
        if expenses <= 0.0 {
            return result(p, Eligibility::Unlikely, None, vec![Reason::NoHardship], false);
        }
        let after = self.per_capita - expenses / self.n;
        if after >= self.std() {
            let r =
                Reason::ExpensesNotEnough { per_capita_after: round2(after), standard: self.std() };
            return result(p, Eligibility::Unlikely, None, vec![r], false);
        }
        let already_below = self.per_capita < self.std();
        let r = Reason::ExpenditureHardship {
            per_capita_after: round2(after),
            expenses: round2(expenses),
            standard: self.std(),
            already_below,
        };
        // Already under the line: 低保 comes first; temporary help may top it up.
        let e = if already_below { Eligibility::Maybe } else { Eligibility::Likely };
        result(
            p,
            e,
            self.temp_range(urban, max_months),
            vec![r],
            urban.example || max_months.example,
        )
    }

    /// 困难残疾人生活补贴 (国发〔2015〕52号): disabled people in 低保 households. Many provinces
    /// extend it to near-poor households, hence "maybe" there.
    fn disability_living(
        &self,
        subsidy: &Cited,
        dibao: &ProgrammeResult,
        near: &ProgrammeResult,
    ) -> ProgrammeResult {
        let p = Programme::DisabilityLiving;
        let disabled: Vec<usize> =
            (0..self.h.members.len()).filter(|&i| self.h.members[i].disability.is_some()).collect();
        if disabled.is_empty() {
            return result(p, Eligibility::Unlikely, None, vec![Reason::NoDisabledMember], false);
        }
        let single: Vec<usize> = dibao
            .reasons
            .iter()
            .filter_map(|r| match r {
                Reason::SinglePersonHousehold { member, .. } => Some(*member),
                _ => None,
            })
            .collect();
        let (e, members): (Eligibility, Vec<usize>) = if dibao.eligibility == Eligibility::Likely {
            (Eligibility::Likely, disabled)
        } else if !single.is_empty() && disabled.iter().any(|i| single.contains(i)) {
            (Eligibility::Maybe, disabled.into_iter().filter(|i| single.contains(i)).collect())
        } else if near.eligibility == Eligibility::Likely {
            (Eligibility::Maybe, disabled)
        } else {
            return result(p, Eligibility::Unlikely, None, vec![Reason::DisabledNotInDibao], false);
        };
        let reasons = members
            .iter()
            .map(|&member| {
                if e == Eligibility::Likely {
                    Reason::DisabledInDibaoHousehold { member, monthly: subsidy.value }
                } else {
                    Reason::DisabledNearPoor { member, monthly: subsidy.value }
                }
            })
            .collect();
        result(p, e, monthly(subsidy.value * members.len() as f64), reasons, subsidy.example)
    }

    /// 重度残疾人护理补贴 (国发〔2015〕52号): grade 1-2 disability needing care for 6 months or more.
    fn disability_care(&self, grade1: &Cited, grade2: &Cited) -> ProgrammeResult {
        let p = Programme::DisabilityCare;
        let mut reasons = Vec::new();
        let (mut total, mut any, mut example) = (0.0, false, false);
        for (i, m) in self.h.members.iter().enumerate() {
            let Some(d) = m.disability.filter(|d| d.grade <= 2) else {
                continue;
            };
            if m.needs_care {
                let c = if d.grade == 1 { grade1 } else { grade2 };
                total += c.value;
                any = true;
                example |= c.example;
                reasons.push(Reason::SevereDisabilityCare {
                    member: i,
                    grade: d.grade,
                    monthly: c.value,
                });
            } else {
                reasons.push(Reason::SevereDisabilityNoCareNeed { member: i });
            }
        }
        if any {
            result(p, Eligibility::Likely, monthly(total), reasons, example)
        } else {
            if reasons.is_empty() {
                reasons.push(Reason::NoSevereDisability);
            }
            result(p, Eligibility::Unlikely, None, reasons, false)
        }
    }

    /// 高龄津贴 / 老年综合津贴: a monthly allowance by age band.
    fn old_age(&self, bands: &Dated<Vec<super::policy::AgeBand>>) -> ProgrammeResult {
        let p = Programme::OldAge;
        let mut reasons = Vec::new();
        let mut total = 0.0;
        for (i, m) in self.h.members.iter().enumerate() {
            let band = bands.value.iter().filter(|b| b.min_age <= m.age).max_by_key(|b| b.min_age);
            if let Some(b) = band {
                total += b.monthly;
                reasons.push(Reason::OldAgeBand { member: i, age: m.age, monthly: b.monthly });
            }
        }
        if reasons.is_empty() {
            let min_age = bands.value.iter().map(|b| b.min_age).min().unwrap_or(0);
            return result(
                p,
                Eligibility::Unlikely,
                None,
                vec![Reason::NoOneInAgeBand { min_age }],
                false,
            );
        }
        result(p, Eligibility::Likely, monthly(total), reasons, bands.example)
    }

    /// 孤儿基本生活费 (国办发〔2010〕54号) and 事实无人抚养儿童基本生活补贴 (民发〔2019〕62号):
    /// children under 18.
    fn child_allowance(&self, orphan: &Cited, de_facto: &Cited) -> ProgrammeResult {
        let p = Programme::ChildAllowance;
        let mut reasons = Vec::new();
        let (mut total, mut example) = (0.0, false);
        for (i, m) in self.h.members.iter().enumerate() {
            let c = match m.child_status {
                ChildStatus::None => continue,
                ChildStatus::Orphan => orphan,
                ChildStatus::DeFacto => de_facto,
            };
            total += c.value;
            example |= c.example;
            reasons.push(Reason::ChildAllowance {
                member: i,
                status: m.child_status,
                monthly: c.value,
            });
        }
        if reasons.is_empty() {
            return result(p, Eligibility::Unlikely, None, vec![Reason::NoQualifyingChild], false);
        }
        result(p, Eligibility::Likely, monthly(total), reasons, example)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benefits::model::{Disability, DisabilityKind, Relation};
    use proptest::prelude::*;

    fn tianmen() -> Policy {
        toml::from_str(include_str!("../../../../policies/hubei-tianmen.toml")).unwrap()
    }

    fn arb_member() -> impl Strategy<Value = Member> {
        (
            (0u32..130, proptest::option::of((0usize..7, 0u8..6)), any::<bool>(), any::<bool>()),
            (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..3),
            (
                -10.0f64..3000.0,
                -10.0f64..3000.0,
                0.0f64..500.0,
                prop_oneof![Just(f64::NAN), -10.0f64..2e6],
            ),
        )
            .prop_map(
                |((age, dis, ill, work), (student, own, care, cs), (w, p, oa, other))| {
                    let kinds = DisabilityKind::ALL;
                    Member {
                        relation: Relation::Other,
                        age,
                        disability: dis.map(|(k, grade)| Disability { kind: kinds[k], grade }),
                        grave_illness: ill,
                        can_work: work,
                        student,
                        own_earnings: own,
                        needs_care: care,
                        child_status: [
                            ChildStatus::None,
                            ChildStatus::Orphan,
                            ChildStatus::DeFacto,
                        ][cs as usize],
                        wages: w,
                        pension: p,
                        old_age_allowance: oa,
                        other_income: other,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Any household, valid or not, gives a result or a typed error; never a panic, and
        /// never a negative or non-finite amount.
        #[test]
        fn never_panics_and_amounts_are_sane(
            members in proptest::collection::vec(arb_member(), 0..8),
            savings in -100.0f64..100_000.0,
            vehicles in 0u32..3,
            medical in -10.0f64..5000.0,
            rural in any::<bool>(),
            year in 2010i32..2030,
        ) {
            let h = Household {
                hukou: if rural { Hukou::Rural } else { Hukou::Urban },
                members,
                savings,
                vehicles,
                medical_monthly: medical,
                ..Default::default()
            };
            let date = Date::new(year, 6, 1).unwrap();
            if let Ok(a) = assess(&h, &tianmen(), date) {
                prop_assert_eq!(a.results.len(), Programme::ALL.len());
                for r in &a.results {
                    if let Some(e) = r.amount {
                        prop_assert!(e.min.is_finite() && e.min >= 0.0 && e.max >= e.min, "{:?}", r);
                    }
                    prop_assert_eq!(r.amount.is_some() && r.eligibility == Eligibility::Unlikely, false);
                }
                let d = a.result(Programme::Dibao);
                if let (Eligibility::Likely, Some(e)) = (d.eligibility, d.amount) {
                    prop_assert!(e.min <= a.standard.value * a.members as f64 + 0.01);
                }
            }
        }
    }
}
