//! Texts about sign-ups, queued in the caller's transaction (`crate::outbox`), so a message
//! exists exactly when the change it announces does.

use super::db;
use crate::outbox::enqueue;

pub const SIGNATURE: &str = "【民政便民服务】";

/// Queues `text` for the account's phone, if it has one.
pub async fn tell(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    text: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    if let Some(phone) = db::person(&mut **tx, account_id).await?.and_then(|p| p.phone) {
        enqueue(&mut **tx, &phone, &format!("{SIGNATURE}{text}"), now).await?;
    }
    Ok(())
}

pub fn promoted(title: &str, when: &str) -> String {
    format!("有名额空出，您已从候补转为正式报名：{title}（{when}）。如不能参加请及时取消。")
}

pub fn withdrawn(title: &str, when: &str) -> String {
    format!("您已取消报名：{title}（{when}）。")
}

pub fn cancelled(title: &str, when: &str) -> String {
    format!("很抱歉，组织方已取消志愿服务班次：{title}（{when}）。")
}
