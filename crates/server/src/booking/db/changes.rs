//! Booking state changes: holds, details, confirmation, moves, cancellations, the clerk's
//! marks and the sweep's claims. Each is a conditional UPDATE on the status it comes from, so
//! two requests can never both move one booking.

use super::bookings::{active, sql_list};
use portal_api::booking::{BookingStatus, ClerkMark, Service};
use portal_api::ids::Date;
use sqlx::AnyConnection;

/// Frees places held past their 10 minutes and provisional bookings the partner did not
/// confirm within 24 hours. Run in its own short transaction.
pub async fn expire_holds(conn: &mut AnyConnection, now: i64) -> Result<(), sqlx::Error> {
    let mut freed: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE bookings SET status = $2, updated_at = $1 \
         WHERE status = $3 AND hold_expires_at < $1 RETURNING id, slot_id",
    )
    .bind(now)
    .bind(BookingStatus::Expired.as_str())
    .bind(BookingStatus::Held.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let lapsed: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE bookings SET status = $2, updated_at = $1 \
         WHERE status = $3 AND confirm_by < $1 RETURNING id, slot_id",
    )
    .bind(now)
    .bind(BookingStatus::Lapsed.as_str())
    .bind(BookingStatus::Provisional.as_str())
    .fetch_all(&mut *conn)
    .await?;
    freed.extend(lapsed);
    // Slots in id order, as every transaction that touches two takes them (PostgreSQL locks
    // each row it updates until commit; two orders could deadlock).
    freed.sort_by_key(|&(id, slot_id)| (slot_id, id));
    for (id, slot_id) in freed {
        super::give_place(&mut *conn, slot_id).await?;
        release_parties(&mut *conn, id).await?;
    }
    Ok(())
}

/// Lets a booking's people book that service again (every final status calls this).
pub async fn release_parties(conn: &mut AnyConnection, booking_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE booking_parties SET active = 0 WHERE booking_id = $1")
        .bind(booking_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Cancels the account's live hold for this service (one place per service at a time: holding
/// another time replaces it). Returns the slots whose places the caller must give back, in
/// id order together with the one it takes (`resident::hold`).
pub async fn drop_holds_for(
    conn: &mut AnyConnection,
    account_id: i64,
    service: Service,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let dropped: Vec<(i64,)> = sqlx::query_as(
        "UPDATE bookings SET status = $1, updated_at = $2 \
         WHERE account_id = $3 AND service = $4 AND status = $5 RETURNING slot_id",
    )
    .bind(BookingStatus::Cancelled.as_str())
    .bind(now)
    .bind(account_id)
    .bind(service.as_str())
    .bind(BookingStatus::Held.as_str())
    .fetch_all(&mut *conn)
    .await?;
    Ok(dropped.into_iter().map(|(slot_id,)| slot_id).collect())
}

pub async fn by_idempotency_key<'e, E>(
    db: E,
    account_id: i64,
    key: &str,
) -> Result<Option<i64>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM bookings WHERE account_id = $1 AND idempotency_key = $2")
            .bind(account_id)
            .bind(key)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id,)| id))
}

pub struct NewHold<'a> {
    pub reference: &'a str,
    pub slot_id: i64,
    pub account_id: i64,
    pub service: Service,
    pub expires_at: i64,
    pub idempotency_key: Option<&'a str>,
    pub now: i64,
}

pub async fn insert_hold(conn: &mut AnyConnection, h: &NewHold<'_>) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO bookings (reference, slot_id, account_id, service, status, hold_expires_at, idempotency_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(h.reference)
    .bind(h.slot_id)
    .bind(h.account_id)
    .bind(h.service.as_str())
    .bind(BookingStatus::Held.as_str())
    .bind(h.expires_at)
    .bind(h.idempotency_key)
    .bind(h.now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Takes the booking row for a change (cancel, reschedule) if it is still active: the row
/// lock serialises concurrent changes of one booking, and the slot it holds *now* comes back.
pub async fn lock_active(
    conn: &mut AnyConnection,
    id: i64,
    account_id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(&format!(
        "UPDATE bookings SET updated_at = $1 WHERE id = $2 AND account_id = $3 AND status IN ({}) RETURNING slot_id",
        active()
    ))
    .bind(now)
    .bind(id)
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(s,)| s))
}

/// Cancels an active booking; returns the slot it held.
pub async fn cancel(
    conn: &mut AnyConnection,
    id: i64,
    account_id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(&format!(
        "UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND account_id = $4 AND status IN ({}) RETURNING slot_id",
        active()
    ))
    .bind(BookingStatus::Cancelled.as_str())
    .bind(now)
    .bind(id)
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(s,)| s))
}

/// Moves a booking from `old_slot` to `new_slot`, only if it is still active and still there.
pub async fn move_to(
    conn: &mut AnyConnection,
    id: i64,
    old_slot: i64,
    new_slot: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE bookings SET slot_id = $1, updated_at = $2, reminded = 0 WHERE id = $3 AND slot_id = $4 AND status IN ({})",
        active()
    ))
    .bind(new_slot)
    .bind(now)
    .bind(id)
    .bind(old_slot)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a live hold on to `status` once the details are in.
pub async fn fill_details(
    conn: &mut AnyConnection,
    id: i64,
    account_id: i64,
    status: BookingStatus,
    confirm_by: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE bookings SET status = $1, hold_expires_at = NULL, confirm_by = $2, updated_at = $3 \
         WHERE id = $4 AND account_id = $5 AND status = $6",
    )
    .bind(status.as_str())
    .bind(confirm_by)
    .bind(now)
    .bind(id)
    .bind(account_id)
    .bind(BookingStatus::Held.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewParty<'a> {
    pub booking_id: i64,
    pub party: i64,
    pub name: &'a str,
    pub id_cipher: &'a str,
    pub id_hmac: &'a str,
    pub id_masked: &'a str,
    pub service: Service,
    /// Holds the person's one-active-booking lock (the partner's only once they confirm).
    pub active: bool,
}

pub async fn insert_party(conn: &mut AnyConnection, p: &NewParty<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO booking_parties (booking_id, party, name, id_cipher, id_hmac, id_masked, service, active) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(p.booking_id)
    .bind(p.party)
    .bind(p.name)
    .bind(p.id_cipher)
    .bind(p.id_hmac)
    .bind(p.id_masked)
    .bind(p.service.as_str())
    .bind(i64::from(p.active))
    .execute(conn)
    .await
    .map(|_| ())
}

/// The partner confirms a provisional booking named for their real-name ID. Returns the
/// booking's id.
pub async fn confirm(
    conn: &mut AnyConnection,
    reference: &str,
    account_id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE bookings SET status = $1, confirm_by = NULL, updated_at = $2 \
         WHERE reference = $3 AND status = $4 AND id IN ( \
           SELECT p.booking_id FROM booking_parties p JOIN accounts a ON a.id_hmac = p.id_hmac \
           WHERE p.party = 1 AND a.id = $5) RETURNING id",
    )
    .bind(BookingStatus::Confirmed.as_str())
    .bind(now)
    .bind(reference)
    .bind(BookingStatus::Provisional.as_str())
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// The partner's own lock, taken when they confirm (the unique index refuses it if they
/// already hold an active booking for the service).
pub async fn activate_partner(
    conn: &mut AnyConnection,
    booking_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE booking_parties SET active = 1 WHERE booking_id = $1 AND party = 1")
        .bind(booking_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// A clerk's mark, only from the statuses it may follow. A final status releases the lock.
pub async fn mark(
    conn: &mut AnyConnection,
    id: i64,
    mark: ClerkMark,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ({})",
        sql_list(mark.from())
    ))
    .bind(mark.status().as_str())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if mark != ClerkMark::Arrived {
        release_parties(conn, id).await?;
    }
    Ok(true)
}

/// Takes back a no-show marked since `since` (the start of the office's day): the booking
/// returns to confirmed (or, if the partner had not confirmed yet, provisional) and its people's
/// locks are taken again. Returns the status restored, or `None` if there was no such no-show.
pub async fn undo_no_show(
    conn: &mut AnyConnection,
    id: i64,
    since: i64,
    now: i64,
) -> Result<Option<BookingStatus>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "UPDATE bookings SET status = CASE WHEN confirm_by IS NULL THEN $1 ELSE $2 END, \
         updated_at = $3 WHERE id = $4 AND status = $5 AND updated_at >= $6 RETURNING status",
    )
    .bind(BookingStatus::Confirmed.as_str())
    .bind(BookingStatus::Provisional.as_str())
    .bind(now)
    .bind(id)
    .bind(BookingStatus::NoShow.as_str())
    .bind(since)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(status) = row.and_then(|(s,)| BookingStatus::parse(&s)) else {
        return Ok(None);
    };
    // The partner's lock only if they had confirmed (it is taken when they do).
    sqlx::query(
        "UPDATE booking_parties SET active = 1 WHERE booking_id = $1 AND (party = 0 OR $2 = 1)",
    )
    .bind(id)
    .bind(i64::from(status == BookingStatus::Confirmed))
    .execute(&mut *conn)
    .await?;
    Ok(Some(status))
}

/// Appointments whose day has passed and that nobody marked: `past`, and their people may
/// book again. Returns how many.
pub async fn close_past(
    conn: &mut AnyConnection,
    today: Date,
    now: i64,
) -> Result<usize, sqlx::Error> {
    use BookingStatus::*;
    let closed: Vec<(i64,)> = sqlx::query_as(&format!(
        "UPDATE bookings SET status = $1, updated_at = $2 WHERE status IN ({}) \
         AND slot_id IN (SELECT id FROM slots WHERE day < $3) RETURNING id",
        sql_list(&[Confirmed, Arrived])
    ))
    .bind(Past.as_str())
    .bind(now)
    .bind(today.to_string())
    .fetch_all(&mut *conn)
    .await?;
    for (id,) in &closed {
        release_parties(&mut *conn, *id).await?;
    }
    Ok(closed.len())
}

/// The phones to tell about a booking: the booker's and, if they have an account, the
/// partner's (matched by the ID number they were named with).
pub async fn phones_for(
    conn: &mut AnyConnection,
    booking_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT a.phone FROM accounts a JOIN bookings b ON b.account_id = a.id \
         WHERE b.id = $1 AND a.deleted_at IS NULL \
         UNION SELECT a.phone FROM accounts a JOIN booking_parties p ON p.id_hmac = a.id_hmac \
         WHERE p.booking_id = $1 AND p.party = 1 AND a.deleted_at IS NULL",
    )
    .bind(booking_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().filter_map(|(p,)| p).collect())
}

/// Claims the lapses nobody was told of yet (once, across servers).
pub async fn claim_lapses(conn: &mut AnyConnection) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "UPDATE bookings SET lapse_notified = 1 WHERE status = $1 AND lapse_notified = 0 RETURNING id",
    )
    .bind(BookingStatus::Lapsed.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Claims tomorrow's confirmed bookings not yet reminded (once, across servers).
pub async fn claim_reminders(
    conn: &mut AnyConnection,
    tomorrow: Date,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "UPDATE bookings SET reminded = 1 WHERE status = $1 AND reminded = 0 \
         AND slot_id IN (SELECT id FROM slots WHERE day = $2) RETURNING id",
    )
    .bind(BookingStatus::Confirmed.as_str())
    .bind(tomorrow.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// An active booking of an account, as the erasure needs it.
#[derive(Debug, sqlx::FromRow)]
pub struct ActiveRow {
    pub id: i64,
    pub reference: String,
    #[sqlx(try_from = "String")]
    pub status: BookingStatus,
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub start_min: i64,
}

/// The account's bookings and holds that are still active.
pub async fn active_of(
    conn: &mut AnyConnection,
    account_id: i64,
) -> Result<Vec<ActiveRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT b.id, b.reference, b.status, s.day, s.start_min FROM bookings b \
         JOIN slots s ON s.id = b.slot_id WHERE b.account_id = $1 AND b.status IN ({}) ORDER BY b.id",
        active()
    ))
    .bind(account_id)
    .fetch_all(conn)
    .await
}
