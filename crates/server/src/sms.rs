//! Sending one-time codes. `SmsSender` is the seam: the default writes the message to the log
//! and to the `sms_outbox` table (which only a dev/test configuration exposes over HTTP, so
//! browser tests read the code as a phone would receive it); `HttpGateway` posts to a
//! production SMS gateway.

use crate::db::Db;
use std::future::Future;
use std::pin::Pin;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, phone: &'a str, text: &'a str, now: i64) -> SendFuture<'a>;
}

/// Log plus outbox table. Never used with a real gateway configured.
pub struct LogSender {
    pub db: Db,
}

impl SmsSender for LogSender {
    fn send<'a>(&'a self, phone: &'a str, text: &'a str, now: i64) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(phone = %portal_api::ids::mask(phone), "SMS (dev outbox): {text}");
            sqlx::query("INSERT INTO sms_outbox (phone, body, created_at) VALUES ($1, $2, $3)")
                .bind(phone)
                .bind(text)
                .bind(now)
                .execute(&self.db.pool)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }
}

/// A production gateway: `POST <PORTAL_SMS_URL>` with JSON `{"phone": ..., "text": ...}` and
/// `Authorization: Bearer <PORTAL_SMS_TOKEN>`; any 2xx is success. The URL must be `http://`,
/// typically the operator's gateway agent or a TLS-terminating proxy on the private network.
pub struct HttpGateway {
    pub url: String,
    pub token: String,
}

impl SmsSender for HttpGateway {
    fn send<'a>(&'a self, phone: &'a str, text: &'a str, _now: i64) -> SendFuture<'a> {
        Box::pin(async move {
            let body = serde_json::json!({ "phone": phone, "text": text }).to_string();
            let (status, _) = crate::gateway::post_json(&self.url, &self.token, body).await?;
            if status.is_success() { Ok(()) } else { Err(format!("SMS gateway answered {status}")) }
        })
    }
}
