//! The search box: what a query is (a name, pinyin, a credit code or a filing number), the
//! query-string types the app sends, and pinyin matching against the syllables the server
//! stored when the organisation was saved (the browser never ships pinyin tables).

use super::{Field, MAX_PAGE, MAX_QUERY, OrgForm, ShopKind};
use crate::ids::{CreditCode, USCC_ALPHABET, credit_code_check_character};
use crate::{FieldCode, FieldError};
use serde::{Deserialize, Serialize};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// By name (the default).
    #[default]
    Name,
    /// Highest grade first.
    Grade,
    /// Most recently registered first.
    Newest,
}

impl SortOrder {
    pub const ALL: [SortOrder; 3] = [SortOrder::Name, SortOrder::Grade, SortOrder::Newest];

    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Name => "name",
            SortOrder::Grade => "grade",
            SortOrder::Newest => "newest",
        }
    }

    pub fn parse(s: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// `GET /api/charities?q=&field=&district=&form=&fundraising=&grade=&active=&sort=&page=`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// Name (Chinese substring), pinyin (full, initials or mixed), credit code or filing number.
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub field: Option<Field>,
    /// A region code from `/api/regions`.
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub form: Option<OrgForm>,
    /// Only organisations that may (true) or may not (false) fundraise from the public.
    #[serde(default)]
    pub fundraising: Option<bool>,
    /// Current grade at least this many A (1-5).
    #[serde(default)]
    pub grade: Option<u8>,
    /// Only active organisations.
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub sort: Option<SortOrder>,
    /// 1-based page number (at most 500).
    #[serde(default)]
    pub page: Option<u32>,
}

/// `GET /api/charity-shops?district=&kind=&open_now=`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ShopQuery {
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub kind: Option<ShopKind>,
    /// Only places open now (city local time).
    #[serde(default)]
    pub open_now: Option<bool>,
}

/// A region code: lower-case letters, digits and hyphens, 1-40 characters.
pub fn valid_district(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn err(field: &str, code: FieldCode) -> FieldError {
    FieldError { field: field.into(), code }
}

impl SearchQuery {
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    /// Every problem with the parameters (enum values are checked when they are parsed).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.q.as_deref().is_some_and(|q| q.chars().count() > MAX_QUERY) {
            errors.push(err("q", FieldCode::TooLong));
        }
        if self.district.as_deref().is_some_and(|d| !valid_district(d)) {
            errors.push(err("district", FieldCode::BadDistrict));
        }
        if self.grade.is_some_and(|g| !(1..=5).contains(&g)) {
            errors.push(err("grade", FieldCode::OutOfRange));
        }
        if self.page.is_some_and(|p| p == 0 || p > MAX_PAGE) {
            errors.push(err("page", FieldCode::OutOfRange));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The query string for this search (for shareable URLs in the app).
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push = |k: &str, v: String| parts.push(format!("{k}={}", encode(&v)));
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            push("q", q.trim().to_owned());
        }
        if let Some(f) = self.field {
            push("field", f.as_str().into());
        }
        if let Some(d) = &self.district {
            push("district", d.clone());
        }
        if let Some(f) = self.form {
            push("form", f.as_str().into());
        }
        if let Some(b) = self.fundraising {
            push("fundraising", b.to_string());
        }
        if let Some(g) = self.grade {
            push("grade", g.to_string());
        }
        if let Some(b) = self.active {
            push("active", b.to_string());
        }
        if let Some(o) = self.sort.filter(|o| *o != SortOrder::Name) {
            push("sort", o.as_str().into());
        }
        if let Some(p) = self.page.filter(|p| *p > 1) {
            push("page", p.to_string());
        }
        parts.join("&")
    }
}

impl ShopQuery {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        match self.district.as_deref() {
            Some(d) if !valid_district(d) => Err(vec![err("district", FieldCode::BadDistrict)]),
            _ => Ok(()),
        }
    }
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What the search box holds, after dropping spaces (ASCII and full-width) and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum QueryKind {
    /// Nothing typed: list by the filters alone.
    Empty,
    /// Chinese (or mixed) text, matched as a substring of the name or a former name.
    Name(String),
    /// Latin letters only: pinyin in full, by initials or mixed (lower-case).
    Pinyin(String),
    /// 18 characters of the credit-code alphabet with a digit (upper-case).
    CreditCode(String),
    /// Letters and digits that are not a credit code: a campaign's filing number (upper-case).
    FilingNumber(String),
}

pub fn classify(q: &str) -> QueryKind {
    let s: String =
        q.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{3000}')).collect();
    if s.is_empty() {
        return QueryKind::Empty;
    }
    if !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return QueryKind::Name(s);
    }
    let upper = s.to_ascii_uppercase();
    let has_digit = s.chars().any(|c| c.is_ascii_digit());
    if has_digit && upper.len() == 18 && upper.chars().all(|c| USCC_ALPHABET.contains(c)) {
        QueryKind::CreditCode(upper)
    } else if has_digit {
        QueryKind::FilingNumber(upper)
    } else {
        QueryKind::Pinyin(s.to_ascii_lowercase())
    }
}

/// Whether `query` (lower-case Latin letters) spells consecutive syllables of a name, each by
/// a non-empty prefix: `cishan`, `csh`, `cish` and `cs` all match the syllables `ci shan`.
/// The memo of failed (syllable, position) pairs keeps this linear in syllables x letters.
pub fn pinyin_matches(syllables: &[&str], query: &str) -> bool {
    let q = query.as_bytes();
    if q.is_empty() {
        return true;
    }
    let mut failed = vec![false; (syllables.len() + 1) * (q.len() + 1)];
    (0..syllables.len()).any(|start| match_from(syllables, q, start, 0, &mut failed))
}

fn match_from(syl: &[&str], q: &[u8], si: usize, qi: usize, failed: &mut [bool]) -> bool {
    if qi == q.len() {
        return true;
    }
    if si == syl.len() {
        return false;
    }
    let slot = si * (q.len() + 1) + qi;
    if failed[slot] {
        return false;
    }
    let s = syl[si].as_bytes();
    let max = s.len().min(q.len() - qi);
    for k in (1..=max).rev() {
        if s[..k] == q[qi..qi + k] && match_from(syl, q, si + 1, qi + k, failed) {
            return true;
        }
    }
    failed[slot] = true;
    false
}

/// Advice on a credit code that is not on the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeHint {
    /// The code as read (upper-case, no spaces).
    pub entered: String,
    /// The GB 32100 check character matches the rest.
    pub check_ok: bool,
    /// Registered codes that differ from it in exactly one character.
    pub suggestions: Vec<String>,
}

/// Whether the code passes the GB 32100 check.
pub fn check_ok(code: &str) -> bool {
    CreditCode::parse(code).is_ok()
}

/// `LIKE` patterns that find every code one character away from `code` (one `_` each).
pub fn one_away_patterns(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    (0..chars.len())
        .map(|i| {
            let mut p = chars.clone();
            p[i] = '_';
            p.into_iter().collect()
        })
        .collect()
}

/// Valid codes among `candidates` that differ from `code` in exactly one character.
pub fn one_away_valid(code: &str, candidates: &[String]) -> Vec<String> {
    let mut out: Vec<String> = candidates
        .iter()
        .filter(|c| c.len() == code.len())
        .filter(|c| c.chars().zip(code.chars()).filter(|(a, b)| a != b).count() == 1)
        .filter(|c| check_ok(c))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The code with its check character corrected (what a typo in the last character hides).
pub fn with_correct_check(code: &str) -> Option<String> {
    let first17: String = code.chars().take(17).collect();
    (first17.len() == 17)
        .then(|| credit_code_check_character(&first17))
        .flatten()
        .map(|c| format!("{first17}{c}"))
}

/// Longest pasted appeal text the check reads (characters).
pub const MAX_APPEAL_TEXT: usize = 2_000;

/// What to look up in a pasted appeal (a link, the text under a QR code, a message): every
/// filing number and credit code in it (runs of letters and digits that contain a digit), or,
/// when there is none, the longest run of Chinese characters as a name. At most five.
pub fn identifiers_in(text: &str) -> Vec<QueryKind> {
    let text: String = text.chars().take(MAX_APPEAL_TEXT).collect();
    let mut out: Vec<QueryKind> = Vec::new();
    for run in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if run.len() < 6 || !run.chars().any(|c| c.is_ascii_digit()) || run.len() > 40 {
            continue;
        }
        let kind = classify(run);
        if matches!(kind, QueryKind::CreditCode(_) | QueryKind::FilingNumber(_))
            && !out.contains(&kind)
        {
            out.push(kind);
        }
    }
    if out.is_empty() {
        let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let longest = text
            .split(|c: char| !cjk(c))
            .filter(|r| r.chars().count() >= 2)
            .max_by_key(|r| r.chars().count());
        if let Some(name) = longest {
            out.push(QueryKind::Name(name.chars().take(30).collect()));
        }
    }
    out.truncate(5);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appeals_yield_their_filing_numbers_codes_or_a_name() {
        let text = "【爱心接力】请转发！https://pay.example.com/d?id=53429006mj0000302u2026301 \
                    发起方 51429006MJ0000302U";
        assert_eq!(
            identifiers_in(text),
            [
                QueryKind::FilingNumber("53429006MJ0000302U2026301".into()),
                QueryKind::CreditCode("51429006MJ0000302U".into()),
            ]
        );
        assert_eq!(
            identifiers_in("天门市慈善总会为困难群众募捐，请扫码"),
            [QueryKind::Name("天门市慈善总会为困难群众募捐".into())]
        );
        assert!(identifiers_in("hello").is_empty());
        assert!(identifiers_in(&"1a".repeat(50_000)).len() <= 5);
    }

    #[test]
    fn pinyin_matches_full_initials_and_mixed() {
        let cishan = ["ci", "shan", "hui"];
        for q in ["cishan", "csh", "cish", "cs", "cishanhui", "shanhui", "sh", "cshh", "c"] {
            assert!(pinyin_matches(&cishan, q), "{q}");
        }
        for q in ["cishang", "hc", "cishuan", "ihs", "xyz"] {
            assert!(!pinyin_matches(&cishan, q), "{q}");
        }
        let red_cross = ["tian", "men", "shi", "hong", "shi", "zi", "hui"];
        assert!(pinyin_matches(&red_cross, "hongshizi"));
        assert!(pinyin_matches(&red_cross, "hszh"));
        assert!(!pinyin_matches(&red_cross, "hongzishi"));
    }

    #[test]
    fn pinyin_matching_stays_fast_on_hostile_input() {
        let syl: Vec<&str> = std::iter::repeat_n("zhuang", 200).collect();
        let q = format!("{}x", "zhuang".repeat(15));
        assert!(!pinyin_matches(&syl, &q));
    }

    #[test]
    fn queries_are_classified() {
        assert_eq!(classify("  Ci Shan "), QueryKind::Pinyin("cishan".into()));
        assert_eq!(classify("慈善 总会"), QueryKind::Name("慈善总会".into()));
        assert_eq!(
            classify("53420000 MJ0000001X"),
            QueryKind::CreditCode("53420000MJ0000001X".into())
        );
        assert_eq!(
            classify("53429006MJ0000001XA26001"),
            QueryKind::FilingNumber("53429006MJ0000001XA26001".into())
        );
        assert_eq!(classify(" \u{3000} "), QueryKind::Empty);
        assert_eq!(classify("' OR 1=1 --"), QueryKind::Name("'OR1=1".into()));
    }

    #[test]
    fn code_hints_find_one_character_typos() {
        let prefix = "53429006MJ0000001";
        let good = format!("{prefix}{}", credit_code_check_character(prefix).unwrap());
        let mut typo: Vec<char> = good.chars().collect();
        typo[10] = if typo[10] == '1' { '2' } else { '1' };
        let typo: String = typo.into_iter().collect();
        assert!(check_ok(&good));
        assert!(!check_ok(&typo));
        assert_eq!(one_away_patterns(&typo).len(), 18);
        assert!(one_away_patterns(&typo)[10].chars().nth(10) == Some('_'));
        assert_eq!(one_away_valid(&typo, &[good.clone(), typo.clone()]), vec![good.clone()]);
        assert_eq!(with_correct_check(&good).as_deref(), Some(good.as_str()));
    }

    #[test]
    fn search_parameters_are_validated() {
        let ok = SearchQuery { q: Some("慈善".into()), page: Some(3), ..Default::default() };
        assert!(ok.validate().is_ok());
        let bad = SearchQuery {
            q: Some("x".repeat(10_000)),
            district: Some("'; DROP TABLE charities;--".into()),
            grade: Some(9),
            page: Some(4_000_000_000),
            ..Default::default()
        };
        let fields: Vec<String> =
            bad.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["q", "district", "grade", "page"]);
        let s = SearchQuery {
            q: Some("红十字 会".into()),
            fundraising: Some(true),
            field: Some(Field::Elderly),
            ..Default::default()
        };
        assert_eq!(
            s.to_query_string(),
            "q=%E7%BA%A2%E5%8D%81%E5%AD%97%20%E4%BC%9A&field=elderly&fundraising=true"
        );
    }

    proptest::proptest! {
        #[test]
        fn query_parsers_never_panic(s in "\\PC{0,60}", syl in proptest::collection::vec("[a-z]{1,6}", 0..12)) {
            let _ = classify(&s);
            let _ = identifiers_in(&s);
            let refs: Vec<&str> = syl.iter().map(String::as_str).collect();
            let _ = pinyin_matches(&refs, &s.to_ascii_lowercase());
            let _ = super::super::parse_date(&s);
            let _ = one_away_patterns(&s);
            let _ = with_correct_check(&s);
        }

        #[test]
        fn a_name_always_matches_its_own_initials_and_full_pinyin(
            syl in proptest::collection::vec("[a-z]{1,6}", 1..12)
        ) {
            let refs: Vec<&str> = syl.iter().map(String::as_str).collect();
            let initials: String = syl.iter().map(|s| &s[..1]).collect();
            proptest::prop_assert!(pinyin_matches(&refs, &initials));
            proptest::prop_assert!(pinyin_matches(&refs, &syl.concat()));
        }
    }
}
