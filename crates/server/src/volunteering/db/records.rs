//! Service records (append-only versions: the current one is the highest), correction
//! requests and certificates.

use portal_api::ids::Date;
use portal_api::volunteering::{Category, CorrectionStatus, RecordStatus, RecordView};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct RecordRow {
    pub signup_id: i64,
    pub version: i64,
    pub account_id: i64,
    pub org_code: String,
    pub half_hours: i64,
    #[sqlx(try_from = "String")]
    pub status: RecordStatus,
    pub reason: Option<String>,
    pub points: i64,
    pub at: i64,
    pub activity_title: String,
    pub org_name: String,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub volunteer_name: Option<String>,
    pub reported: i64,
}

impl RecordRow {
    pub fn view(&self) -> RecordView {
        RecordView {
            signup_id: self.signup_id,
            version: self.version as u32,
            activity_title: self.activity_title.clone(),
            org_code: self.org_code.clone(),
            org_name: self.org_name.clone(),
            day: self.day,
            half_hours: self.half_hours as u32,
            status: self.status,
            reason: self.reason.clone(),
            points: self.points as u32,
            at: self.at,
            self_reported: self.reported != 0,
        }
    }
}

const RECORD_SELECT: &str = "SELECT r.signup_id, r.version, r.account_id, r.org_code, \
    r.half_hours, r.status, r.reason, r.points, r.at, a.title AS activity_title, \
    o.name AS org_name, a.category, s.day, p.real_name AS volunteer_name, r.reported \
    FROM vol_records r \
    JOIN vol_signups g ON g.id = r.signup_id JOIN vol_shifts s ON s.id = g.shift_id \
    JOIN vol_activities a ON a.id = s.activity_id JOIN vol_orgs o ON o.code = r.org_code \
    JOIN accounts p ON p.id = r.account_id \
    WHERE r.version = (SELECT MAX(m.version) FROM vol_records m WHERE m.signup_id = r.signup_id)";

pub async fn current_record<'e, E>(db: E, signup_id: i64) -> Result<Option<RecordRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{RECORD_SELECT} AND r.signup_id = $1"))
        .bind(signup_id)
        .fetch_optional(db)
        .await
}

/// The volunteer's records (current versions), newest day first.
pub async fn records_of<'e, E>(db: E, account_id: i64) -> Result<Vec<RecordRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "{RECORD_SELECT} AND r.account_id = $1 ORDER BY s.starts_at DESC, r.signup_id DESC"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await
}

pub async fn records_of_shift<'e, E>(db: E, shift_id: i64) -> Result<Vec<RecordRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{RECORD_SELECT} AND g.shift_id = $1"))
        .bind(shift_id)
        .fetch_all(db)
        .await
}

/// An organisation's records for shifts on days `from..=to` (for the CSV export).
pub async fn records_of_org<'e, E>(
    db: E,
    org: &str,
    from: Date,
    to: Date,
) -> Result<Vec<RecordRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "{RECORD_SELECT} AND r.org_code = $1 AND s.day >= $2 AND s.day <= $3 \
         ORDER BY s.day, r.signup_id"
    ))
    .bind(org)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(db)
    .await
}

pub struct NewRecord<'a> {
    pub signup_id: i64,
    pub version: i64,
    pub account_id: i64,
    pub org_code: &'a str,
    pub half_hours: u32,
    pub status: RecordStatus,
    pub reason: Option<&'a str>,
    pub points: u32,
    pub actor_id: Option<i64>,
    pub now: i64,
    /// Hours the volunteer reported themselves (no check-in/out).
    pub reported: bool,
}

/// Appends a version; the unique (signup, version) index refuses a concurrent second writer.
pub async fn insert_record<'e, E>(db: E, r: &NewRecord<'_>) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO vol_records (signup_id, version, account_id, org_code, half_hours, status, \
         reason, points, actor_id, at, reported) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(r.signup_id)
    .bind(r.version)
    .bind(r.account_id)
    .bind(r.org_code)
    .bind(i64::from(r.half_hours))
    .bind(r.status.as_str())
    .bind(r.reason)
    .bind(i64::from(r.points))
    .bind(r.actor_id)
    .bind(r.now)
    .bind(i64::from(r.reported))
    .execute(db)
    .await
    .map(|_| ())
}

#[derive(Debug, FromRow)]
pub struct CorrectionRow {
    pub id: i64,
    pub signup_id: i64,
    pub account_id: i64,
    pub name: Option<String>,
    pub activity_title: String,
    pub org_code: String,
    pub half_hours: i64,
    pub reason: String,
    #[sqlx(try_from = "String")]
    pub status: CorrectionStatus,
    pub answer: Option<String>,
    /// The hours the current version of the record holds (0 if there is none).
    pub recorded_half_hours: i64,
}

const CORRECTION_SELECT: &str = "SELECT c.id, c.signup_id, c.account_id, p.real_name AS name, \
    a.title AS activity_title, a.org_code, c.half_hours, c.reason, c.status, c.answer, \
    COALESCE((SELECT r.half_hours FROM vol_records r WHERE r.signup_id = c.signup_id \
    ORDER BY r.version DESC LIMIT 1), 0) AS recorded_half_hours \
    FROM vol_corrections c JOIN vol_signups g ON g.id = c.signup_id \
    JOIN vol_shifts s ON s.id = g.shift_id JOIN vol_activities a ON a.id = s.activity_id \
    JOIN accounts p ON p.id = c.account_id";

pub async fn correction<'e, E>(db: E, id: i64) -> Result<Option<CorrectionRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{CORRECTION_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The open ones first, oldest first, then the answered ones, newest request first: 200 in
/// all, so an open request never drops off behind newer answered ones.
pub async fn corrections_of_org<'e, E>(db: E, org: &str) -> Result<Vec<CorrectionRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "{CORRECTION_SELECT} WHERE a.org_code = $1 \
         ORDER BY CASE WHEN c.status = 'open' THEN 0 ELSE 1 END, \
         CASE WHEN c.status = 'open' THEN c.id ELSE -c.id END LIMIT 200"
    ))
    .bind(org)
    .fetch_all(db)
    .await
}

pub async fn insert_correction<'e, E>(
    db: E,
    signup_id: i64,
    account_id: i64,
    half_hours: u32,
    reason: &str,
    now: i64,
) -> Result<i64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO vol_corrections (signup_id, account_id, half_hours, reason, status, \
         created_at) VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
    )
    .bind(signup_id)
    .bind(account_id)
    .bind(i64::from(half_hours))
    .bind(reason)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Answers an open correction once.
pub async fn answer_correction<'e, E>(
    db: E,
    id: i64,
    status: CorrectionStatus,
    answer: &str,
    now: i64,
) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_corrections SET status = $2, answer = $3, answered_at = $4 \
         WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(answer)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, FromRow)]
pub struct CertificateRow {
    pub code: String,
    pub account_id: i64,
    #[sqlx(try_from = "String")]
    pub from_day: Date,
    #[sqlx(try_from = "String")]
    pub to_day: Date,
    #[sqlx(try_from = "String")]
    pub issued_on: Date,
    pub name: String,
    pub masked_id: String,
    pub volunteer_number: String,
    pub issuer: String,
    pub lines: String,
    pub total_half_hours: i64,
    pub revoked_at: Option<i64>,
    pub revoked_on: Option<String>,
    pub org_code: Option<String>,
}

const CERT_COLS: &str = "code, account_id, from_day, to_day, issued_on, name, masked_id, \
    volunteer_number, issuer, lines, total_half_hours, revoked_at, revoked_on, org_code";

/// Revokes a certificate once (who, when, why are kept); false if it already was.
pub async fn revoke_certificate<'e, E>(
    db: E,
    code: &str,
    by: i64,
    reason: &str,
    today: Date,
    now: i64,
) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_certificates SET revoked_at = $2, revoked_on = $3, revoked_by = $4, \
         revoke_reason = $5 WHERE code = $1 AND revoked_at IS NULL",
    )
    .bind(code)
    .bind(now)
    .bind(today.to_string())
    .bind(by)
    .bind(reason)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn certificate<'e, E>(db: E, code: &str) -> Result<Option<CertificateRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("SELECT {CERT_COLS} FROM vol_certificates WHERE code = $1"))
        .bind(code)
        .fetch_optional(db)
        .await
}

pub async fn certificates_of<'e, E>(
    db: E,
    account_id: i64,
) -> Result<Vec<CertificateRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "SELECT {CERT_COLS} FROM vol_certificates WHERE account_id = $1 ORDER BY issued_at DESC"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await
}

pub struct NewCertificate<'a> {
    pub code: &'a str,
    pub account_id: i64,
    pub org_code: Option<&'a str>,
    pub from: Date,
    pub to: Date,
    pub issued_on: Date,
    pub now: i64,
    pub name: &'a str,
    pub masked_id: &'a str,
    pub volunteer_number: &'a str,
    pub issuer: &'a str,
    pub lines: &'a str,
    pub total_half_hours: u32,
}

pub async fn insert_certificate<'e, E>(db: E, c: &NewCertificate<'_>) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO vol_certificates (code, account_id, org_code, from_day, to_day, issued_on, \
         issued_at, name, masked_id, volunteer_number, issuer, lines, total_half_hours) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(c.code)
    .bind(c.account_id)
    .bind(c.org_code)
    .bind(c.from.to_string())
    .bind(c.to.to_string())
    .bind(c.issued_on.to_string())
    .bind(c.now)
    .bind(c.name)
    .bind(c.masked_id)
    .bind(c.volunteer_number)
    .bind(c.issuer)
    .bind(c.lines)
    .bind(i64::from(c.total_half_hours))
    .execute(db)
    .await
    .map(|_| ())
}
