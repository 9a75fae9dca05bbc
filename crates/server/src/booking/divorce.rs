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

/// 2025 public holidays and make-up working days: State Council General Office notice
/// 国办发明电〔2024〕12号 (关于2025年部分节假日安排的通知).
pub const REST_DAYS_2025: &[(&str, &str, &str)] = &[
    ("2025-01-01", "holiday", "元旦"),
    ("2025-01-28", "holiday", "春节"),
    ("2025-01-29", "holiday", "春节"),
    ("2025-01-30", "holiday", "春节"),
    ("2025-01-31", "holiday", "春节"),
    ("2025-02-01", "holiday", "春节"),
    ("2025-02-02", "holiday", "春节"),
    ("2025-02-03", "holiday", "春节"),
    ("2025-02-04", "holiday", "春节"),
    ("2025-01-26", "workday", "春节调休"),
    ("2025-02-08", "workday", "春节调休"),
    ("2025-04-04", "holiday", "清明节"),
    ("2025-04-05", "holiday", "清明节"),
    ("2025-04-06", "holiday", "清明节"),
    ("2025-05-01", "holiday", "劳动节"),
    ("2025-05-02", "holiday", "劳动节"),
    ("2025-05-03", "holiday", "劳动节"),
    ("2025-05-04", "holiday", "劳动节"),
    ("2025-05-05", "holiday", "劳动节"),
    ("2025-04-27", "workday", "劳动节调休"),
    ("2025-05-31", "holiday", "端午节"),
    ("2025-06-01", "holiday", "端午节"),
    ("2025-06-02", "holiday", "端午节"),
    ("2025-10-01", "holiday", "国庆节、中秋节"),
    ("2025-10-02", "holiday", "国庆节、中秋节"),
    ("2025-10-03", "holiday", "国庆节、中秋节"),
    ("2025-10-04", "holiday", "国庆节、中秋节"),
    ("2025-10-05", "holiday", "国庆节、中秋节"),
    ("2025-10-06", "holiday", "国庆节、中秋节"),
    ("2025-10-07", "holiday", "国庆节、中秋节"),
    ("2025-10-08", "holiday", "国庆节、中秋节"),
    ("2025-09-28", "workday", "国庆节调休"),
    ("2025-10-11", "workday", "国庆节调休"),
];

pub async fn load_rest_days(db: &Db, days: &[(&str, &str, &str)]) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    for (day, kind, note) in days {
        sqlx::query(
            "INSERT INTO rest_days (day, kind, note) VALUES ($1, $2, $3) \
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note",
        )
        .bind(*day)
        .bind(*kind)
        .bind(*note)
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
