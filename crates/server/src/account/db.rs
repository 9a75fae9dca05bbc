//! Account rows and queries, written in SQL both engines accept.

use crate::db::Db;
use portal_api::account::{Role, RoleGrant};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub phone: Option<String>,
    pub real_name: Option<String>,
    pub id_cipher: Option<String>,
    pub id_masked: Option<String>,
    pub created_at: i64,
    pub id_hmac: Option<String>,
    pub verified_by: Option<String>,
}

const ACCOUNT_COLS: &str =
    "id, phone, real_name, id_cipher, id_masked, created_at, id_hmac, verified_by";

pub async fn account_by_id(db: &Db, id: i64) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLS} FROM accounts WHERE id = $1 AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The account for a phone number, created if there is none.
pub async fn account_for_phone<'c>(
    tx: &mut sqlx::Transaction<'c, sqlx::Any>,
    phone: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM accounts WHERE phone = $1")
        .bind(phone)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some((id,)) = existing {
        return Ok(id);
    }
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO accounts (phone, created_at) VALUES ($1, $2) RETURNING id")
            .bind(phone)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
    Ok(id)
}

pub async fn roles(db: &Db, account_id: i64) -> Result<Vec<RoleGrant>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT role, scope FROM roles WHERE account_id = $1 ORDER BY role, scope")
            .bind(account_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, scope)| Role::parse(&r).map(|role| RoleGrant { role, scope }))
        .collect())
}

pub async fn grant_role(
    db: &Db,
    account_id: i64,
    role: Role,
    scope: &str,
) -> Result<(), sqlx::Error> {
    // The same spelling works on both engines.
    sqlx::query(
        "INSERT INTO roles (account_id, role, scope) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(account_id)
    .bind(role.as_str())
    .bind(scope)
    .execute(&db.pool)
    .await
    .map(|_| ())
}

#[derive(Debug, FromRow)]
pub struct CodeRow {
    pub id: i64,
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i64,
    pub used_at: Option<i64>,
}

/// The newest code sent to this phone.
pub async fn latest_code(db: &Db, phone: &str) -> Result<Option<CodeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, code_hash, expires_at, attempts, used_at FROM login_codes \
         WHERE phone = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(phone)
    .fetch_optional(&db.pool)
    .await
}

#[derive(Debug, FromRow)]
pub struct SessionRow {
    pub account_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub revoked_at: Option<i64>,
    pub phone: Option<String>,
}

pub async fn session(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.account_id, s.created_at, s.last_seen_at, s.revoked_at, a.phone \
         FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.token_hash = $1 AND a.deleted_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await
}

/// The account holding an ID number (by its keyed hash): id, verified or not, phone.
pub async fn holder_of(
    db: &Db,
    id_hmac: &str,
) -> Result<Option<(i64, Option<i64>, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, verified_at, phone FROM accounts WHERE id_hmac = $1")
        .bind(id_hmac)
        .fetch_optional(&db.pool)
        .await
}

/// The account of a mobile number, if it exists and is not deleted.
pub async fn account_by_phone(db: &Db, phone: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLS} FROM accounts WHERE phone = $1 AND deleted_at IS NULL"
    ))
    .bind(phone)
    .fetch_optional(&db.pool)
    .await
}
