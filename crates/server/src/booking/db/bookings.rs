//! Bookings and the people in them, as residents and clerks read them.

use crate::db::Db;
use portal_api::booking::{BookingStatus, BookingView, PartyView, Service};
use portal_api::ids::Date;
use sqlx::FromRow;

/// `'held', 'provisional', ...` for an SQL `IN (...)`, written from the enum (never typed by
/// hand, so a renamed status cannot leave a query behind).
pub fn sql_list(statuses: &[BookingStatus]) -> String {
    statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
}

pub(super) fn active() -> String {
    sql_list(&BookingStatus::ACTIVE)
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
    #[sqlx(try_from = "String")]
    pub service: Service,
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub start_min: i64,
    #[sqlx(try_from = "String")]
    pub status: BookingStatus,
    pub hold_expires_at: Option<i64>,
    pub confirm_by: Option<i64>,
    pub closure: Option<String>,
    pub account_id: i64,
    pub slot_id: i64,
}

impl BookingRow {
    pub fn into_view(self, parties: Vec<PartyView>, owner: bool) -> BookingView {
        let r = self;
        BookingView {
            id: r.id,
            reference: r.reference,
            office: r.office,
            office_name_zh: r.name_zh,
            office_name_en: r.name_en,
            address_zh: r.address_zh,
            address_en: r.address_en,
            service: r.service,
            day: r.day,
            start_min: r.start_min as u32,
            status: r.status,
            hold_expires_at: r.hold_expires_at,
            confirm_by: r.confirm_by,
            parties,
            owner,
            office_closed: r.closure,
        }
    }
}

/// A booking as residents see it, with the reason if the office has since closed that day.
const BOOKING_COLS: &str = "b.id, b.reference, s.office, o.name_zh, o.name_en, o.address_zh, o.address_en, s.service, s.day, \
     s.start_min, b.status, b.hold_expires_at, b.confirm_by, c.reason AS closure, b.account_id, b.slot_id";
const BOOKING_FROM: &str = "FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN offices o ON o.code = s.office \
     LEFT JOIN office_closures c ON c.office = s.office AND c.day = s.day";

/// The caller is the partner named in the booking (party 1, matched by their real-name ID).
const AS_PARTNER: &str = "b.status <> 'held' AND b.id IN (SELECT p.booking_id FROM booking_parties p \
     JOIN accounts a ON a.id_hmac = p.id_hmac WHERE p.party = 1 AND a.id = $2)";

/// One of this account's bookings (another account's is `None`, as if it did not exist).
pub async fn booking(db: &Db, account_id: i64, id: i64) -> Result<Option<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {BOOKING_COLS} {BOOKING_FROM} WHERE b.id = $1 AND b.account_id = $2"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(&db.pool)
    .await
}

/// Any booking by id (staff and the sweep).
pub async fn booking_by_id<'e, E>(db: E, id: i64) -> Result<Option<BookingRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("SELECT {BOOKING_COLS} {BOOKING_FROM} WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// A booking in which the caller is named as the partner.
pub async fn booking_as_partner(
    db: &Db,
    account_id: i64,
    id: i64,
) -> Result<Option<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {BOOKING_COLS} {BOOKING_FROM} WHERE b.id = $1 AND {AS_PARTNER}"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(&db.pool)
    .await
}

/// The bookings in which the caller is named as the partner (one reference, or all), newest
/// first.
pub async fn partner_booking_ids(
    db: &Db,
    account_id: i64,
    reference: Option<&str>,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT b.id FROM bookings b WHERE ($1 = '' OR b.reference = $1) AND {AS_PARTNER} ORDER BY b.id DESC"
    ))
    .bind(reference.unwrap_or(""))
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The caller's own bookings, newest first.
/// The account's bookings, newest first. With `abandoned_before`, holds that were let run out
/// or replaced by another time (never filled in: no parties) and ended before then are left
/// out: each try of a time is a row, thirty an hour are allowed, and a list of them would grow
/// without end and bury the bookings a resident made.
pub async fn own_booking_ids(
    db: &Db,
    account_id: i64,
    abandoned_before: Option<i64>,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT b.id FROM bookings b WHERE b.account_id = $1 AND NOT ( \
           $2 IS NOT NULL AND b.updated_at < $2 AND b.status IN ($3, $4) \
           AND NOT EXISTS (SELECT 1 FROM booking_parties p WHERE p.booking_id = b.id)) \
         ORDER BY b.id DESC",
    )
    .bind(account_id)
    .bind(abandoned_before)
    .bind(BookingStatus::Expired.as_str())
    .bind(BookingStatus::Cancelled.as_str())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

#[derive(Debug, FromRow)]
pub struct PartyRow {
    pub party: i64,
    pub name: String,
    pub id_cipher: String,
    pub id_hmac: String,
    pub id_masked: String,
}

pub async fn party_rows(db: &Db, booking_id: i64) -> Result<Vec<PartyRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT party, name, id_cipher, id_hmac, id_masked FROM booking_parties WHERE booking_id = $1 ORDER BY party",
    )
    .bind(booking_id)
    .fetch_all(&db.pool)
    .await
}

/// The couple, masked (PIPL art. 51).
pub async fn parties(db: &Db, booking_id: i64) -> Result<Vec<PartyView>, sqlx::Error> {
    Ok(party_rows(db, booking_id)
        .await?
        .into_iter()
        .map(|p| PartyView { name: p.name, id_masked: p.id_masked })
        .collect())
}

/// The signed-in applicant's real-name record.
#[derive(Debug, FromRow)]
pub struct Applicant {
    pub real_name: Option<String>,
    pub id_cipher: Option<String>,
    pub id_hmac: Option<String>,
    /// When the identity was verified (gateway or counter); `None`: not yet.
    pub verified_at: Option<i64>,
}

pub async fn applicant(db: &Db, account_id: i64) -> Result<Applicant, sqlx::Error> {
    sqlx::query_as("SELECT real_name, id_cipher, id_hmac, verified_at FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&db.pool)
        .await
}

/// The days of an account's no-shows.
pub async fn no_show_days(db: &Db, account_id: i64) -> Result<Vec<Date>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT s.day FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.account_id = $1 AND b.status = $2",
    )
    .bind(account_id)
    .bind(BookingStatus::NoShow.as_str())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().filter_map(|(d,)| Date::parse(d)).collect())
}

/// How many holds the account has made since `since`.
pub async fn holds_since(db: &Db, account_id: i64, since: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE account_id = $1 AND created_at >= $2")
            .bind(account_id)
            .bind(since)
            .fetch_one(&db.pool)
            .await?;
    Ok(n)
}

/// What a hold reads before it writes, in one query (each query is a round trip to
/// PostgreSQL): whether the account has its real name (`named` 1; `None` without the account)
/// and its ID's HMAC (for the divorce windows), the version of the servers' cached offices and
/// day plans (0 without the row), the account's holds since `since` (the hourly limit), its
/// no-shows (the days are read only when there are any) and whether any hold or partner
/// confirmation has run out by `now` (so the hold frees them first; most holds find none and
/// skip that write).
#[derive(Debug, FromRow)]
pub struct HoldPrecheck {
    pub named: Option<i64>,
    pub id_hmac: Option<String>,
    pub version: Option<i64>,
    pub holds: i64,
    pub no_shows: i64,
    pub due: i64,
}

pub async fn hold_precheck(
    db: &Db,
    account_id: i64,
    since: i64,
    now: i64,
) -> Result<HoldPrecheck, sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT CASE WHEN real_name IS NULL THEN 0 ELSE 1 END FROM accounts WHERE id = $1) AS named, \
         (SELECT id_hmac FROM accounts WHERE id = $1) AS id_hmac, \
         (SELECT version FROM cache_versions WHERE name = 'booking') AS version, \
         (SELECT COUNT(*) FROM bookings WHERE account_id = $1 AND created_at >= $2) AS holds, \
         (SELECT COUNT(*) FROM bookings WHERE account_id = $1 AND status = $6) AS no_shows, \
         (SELECT COUNT(*) FROM (SELECT 1 FROM bookings WHERE status = $4 AND hold_expires_at < $3 \
         UNION ALL SELECT 1 FROM bookings WHERE status = $5 AND confirm_by < $3 LIMIT 1) AS d) AS due",
    )
    .bind(account_id)
    .bind(since)
    .bind(now)
    .bind(BookingStatus::Held.as_str())
    .bind(BookingStatus::Provisional.as_str())
    .bind(BookingStatus::NoShow.as_str())
    .fetch_one(&db.pool)
    .await
}

/// The status of a booking that names the caller as partner, by reference.
pub async fn status_as_partner(
    db: &Db,
    reference: &str,
    account_id: i64,
) -> Result<Option<BookingStatus>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT b.status FROM bookings b JOIN booking_parties p ON p.booking_id = b.id \
         JOIN accounts a ON a.id_hmac = p.id_hmac WHERE b.reference = $1 AND p.party = 1 AND a.id = $2",
    )
    .bind(reference)
    .bind(account_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(s,)| BookingStatus::parse(&s)))
}

/// The office a booking is at.
pub async fn office_of(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT s.office FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(o,)| o))
}

/// A line of a clerk's day.
#[derive(Debug, FromRow)]
pub struct DayRow {
    pub id: i64,
    pub reference: String,
    #[sqlx(try_from = "String")]
    pub service: Service,
    pub start_min: i64,
    #[sqlx(try_from = "String")]
    pub status: BookingStatus,
    pub account_id: i64,
}

/// The bookings a clerk sees for an office's day (not holds, nor ones given up).
pub async fn day_rows(
    conn: &mut sqlx::AnyConnection,
    office: &str,
    day: Date,
) -> Result<Vec<DayRow>, sqlx::Error> {
    use BookingStatus::*;
    sqlx::query_as(&format!(
        "SELECT b.id, b.reference, s.service, s.start_min, b.status, b.account_id FROM bookings b \
         JOIN slots s ON s.id = b.slot_id WHERE s.office = $1 AND s.day = $2 AND b.status IN ({}) \
         ORDER BY s.start_min, b.id",
        sql_list(&[Provisional, Confirmed, Arrived, Completed, NoShow, Past])
    ))
    .bind(office)
    .bind(day.to_string())
    .fetch_all(conn)
    .await
}

/// Days of an office from `from` on that have active bookings.
pub async fn days_with_bookings(
    db: &Db,
    office: &str,
    from: Date,
) -> Result<Vec<Date>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT DISTINCT s.day FROM slots s JOIN bookings b ON b.slot_id = s.id \
         WHERE s.office = $1 AND s.day >= $2 AND b.status IN ({}) ORDER BY s.day",
        active()
    ))
    .bind(office)
    .bind(from.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().filter_map(|(d,)| Date::parse(d)).collect())
}
