//! Text messages that announce a change (a lapse, a reminder, a closure, a reschedule) go
//! through an outbox table: queued in the same transaction as the change, then sent by whichever
//! server claims them first (a conditional UPDATE with a lease), retried with backoff when the
//! gateway fails, and given up after [`MAX_ATTEMPTS`] with a loud log line. A change is never
//! lost because a send failed or the process died; a message is sent at most once per
//! successful gateway answer. Sign-in codes are sent directly: the resident is waiting.

use crate::AppState;
use sqlx::FromRow;

/// Attempts before a message is given up (with the backoff below: about an hour in all).
pub const MAX_ATTEMPTS: i64 = 8;
/// Messages sent per pass.
const BATCH: i64 = 20;
/// How long a claim lasts: a server that dies mid-send frees its messages after this. It
/// covers a whole pass with every send taking the gateway's full time (20 × 10 s) and a minute
/// more, so a slow gateway never lets a second pass claim, and send again, what this one has not
/// reached yet.
pub const LEASE_SECS: i64 = BATCH * crate::gateway::TOTAL.as_secs() as i64 + 60;

/// Seconds to wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... capped at 1 hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    (30 * (1i64 << attempts.clamp(1, 10) as u32 >> 1)).min(3600)
}

/// Queues a message (inside the caller's transaction, so it exists exactly when the change
/// it announces does).
pub async fn enqueue<'e, E>(db: E, phone: &str, body: &str, now: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO sms_queue (phone, body, created_at, next_at) VALUES ($1, $2, $3, $3)")
        .bind(phone)
        .bind(body)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

#[derive(Debug, FromRow)]
struct Claimed {
    id: i64,
    phone: String,
    body: String,
    attempts: i64,
}

/// One pass: claims due messages and sends them. Returns how many were sent.
pub async fn deliver_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let lease = now + LEASE_SECS;
    // The outer conditions are re-checked on PostgreSQL after a row lock wait, so two servers
    // never both claim one message.
    let claimed: Vec<Claimed> = sqlx::query_as(
        "UPDATE sms_queue SET claimed_until = $1, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM sms_queue WHERE sent_at IS NULL AND failed_at IS NULL \
                      AND next_at <= $2 AND (claimed_until IS NULL OR claimed_until < $2) \
                      ORDER BY id LIMIT $3) \
         AND sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2) \
         RETURNING id, phone, body, attempts",
    )
    .bind(lease)
    .bind(now)
    .bind(BATCH)
    .fetch_all(&state.db.pool)
    .await?;
    // Each outcome is written only while the claim is still this pass's own: one that ran out
    // and was claimed again belongs to the pass that holds it now.
    let mut sent = 0;
    for m in claimed {
        match state.sms.send(&m.phone, &m.body, now).await {
            Ok(()) => {
                sqlx::query(
                    "UPDATE sms_queue SET sent_at = $1, claimed_until = NULL \
                     WHERE id = $2 AND claimed_until = $3",
                )
                .bind(now)
                .bind(m.id)
                .bind(lease)
                .execute(&state.db.pool)
                .await?;
                sent += 1;
            }
            Err(e) if m.attempts >= MAX_ATTEMPTS => {
                tracing::error!(message = m.id, attempts = m.attempts, "SMS GIVEN UP: {e}");
                sqlx::query(
                    "UPDATE sms_queue SET failed_at = $1, claimed_until = NULL, last_error = $2 \
                     WHERE id = $3 AND claimed_until = $4",
                )
                .bind(now)
                .bind(&e)
                .bind(m.id)
                .bind(lease)
                .execute(&state.db.pool)
                .await?;
            }
            Err(e) => {
                tracing::warn!(
                    message = m.id,
                    attempts = m.attempts,
                    "SMS not sent, will retry: {e}"
                );
                sqlx::query(
                    "UPDATE sms_queue SET next_at = $1, claimed_until = NULL, last_error = $2 \
                     WHERE id = $3 AND claimed_until = $4",
                )
                .bind(now + backoff_secs(m.attempts))
                .bind(&e)
                .bind(m.id)
                .bind(lease)
                .execute(&state.db.pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// Sends what is due now, logging instead of failing: used right after a change commits, so a
/// message goes out at once when the gateway is up; the sweep retries the rest.
pub async fn deliver_now(state: &AppState) {
    if let Err(e) = deliver_due(state).await {
        tracing::warn!("outbox pass failed (the sweep will retry): {e}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_from_30_seconds_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(super::backoff_secs).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
