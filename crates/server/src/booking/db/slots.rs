//! Slots: laid out lazily from the day plan, places taken and given back only by conditional
//! updates (the CHECK `taken BETWEEN 0 AND capacity` is the last line of defence).

use super::offices::starts;
use crate::db::Db;
use portal_api::booking::{Office, Service, SlotView};
use portal_api::ids::Date;
use sqlx::FromRow;

/// Lays out the day's slots: every start of the plan that has no slot yet gets one
/// (idempotent and race-free: `ON CONFLICT DO NOTHING`), so a changed plan reaches days that
/// were already laid out. Reads only, once a day is complete.
pub async fn ensure_slots(
    db: &Db,
    office: &Office,
    service: Service,
    day: Date,
) -> Result<(), sqlx::Error> {
    let starts = starts(db, office, day).await?;
    if starts.is_empty() {
        return Ok(());
    }
    let existing: Vec<(i64, i64)> = day_slot_ids(db, &office.code, service, day).await?;
    let missing: Vec<u32> =
        starts.into_iter().filter(|s| !existing.iter().any(|(_, e)| *e == i64::from(*s))).collect();
    if missing.is_empty() {
        return Ok(());
    }
    lay_out(db, office, service, day, &missing).await
}

/// A day's laid-out slots of a service: (id, start minute).
pub async fn day_slot_ids(
    db: &Db,
    office: &str,
    service: Service,
    day: Date,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, start_min FROM slots WHERE office = $1 AND service = $2 AND day = $3",
    )
    .bind(office)
    .bind(service.as_str())
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await
}

/// Lays out the `missing` starts of a day (see [`ensure_slots`]). The places per slot are read
/// inside the transaction with the office's row locked (`offices::lock_office`), as every
/// change of places locks it: read earlier (the caller's `office` and special date may be a
/// cached copy), a clerk's change committed in between would be laid out with the old number,
/// for good, since `set_capacity` only rewrites slots that exist when it runs.
pub async fn lay_out(
    db: &Db,
    office: &Office,
    service: Service,
    day: Date,
    missing: &[u32],
) -> Result<(), sqlx::Error> {
    // Nothing is read on another connection while the transaction is open.
    let mut tx = db.pool.begin().await?;
    let (counters, own) = super::lock_office(&mut tx, db.engine, &office.code).await?;
    let special: Option<(i64,)> =
        sqlx::query_as("SELECT counters FROM special_dates WHERE office = $1 AND day = $2")
            .bind(&office.code)
            .bind(day.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    // A service with its own places (the ceremony hall) keeps them on a special date too.
    let capacity = match own.iter().find(|(s, _)| *s == service) {
        Some((_, n)) => *n,
        None => special.map_or(counters, |(n,)| n),
    };
    for start in missing {
        sqlx::query(
            "INSERT INTO slots (office, service, day, start_min, capacity) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (office, service, day, start_min) DO NOTHING",
        )
        .bind(&office.code)
        .bind(service.as_str())
        .bind(day.to_string())
        .bind(i64::from(*start))
        .bind(capacity)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The slot's id, if it has been laid out.
pub async fn slot_id<'e, E>(
    db: E,
    office: &str,
    service: Service,
    day: Date,
    start_min: u32,
) -> Result<Option<i64>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM slots WHERE office = $1 AND service = $2 AND day = $3 AND start_min = $4",
    )
    .bind(office)
    .bind(service.as_str())
    .bind(day.to_string())
    .bind(i64::from(start_min))
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Takes one place in a slot if one is left: a conditional update, atomic on both engines.
/// `false` when the slot is full.
pub async fn take_place<'e, E>(db: E, slot_id: i64) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("UPDATE slots SET taken = taken + 1 WHERE id = $1 AND taken < capacity")
        .bind(slot_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives one place back.
pub async fn give_place<'e, E>(db: E, slot_id: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE slots SET taken = taken - 1 WHERE id = $1 AND taken > 0")
        .bind(slot_id)
        .execute(db)
        .await
        .map(|_| ())
}

#[derive(Debug, FromRow)]
pub struct SlotRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub start_min: i64,
    pub capacity: i64,
    pub taken: i64,
}

impl SlotRow {
    pub fn view(&self) -> SlotView {
        SlotView {
            day: self.day,
            start_min: self.start_min as u32,
            places_left: (self.capacity - self.taken).max(0),
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

/// Every laid-out slot of a service between two days (for the date picker; creates nothing).
pub async fn slots_between(
    db: &Db,
    office: &str,
    service: Service,
    from: Date,
    to: Date,
) -> Result<Vec<SlotRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, day, start_min, capacity, taken FROM slots \
         WHERE office = $1 AND service = $2 AND day >= $3 AND day <= $4",
    )
    .bind(office)
    .bind(service.as_str())
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await
}

/// The next free slots from `day` on (already laid out), for a 409's alternatives.
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

/// A slot fuller than a proposed capacity.
#[derive(Debug, FromRow)]
pub struct CrowdedSlot {
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub start_min: i64,
    #[sqlx(try_from = "String")]
    pub service: Service,
}

/// Slots of an office from `from` on (or only on `only`) holding more than `counters`.
pub async fn crowded(
    db: &Db,
    office: &str,
    from: Date,
    only: Option<Date>,
    counters: i64,
) -> Result<Vec<CrowdedSlot>, sqlx::Error> {
    sqlx::query_as(
        "SELECT day, start_min, service FROM slots \
         WHERE office = $1 AND day >= $2 AND ($3 = '' OR day = $3) AND taken > $4 ORDER BY day",
    )
    .bind(office)
    .bind(from.to_string())
    .bind(only.map(|d| d.to_string()).unwrap_or_default())
    .bind(counters)
    .fetch_all(&db.pool)
    .await
}

/// New places per slot from `from` on; a slot already fuller keeps room for its bookings.
/// `keep_special`: leave special dates alone (the office default yields to them).
pub async fn set_capacity(
    conn: &mut sqlx::AnyConnection,
    office: &str,
    service: Service,
    from: Date,
    only: Option<Date>,
    counters: i64,
    keep_special: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE slots SET capacity = CASE WHEN taken > $1 THEN taken ELSE $1 END \
         WHERE office = $2 AND day >= $3 AND ($4 = '' OR day = $4) AND service = $5 \
         AND ($6 = 0 OR day NOT IN (SELECT day FROM special_dates WHERE office = $2))",
    )
    .bind(counters)
    .bind(office)
    .bind(from.to_string())
    .bind(only.map(|d| d.to_string()).unwrap_or_default())
    .bind(service.as_str())
    .bind(i64::from(keep_special))
    .execute(conn)
    .await
    .map(|_| ())
}

/// The version of what servers cache (`cache_versions`, bumped by the database's triggers on
/// any change to offices, closures, special dates or rest days); 0 without the row.
pub async fn cache_version(db: &Db) -> Result<i64, sqlx::Error> {
    let v: Option<(i64,)> =
        sqlx::query_as("SELECT version FROM cache_versions WHERE name = 'booking'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(v.map_or(0, |(v,)| v))
}

#[derive(FromRow)]
struct VersionedSlot {
    version: i64,
    id: Option<i64>,
    start_min: Option<i64>,
    capacity: Option<i64>,
    taken: Option<i64>,
}

/// A day's laid-out slots of a service and, in the same query, [`cache_version`].
pub async fn slots_with_version(
    db: &Db,
    office: &str,
    service: Service,
    day: Date,
) -> Result<(i64, Vec<SlotRow>), sqlx::Error> {
    let rows: Vec<VersionedSlot> = sqlx::query_as(
        "SELECT v.version, s.id, s.start_min, s.capacity, s.taken FROM cache_versions v \
         LEFT JOIN slots s ON s.office = $1 AND s.service = $2 AND s.day = $3 \
         WHERE v.name = 'booking' ORDER BY s.start_min",
    )
    .bind(office)
    .bind(service.as_str())
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await?;
    let version = rows.first().map_or(0, |r| r.version);
    let slots = rows
        .into_iter()
        .filter_map(|r| {
            Some(SlotRow {
                id: r.id?,
                day,
                start_min: r.start_min?,
                capacity: r.capacity?,
                taken: r.taken?,
            })
        })
        .collect();
    Ok((version, slots))
}
