//! Texts about sign-ups, queued in the caller's transaction (`crate::outbox`), so a message
//! exists exactly when the change it announces does. Booking and account texts are Chinese
//! only (nothing records a resident's language); a volunteer chooses the language of their
//! texts at registration (the app sends the one they use it in), so these come in Chinese or
//! English. The signature stays 【民政便民服务】 in both: a Chinese SMS signature is
//! registered with the carriers and must head every text.

use super::db;
use crate::outbox::enqueue;
use portal_api::volunteering::SmsLang;

pub const SIGNATURE: &str = "【民政便民服务】";

/// What a text announces, about an activity (`title`) at a time (`when`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Moved from the waitlist to a place.
    Promoted,
    /// The volunteer withdrew.
    Withdrawn,
    /// The organiser cancelled the shift.
    Cancelled,
}

/// Queues the note for the account's phone (if it has one) in the volunteer's language.
pub async fn tell(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    note: Note,
    title: &str,
    when: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    if let Some(phone) = db::person(&mut **tx, account_id).await?.and_then(|p| p.phone) {
        let lang = db::sms_lang(&mut **tx, account_id).await?;
        enqueue(&mut **tx, &phone, &format!("{SIGNATURE}{}", text(lang, note, title, when)), now)
            .await?;
    }
    Ok(())
}

pub fn text(lang: SmsLang, note: Note, title: &str, when: &str) -> String {
    match (lang, note) {
        (SmsLang::Zh, Note::Promoted) => {
            format!("有名额空出，您已从候补转为正式报名：{title}（{when}）。如不能参加请及时取消。")
        }
        (SmsLang::Zh, Note::Withdrawn) => format!("您已取消报名：{title}（{when}）。"),
        (SmsLang::Zh, Note::Cancelled) => {
            format!("很抱歉，组织方已取消志愿服务班次：{title}（{when}）。")
        }
        (SmsLang::En, Note::Promoted) => format!(
            "A place came free: you are now signed up for {title} ({when}). If you cannot come, \
             please withdraw in time."
        ),
        (SmsLang::En, Note::Withdrawn) => format!("You have withdrawn from {title} ({when})."),
        (SmsLang::En, Note::Cancelled) => {
            format!("Sorry, the organiser has cancelled the volunteer shift {title} ({when}).")
        }
    }
}
