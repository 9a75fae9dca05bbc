//! The append-only audit log: every sign-in and every staff action, with who, what, which
//! object, when and from which address. The database refuses updates and deletes (triggers).

use crate::db::Db;
use portal_api::account::AuditEntry;
use sqlx::FromRow;

pub struct Event<'a> {
    pub actor_id: Option<i64>,
    /// Masked phone, or `system` / `cli`.
    pub actor: &'a str,
    pub action: &'a str,
    pub object: &'a str,
    pub ip: &'a str,
}

pub async fn record<'e, E>(db: E, now: i64, e: Event<'_>) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO audit_log (at, actor_id, actor, action, object, ip) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(now)
        .bind(e.actor_id)
        .bind(e.actor)
        .bind(e.action)
        .bind(e.object)
        .bind(e.ip)
        .execute(db)
        .await
        .map(|_| ())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    object: String,
    ip: String,
}

impl From<Row> for AuditEntry {
    fn from(r: Row) -> Self {
        AuditEntry {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            object: r.object,
            ip: r.ip,
        }
    }
}

/// Newest first, entries with id below `before`, optionally one action (prefix) or actor id.
pub async fn page(
    db: &Db,
    before: Option<i64>,
    action: Option<&str>,
    actor_id: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, actor, action, object, ip FROM audit_log \
         WHERE ($1 < 0 OR id < $1) AND ($2 = '' OR action LIKE $3) AND ($4 < 0 OR actor_id = $4) \
         ORDER BY id DESC LIMIT $5",
    )
    .bind(before.unwrap_or(-1))
    .bind(action.unwrap_or(""))
    .bind(format!("{}%", action.unwrap_or("")))
    .bind(actor_id.unwrap_or(-1))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}
