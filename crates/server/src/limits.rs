//! Rate limits every server shares, kept in the database (servers are stateless, so an
//! in-process limiter such as `tower_governor` would let each of several servers allow the
//! full amount). A hit is one atomic upsert that counts and answers in the same statement, so
//! parallel requests cannot all read "under the limit" before any is counted.

use crate::db::Db;

/// What is limited: at most `max` hits per `window_secs`, the window starting at the first.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub window_secs: i64,
    pub max: i64,
}

/// Within the limit, or refused until `retry_after` seconds from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Refused { retry_after: i64 },
}

/// Counts one hit of `limit` for `key` (a phone number, an address, an account).
pub async fn hit(db: &Db, limit: Limit, key: &str, now: i64) -> Result<Verdict, sqlx::Error> {
    let bucket = format!("{}:{key}", limit.name);
    let (hits, start): (i64, i64) = sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start > $3 THEN rate_limits.hits + 1 ELSE 1 END, \
           window_start = CASE WHEN rate_limits.window_start > $3 THEN rate_limits.window_start ELSE $2 END \
         RETURNING hits, window_start",
    )
    .bind(&bucket)
    .bind(now)
    .bind(now - limit.window_secs)
    .fetch_one(&db.pool)
    .await?;
    Ok(if hits > limit.max {
        Verdict::Refused { retry_after: (start + limit.window_secs - now).max(1) }
    } else {
        Verdict::Allowed
    })
}

/// Forgets windows that ended more than a day ago (the minute sweep calls this), and the
/// other rows kept only to count attempts: unknown certificate codes looked up (counted for an
/// hour) and sign-in codes (each valid for minutes). Without it anonymous requests from
/// changing addresses would grow those tables for ever.
pub async fn purge(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let mut done = 0;
    for sql in [
        "DELETE FROM rate_limits WHERE window_start < $1",
        "DELETE FROM vol_verify_misses WHERE at < $1",
        "DELETE FROM login_codes WHERE expires_at < $1",
    ] {
        done += sqlx::query(sql).bind(now - 2 * 86_400).execute(&db.pool).await?.rows_affected();
    }
    Ok(done)
}
