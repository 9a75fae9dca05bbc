//! The background sweep every server runs once a minute: frees abandoned holds, lapses
//! provisional bookings whose partner did not confirm within 24 hours and tells both parties,
//! and from 09:00 the day before an appointment reminds both of it. Each message is claimed by a
//! conditional UPDATE before it is sent, so with several servers on one database exactly one of
//! them sends it.

use crate::AppState;
use crate::booking::db;
use portal_api::ids::Date;

/// One pass; returns how many bookings were told of (lapses and reminders).
pub async fn run_once(state: &AppState) -> Result<usize, sqlx::Error> {
    Ok(lapses(state).await? + reminders(state).await?)
}

/// Reminders from 09:00 (office time) the day before: confirmed bookings for tomorrow.
async fn reminders(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let office_secs = (now + 8 * 3600).rem_euclid(86_400);
    if office_secs < 9 * 3600 {
        return Ok(0);
    }
    let tomorrow = state.office_today().add_days(1);
    let claimed: Vec<(i64,)> = sqlx::query_as(
        "UPDATE bookings SET reminded = 1 WHERE status = 'confirmed' AND reminded = 0 \
         AND slot_id IN (SELECT id FROM slots WHERE day = $1) RETURNING id",
    )
    .bind(tomorrow.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    for (id,) in &claimed {
        let (reference, start_min, account_id, office, service): (String, i64, i64, String, String) =
            sqlx::query_as(
                "SELECT b.reference, s.start_min, b.account_id, o.name_zh, s.service FROM bookings b \
                 JOIN slots s ON s.id = b.slot_id JOIN offices o ON o.code = s.office WHERE b.id = $1",
            )
            .bind(id)
            .fetch_one(&state.db.pool)
            .await?;
        let service = portal_api::booking::Service::parse(&service);
        let who =
            if service.is_some_and(|s| s.needs_partner()) { "双方本人" } else { "本人" };
        let text = format!(
            "【婚姻登记预约】提醒：明天（{}月{}日）{:02}:{:02} 在{office}办理，预约号 {reference}。请{who}带身份证原件按时到场。",
            tomorrow.month,
            tomorrow.day,
            start_min / 60,
            start_min % 60
        );
        tell_parties(state, *id, account_id, &text, now).await?;
    }
    Ok(claimed.len())
}

/// Lapses provisional bookings past their 24 hours and tells both parties, once.
async fn lapses(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    db::expire_holds(&mut tx, now).await?;
    tx.commit().await?;
    let claimed: Vec<(i64,)> = sqlx::query_as(
        "UPDATE bookings SET lapse_notified = 1 WHERE status = 'lapsed' AND lapse_notified = 0 \
         RETURNING id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    for (id,) in &claimed {
        let (reference, day, start_min, account_id): (String, String, i64, i64) = sqlx::query_as(
            "SELECT b.reference, s.day, s.start_min, b.account_id FROM bookings b \
             JOIN slots s ON s.id = b.slot_id WHERE b.id = $1",
        )
        .bind(id)
        .fetch_one(&state.db.pool)
        .await?;
        let text = lapse_text(&reference, Date::parse(&day), start_min);
        tell_parties(state, *id, account_id, &text, now).await?;
    }
    Ok(claimed.len())
}

fn lapse_text(reference: &str, day: Option<Date>, start_min: i64) -> String {
    let when = day
        .map(|d| format!("{}月{}日 {:02}:{:02}", d.month, d.day, start_min / 60, start_min % 60))
        .unwrap_or_default();
    format!(
        "【婚姻登记预约】您 {when} 的预约（编号 {reference}）因对方未在 24 小时内确认，已取消，名额已释放。如仍需办理，请重新预约。"
    )
}

/// Sends `text` to the booker and, if they have an account, to the partner named in the
/// booking (matched by the ID number they were booked with). A failed send is logged, never
/// fatal: the booking itself is already in its new state.
pub async fn tell_parties(
    state: &AppState,
    booking_id: i64,
    account_id: i64,
    text: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let phones: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT phone FROM accounts WHERE id = $1 AND deleted_at IS NULL \
         UNION SELECT a.phone FROM accounts a JOIN booking_parties p ON p.id_hmac = a.id_hmac \
         WHERE p.booking_id = $2 AND p.party = 1 AND a.deleted_at IS NULL",
    )
    .bind(account_id)
    .bind(booking_id)
    .fetch_all(&state.db.pool)
    .await?;
    for phone in phones.into_iter().filter_map(|(p,)| p) {
        if let Err(e) = state.sms.send(&phone, text, now).await {
            tracing::warn!(booking = booking_id, "SMS not sent: {e}");
        }
    }
    Ok(())
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
                Ok(n) => tracing::info!(count = n, "lapsed bookings told"),
                Err(e) => tracing::warn!("booking sweep failed: {e}"),
            }
        }
    });
}
