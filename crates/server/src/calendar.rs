//! Statutory rest days (the State Council's yearly holiday notice) as data: shipped in
//! `data/rest_days.csv`, loaded at every start, importable by CLI, and the fixed-date holidays
//! for a year whose notice is missing. Owned by no feature: booking and volunteering use it.

use crate::db::Db;
use portal_api::calendar::{Calendar, RestDayKind};
use portal_api::ids::Date;

/// A stored rest day.
#[derive(Debug, sqlx::FromRow)]
pub struct RestDayRow {
    #[sqlx(try_from = "String")]
    pub day: Date,
    #[sqlx(try_from = "String")]
    pub kind: RestDayKind,
}

/// The rest days between two days (inclusive).
pub async fn between(db: &Db, from: Date, to: Date) -> Result<Vec<RestDayRow>, sqlx::Error> {
    sqlx::query_as("SELECT day, kind FROM rest_days WHERE day >= $1 AND day <= $2")
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&db.pool)
        .await
}

/// The statutory rest days on record.
pub async fn calendar(db: &Db) -> Result<Calendar, sqlx::Error> {
    let rows: Vec<RestDayRow> =
        sqlx::query_as("SELECT day, kind FROM rest_days").fetch_all(&db.pool).await?;
    let mut c = Calendar::default();
    for r in rows {
        match r.kind {
            RestDayKind::Holiday => c.holidays.push(r.day),
            RestDayKind::Workday => c.working_weekends.push(r.day),
        }
    }
    Ok(c)
}

/// The statutory rest days shipped with the server: `data/rest_days.csv`, each line naming the
/// State Council notice it comes from. Loaded (upserted) at every start.
pub const STATUTORY_REST_DAYS: &str = include_str!("../data/rest_days.csv");

/// One line of a rest-day file: `day,kind,note[,source]`, kind `holiday` or `workday`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestDay {
    pub day: Date,
    pub kind: RestDayKind,
    pub note: String,
}

/// Parses a rest-day file (`#` comments and the header line are skipped). The error names the
/// line, so whoever imports next year's notice sees exactly what to fix.
pub fn parse_rest_days(text: &str) -> Result<Vec<RestDay>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("day,") {
            continue;
        }
        let mut cols = line.split(',').map(str::trim);
        let (Some(day), Some(kind)) = (cols.next(), cols.next()) else {
            return Err(format!("line {}: expected day,kind,note", n + 1));
        };
        let day = Date::parse(day)
            .ok_or_else(|| format!("line {}: {day:?} is not a date (YYYY-MM-DD)", n + 1))?;
        let kind = RestDayKind::parse(kind)
            .ok_or_else(|| format!("line {}: kind {kind:?} must be holiday or workday", n + 1))?;
        out.push(RestDay { day, kind, note: cols.next().unwrap_or("").to_owned() });
    }
    Ok(out)
}

/// The shipped statutory rest days (the file is checked by a test, so this cannot fail).
pub fn statutory_rest_days() -> Vec<RestDay> {
    parse_rest_days(STATUTORY_REST_DAYS).unwrap_or_default()
}

/// The statutory holidays fixed in the solar calendar, for a year whose State Council notice
/// is not loaded yet: 元旦 1 January, 劳动节 1-2 May, 国庆节 1-3 October (《全国年节及纪念日放假
/// 办法》, State Council Order 798, in force 1 January 2025). The lunar-calendar holidays and the
/// make-up working days come only with the notice.
pub fn fixed_holidays(year: i32) -> Vec<RestDay> {
    [
        (1, 1, "元旦"),
        (5, 1, "劳动节"),
        (5, 2, "劳动节"),
        (10, 1, "国庆节"),
        (10, 2, "国庆节"),
        (10, 3, "国庆节"),
    ]
    .into_iter()
    .map(|(month, day, name)| RestDay {
        day: Date { year, month, day },
        kind: RestDayKind::Holiday,
        note: format!("{name}（法定节日；当年放假通知未载入）"),
    })
    .collect()
}

/// For this year and next, when no rest days of that year are on record, loads the fixed-date
/// holidays and says loudly that the year's notice is missing. Returns the years it filled.
pub async fn fill_missing_years(db: &Db, today: Date) -> Result<Vec<i32>, sqlx::Error> {
    let mut filled = Vec::new();
    for year in [today.year, today.year + 1] {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM rest_days WHERE day >= $1 AND day <= $2")
                .bind(format!("{year}-01-01"))
                .bind(format!("{year}-12-31"))
                .fetch_one(&db.pool)
                .await?;
        if n == 0 {
            load_rest_days(db, &fixed_holidays(year)).await?;
            filled.push(year);
        }
    }
    Ok(filled)
}

pub async fn load_rest_days(db: &Db, days: &[RestDay]) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    for d in days {
        sqlx::query(
            "INSERT INTO rest_days (day, kind, note) VALUES ($1, $2, $3) \
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note",
        )
        .bind(d.day.to_string())
        .bind(d.kind.as_str())
        .bind(&d.note)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rest_days_parse_and_cover_2025_and_2026() {
        let days = parse_rest_days(STATUTORY_REST_DAYS).unwrap();
        let d = |s| Date::parse(s).unwrap();
        let has = |s, k| days.iter().any(|r| r.day == d(s) && r.kind.as_str() == k);
        // 2026 notice: Spring Festival 2-15..2-23, 2-14 and 2-28 are working Saturdays.
        assert!(has("2026-02-15", "holiday") && has("2026-02-23", "holiday"));
        assert!(has("2026-02-28", "workday") && has("2026-10-10", "workday"));
        assert!(has("2025-10-08", "holiday"));
        assert_eq!(
            days.iter().filter(|r| r.day.year == 2026 && r.kind == RestDayKind::Holiday).count(),
            33
        );
    }

    #[test]
    fn a_bad_line_is_named() {
        let e = parse_rest_days("day,kind,note\n2026-13-01,holiday,x\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse_rest_days("2026-01-01,party\n").unwrap_err();
        assert!(e.contains("holiday or workday"), "{e}");
    }

    #[test]
    fn fixed_holidays_cover_new_year_labour_day_and_national_day() {
        let days: Vec<String> = fixed_holidays(2027).iter().map(|d| d.day.to_string()).collect();
        assert_eq!(
            days,
            ["2027-01-01", "2027-05-01", "2027-05-02", "2027-10-01", "2027-10-02", "2027-10-03"]
        );
    }
}
