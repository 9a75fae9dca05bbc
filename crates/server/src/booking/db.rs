//! Booking rows and the capacity-safe queries. Every write transaction starts with a write,
//! so SQLite takes its write lock up front (no deferred-lock upgrade deadlocks).

use crate::db::Db;
use portal_api::booking::{BookingView, Office, PartyView, Service, SlotView};
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

pub async fn upsert_office(db: &Db, o: &Office) -> Result<(), sqlx::Error> {
    let services: Vec<&str> = o.services.iter().map(|s| s.as_str()).collect();
    sqlx::query(
        "INSERT INTO offices (code, region, name_zh, name_en, address_zh, address_en, phone, hours, services, \
         window_min, window_max, slot_minutes, counters, demo, partner_confirm, service_counters) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         ON CONFLICT (code) DO UPDATE SET region = excluded.region, name_zh = excluded.name_zh, \
         name_en = excluded.name_en, address_zh = excluded.address_zh, address_en = excluded.address_en, \
         phone = excluded.phone, hours = excluded.hours, services = excluded.services, \
         window_min = excluded.window_min, window_max = excluded.window_max, \
         slot_minutes = excluded.slot_minutes, counters = excluded.counters, demo = excluded.demo, \
         partner_confirm = excluded.partner_confirm, service_counters = excluded.service_counters",
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
    .await
    .map(|_| ())
}

/// A special date's places per slot and release time, if the day is one.
pub async fn special(
    db: &Db,
    office: &str,
    day: Date,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT counters, release_at FROM special_dates WHERE office = $1 AND day = $2")
        .bind(office)
        .bind(day.to_string())
        .fetch_optional(&db.pool)
        .await
}

/// Creates the day's slots if they do not exist yet (idempotent, race-free), with the
/// special date's capacity where there is one.
pub async fn ensure_slots(
    db: &Db,
    office: &Office,
    service: Service,
    day: Date,
) -> Result<(), sqlx::Error> {
    // Every availability view comes through here: once the day exists, do no writes at all.
    let (existing,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM slots WHERE office = $1 AND service = $2 AND day = $3",
    )
    .bind(&office.code)
    .bind(service.as_str())
    .bind(day.to_string())
    .fetch_one(&db.pool)
    .await?;
    if existing > 0 {
        return Ok(());
    }
    fill_slots(db, office, service, day).await
}

/// Lays out the day's slots from the plan; times already there are left as they are.
pub async fn fill_slots(
    db: &Db,
    office: &Office,
    service: Service,
    day: Date,
) -> Result<(), sqlx::Error> {
    // A service with its own places (the ceremony hall) keeps them on a special date too.
    let capacity = if office.has_own_counters(service) {
        office.counters_for(service)
    } else {
        special(db, &office.code, day).await?.map(|(c, _)| c).unwrap_or(office.counters)
    };
    // Read everything first: a transaction must never wait for a second pooled connection.
    let starts = starts(db, office, day).await?;
    let mut tx = db.pool.begin().await?;
    for start in starts {
        sqlx::query(
            "INSERT INTO slots (office, service, day, start_min, capacity) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (office, service, day, start_min) DO NOTHING",
        )
        .bind(&office.code)
        .bind(service.as_str())
        .bind(day.to_string())
        .bind(i64::from(start))
        .bind(capacity)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Frees places held past their 10 minutes (an abandoned hold frees itself) and provisional
/// bookings the partner did not confirm within 24 hours.
pub async fn expire_holds<'c>(
    tx: &mut sqlx::Transaction<'c, sqlx::Any>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut freed: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE bookings SET status = 'expired', updated_at = $1 \
         WHERE status = 'held' AND hold_expires_at < $1 RETURNING id, slot_id",
    )
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    let lapsed: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE bookings SET status = 'lapsed', updated_at = $1 \
         WHERE status = 'provisional' AND confirm_by < $1 RETURNING id, slot_id",
    )
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    freed.extend(lapsed);
    for (id, slot_id) in freed {
        release(tx, id, slot_id).await?;
    }
    Ok(())
}

/// Takes one place in a slot if one is left (never `other_than`, the slot being left):
/// a conditional update, atomic on both engines. `None` when the slot is full.
pub async fn take_place<'c>(
    tx: &mut sqlx::Transaction<'c, sqlx::Any>,
    office: &str,
    service: Service,
    day: Date,
    start_min: u32,
    other_than: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE slots SET taken = taken + 1 \
         WHERE office = $1 AND service = $2 AND day = $3 AND start_min = $4 AND taken < capacity AND id <> $5 \
         RETURNING id",
    )
    .bind(office)
    .bind(service.as_str())
    .bind(day.to_string())
    .bind(i64::from(start_min))
    .bind(other_than.unwrap_or(-1))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Gives a booking's place back and lets its people book again.
pub async fn release<'c>(
    tx: &mut sqlx::Transaction<'c, sqlx::Any>,
    booking_id: i64,
    slot_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE slots SET taken = taken - 1 WHERE id = $1")
        .bind(slot_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE booking_parties SET active = 0 WHERE booking_id = $1")
        .bind(booking_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

#[derive(Debug, FromRow)]
pub struct SlotRow {
    pub id: i64,
    pub day: String,
    pub start_min: i64,
    pub capacity: i64,
    pub taken: i64,
}

impl SlotRow {
    pub fn view(&self) -> SlotView {
        SlotView {
            day: Date::parse(&self.day).unwrap_or(Date { year: 1970, month: 1, day: 1 }),
            start_min: self.start_min as u32,
            places_left: self.capacity - self.taken,
        }
    }
}

pub async fn slots_on(
    db: &Db,
    office: &str,
    service: Service,
    day: Date,
) -> Result<Vec<SlotRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, day, start_min, capacity, taken FROM slots \
         WHERE office = $1 AND service = $2 AND day = $3 ORDER BY start_min",
    )
    .bind(office)
    .bind(service.as_str())
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await
}

/// The next free slots from `day` on (already materialised), for a 409's alternatives.
pub async fn next_free(
    db: &Db,
    office: &str,
    service: Service,
    day: Date,
    limit: i64,
) -> Result<Vec<SlotView>, sqlx::Error> {
    let rows: Vec<SlotRow> = sqlx::query_as(
        "SELECT id, day, start_min, capacity, taken FROM slots \
         WHERE office = $1 AND service = $2 AND day >= $3 AND taken < capacity ORDER BY day, start_min LIMIT $4",
    )
    .bind(office)
    .bind(service.as_str())
    .bind(day.to_string())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(SlotRow::view).collect())
}

#[derive(Debug, FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub reference: String,
    pub office: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub service: String,
    pub day: String,
    pub start_min: i64,
    pub status: String,
    pub hold_expires_at: Option<i64>,
    pub confirm_by: Option<i64>,
    pub closure: Option<String>,
}

impl BookingRow {
    pub fn into_view(self, parties: Vec<PartyView>) -> BookingView {
        let r = self;
        BookingView {
            id: r.id,
            reference: r.reference,
            office: r.office,
            office_name_zh: r.name_zh,
            office_name_en: r.name_en,
            address_zh: r.address_zh,
            address_en: r.address_en,
            service: Service::parse(&r.service).unwrap_or(Service::Marriage),
            day: Date::parse(&r.day).unwrap_or(Date { year: 1970, month: 1, day: 1 }),
            start_min: r.start_min as u32,
            status: r.status,
            hold_expires_at: r.hold_expires_at,
            confirm_by: r.confirm_by,
            parties,
            owner: true,
            office_closed: r.closure,
        }
    }
}

pub async fn parties(db: &Db, booking_id: i64) -> Result<Vec<PartyView>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, id_masked FROM booking_parties WHERE booking_id = $1 ORDER BY party",
    )
    .bind(booking_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(name, id_masked)| PartyView { name, id_masked }).collect())
}

/// One of this account's bookings (another account's is `None`, as if it did not exist).
pub async fn booking(db: &Db, account_id: i64, id: i64) -> Result<Option<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {BOOKING_COLS} WHERE b.id = $1 AND b.account_id = $2"))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&db.pool)
        .await
}

/// A booking as residents see it, with the reason if the office has since closed that day.
const BOOKING_COLS: &str = "b.id, b.reference, s.office, o.name_zh, o.name_en, o.address_zh, o.address_en, s.service, s.day, \
     s.start_min, b.status, b.hold_expires_at, b.confirm_by, c.reason AS closure \
     FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN offices o ON o.code = s.office \
     LEFT JOIN office_closures c ON c.office = s.office AND c.day = s.day";

/// The caller is the partner named in the booking (party 1, matched by their real-name ID).
const AS_PARTNER: &str = "b.status <> 'held' AND b.id IN (SELECT p.booking_id FROM booking_parties p \
     JOIN accounts a ON a.id_hmac = p.id_hmac WHERE p.party = 1 AND a.id = $2)";

/// A booking in which the caller is named as the partner.
pub async fn booking_as_partner(
    db: &Db,
    account_id: i64,
    id: i64,
) -> Result<Option<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {BOOKING_COLS} WHERE b.id = $1 AND {AS_PARTNER}"))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&db.pool)
        .await
}

/// The bookings in which the caller is named as the partner, newest first.
pub async fn partner_booking_ids(
    db: &Db,
    account_id: i64,
    reference: Option<&str>,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT b.id {} WHERE ($1 = '' OR b.reference = $1) AND {AS_PARTNER} ORDER BY b.id DESC",
        &BOOKING_COLS[BOOKING_COLS.find(" FROM").unwrap_or(0)..]
    ))
    .bind(reference.unwrap_or(""))
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// An office's day: closed (a statutory holiday or an ad-hoc closure), and the slot starts
/// (Monday's hours on a weekend day made a working day, 调休上班). One query.
pub struct DayPlan {
    pub closed: bool,
    pub starts: Vec<u32>,
}

pub async fn day_plan(db: &Db, office: &Office, day: Date) -> Result<DayPlan, sqlx::Error> {
    let (holiday, closure, workday): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM rest_days WHERE day = $1 AND kind = 'holiday'), \
                (SELECT COUNT(*) FROM office_closures WHERE office = $2 AND day = $1), \
                (SELECT COUNT(*) FROM rest_days WHERE day = $1 AND kind = 'workday')",
    )
    .bind(day.to_string())
    .bind(&office.code)
    .fetch_one(&db.pool)
    .await?;
    let closed = holiday + closure > 0;
    let starts = if closed { vec![] } else { office.slot_starts_on(day, workday > 0) };
    Ok(DayPlan { closed, starts })
}

/// The slot starts of an office on a day (none when it is closed).
pub async fn starts(db: &Db, office: &Office, day: Date) -> Result<Vec<u32>, sqlx::Error> {
    Ok(day_plan(db, office, day).await?.starts)
}
