//! Volunteers (the registration on top of the account's real-name record) and the accounts
//! behind them.

use super::to_json;
use portal_api::volunteering::{SmsLang, VolunteerRequest};
use sqlx::FromRow;

/// The account facts volunteering needs: real name, encrypted ID, masked ID, phone.
#[derive(Debug, FromRow)]
pub struct PersonRow {
    pub real_name: Option<String>,
    pub id_cipher: Option<String>,
    pub id_masked: Option<String>,
    pub phone: Option<String>,
}

pub async fn person<'e, E>(db: E, account_id: i64) -> Result<Option<PersonRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT real_name, id_cipher, id_masked, phone FROM accounts \
         WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await
}

#[derive(Debug, FromRow)]
pub struct VolunteerRow {
    pub account_id: i64,
    pub number: String,
    pub skills: String,
    pub languages: String,
    pub districts: String,
    pub availability: String,
    pub emergency_name: String,
    pub emergency_phone: String,
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<String>,
    pub guardian_consent_at: Option<i64>,
    pub sms_lang: String,
}

pub async fn volunteer<'e, E>(db: E, account_id: i64) -> Result<Option<VolunteerRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT account_id, number, skills, languages, districts, availability, emergency_name, \
         emergency_phone, guardian_name, guardian_phone, guardian_consent_at, sms_lang \
         FROM volunteers \
         WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await
}

/// Registers the volunteer, or updates the profile (the number never changes).
pub async fn upsert_volunteer<'e, E>(
    db: E,
    account_id: i64,
    number: &str,
    req: &VolunteerRequest,
    now: i64,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let guardian = req.guardian.as_ref();
    sqlx::query(
        "INSERT INTO volunteers (account_id, number, skills, languages, districts, availability, \
         emergency_name, emergency_phone, pledged_at, guardian_name, guardian_phone, \
         guardian_consent_at, created_at, updated_at, sms_lang) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $9, $9, $13) \
         ON CONFLICT (account_id) DO UPDATE SET skills = excluded.skills, \
         languages = excluded.languages, districts = excluded.districts, \
         availability = excluded.availability, emergency_name = excluded.emergency_name, \
         emergency_phone = excluded.emergency_phone, guardian_name = excluded.guardian_name, \
         guardian_phone = excluded.guardian_phone, \
         guardian_consent_at = excluded.guardian_consent_at, updated_at = excluded.updated_at, \
         sms_lang = excluded.sms_lang",
    )
    .bind(account_id)
    .bind(number)
    .bind(to_json(&req.skills))
    .bind(to_json(&req.languages))
    .bind(to_json(&req.districts))
    .bind(req.availability.trim())
    .bind(req.emergency_name.trim())
    .bind(req.emergency_phone.trim())
    .bind(now)
    .bind(guardian.map(|g| g.name.trim().to_owned()))
    .bind(guardian.map(|g| g.phone.trim().to_owned()))
    .bind(guardian.filter(|g| g.consent).map(|_| now))
    .bind(req.sms_lang.as_str())
    .execute(db)
    .await
    .map(|_| ())
}

/// The language a volunteer's texts are sent in (Chinese for anyone not registered).
pub async fn sms_lang<'e, E>(db: E, account_id: i64) -> Result<SmsLang, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(String,)> =
        sqlx::query_as("SELECT sms_lang FROM volunteers WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(l,)| SmsLang::parse(&l)).unwrap_or_default())
}

/// Unknown certificate codes looked up from `ip` since `since`.
pub async fn verify_misses<'e, E>(db: E, ip: &str, since: i64) -> Result<i64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM vol_verify_misses WHERE ip = $1 AND at >= $2")
            .bind(ip)
            .bind(since)
            .fetch_one(db)
            .await?;
    Ok(n)
}

pub async fn record_verify_miss<'e, E>(db: E, ip: &str, now: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO vol_verify_misses (ip, at) VALUES ($1, $2)")
        .bind(ip)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}
