//! What booking tells people by text message, and to whom: the booker and, if they have an
//! account, the partner named in the booking. Messages are queued in the caller's transaction
//! (see `crate::outbox`), so they exist exactly when the change they announce does.

use super::db;
use portal_api::booking::{Service, format_minute};
use portal_api::ids::Date;
use sqlx::AnyConnection;

/// Queues `text` for everyone in the booking.
pub async fn tell(
    conn: &mut AnyConnection,
    booking_id: i64,
    text: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    for phone in db::phones_for(&mut *conn, booking_id).await? {
        crate::outbox::enqueue(&mut *conn, &phone, text, now).await?;
    }
    Ok(())
}

fn when(day: Date, start_min: u32) -> String {
    format!("{}月{}日 {}", day.month, day.day, format_minute(start_min))
}

/// The booking waits for the partner: the text carries the link that opens the confirmation
/// page with the reference filled in (or, with no public address configured, names the page).
/// The booker gets it too, to forward if the partner has no account yet.
pub fn waiting_for_partner(
    reference: &str,
    office: &str,
    day: Date,
    start_min: u32,
    public_url: Option<&str>,
) -> String {
    let how = match public_url {
        Some(url) => format!("点此确认：{url}/booking/confirm?ref={reference}"),
        None => {
            "请登录民政便民服务，在“婚姻登记预约 - 确认对方发起的预约”中输入预约号确认。".to_owned()
        }
    };
    format!(
        "【婚姻登记预约】{} 在{office}的结婚登记预约（编号 {reference}）已提交，需对方本人在 24 小时内用自己的手机确认，否则自动取消。{how}",
        when(day, start_min)
    )
}

pub fn lapsed(reference: &str, day: Date, start_min: u32) -> String {
    format!(
        "【婚姻登记预约】您 {} 的预约（编号 {reference}）因对方未在 24 小时内确认，已取消，名额已释放。如仍需办理，请重新预约。",
        when(day, start_min)
    )
}

pub fn reminder(
    reference: &str,
    office: &str,
    service: Service,
    day: Date,
    start_min: u32,
) -> String {
    let who = if service.needs_partner() { "双方本人" } else { "本人" };
    format!(
        "【婚姻登记预约】提醒：明天（{}月{}日）{} 在{office}办理，预约号 {reference}。请{who}带身份证原件按时到场。",
        day.month,
        day.day,
        format_minute(start_min)
    )
}

pub fn closed(reference: &str, office: &str, reason: &str, day: Date, start_min: u32) -> String {
    format!(
        "【婚姻登记预约】{office}{}月{}日暂停办公（{reason}）。您 {} 的预约（编号 {reference}）需要改约，请在“我的预约”中选择新的时间。",
        day.month,
        day.day,
        format_minute(start_min)
    )
}

pub fn rescheduled(reference: &str, office: &str, day: Date, start_min: u32) -> String {
    format!(
        "【婚姻登记预约】预约（编号 {reference}）已改到 {}，地点 {office}。如非本人操作，请联系登记处。",
        when(day, start_min)
    )
}

pub fn cancelled(reference: &str, day: Date, start_min: u32) -> String {
    format!(
        "【婚姻登记预约】{} 的预约（编号 {reference}）已由预约人取消，名额已释放。",
        when(day, start_min)
    )
}
