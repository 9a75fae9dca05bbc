//! The background sweep every server runs once a minute: frees abandoned holds, lapses
//! provisional bookings whose partner did not confirm within 24 hours and tells both parties,
//! from 09:00 the day before an appointment reminds both of it, closes appointments whose day
//! has passed unmarked (so their people may book again), and sends the text-message outbox.
//! Each message is claimed by a conditional UPDATE in the transaction that queues it, so with
//! several servers on one database exactly one of them queues it.

use super::{db, notify};
use crate::AppState;
use portal_api::calendar::office_local;

/// One pass; returns how many bookings were told of (lapses and reminders).
pub async fn run_once(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, now).await?;
    db::close_past(&mut tx, state.office_today(), now).await?;
    tx.commit().await?;
    let told = lapses(state).await? + reminders(state).await?;
    crate::outbox::deliver_due(state).await?;
    crate::limits::purge(&state.db, now).await?;
    Ok(told)
}

/// Reminders from 09:00 (office time) the day before: confirmed bookings for tomorrow.
async fn reminders(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let (today, minute) = office_local(now);
    if minute < 9 * 60 {
        return Ok(0);
    }
    let tomorrow = today.add_days(1);
    let mut tx = state.db.pool.begin().await?;
    let claimed = db::claim_reminders(&mut tx, tomorrow).await?;
    for id in &claimed {
        let Some(b) = db::booking_by_id(&mut *tx, *id).await? else { continue };
        let text = notify::reminder(&b.reference, &b.name_zh, b.service, b.day, b.start_min as u32);
        notify::tell(&mut tx, *id, &text, now).await?;
    }
    tx.commit().await?;
    Ok(claimed.len())
}

/// Tells both parties of each lapsed booking, once.
async fn lapses(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let claimed = db::claim_lapses(&mut tx).await?;
    for id in &claimed {
        let Some(b) = db::booking_by_id(&mut *tx, *id).await? else { continue };
        let text = notify::lapsed(&b.reference, b.day, b.start_min as u32);
        notify::tell(&mut tx, *id, &text, now).await?;
    }
    tx.commit().await?;
    Ok(claimed.len())
}

/// Runs [`run_once`] every minute until the process ends.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "bookings told of"),
                Err(e) => tracing::warn!("booking sweep failed: {e}"),
            }
        }
    });
}
