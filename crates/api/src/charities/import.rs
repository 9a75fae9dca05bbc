//! Import files: one CSV line to a register entry or a filed campaign, and the per-line report
//! (line number, column, reason) the import answers with. The server reads the CSV with the
//! `csv` crate and hands each line's columns here.

use super::input::{CharityInput, ReviewFlag, credit_code_review, valid_filing_number};
use super::{
    Campaign, Field, Grade, MAX_TEXT, OrgForm, OrgStatus, parse_date, search::valid_district,
};
use crate::ids::{IdError, USCC_ALPHABET};
use serde::{Deserialize, Serialize};

/// Why a CSV line was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportIssue {
    /// The line has another number of columns than the header.
    ColumnCount,
    /// A required value is empty.
    Required,
    /// Not a date (YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD).
    BadDate,
    /// A credit code of the wrong length or with characters outside the alphabet.
    BadCode,
    /// Not one of the listed values (form, field, status, grade).
    BadValue,
    /// Longer than the register keeps, or with control characters.
    TooLong,
    /// The same credit code appears earlier in the file.
    Duplicate,
    /// The line is not valid CSV.
    Malformed,
    /// No organisation with this credit code is on the register (import it first).
    UnknownOrganisation,
}

/// One refused line: its number in the file (the header is line 1), column and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportLineError {
    pub line: u64,
    /// The column's header name (e.g. 统一社会信用代码), or empty for the whole line.
    pub column: String,
    pub issue: ImportIssue,
}

/// A code kept but flagged for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlaggedCode {
    pub line: u64,
    pub credit_code: String,
    pub flags: Vec<ReviewFlag>,
}

/// `POST /api/admin/charities/import`: what the import did (or, in a dry run, would do). When
/// any line is refused nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data lines read (the header not counted).
    pub lines: u64,
    pub created: u64,
    pub updated: u64,
    /// True when the changes were committed.
    pub committed: bool,
    pub errors: Vec<ImportLineError>,
    pub flagged: Vec<FlaggedCode>,
}

/// The CSV columns, in order (the header line must name them so).
pub const CSV_COLUMNS: [&str; 17] = [
    "统一社会信用代码",
    "名称",
    "曾用名",
    "组织形式",
    "登记管理机关",
    "成立登记日期",
    "认定慈善组织日期",
    "慈善活动领域",
    "服务区域",
    "公开募捐资格取得日期",
    "评估等级",
    "评估日期",
    "状态",
    "状态变更日期",
    "联系电话",
    "地址",
    "网址",
];

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', '；', '、', '|']).map(str::trim).filter(|x| !x.is_empty())
}

/// One CSV line (already split into columns) to an entry, or every column's problem.
pub fn from_csv_record(cols: &[&str]) -> Result<CharityInput, Vec<(usize, ImportIssue)>> {
    if cols.len() != CSV_COLUMNS.len() {
        return Err(vec![(usize::MAX, ImportIssue::ColumnCount)]);
    }
    let mut errs = Vec::new();
    let req_date = |i: usize, errs: &mut Vec<(usize, ImportIssue)>| {
        let v = cols[i].trim();
        if v.is_empty() {
            errs.push((i, ImportIssue::Required));
            None
        } else {
            parse_date(v).or_else(|| {
                errs.push((i, ImportIssue::BadDate));
                None
            })
        }
    };
    let registered_on = req_date(5, &mut errs);
    let opt_date = |i: usize, errs: &mut Vec<(usize, ImportIssue)>| {
        let v = cols[i].trim();
        if v.is_empty() {
            return None;
        }
        parse_date(v).or_else(|| {
            errs.push((i, ImportIssue::BadDate));
            None
        })
    };
    let recognised_on = opt_date(6, &mut errs);
    let public_fundraising_since = opt_date(9, &mut errs);
    let grade_awarded_on = opt_date(11, &mut errs);
    let status_on = opt_date(13, &mut errs);
    let form = OrgForm::parse(cols[3]);
    if form.is_none() {
        errs.push((
            3,
            if cols[3].trim().is_empty() { ImportIssue::Required } else { ImportIssue::BadValue },
        ));
    }
    let mut fields = Vec::new();
    for f in list(cols[7]) {
        match Field::parse(f) {
            Some(f) if !fields.contains(&f) => fields.push(f),
            Some(_) => {}
            None => errs.push((7, ImportIssue::BadValue)),
        }
    }
    let districts: Vec<String> = list(cols[8]).map(str::to_owned).collect();
    if !districts.iter().all(|d| valid_district(d)) {
        errs.push((8, ImportIssue::BadValue));
    }
    let grade = match cols[10].trim() {
        "" | "无" => None,
        g => Grade::parse(g).or_else(|| {
            errs.push((10, ImportIssue::BadValue));
            None
        }),
    };
    let status = match cols[12].trim() {
        "" => Some(OrgStatus::Active),
        s => OrgStatus::parse(s).or_else(|| {
            errs.push((12, ImportIssue::BadValue));
            None
        }),
    };
    if let Some(form) = form
        && let Err(e) = credit_code_review(cols[0], form)
    {
        errs.push((
            0,
            if e == IdError::Empty { ImportIssue::Required } else { ImportIssue::BadCode },
        ));
    }
    for (i, c) in cols.iter().enumerate() {
        if c.chars().count() > MAX_TEXT * 2 || c.chars().any(crate::is_hidden_control) {
            errs.push((i, ImportIssue::TooLong));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let (Some(form), Some(registered_on), Some(status)) = (form, registered_on, status) else {
        return Err(vec![(usize::MAX, ImportIssue::Malformed)]);
    };
    Ok(CharityInput {
        credit_code: cols[0].to_owned(),
        name: cols[1].trim().to_owned(),
        former_names: list(cols[2]).map(str::to_owned).collect(),
        form,
        registration_authority: cols[4].trim().to_owned(),
        registered_on,
        recognised_on,
        fields,
        districts,
        public_fundraising_since,
        grade,
        grade_awarded_on,
        status,
        status_on,
        reports: Vec::new(),
        campaigns: Vec::new(),
        phone: cols[14].trim().to_owned(),
        address: cols[15].trim().to_owned(),
        website: cols[16].trim().to_owned(),
    })
}

/// The columns of a campaign file (one filed fundraising campaign a line).
pub const CAMPAIGN_CSV_COLUMNS: [&str; 8] = [
    "统一社会信用代码",
    "活动名称",
    "备案编号",
    "开始日期",
    "结束日期",
    "募捐平台",
    "最近信息公开日期",
    "结项信息公开日期",
];

/// One campaign line: the organisation's normalised credit code and the campaign.
pub fn campaign_from_csv(cols: &[&str]) -> Result<(String, Campaign), Vec<(usize, ImportIssue)>> {
    if cols.len() != CAMPAIGN_CSV_COLUMNS.len() {
        return Err(vec![(usize::MAX, ImportIssue::ColumnCount)]);
    }
    let mut errs = Vec::new();
    let code = normalise_code(cols[0]);
    if code.len() != 18 || !code.chars().all(|c| USCC_ALPHABET.contains(c)) {
        errs.push((0, if code.is_empty() { ImportIssue::Required } else { ImportIssue::BadCode }));
    }
    let name = cols[1].trim();
    if name.is_empty() {
        errs.push((1, ImportIssue::Required));
    }
    let filing = cols[2].trim().to_ascii_uppercase();
    if !valid_filing_number(&filing) {
        errs.push((
            2,
            if filing.is_empty() { ImportIssue::Required } else { ImportIssue::BadValue },
        ));
    }
    let mut date = |i: usize, required: bool| {
        let v = cols[i].trim();
        if v.is_empty() {
            if required {
                errs.push((i, ImportIssue::Required));
            }
            return None;
        }
        let d = parse_date(v);
        if d.is_none() {
            errs.push((i, ImportIssue::BadDate));
        }
        d
    };
    let (starts_on, ends_on) = (date(3, true), date(4, true));
    let (last, fin) = (date(6, false), date(7, false));
    if let (Some(s), Some(e)) = (starts_on, ends_on)
        && e < s
    {
        errs.push((4, ImportIssue::BadDate));
    }
    for (i, c) in cols.iter().enumerate() {
        if c.chars().count() > MAX_TEXT || c.chars().any(crate::is_hidden_control) {
            errs.push((i, ImportIssue::TooLong));
        }
    }
    match (starts_on, ends_on) {
        (Some(starts_on), Some(ends_on)) if errs.is_empty() => Ok((
            code,
            Campaign {
                name: name.to_owned(),
                filing_number: filing,
                starts_on,
                ends_on,
                platform: cols[5].trim().to_owned(),
                last_disclosed_on: last,
                final_disclosed_on: fin,
            },
        )),
        _ => Err(errs),
    }
}

/// The columns of an annual-report file (one published report a line).
pub const REPORT_CSV_COLUMNS: [&str; 4] = ["统一社会信用代码", "年度", "公开日期", "链接"];

/// One report line: the organisation's normalised credit code and the report.
pub fn report_from_csv(
    cols: &[&str],
) -> Result<(String, super::AnnualReport), Vec<(usize, ImportIssue)>> {
    if cols.len() != REPORT_CSV_COLUMNS.len() {
        return Err(vec![(usize::MAX, ImportIssue::ColumnCount)]);
    }
    let mut errs = Vec::new();
    let code = normalise_code(cols[0]);
    if code.len() != 18 || !code.chars().all(|c| USCC_ALPHABET.contains(c)) {
        errs.push((0, if code.is_empty() { ImportIssue::Required } else { ImportIssue::BadCode }));
    }
    let year = cols[1]
        .trim()
        .trim_end_matches('年')
        .parse::<i32>()
        .ok()
        .filter(|y| (1990..=2200).contains(y));
    if year.is_none() {
        errs.push((
            1,
            if cols[1].trim().is_empty() { ImportIssue::Required } else { ImportIssue::BadValue },
        ));
    }
    let published = parse_date(cols[2]);
    if published.is_none() {
        errs.push((
            2,
            if cols[2].trim().is_empty() { ImportIssue::Required } else { ImportIssue::BadDate },
        ));
    }
    if let (Some(y), Some(p)) = (year, published)
        && p.year < y
    {
        errs.push((2, ImportIssue::BadDate));
    }
    for (i, c) in cols.iter().enumerate() {
        if c.chars().count() > MAX_TEXT || c.chars().any(crate::is_hidden_control) {
            errs.push((i, ImportIssue::TooLong));
        }
    }
    match (year, published) {
        (Some(year), Some(published_on)) if errs.is_empty() => {
            Ok((code, super::AnnualReport { year, published_on, url: cols[3].trim().to_owned() }))
        }
        _ => Err(errs),
    }
}

fn normalise_code(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase()
}

/// The import issue for a validation error code.
pub fn issue_of(code: crate::FieldCode) -> ImportIssue {
    use crate::FieldCode::*;
    match code {
        Required | GradeNeedsDate => ImportIssue::Required,
        BeforeRegistration | BeforeStart => ImportIssue::BadDate,
        TooLong | TooLongOrControl => ImportIssue::TooLong,
        Length | BadCharacter | CheckCharacter => ImportIssue::BadCode,
        _ => ImportIssue::BadValue,
    }
}

/// Maps validation field names back to CSV columns, for the per-line report.
pub fn column_of_field(field: &str) -> usize {
    match field {
        "credit_code" => 0,
        "name" => 1,
        "former_names" => 2,
        "registration_authority" => 4,
        "recognised_on" => 6,
        "districts" => 8,
        "grade_awarded_on" => 11,
        "status_on" => 13,
        "phone" => 14,
        "address" => 15,
        "website" => 16,
        _ => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charities::test_lines::{code, line};

    #[test]
    fn csv_lines_become_entries_or_say_which_column_is_wrong() {
        let c = code("51429006MJ0000002");
        let cols = line(&c);
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        let mut input = from_csv_record(&refs).unwrap();
        assert_eq!(input.form, OrgForm::Association);
        assert_eq!(input.fields, vec![Field::PovertyRelief, Field::Elderly]);
        assert_eq!(input.grade, Some(Grade::A4));
        assert_eq!(input.former_names, vec!["天门市慈善会".to_owned()]);
        assert_eq!(input.validate(), Ok(vec![]));

        let mut cols = line(&c);
        cols[5] = "2003-02-30".into();
        cols[3] = "公司".into();
        cols[10] = "6A".into();
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        let errs = from_csv_record(&refs).unwrap_err();
        assert!(errs.contains(&(5, ImportIssue::BadDate)));
        assert!(errs.contains(&(3, ImportIssue::BadValue)));
        assert!(errs.contains(&(10, ImportIssue::BadValue)));
        assert_eq!(
            from_csv_record(&refs[..5]).unwrap_err(),
            vec![(usize::MAX, ImportIssue::ColumnCount)]
        );
    }

    #[test]
    fn report_lines_are_read_or_refused_by_column() {
        let c = code("53429006MJ0000001");
        let (got, r) = report_from_csv(&[&c, "2025年", "2026/4/30", ""]).unwrap();
        assert_eq!(
            (got, r.year, r.published_on.to_string()),
            (c.clone(), 2025, "2026-04-30".into())
        );
        assert_eq!(
            report_from_csv(&[&c, "二〇二五", "2024-04-30", ""]).unwrap_err(),
            [(1, ImportIssue::BadValue)]
        );
        assert_eq!(
            report_from_csv(&[&c, "2025", "2024-04-30", ""]).unwrap_err(),
            [(2, ImportIssue::BadDate)]
        );
    }

    #[test]
    fn campaign_lines_are_read_or_refused_by_column() {
        let c = code("53429006MJ0000001");
        let ok =
            [c.as_str(), "春蕾助学", "f2026001x", "2026-01-01", "2026/12/31", "示例平台", "", ""];
        let (got, k) = campaign_from_csv(&ok).unwrap();
        assert_eq!((got.as_str(), k.filing_number.as_str()), (c.as_str(), "F2026001X"));
        let bad = ["5342", "", "x", "2026-01-01", "2025-12-31", "", "2026-13-01", ""];
        let errs = campaign_from_csv(&bad).unwrap_err();
        assert_eq!(
            errs,
            [
                (0, ImportIssue::BadCode),
                (1, ImportIssue::Required),
                (2, ImportIssue::BadValue),
                (6, ImportIssue::BadDate),
                (4, ImportIssue::BadDate),
            ]
        );
        assert_eq!(
            campaign_from_csv(&ok[..3]).unwrap_err(),
            [(usize::MAX, ImportIssue::ColumnCount)]
        );
    }

    proptest::proptest! {
        #[test]
        fn csv_lines_never_panic(cols in proptest::collection::vec("\\PC{0,24}", 17)) {
            let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
            if let Ok(mut input) = from_csv_record(&refs) {
                let _ = input.validate();
            }
        }
    }
}
