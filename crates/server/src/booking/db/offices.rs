//! Offices, their day plans (rest days, closures, special dates) and the clerk's changes.

use crate::db::Db;
use portal_api::booking::{Office, Service};
use portal_api::calendar::RestDayKind;
use portal_api::ids::Date;
use sqlx::FromRow;

#[derive(Debug, FromRow)]
pub struct OfficeRow {
    pub code: String,
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub phone: String,
    pub hours: String,
    pub services: String,
    pub window_min: i64,
    pub window_max: i64,
    pub slot_minutes: i64,
    pub counters: i64,
    pub partner_confirm: i64,
    pub service_counters: String,
    pub demo: i64,
}

/// `ceremony=1,counselling=2` to pairs (unknown services and bad numbers are skipped).
pub fn parse_service_counters(s: &str) -> Vec<(Service, i64)> {
    s.split(',')
        .filter_map(|p| {
            let (svc, n) = p.split_once('=')?;
            Some((Service::parse(svc.trim())?, n.trim().parse().ok()?))
        })
        .collect()
}

pub fn format_service_counters(list: &[(Service, i64)]) -> String {
    list.iter().map(|(s, n)| format!("{}={n}", s.as_str())).collect::<Vec<_>>().join(",")
}

impl From<OfficeRow> for Office {
    fn from(r: OfficeRow) -> Office {
        Office {
            code: r.code,
            region: r.region,
            name_zh: r.name_zh,
            name_en: r.name_en,
            address_zh: r.address_zh,
            address_en: r.address_en,
            phone: r.phone,
            hours: serde_json::from_str(&r.hours).unwrap_or_default(),
            services: r.services.split(',').filter_map(Service::parse).collect(),
            window_min: r.window_min,
            window_max: r.window_max,
            slot_minutes: r.slot_minutes as u32,
            counters: r.counters,
            partner_confirm: r.partner_confirm != 0,
            service_counters: parse_service_counters(&r.service_counters),
            demo: r.demo != 0,
        }
    }
}

const OFFICE_COLS: &str = "code, region, name_zh, name_en, address_zh, address_en, phone, hours, services, \
                           window_min, window_max, slot_minutes, counters, partner_confirm, service_counters, demo";

pub async fn offices(db: &Db) -> Result<Vec<Office>, sqlx::Error> {
    let rows: Vec<OfficeRow> =
        sqlx::query_as(&format!("SELECT {OFFICE_COLS} FROM offices ORDER BY region, code"))
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(Office::from).collect())
}

pub async fn office(db: &Db, code: &str) -> Result<Option<Office>, sqlx::Error> {
    let row: Option<OfficeRow> =
        sqlx::query_as(&format!("SELECT {OFFICE_COLS} FROM offices WHERE code = $1"))
            .bind(code)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(Office::from))
}

/// Adds an office unless one with its code exists: demo data never overwrites what staff
/// changed since (places per slot, hours, the partner-confirmation switch).
pub async fn insert_office_once(db: &Db, o: &Office) -> Result<bool, sqlx::Error> {
    let services: Vec<&str> = o.services.iter().map(|s| s.as_str()).collect();
    let done = sqlx::query(
        "INSERT INTO offices (code, region, name_zh, name_en, address_zh, address_en, phone, hours, services, \
         window_min, window_max, slot_minutes, counters, demo, partner_confirm, service_counters) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(&o.code)
    .bind(&o.region)
    .bind(&o.name_zh)
    .bind(&o.name_en)
    .bind(&o.address_zh)
    .bind(&o.address_en)
    .bind(&o.phone)
    .bind(serde_json::to_string(&o.hours).unwrap_or_else(|_| "[]".into()))
    .bind(services.join(","))
    .bind(o.window_min)
    .bind(o.window_max)
    .bind(i64::from(o.slot_minutes))
    .bind(o.counters)
    .bind(i64::from(o.demo))
    .bind(i64::from(o.partner_confirm))
    .bind(format_service_counters(&o.service_counters))
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A special date's places per slot and release time, if the day is one.
#[derive(Debug, FromRow)]
pub struct SpecialRow {
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub counters: i64,
    pub release_at: Option<i64>,
}

pub async fn special(db: &Db, office: &str, day: Date) -> Result<Option<SpecialRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT day, counters, release_at FROM special_dates WHERE office = $1 AND day = $2",
    )
    .bind(office)
    .bind(day.to_string())
    .fetch_optional(&db.pool)
    .await
}

pub async fn specials_between(
    db: &Db,
    office: &str,
    from: Date,
    to: Date,
) -> Result<Vec<SpecialRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT day, counters, release_at FROM special_dates WHERE office = $1 AND day >= $2 AND day <= $3",
    )
    .bind(office)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await
}

#[derive(Debug, FromRow)]
pub struct ClosureRow {
    #[sqlx(try_from = "String")]
    pub day: Date,
}

pub async fn closures_between(
    db: &Db,
    office: &str,
    from: Date,
    to: Date,
) -> Result<Vec<ClosureRow>, sqlx::Error> {
    sqlx::query_as("SELECT day FROM office_closures WHERE office = $1 AND day >= $2 AND day <= $3")
        .bind(office)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&db.pool)
        .await
}

/// An office's day: closed (a statutory holiday or an ad-hoc closure), and the slot starts
/// (Monday's hours on a weekend day made a working day, 调休上班). One query.
pub struct DayPlan {
    pub closed: bool,
    pub starts: Vec<u32>,
}

#[derive(FromRow)]
struct DayFlags {
    holiday: i64,
    closure: i64,
    workday: i64,
}

pub async fn day_plan(db: &Db, office: &Office, day: Date) -> Result<DayPlan, sqlx::Error> {
    let f: DayFlags = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM rest_days WHERE day = $1 AND kind = $3) AS holiday, \
                (SELECT COUNT(*) FROM office_closures WHERE office = $2 AND day = $1) AS closure, \
                (SELECT COUNT(*) FROM rest_days WHERE day = $1 AND kind = $4) AS workday",
    )
    .bind(day.to_string())
    .bind(&office.code)
    .bind(RestDayKind::Holiday.as_str())
    .bind(RestDayKind::Workday.as_str())
    .fetch_one(&db.pool)
    .await?;
    let closed = f.holiday + f.closure > 0;
    let starts = if closed { vec![] } else { office.slot_starts_on(day, f.workday > 0) };
    Ok(DayPlan { closed, starts })
}

/// The slot starts of an office on a day (none when it is closed).
pub async fn starts(db: &Db, office: &Office, day: Date) -> Result<Vec<u32>, sqlx::Error> {
    Ok(day_plan(db, office, day).await?.starts)
}

/// Closes an office for a day; `false` when it was already closed (the reason is updated, and
/// nobody is texted twice).
pub async fn close_day(
    conn: &mut sqlx::AnyConnection,
    office: &str,
    day: Date,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO office_closures (office, day, reason) VALUES ($1, $2, $3) \
         ON CONFLICT (office, day) DO NOTHING",
    )
    .bind(office)
    .bind(day.to_string())
    .bind(reason)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if !inserted {
        sqlx::query("UPDATE office_closures SET reason = $1 WHERE office = $2 AND day = $3")
            .bind(reason)
            .bind(office)
            .bind(day.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(inserted)
}

/// Locks the office's row until the transaction ends and reads its places (default, and per
/// service). Every change of places and every laying out of slots takes it first, so they see
/// each other's work (`slots::lay_out`). Nothing is written to the row (an UPDATE would fire
/// the cache-version triggers and empty every server's booking cache): PostgreSQL locks it with
/// `FOR NO KEY UPDATE`; SQLite has one writer, taken here by writing nothing to a table
/// without triggers, after which the row read is the latest.
pub async fn lock_office(
    conn: &mut sqlx::AnyConnection,
    engine: crate::db::Engine,
    code: &str,
) -> Result<(i64, Vec<(Service, i64)>), sqlx::Error> {
    let lock = match engine {
        crate::db::Engine::Postgres => " FOR NO KEY UPDATE",
        crate::db::Engine::Sqlite => {
            crate::db::sqlite_writer_now(&mut *conn).await?;
            ""
        }
    };
    let (counters, own): (i64, String) = sqlx::query_as(&format!(
        "SELECT counters, service_counters FROM offices WHERE code = $1{lock}"
    ))
    .bind(code)
    .fetch_one(conn)
    .await?;
    Ok((counters, parse_service_counters(&own)))
}

/// Sets the default places, or one service's own. `office` is as read under [`lock_office`]
/// in this transaction, so two clerks setting two services' places keep both.
pub async fn set_counters(
    conn: &mut sqlx::AnyConnection,
    office: &Office,
    service: Option<Service>,
    counters: i64,
) -> Result<(), sqlx::Error> {
    match service {
        Some(service) => {
            let mut own = office.service_counters.clone();
            own.retain(|(s, _)| *s != service);
            own.push((service, counters));
            sqlx::query("UPDATE offices SET service_counters = $1 WHERE code = $2")
                .bind(format_service_counters(&own))
                .bind(&office.code)
                .execute(&mut *conn)
                .await?;
        }
        None => {
            sqlx::query("UPDATE offices SET counters = $1 WHERE code = $2")
                .bind(counters)
                .bind(&office.code)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

pub async fn upsert_special_date(
    conn: &mut sqlx::AnyConnection,
    office: &str,
    day: Date,
    counters: i64,
    release_at: Option<i64>,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO special_dates (office, day, counters, release_at, note) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (office, day) DO UPDATE SET counters = excluded.counters, release_at = excluded.release_at, note = excluded.note",
    )
    .bind(office)
    .bind(day.to_string())
    .bind(counters)
    .bind(release_at)
    .bind(note)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn save_plan(conn: &mut sqlx::AnyConnection, o: &Office) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE offices SET hours = $1, slot_minutes = $2, window_min = $3, window_max = $4, partner_confirm = $5 \
         WHERE code = $6",
    )
    .bind(serde_json::to_string(&o.hours).unwrap_or_else(|_| "[]".into()))
    .bind(i64::from(o.slot_minutes))
    .bind(o.window_min)
    .bind(o.window_max)
    .bind(i64::from(o.partner_confirm))
    .bind(&o.code)
    .execute(conn)
    .await
    .map(|_| ())
}
