//! What deleting an account does to its bookings (PIPL art. 47): every booking that has not
//! happened yet is cancelled, so its place and the partner's one-booking lock are freed at once
//! instead of lingering under a deleted account; the partner is told. Past bookings stay as the
//! registry's records, detached from the erased account.

use super::{db, notify};
use portal_api::booking::BookingStatus;
use sqlx::AnyConnection;

/// Cancels the account's active bookings and holds inside the caller's transaction; returns
/// the ids cancelled.
pub async fn cancel_all_of(
    conn: &mut AnyConnection,
    account_id: i64,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut cancelled = Vec::new();
    let mut freed = Vec::new();
    for b in db::active_of(&mut *conn, account_id).await? {
        let Some(slot_id) = db::cancel(&mut *conn, b.id, account_id, now).await? else {
            continue;
        };
        freed.push(slot_id);
        db::release_parties(&mut *conn, b.id).await?;
        if b.status != BookingStatus::Held {
            let text = notify::cancelled(&b.reference, b.day, b.start_min as u32);
            notify::tell(&mut *conn, b.id, &text, now).await?;
        }
        cancelled.push(b.id);
    }
    // Places given back in slot id order, as every transaction touching several slots does.
    freed.sort_unstable();
    for slot_id in freed {
        db::give_place(&mut *conn, slot_id).await?;
    }
    Ok(cancelled)
}
