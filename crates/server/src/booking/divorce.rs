//! Divorce by agreement (Civil Code art. 1077): the first appointment is the application; a
//! 30-day cooling-off follows (either party may withdraw); the certificate appointment must fall
//! in the next 30 days, or the application is taken as withdrawn. Rest days are data.

use crate::AppState;
use crate::account::auth::Resident;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portal_api::ErrorCode;
use portal_api::booking::{Calendar, CoolingOff, DivorceStage, DivorceView};
use portal_api::ids::Date;

/// The statutory rest days on record.
pub async fn calendar(db: &Db) -> Result<Calendar, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT day, kind FROM rest_days").fetch_all(&db.pool).await?;
    let mut c = Calendar::default();
    for (day, kind) in rows {
        if let Some(d) = Date::parse(&day) {
            if kind == "holiday" { c.holidays.push(d) } else { c.working_weekends.push(d) }
        }
    }
    Ok(c)
}

/// The statutory rest days shipped with the server: `data/rest_days.csv`, each line naming the
/// State Council notice it comes from. Loaded (upserted) at every start.
pub const STATUTORY_REST_DAYS: &str = include_str!("../../data/rest_days.csv");

/// One line of a rest-day file: `day,kind,note[,source]`, kind `holiday` or `workday`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestDay {
    pub day: Date,
    pub kind: &'static str,
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
        let kind = match kind {
            "holiday" => "holiday",
            "workday" => "workday",
            other => {
                return Err(format!("line {}: kind {other:?} must be holiday or workday", n + 1));
            }
        };
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
        kind: "holiday",
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
        .bind(d.kind)
        .bind(&d.note)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The open application (status `cooling`) shared by the people with these ID hashes, if any.
pub async fn open_application_for(
    db: &Db,
    id_hmacs: &[String],
) -> Result<Option<(i64, Date)>, sqlx::Error> {
    for h in id_hmacs {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT d.id, d.applied_on FROM divorce_applications d JOIN booking_parties p ON p.booking_id = d.booking_id \
             WHERE d.status = 'cooling' AND p.id_hmac = $1 ORDER BY d.id DESC LIMIT 1",
        )
        .bind(h)
        .fetch_optional(&db.pool)
        .await?;
        if let Some((id, day)) = row {
            return Ok(Date::parse(&day).map(|d| (id, d)));
        }
    }
    Ok(None)
}

/// The signed-in resident's ID hash (real-name record).
pub async fn own_hmac(db: &Db, account_id: i64) -> Result<Option<String>, sqlx::Error> {
    let (h,): (Option<String>,) = sqlx::query_as("SELECT id_hmac FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(h)
}

/// The resident's divorce applications (as either party) with the cooling-off dates.
pub async fn mine(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<Vec<DivorceView>>> {
    let Some(h) = own_hmac(&state.db, s.account_id).await? else {
        return Ok(axum::Json(vec![]));
    };
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT d.id, d.applied_on, d.status FROM divorce_applications d \
         JOIN booking_parties p ON p.booking_id = d.booking_id WHERE p.id_hmac = $1 ORDER BY d.id DESC",
    )
    .bind(&h)
    .fetch_all(&state.db.pool)
    .await?;
    let cal = calendar(&state.db).await?;
    let today = state.office_today();
    let views = rows
        .into_iter()
        .filter_map(|(id, day, status)| {
            let cooling_off = CoolingOff::for_application(Date::parse(&day)?, &cal);
            let stage = cooling_off.stage(today);
            Some(DivorceView { id, status, cooling_off, stage })
        })
        .collect();
    Ok(axum::Json(views))
}

/// Either party withdraws during the 30 days (art. 1077 para. 1).
pub async fn withdraw(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let h = own_hmac(&state.db, s.account_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such application"))?;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT d.applied_on, d.status FROM divorce_applications d JOIN booking_parties p ON p.booking_id = d.booking_id \
         WHERE d.id = $1 AND p.id_hmac = $2",
    )
    .bind(id)
    .bind(&h)
    .fetch_optional(&state.db.pool)
    .await?;
    let (day, status) = row.ok_or_else(|| AppError::not_found("no such application"))?;
    let applied = Date::parse(&day).ok_or_else(|| AppError::Internal("bad date".into()))?;
    let cooling = CoolingOff::for_application(applied, &calendar(&state.db).await?);
    if status != "cooling"
        || !matches!(cooling.stage(state.office_today()), DivorceStage::CoolingOff { .. })
    {
        return Err(AppError::client(
            ErrorCode::BookingClosed,
            "withdrawal is possible only during the 30 days",
        ));
    }
    let now = state.clock.now();
    let done = sqlx::query("UPDATE divorce_applications SET status = 'withdrawn', updated_at = $1 WHERE id = $2 AND status = 'cooling'")
        .bind(now)
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::client(ErrorCode::BookingClosed, "already withdrawn or completed"));
    }
    let object = format!("divorce_application:{id}");
    crate::account::audit::record(
        &state.db.pool,
        now,
        crate::account::audit::Event {
            actor_id: Some(s.account_id),
            actor: &s.actor(),
            action: "divorce.withdrawn",
            object: &object,
            ip: &s.ip,
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rest_days_parse_and_cover_2025_and_2026() {
        let days = parse_rest_days(STATUTORY_REST_DAYS).unwrap();
        let d = |s| Date::parse(s).unwrap();
        let has = |s, k| days.iter().any(|r| r.day == d(s) && r.kind == k);
        // 2026 notice: Spring Festival 2-15..2-23, 2-14 and 2-28 are working Saturdays.
        assert!(has("2026-02-15", "holiday") && has("2026-02-23", "holiday"));
        assert!(has("2026-02-28", "workday") && has("2026-10-10", "workday"));
        assert!(has("2025-10-08", "holiday"));
        assert_eq!(days.iter().filter(|r| r.day.year == 2026 && r.kind == "holiday").count(), 33);
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
