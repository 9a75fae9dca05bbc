//! Key rotation: `portal-server keys rotate` rewrites every encrypted ID number with the current
//! key and recomputes its lookup hash, reading old rows with the keys in `PORTAL_OLD_KEYS`.
//! All or nothing, in one transaction. Procedure (README): make a new key, start the command
//! with the new key as `PORTAL_KEY` and the old one in `PORTAL_OLD_KEYS`, then restart the
//! servers with the new key; the old key can go once the command reports nothing stale.

use crate::crypto::Crypto;
use crate::db::Db;

/// The tables holding resident ID numbers: (table, key columns).
const TABLES: &[(&str, &str)] = &[("accounts", "id"), ("booking_parties", "booking_id, party")];

/// Rows whose ciphertext was written with another key or the first format.
pub async fn stale_rows(db: &Db, crypto: &Crypto) -> Result<usize, sqlx::Error> {
    let mut n = 0;
    for (table, _) in TABLES {
        let rows: Vec<(String,)> =
            sqlx::query_as(&format!("SELECT id_cipher FROM {table} WHERE id_cipher IS NOT NULL"))
                .fetch_all(&db.pool)
                .await?;
        n += rows.iter().filter(|(c,)| crypto.is_stale(c)).count();
    }
    Ok(n)
}

#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("{table} row ({key}) cannot be read with the current key or PORTAL_OLD_KEYS")]
    Unreadable { table: &'static str, key: String },
}

/// Rewrites every stale ciphertext and its hash; returns how many rows changed.
pub async fn rotate(db: &Db, crypto: &Crypto) -> Result<usize, RotateError> {
    let mut tx = db.pool.begin().await?;
    let mut changed = 0;
    for (table, key) in TABLES {
        let rows: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT CAST({} AS TEXT), id_cipher FROM {table} WHERE id_cipher IS NOT NULL",
            key.replace(", ", " || ':' || ")
        ))
        .fetch_all(&mut *tx)
        .await?;
        for (row_key, cipher) in rows.into_iter().filter(|(_, c)| crypto.is_stale(c)) {
            let plain = crypto
                .decrypt(&cipher)
                .ok_or_else(|| RotateError::Unreadable { table, key: row_key.clone() })?;
            let condition = key
                .split(", ")
                .enumerate()
                .map(|(i, col)| format!("CAST({col} AS TEXT) = ${}", i + 3))
                .collect::<Vec<_>>()
                .join(" AND ");
            let sql = format!("UPDATE {table} SET id_cipher = $1, id_hmac = $2 WHERE {condition}");
            let mut q = sqlx::query(&sql)
                .bind(crypto.encrypt(&plain))
                .bind(crypto.mac(&["resident_id", &plain]));
            for part in row_key.split(':') {
                q = q.bind(part.to_owned());
            }
            q.execute(&mut *tx).await?;
            changed += 1;
        }
    }
    tx.commit().await?;
    Ok(changed)
}
