//! A region's benefit parameters: every value dated (in force from) and cited (document,
//! article, URL). The server reads them from `policies/<region>.toml` and serves them as JSON;
//! the engine uses the value in force on the assessment date. A value nobody could source is
//! marked `example = true`, and the app says so beside any result that uses it.
//!
//! Money is `Fen`: in the TOML files a yuan amount is written as a decimal string ("316.67"),
//! parsed exactly. Multiples are whole percentages (150 = 1.5 ×), never floating point.

use super::money::Fen;
use crate::ids::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dated<T> {
    pub value: T,
    /// In force from this date (inclusive) until the next entry's date.
    pub from: Date,
    /// Issuing body, document, article, date, URL.
    pub source: String,
    /// True for a placeholder figure that could not be sourced.
    #[serde(default)]
    pub example: bool,
}

/// An old-age allowance band: from `min_age` (inclusive) up to the next band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBand {
    pub min_age: u32,
    pub monthly: Fen,
}

/// How a derived standard (the 特困 basic living standard) is set: a whole percentage of the
/// urban or the rural 低保 standard, or a figure of its own. Anning: 130% of the urban standard
/// for everyone; Tianmen: 200% of the urban standard in towns, its own figure in the country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "base", rename_all = "snake_case")]
pub enum Derived {
    Urban { percent: u32 },
    Rural { percent: u32 },
    Own { amount: Fen },
}

/// Every parameter by name, so results say which figure they used or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Param {
    DibaoUrban,
    DibaoRural,
    NearPoorPercent,
    AssetLimitMonths,
    TekunUrban,
    TekunRural,
    TekunCareFull,
    TekunCarePartial,
    TekunCareNone,
    TempMaxMonths,
    DisabilityLiving,
    DisabilityCareGrade1,
    DisabilityCareGrade2,
    OldAgeBands,
    Orphan,
    DeFactoChild,
    MedicalPercentCore,
    MedicalPercentNearPoor,
    MedicalCapYearly,
    ChildHardship,
    ElderAgeDibao,
    ElderAgeNearPoor,
    ElderAged,
    ElderDisabled,
    TekunStudentAge,
}

/// All parameters, each a dated list (any order; the engine picks the one in force).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// 城市低保标准 per person per month.
    pub dibao_urban: Vec<Dated<Fen>>,
    /// 农村低保标准 per person per month.
    pub dibao_rural: Vec<Dated<Fen>>,
    /// 低保边缘: per-capita income under this percentage of the standard (150 nationally).
    pub near_poor_percent: Vec<Dated<u32>>,
    /// Money assets per person allowed, in months of the 低保 standard (at most this).
    pub asset_limit_months: Vec<Dated<u32>>,
    /// 特困 basic living standard for urban and rural registration, and what it is based on.
    pub tekun_urban: Vec<Dated<Derived>>,
    pub tekun_rural: Vec<Dated<Derived>>,
    /// 特困 care allowance (照料护理标准) on top of the basic standard, per month, by ability
    /// to look after oneself: fully able, partly unable, fully unable.
    pub tekun_care_full: Vec<Dated<Fen>>,
    pub tekun_care_partial: Vec<Dated<Fen>>,
    pub tekun_care_none: Vec<Dated<Fen>>,
    /// 临时救助: at most this many months of the urban standard per person.
    pub temp_max_months: Vec<Dated<u32>>,
    /// 困难残疾人生活补贴 per month.
    pub disability_living: Vec<Dated<Fen>>,
    /// 重度残疾人护理补贴 for grade 1 and grade 2, per month.
    pub disability_care_grade1: Vec<Dated<Fen>>,
    pub disability_care_grade2: Vec<Dated<Fen>>,
    /// 高龄津贴 / 老年综合津贴 bands.
    pub old_age_bands: Vec<Dated<Vec<AgeBand>>>,
    /// 孤儿基本生活费 (living with relatives / in the community) per month.
    pub orphan: Vec<Dated<Fen>>,
    /// 事实无人抚养儿童基本生活补贴 per month.
    pub de_facto_child: Vec<Dated<Fen>>,
    /// 医疗救助: share (whole percent) of the out-of-pocket costs within the insurance
    /// scope, after basic and serious-illness insurance, for 特困 persons and 低保 members
    /// (重点救助对象) and for members of 低保边缘 households; at most the yearly cap.
    #[serde(default)]
    pub medical_percent_core: Vec<Dated<u32>>,
    #[serde(default)]
    pub medical_percent_near_poor: Vec<Dated<u32>>,
    #[serde(default)]
    pub medical_cap_yearly: Vec<Dated<Fen>>,
    /// 困境儿童基本生活补贴 per month: a child with a severe disability or grave illness in a
    /// 低保, 特困 or 低保边缘 household (classified protection beyond orphans and children
    /// without de-facto carers).
    #[serde(default)]
    pub child_hardship: Vec<Dated<Fen>>,
    /// The allowance for financially poor elders who are very old or cannot look after
    /// themselves (Anning: 经济困难的高龄、失能老年人补贴; Tianmen: 三类老年人养老服务补助):
    /// from which age a 低保 or 特困 elder, and a 低保边缘 elder, qualifies by age alone ...
    #[serde(default)]
    pub elder_age_dibao: Vec<Dated<u32>>,
    #[serde(default)]
    pub elder_age_near_poor: Vec<Dated<u32>>,
    /// ... the monthly amount for age, and for an elder (60+) who cannot fully look after
    /// themselves (失能 or 半失能); one person gets the larger.
    #[serde(default)]
    pub elder_aged: Vec<Dated<Fen>>,
    #[serde(default)]
    pub elder_disabled: Vec<Dated<Fen>>,
    /// 特困: from this age, a person covered as a minor who is still in compulsory education
    /// or at a senior high or secondary vocational school keeps 特困 (Anning plan 三(二)3: "年满
    /// 18周岁仍在接受义务教育的或者在普通高中、中等职业学校就读的，可继续享有救助供养待遇").
    /// The answers cannot tell senior high from university, so such a student is 'maybe'.
    /// Absent where the region's document has no such rule (the age limit of the closed list
    /// stands); so not serialised when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tekun_student_age: Vec<Dated<u32>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Region code, e.g. `hubei-tianmen` (as in `/api/regions`).
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub params: Params,
    /// Where residents apply (一门受理): the district's community affairs service centres.
    #[serde(default)]
    pub offices: Vec<ApplyOffice>,
}

/// A 社区事务受理服务中心 (or the street office's social-assistance window) where a
/// household applies; address and hours are data, and invented ones are marked demo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyOffice {
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub hours_zh: String,
    pub hours_en: String,
    pub phone: String,
    /// Made up for the demo: not the real office.
    #[serde(default)]
    pub demo: bool,
}

/// `GET /api/policies`: which policies exist and where their current version is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyIndexEntry {
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    /// Content hash; the policy's URL changes when its content does, so it can be cached.
    pub version: String,
    pub url: String,
}

/// A figure's value as shown beside a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum FigureValue {
    Money(Fen),
    /// A percentage or a number of months, as the parameter says.
    Number(u32),
    Derived(Derived),
    Bands(Vec<AgeBand>),
}

/// A parameter value as used in a result: which figure, its value and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cited {
    pub param: Param,
    pub value: FigureValue,
    pub from: Date,
    pub source: String,
    pub example: bool,
}

/// The entry in force on `date`: the latest `from` on or before it.
pub fn in_force<T>(list: &[Dated<T>], date: Date) -> Option<&Dated<T>> {
    list.iter().filter(|d| d.from <= date).max_by_key(|d| d.from)
}

impl<T: Clone> Dated<T> {
    pub fn cited(&self, param: Param, value: impl FnOnce(T) -> FigureValue) -> Cited {
        Cited {
            param,
            value: value(self.value.clone()),
            from: self.from,
            source: self.source.clone(),
            example: self.example,
        }
    }
}

impl Cited {
    /// In force for more than 18 months on `today`: may be out of date (standards change
    /// yearly), and the app says so.
    pub fn may_be_stale(&self, today: Date) -> bool {
        let months = (today.year - self.from.year) * 12 + i32::from(today.month)
            - i32::from(self.from.month)
            - i32::from(today.day < self.from.day);
        months > 18
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(from: Date) -> Cited {
        Cited {
            param: Param::DibaoUrban,
            value: FigureValue::Money(Fen::yuan(480)),
            from,
            source: "test".into(),
            example: false,
        }
    }

    #[test]
    fn a_figure_is_stale_after_eighteen_full_months() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let c = cited(d(2024, 7, 1));
        assert!(!c.may_be_stale(d(2025, 12, 31)), "17 months");
        assert!(!c.may_be_stale(d(2026, 1, 1)), "exactly 18 months");
        assert!(!c.may_be_stale(d(2026, 1, 31)), "18 months and a bit");
        assert!(c.may_be_stale(d(2026, 2, 1)), "19 months");
        assert!(!cited(d(2026, 11, 1)).may_be_stale(d(2026, 11, 25)));
    }

    #[test]
    fn the_value_in_force_is_the_latest_on_or_before_the_date() {
        let e = |y, v| Dated {
            value: Fen::yuan(v),
            from: Date::new(y, 7, 1).unwrap(),
            source: String::new(),
            example: false,
        };
        let list = [e(2024, 1510), e(2023, 1420)];
        let on = |y, m, d| in_force(&list, Date::new(y, m, d).unwrap()).map(|d| d.value);
        assert_eq!(on(2023, 6, 30), None);
        assert_eq!(on(2023, 7, 1), Some(Fen::yuan(1420)));
        assert_eq!(on(2024, 6, 30), Some(Fen::yuan(1420)));
        assert_eq!(on(2024, 7, 1), Some(Fen::yuan(1510)));
    }
}
