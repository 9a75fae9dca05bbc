//! Charity lookup (慈善查询): the register's types as the browser and the server exchange them,
//! the query types the app sends, and (in the submodules) the rules that need no database:
//! disclosure deadlines and the trust summary (`rules`), query classification and pinyin
//! matching (`search`), and validation of what staff enter (`input`).
//!
//! Sources: Charity Law of the PRC (2016, revised 2023) art. 22-23 (public-fundraising
//! qualification), art. 71-79 (information disclosure); MCA 《慈善组织信息公开办法》 (revised,
//! in force 2026-01-01); assessment grades 1A-5A are valid five years (MCA Order 39, art. 26).

pub mod import;
pub mod import_job;
pub mod input;
pub mod rules;
pub mod search;
pub mod shop_import;

use crate::ids::Date;
use serde::{Deserialize, Serialize};

pub use import::{ImportIssue, ImportLineError, ImportReport};
pub use import_job::{ImportJob, ImportKind, ImportState};
pub use input::{CharityInput, ReviewFlag};
pub use rules::{CampaignState, ReportStatus, TrustSummary, Verdict, Warning};
pub use search::{CodeHint, QueryKind, SearchQuery, ShopQuery, SortOrder};

/// Longest name, address or free text the register keeps (characters).
pub const MAX_TEXT: usize = 200;
/// Longest search box entry (characters); longer queries are refused with a 400.
pub const MAX_QUERY: usize = 100;
/// Results per page; the page number is capped so `OFFSET` stays small.
pub const PAGE_SIZE: u32 = 20;
pub const MAX_PAGE: u32 = 500;

/// 组织形式: the three legal forms a charity may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgForm {
    /// 基金会 (credit codes 53...)
    Foundation,
    /// 社会团体 (51...)
    Association,
    /// 社会服务机构, formerly 民办非企业单位 (52...)
    SocialService,
}

impl OrgForm {
    pub const ALL: [OrgForm; 3] =
        [OrgForm::Foundation, OrgForm::Association, OrgForm::SocialService];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgForm::Foundation => "foundation",
            OrgForm::Association => "association",
            OrgForm::SocialService => "social_service",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            OrgForm::Foundation => "基金会",
            OrgForm::Association => "社会团体",
            OrgForm::SocialService => "社会服务机构",
        }
    }

    /// The second character of a civil-affairs credit code for this form.
    pub fn code_digit(self) -> u8 {
        match self {
            OrgForm::Association => b'1',
            OrgForm::SocialService => b'2',
            OrgForm::Foundation => b'3',
        }
    }

    /// From the wire name or the Chinese name (CSV imports use Chinese; 民办非企业单位 too).
    pub fn parse(s: &str) -> Option<OrgForm> {
        let s = s.trim();
        if s == "民办非企业单位" {
            return Some(OrgForm::SocialService);
        }
        OrgForm::ALL.into_iter().find(|f| f.as_str() == s || f.zh() == s)
    }
}

/// 慈善活动领域 (Charity Law art. 3), as the register records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 扶贫济困
    PovertyRelief,
    /// 扶老
    Elderly,
    /// 助残
    Disability,
    /// 救孤
    Orphans,
    /// 助学
    Education,
    /// 助医
    Medical,
    /// 赈灾
    Disaster,
    /// 环保
    Environment,
    /// 文化
    Culture,
    /// 其他
    Other,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::PovertyRelief,
        Field::Elderly,
        Field::Disability,
        Field::Orphans,
        Field::Education,
        Field::Medical,
        Field::Disaster,
        Field::Environment,
        Field::Culture,
        Field::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::PovertyRelief => "poverty_relief",
            Field::Elderly => "elderly",
            Field::Disability => "disability",
            Field::Orphans => "orphans",
            Field::Education => "education",
            Field::Medical => "medical",
            Field::Disaster => "disaster",
            Field::Environment => "environment",
            Field::Culture => "culture",
            Field::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Field::PovertyRelief => "扶贫济困",
            Field::Elderly => "扶老",
            Field::Disability => "助残",
            Field::Orphans => "救孤",
            Field::Education => "助学",
            Field::Medical => "助医",
            Field::Disaster => "赈灾",
            Field::Environment => "环保",
            Field::Culture => "文化",
            Field::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        let s = s.trim();
        Field::ALL.into_iter().find(|f| f.as_str() == s || f.zh() == s)
    }
}

/// Registration status. Revoked (撤销登记) and dissolved (注销) organisations may not raise funds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgStatus {
    Active,
    Revoked,
    Dissolved,
}

impl OrgStatus {
    pub const ALL: [OrgStatus; 3] = [OrgStatus::Active, OrgStatus::Revoked, OrgStatus::Dissolved];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Active => "active",
            OrgStatus::Revoked => "revoked",
            OrgStatus::Dissolved => "dissolved",
        }
    }

    pub fn parse(s: &str) -> Option<OrgStatus> {
        match s.trim() {
            "正常" | "存续" => Some(OrgStatus::Active),
            "撤销" | "撤销登记" => Some(OrgStatus::Revoked),
            "注销" => Some(OrgStatus::Dissolved),
            s => OrgStatus::ALL.into_iter().find(|x| x.as_str() == s),
        }
    }
}

/// 评估等级 1A-5A (on the wire `a1` ... `a5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    A1,
    A2,
    A3,
    A4,
    A5,
}

impl Grade {
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_level(n: i64) -> Option<Grade> {
        [Grade::A1, Grade::A2, Grade::A3, Grade::A4, Grade::A5]
            .get(usize::try_from(n - 1).ok()?)
            .copied()
    }

    /// "3A", as printed on the plaque.
    pub fn label(self) -> String {
        format!("{}A", self.level())
    }

    /// `3A`, `3a`, `AAA` or `a3`.
    pub fn parse(s: &str) -> Option<Grade> {
        let s = s.trim().to_ascii_uppercase();
        let n = match s.as_bytes() {
            [d @ b'1'..=b'5', b'A'] | [b'A', d @ b'1'..=b'5'] => i64::from(d - b'0'),
            b if !b.is_empty() && b.len() <= 5 && b.iter().all(|&c| c == b'A') => b.len() as i64,
            _ => return None,
        };
        Grade::from_level(n)
    }
}

/// A published annual work and financial report (年度工作报告和财务会计报告).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnualReport {
    pub year: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published_on: Date,
    /// Where it is published (慈善中国 or the organisation's site); may be empty.
    #[serde(default)]
    pub url: String,
}

/// A filed (备案) public fundraising campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    pub name: String,
    /// 备案编号, upper-case letters and digits.
    pub filing_number: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    /// The online fundraising platform or the place of the collection.
    #[serde(default)]
    pub platform: String,
    /// The latest progress disclosure, if any.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_disclosed_on: Option<Date>,
    /// The full disclosure after the end, if published.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub final_disclosed_on: Option<Date>,
}

/// `GET /api/charities/{credit_code}`: everything the register holds on one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Charity {
    pub credit_code: String,
    pub name: String,
    pub former_names: Vec<String>,
    pub form: OrgForm,
    /// 登记管理机关, e.g. 天门市民政局.
    pub registration_authority: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub registered_on: Date,
    /// 认定为慈善组织的日期.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub recognised_on: Option<Date>,
    pub fields: Vec<Field>,
    /// Region codes (as in `/api/regions`) the organisation serves.
    pub districts: Vec<String>,
    /// 公开募捐资格: the day it was granted, if it holds one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub public_fundraising_since: Option<Date>,
    pub grade: Option<Grade>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub grade_awarded_on: Option<Date>,
    pub status: OrgStatus,
    /// When the status last changed (revocation or dissolution day).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub status_on: Option<Date>,
    pub reports: Vec<AnnualReport>,
    pub campaigns: Vec<Campaign>,
    pub phone: String,
    pub address: String,
    pub website: String,
    /// Why staff should look at the entry again (the credit code's check, its prefix).
    pub review_flags: Vec<ReviewFlag>,
    /// Demo data, not the bureau's register.
    pub demo: bool,
}

/// The trust card: the organisation and what it means for a donor today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustCard {
    pub charity: Charity,
    pub summary: TrustSummary,
}

/// One line of a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CharitySummary {
    pub credit_code: String,
    pub name: String,
    pub form: OrgForm,
    pub status: OrgStatus,
    pub fields: Vec<Field>,
    pub districts: Vec<String>,
    pub may_fundraise: bool,
    pub grade: Option<Grade>,
    pub grade_current: bool,
    pub verdict: Verdict,
    pub demo: bool,
}

/// `GET /api/charities`: a page of matches and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResult {
    pub items: Vec<CharitySummary>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    /// How the query was read (name, pinyin, credit code, filing number).
    pub kind: QueryKind,
    /// For a credit code that is not on the register: whether its check character is right,
    /// and registered codes one character away.
    pub code_hint: Option<CodeHint>,
    /// For a filing number: the filed campaign it names.
    pub campaign: Option<CampaignCheck>,
}

/// `GET /api/charity-campaigns/{filing_number}`: is this fundraising appeal filed, by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignCheck {
    pub campaign: Campaign,
    pub state: CampaignState,
    /// The last day of a required disclosure that was missed, if any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub disclosure_overdue_since: Option<Date>,
    pub charity: CharitySummary,
}

/// 慈善超市 or 经常性社会捐助点.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShopKind {
    CharityShop,
    DonationPoint,
}

impl ShopKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ShopKind::CharityShop => "charity_shop",
            ShopKind::DonationPoint => "donation_point",
        }
    }

    pub fn parse(s: &str) -> Option<ShopKind> {
        [ShopKind::CharityShop, ShopKind::DonationPoint].into_iter().find(|k| k.as_str() == s)
    }
}

/// One opening period: ISO weekday (1 Monday ... 7 Sunday), minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opening {
    pub weekday: u8,
    pub open_min: u16,
    pub close_min: u16,
}

/// `GET /api/charity-shops`: a charity shop or donation point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CharityShop {
    pub id: i64,
    pub kind: ShopKind,
    pub name: String,
    pub district: String,
    pub address: String,
    pub phone: String,
    /// When donations are received.
    pub hours_receive: Vec<Opening>,
    /// When help is given out (may differ from receiving).
    pub hours_give: Vec<Opening>,
    /// What it accepts (clothes, food, books ...).
    pub accepts: String,
    /// Who may receive help there.
    pub eligibility: String,
    /// Coordinates for sorting by distance on the phone (WGS 84), if known.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// Open for donations or giving out at the server's current local time.
    pub open_now: bool,
    pub demo: bool,
}

/// Great-circle distance in kilometres between two WGS 84 points (haversine; the earth as a
/// sphere of radius 6371 km is close enough to sort places by distance). The app computes it
/// on the phone, so the resident's position never leaves it.
pub fn distance_km(from: (f64, f64), to: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) =
        (from.0.to_radians(), from.1.to_radians(), to.0.to_radians(), to.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Parses `YYYY-MM-DD`, also `YYYY/MM/DD` and `YYYY.MM.DD` as spreadsheets write them.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() > 10 {
        return None;
    }
    Date::parse(&s.replace(['/', '.'], "-"))
}

/// What the tests of `import` and `input` share: codes and one organisation's CSV line.
#[cfg(test)]
pub(crate) mod test_lines {
    use crate::ids::credit_code_check_character;

    /// `prefix` (17 characters) with its GB 32100 check character.
    pub fn code(prefix: &str) -> String {
        format!("{prefix}{}", credit_code_check_character(prefix).unwrap())
    }

    /// An organisation line in the columns of `import::CSV_COLUMNS`.
    pub fn line(code: &str) -> Vec<String> {
        let v = [
            code,
            "天门市慈善总会",
            "天门市慈善会",
            "社会团体",
            "天门市民政局",
            "2003-05-12",
            "2017/09/01",
            "扶贫济困;扶老",
            "hubei-tianmen",
            "2017-09-01",
            "4A",
            "2022-06-30",
            "正常",
            "",
            "0728-0000000",
            "天门市示例路 9 号",
            "",
        ];
        v.iter().map(|s| s.to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn distances_are_great_circle_kilometres() {
        let d = super::distance_km((30.0, 113.0), (31.0, 113.0));
        assert!((d - 111.19).abs() < 0.1, "{d}");
        assert_eq!(super::distance_km((31.2, 121.4), (31.2, 121.4)), 0.0);
        // Shanghai to Kunming: about 1,950 km.
        let far = super::distance_km((31.23, 121.47), (25.04, 102.71));
        assert!((1900.0..2000.0).contains(&far), "{far}");
    }
}
