//! Disclosure deadlines and the trust summary a resident sees, as pure functions of the
//! register entry and today's date (the server passes the city's local date).
//!
//! - Annual report: published by 31 May of the following year (《慈善组织信息公开办法》 art. 9).
//! - A campaign or project running longer than six months discloses progress at least every
//!   three months, and every campaign discloses in full within three months of its end (art. 13;
//!   Charity Law art. 73).
//! - Assessment grade: valid five years from the award (MCA Order 39, art. 26).

use super::{Campaign, Charity, Grade, OrgStatus};
use crate::ids::{Date, days_in_month};
use serde::{Deserialize, Serialize};

/// `date` plus `n` months, clamped to the month's last day (31 Aug + 3 months = 30 Nov).
pub fn add_months(date: Date, n: i32) -> Date {
    let months = date.year * 12 + i32::from(date.month) - 1 + n;
    let (year, month) = (months.div_euclid(12), (months.rem_euclid(12) + 1) as u8);
    let day = date.day.min(days_in_month(year, month));
    Date { year, month, day }
}

/// The last day a year's annual report may be published: 31 May of the next year.
pub fn report_deadline(year: i32) -> Date {
    Date { year: year + 1, month: 5, day: 31 }
}

/// Where an organisation stands with its annual reports today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ReportStatus {
    /// No report was due yet (recognised after the last year that is due).
    NotYetDue,
    /// The report for `year` (the latest one due) is published.
    OnTime { year: i32 },
    /// The report for `year` is missing and its deadline has passed.
    Overdue {
        year: i32,
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        deadline: Date,
    },
}

/// The latest year whose report must be out by `today`.
pub fn latest_due_year(today: Date) -> i32 {
    if today > report_deadline(today.year - 1) { today.year - 1 } else { today.year - 2 }
}

/// Checks the latest due year only: a charity recognised during or before that year must have
/// published its report for it. `since` is the recognition (or registration) date.
pub fn report_status(since: Date, report_years: &[i32], today: Date) -> ReportStatus {
    let due = latest_due_year(today);
    if since.year > due {
        ReportStatus::NotYetDue
    } else if report_years.contains(&due) {
        ReportStatus::OnTime { year: due }
    } else {
        ReportStatus::Overdue { year: due, deadline: report_deadline(due) }
    }
}

/// Where a campaign is in its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CampaignState {
    NotStarted,
    Running,
    Ended,
}

pub fn campaign_state(c: &Campaign, today: Date) -> CampaignState {
    if today < c.starts_on {
        CampaignState::NotStarted
    } else if today > c.ends_on {
        CampaignState::Ended
    } else {
        CampaignState::Running
    }
}

/// Longer than six months: such campaigns disclose progress at least every three months.
pub fn is_long(c: &Campaign) -> bool {
    c.ends_on > add_months(c.starts_on, 6)
}

/// The deadline of a required disclosure that has passed without one, or `None` when the
/// campaign is up to date. A disclosure is due three months after the start (or the latest
/// progress disclosure) while a long campaign runs, and three months after the end for all.
pub fn disclosure_overdue_since(c: &Campaign, today: Date) -> Option<Date> {
    if today > c.ends_on {
        let deadline = add_months(c.ends_on, 3);
        let done = c.final_disclosed_on.is_some_and(|d| d >= c.ends_on);
        if !done && today > deadline {
            return Some(deadline);
        }
        // A progress disclosure missed while it ran stays on the record until the final one.
        if done {
            return None;
        }
    }
    if !is_long(c) || today < c.starts_on {
        return None;
    }
    let last = c.last_disclosed_on.filter(|d| *d >= c.starts_on).unwrap_or(c.starts_on);
    let deadline = add_months(last, 3);
    let check_day = if today > c.ends_on { c.ends_on } else { today };
    (check_day > deadline).then_some(deadline)
}

/// The day the grade lapses (five years after the award).
pub fn grade_expires(awarded_on: Date) -> Date {
    add_months(awarded_on, 60)
}

/// The last award date whose grade has expired by `today`: a grade awarded after this day and
/// on or before today is current (`grade_current` as a range a query can use). Month ends make
/// `add_months(today, -60)` miss by a day (awarded 2020-02-29 expires 2025-02-28), so this
/// steps to the exact boundary.
pub fn grade_expired_through(today: Date) -> Date {
    let next = |d: Date| match Date::new(d.year, d.month, d.day + 1) {
        Some(n) => n,
        None => add_months(Date { day: 1, ..d }, 1),
    };
    let prev = |d: Date| match Date::new(d.year, d.month, d.day.saturating_sub(1)) {
        Some(p) => p,
        None => {
            let m = add_months(d, -1);
            Date { day: days_in_month(m.year, m.month), ..m }
        }
    };
    let mut d = add_months(today, -60);
    while grade_expires(next(d)) <= today {
        d = next(d);
    }
    while grade_expires(d) > today {
        d = prev(d);
    }
    d
}

/// The plain-words answer at the top of the trust card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Registered, active and qualified to raise funds from the public.
    MayFundraise,
    /// Registered and active, but without the public-fundraising qualification: it may not
    /// collect from the public itself (street collections, online appeals in its own name).
    NoPublicFundraising,
    /// Its registration was revoked: do not donate.
    Revoked,
    /// It has been dissolved: do not donate.
    Dissolved,
}

/// Things a donor should know beyond the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// Last year's annual report is missing after 31 May.
    ReportOverdue,
    /// A campaign has missed a required disclosure.
    CampaignDisclosureOverdue,
    /// The assessment grade is more than five years old.
    GradeExpired,
    /// The bureau is checking the entry (its credit code did not pass the checks).
    UnderReview,
}

/// The trust card's summary, computed for `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustSummary {
    pub verdict: Verdict,
    pub may_fundraise: bool,
    pub grade: Option<Grade>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub grade_expires: Option<Date>,
    pub grade_current: bool,
    pub reports: ReportStatus,
    /// The most recent published report's year and day.
    pub last_report_year: Option<i32>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_report_on: Option<Date>,
    /// Filing numbers of campaigns running now.
    pub running_campaigns: Vec<String>,
    /// Filing numbers of campaigns that missed a disclosure.
    pub overdue_campaigns: Vec<String>,
    pub warnings: Vec<Warning>,
}

pub fn verdict(status: OrgStatus, fundraising_since: Option<Date>, today: Date) -> Verdict {
    match status {
        OrgStatus::Revoked => Verdict::Revoked,
        OrgStatus::Dissolved => Verdict::Dissolved,
        OrgStatus::Active if fundraising_since.is_some_and(|d| d <= today) => Verdict::MayFundraise,
        OrgStatus::Active => Verdict::NoPublicFundraising,
    }
}

/// Whether the grade is still valid today.
pub fn grade_current(grade: Option<Grade>, awarded_on: Option<Date>, today: Date) -> bool {
    grade.is_some() && awarded_on.is_some_and(|d| d <= today && today < grade_expires(d))
}

pub fn summarise(c: &Charity, today: Date) -> TrustSummary {
    let verdict = verdict(c.status, c.public_fundraising_since, today);
    let years: Vec<i32> = c.reports.iter().map(|r| r.year).collect();
    let since = c.recognised_on.unwrap_or(c.registered_on);
    let reports = report_status(since, &years, today);
    let last = c.reports.iter().max_by_key(|r| (r.year, r.published_on));
    let running_campaigns = c
        .campaigns
        .iter()
        .filter(|k| campaign_state(k, today) == CampaignState::Running)
        .map(|k| k.filing_number.clone())
        .collect();
    let overdue_campaigns: Vec<String> = c
        .campaigns
        .iter()
        .filter(|k| disclosure_overdue_since(k, today).is_some())
        .map(|k| k.filing_number.clone())
        .collect();
    let grade_current = grade_current(c.grade, c.grade_awarded_on, today);
    let active = c.status == OrgStatus::Active;
    let mut warnings = Vec::new();
    if active && matches!(reports, ReportStatus::Overdue { .. }) {
        warnings.push(Warning::ReportOverdue);
    }
    if !overdue_campaigns.is_empty() {
        warnings.push(Warning::CampaignDisclosureOverdue);
    }
    if c.grade.is_some() && !grade_current {
        warnings.push(Warning::GradeExpired);
    }
    if !c.review_flags.is_empty() {
        warnings.push(Warning::UnderReview);
    }
    TrustSummary {
        verdict,
        may_fundraise: verdict == Verdict::MayFundraise,
        grade: c.grade,
        grade_expires: c.grade_awarded_on.filter(|_| c.grade.is_some()).map(grade_expires),
        grade_current,
        reports,
        last_report_year: last.map(|r| r.year),
        last_report_on: last.map(|r| r.published_on),
        running_campaigns,
        overdue_campaigns,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn campaign(start: &str, end: &str, last: Option<&str>, fin: Option<&str>) -> Campaign {
        Campaign {
            name: "x".into(),
            filing_number: "F1".into(),
            starts_on: d(start),
            ends_on: d(end),
            platform: String::new(),
            last_disclosed_on: last.map(d),
            final_disclosed_on: fin.map(d),
        }
    }

    #[test]
    fn months_are_added_with_the_month_end_clamped() {
        assert_eq!(add_months(d("2026-08-31"), 3), d("2026-11-30"));
        assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
        assert_eq!(add_months(d("2026-11-15"), 3), d("2027-02-15"));
        assert_eq!(add_months(d("2026-01-31"), -2), d("2025-11-30"));
        // Grades current today are exactly those awarded after this day.
        for today in ["2025-02-28", "2024-02-29", "2026-03-31", "2026-01-01", "2025-03-01"] {
            let today = d(today);
            let through = grade_expired_through(today);
            assert!(!grade_current(Some(Grade::A5), Some(through), today), "{today}");
            let mut after = through;
            for _ in 0..3 {
                after = Date::new(after.year, after.month, after.day + 1)
                    .unwrap_or(add_months(Date { day: 1, ..after }, 1));
                assert!(grade_current(Some(Grade::A5), Some(after), today), "{today} {after}");
            }
        }
        assert_eq!(grade_expired_through(d("2025-02-28")), d("2020-02-29"));
        assert_eq!(grade_expires(d("2021-06-01")), d("2026-06-01"));
    }

    #[test]
    fn annual_reports_are_due_by_31_may_of_the_next_year() {
        let since = d("2020-03-01");
        // (today, published years, expected)
        let cases: &[(&str, &[i32], ReportStatus)] = &[
            ("2026-05-31", &[2024], ReportStatus::OnTime { year: 2024 }),
            (
                "2026-06-01",
                &[2024],
                ReportStatus::Overdue { year: 2025, deadline: d("2026-05-31") },
            ),
            ("2026-06-01", &[2024, 2025], ReportStatus::OnTime { year: 2025 }),
            (
                "2026-05-31",
                &[2023],
                ReportStatus::Overdue { year: 2024, deadline: d("2025-05-31") },
            ),
            ("2027-01-10", &[2025], ReportStatus::OnTime { year: 2025 }),
        ];
        for (today, years, expected) in cases {
            assert_eq!(report_status(since, years, d(today)), *expected, "{today} {years:?}");
        }
        // Recognised in 2026: nothing due until 31 May 2027 has passed.
        assert_eq!(report_status(d("2026-02-01"), &[], d("2026-12-31")), ReportStatus::NotYetDue);
        assert_eq!(report_status(d("2026-02-01"), &[], d("2027-05-31")), ReportStatus::NotYetDue);
        assert!(matches!(
            report_status(d("2026-02-01"), &[], d("2027-06-01")),
            ReportStatus::Overdue { year: 2026, .. }
        ));
    }

    #[test]
    fn long_campaigns_disclose_every_three_months_and_all_within_three_months_of_the_end() {
        let long = campaign("2026-01-01", "2026-12-31", None, None);
        assert!(is_long(&long));
        // (today, last disclosure, final disclosure, expected overdue since)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            ("2026-04-01", None, None, None),
            ("2026-04-02", None, None, Some("2026-04-01")),
            ("2026-06-30", Some("2026-03-31"), None, None),
            ("2026-07-01", Some("2026-03-31"), None, Some("2026-06-30")),
            // After the end: the final disclosure is due by 31 March.
            ("2027-03-31", Some("2026-12-01"), None, None),
            ("2027-04-01", Some("2026-12-01"), None, Some("2027-03-31")),
            ("2027-04-01", Some("2026-12-01"), Some("2027-02-01"), None),
        ];
        for (today, last, fin, expected) in cases {
            let c = campaign("2026-01-01", "2026-12-31", *last, *fin);
            assert_eq!(disclosure_overdue_since(&c, d(today)), expected.map(d), "{today}");
        }
        // Six months exactly is not "longer than six months": no progress disclosures.
        let short = campaign("2026-01-01", "2026-07-01", None, None);
        assert!(!is_long(&short));
        assert_eq!(disclosure_overdue_since(&short, d("2026-06-30")), None);
        assert_eq!(disclosure_overdue_since(&short, d("2026-10-02")), Some(d("2026-10-01")));
        assert_eq!(campaign_state(&short, d("2025-12-31")), CampaignState::NotStarted);
        assert_eq!(campaign_state(&short, d("2026-07-01")), CampaignState::Running);
        assert_eq!(campaign_state(&short, d("2026-07-02")), CampaignState::Ended);
    }

    #[test]
    fn the_verdict_never_says_may_fundraise_for_an_inactive_or_unqualified_charity() {
        let today = d("2026-11-25");
        let q = Some(d("2020-01-01"));
        assert_eq!(verdict(OrgStatus::Active, q, today), Verdict::MayFundraise);
        assert_eq!(verdict(OrgStatus::Active, None, today), Verdict::NoPublicFundraising);
        assert_eq!(
            verdict(OrgStatus::Active, Some(d("2027-01-01")), today),
            Verdict::NoPublicFundraising
        );
        assert_eq!(verdict(OrgStatus::Revoked, q, today), Verdict::Revoked);
        assert_eq!(verdict(OrgStatus::Dissolved, q, today), Verdict::Dissolved);
        assert!(grade_current(Some(Grade::A4), Some(d("2021-11-26")), today));
        assert!(!grade_current(Some(Grade::A4), Some(d("2021-11-25")), today));
        assert!(!grade_current(None, Some(d("2025-01-01")), today));
    }

    #[test]
    fn the_summary_gathers_what_a_donor_should_know() {
        use super::super::{AnnualReport, OrgForm, ReviewFlag};
        let today = d("2026-07-01");
        let mut c = Charity {
            credit_code: "x".into(),
            name: "x".into(),
            former_names: vec![],
            form: OrgForm::Foundation,
            registration_authority: "x".into(),
            registered_on: d("2010-01-01"),
            recognised_on: Some(d("2017-09-01")),
            fields: vec![],
            districts: vec![],
            public_fundraising_since: Some(d("2018-01-01")),
            grade: Some(Grade::A4),
            grade_awarded_on: Some(d("2020-06-30")),
            status: OrgStatus::Active,
            status_on: None,
            reports: vec![AnnualReport {
                year: 2024,
                published_on: d("2025-04-01"),
                url: String::new(),
            }],
            campaigns: vec![campaign("2026-01-01", "2026-12-31", None, None)],
            phone: String::new(),
            address: String::new(),
            website: String::new(),
            review_flags: vec![ReviewFlag::CheckCharacter],
            demo: false,
        };
        let s = summarise(&c, today);
        assert_eq!(s.verdict, Verdict::MayFundraise);
        assert_eq!(s.grade_expires, Some(d("2025-06-30")));
        assert!(!s.grade_current);
        assert_eq!(s.last_report_year, Some(2024));
        assert_eq!(s.running_campaigns, ["F1"]);
        assert_eq!(s.overdue_campaigns, ["F1"]);
        assert_eq!(
            s.warnings,
            [
                Warning::ReportOverdue,
                Warning::CampaignDisclosureOverdue,
                Warning::GradeExpired,
                Warning::UnderReview
            ]
        );
        // A revoked charity is never "may fundraise", and its missing report is beside the point.
        c.status = OrgStatus::Revoked;
        let s = summarise(&c, today);
        assert_eq!((s.verdict, s.may_fundraise), (Verdict::Revoked, false));
        assert!(!s.warnings.contains(&Warning::ReportOverdue));
    }
}
