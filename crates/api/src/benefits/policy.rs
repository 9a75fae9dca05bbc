//! A region's benefit parameters: every value dated (in force from) and cited (document,
//! article, URL). The server reads them from `policies/<region>.toml` and serves them as JSON;
//! the engine uses the value in force on the assessment date. A value nobody could source is
//! marked `example = true`, and the app says so beside any result that uses it.

use crate::ids::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dated<T> {
    pub value: T,
    /// In force from this date (inclusive) until the next entry's date.
    pub from: Date,
    /// Document, article, URL.
    pub source: String,
    /// True for a placeholder figure that could not be sourced.
    #[serde(default)]
    pub example: bool,
}

/// An old-age allowance band: from `min_age` (inclusive) up to the next band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AgeBand {
    pub min_age: u32,
    pub monthly: f64,
}

/// All parameters, each a dated list (any order; the engine picks the one in force).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// 城市低保标准, yuan per person per month.
    pub dibao_urban: Vec<Dated<f64>>,
    /// 农村低保标准, yuan per person per month.
    pub dibao_rural: Vec<Dated<f64>>,
    /// 低保边缘: per-capita income under this multiple of the standard.
    pub near_poor_factor: Vec<Dated<f64>>,
    /// Money assets per person allowed, in months of the 低保 standard.
    pub asset_limit_months: Vec<Dated<f64>>,
    /// 特困 basic living standard as a multiple of the 低保 standard (at least 1.3).
    pub tekun_factor: Vec<Dated<f64>>,
    /// 特困 care allowance for someone who cannot look after themselves, yuan a month.
    pub tekun_care: Vec<Dated<f64>>,
    /// 临时救助: at most this many months of the urban standard per person.
    pub temp_max_months: Vec<Dated<f64>>,
    /// 困难残疾人生活补贴, yuan a month.
    pub disability_living: Vec<Dated<f64>>,
    /// 重度残疾人护理补贴 for grade 1 and grade 2, yuan a month.
    pub disability_care_grade1: Vec<Dated<f64>>,
    pub disability_care_grade2: Vec<Dated<f64>>,
    /// 高龄津贴 / 老年综合津贴 bands.
    pub old_age_bands: Vec<Dated<Vec<AgeBand>>>,
    /// 孤儿基本生活费 (living with relatives / in the community), yuan a month.
    pub orphan: Vec<Dated<f64>>,
    /// 事实无人抚养儿童基本生活补贴, yuan a month.
    pub de_facto_child: Vec<Dated<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Region code, e.g. `hubei-tianmen` (as in `/api/regions`).
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub params: Params,
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

/// A parameter value as used in a result: the number and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cited {
    pub value: f64,
    pub from: Date,
    pub source: String,
    pub example: bool,
}

/// The entry in force on `date`: the latest `from` on or before it.
pub fn in_force<T>(list: &[Dated<T>], date: Date) -> Option<&Dated<T>> {
    list.iter().filter(|d| d.from <= date).max_by_key(|d| d.from)
}

impl Dated<f64> {
    pub fn cited(&self) -> Cited {
        Cited {
            value: self.value,
            from: self.from,
            source: self.source.clone(),
            example: self.example,
        }
    }
}
