//! Organisations, activities and shifts; places taken and given back only by conditional
//! updates.

use super::{from_json, to_json};
use portal_api::ids::Date;
use portal_api::volunteering::{
    ActivityRequest, ActivityView, Category, OrganisationRequest, OrganisationView, ShiftView,
};
use sqlx::FromRow;

#[derive(Debug, FromRow)]
pub struct OrgRow {
    pub code: String,
    pub name: String,
    pub credit_code: String,
    pub contact: String,
    pub district: String,
    pub demo: i64,
}

impl OrgRow {
    pub fn view(self) -> OrganisationView {
        OrganisationView {
            code: self.code,
            name: self.name,
            credit_code: self.credit_code,
            contact: self.contact,
            district: self.district,
            demo: self.demo != 0,
        }
    }
}

pub async fn org<'e, E>(db: E, code: &str) -> Result<Option<OrgRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT code, name, credit_code, contact, district, demo FROM vol_orgs WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(db)
    .await
}

/// Creates the organisation or updates its profile (`ON CONFLICT` is spelled alike in both).
pub async fn upsert_org<'e, E>(
    db: E,
    code: &str,
    req: &OrganisationRequest,
    credit_code: &str,
    now: i64,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO vol_orgs (code, name, credit_code, contact, district, demo, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
         credit_code = excluded.credit_code, contact = excluded.contact, \
         district = excluded.district, updated_at = excluded.updated_at",
    )
    .bind(code)
    .bind(req.name.trim())
    .bind(credit_code)
    .bind(req.contact.trim())
    .bind(&req.district)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

#[derive(Debug, FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub org_code: String,
    pub org_name: String,
    pub title: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub category: Category,
    pub district: String,
    pub address: String,
    pub skills: String,
    pub bring: String,
    pub min_age: Option<i64>,
    pub points_per_hour: i64,
    pub demo: i64,
}

impl ActivityRow {
    pub fn view(self, shifts: Vec<ShiftView>) -> ActivityView {
        ActivityView {
            id: self.id,
            org_code: self.org_code,
            org_name: self.org_name,
            title: self.title,
            description: self.description,
            category: self.category,
            district: self.district,
            address: self.address,
            skills: from_json(&self.skills),
            bring: self.bring,
            min_age: self.min_age.map(|a| a as u32),
            points_per_hour: self.points_per_hour as u32,
            demo: self.demo != 0,
            shifts,
        }
    }
}

const ACTIVITY_SELECT: &str = "SELECT a.id, a.org_code, o.name AS org_name, a.title, \
    a.description, a.category, a.district, a.address, a.skills, a.bring, a.min_age, \
    a.points_per_hour, a.demo FROM vol_activities a JOIN vol_orgs o ON o.code = a.org_code";

/// What a list of activities asks for: '' = any district, category or organisation; shifts
/// on days from `from` (up to `to` if set). `need_shift`: only activities with a shift in the
/// window that is not cancelled (the public list), and with a place left if `open`.
pub struct ListFilter<'a> {
    pub district: &'a str,
    pub category: &'a str,
    pub org: &'a str,
    pub from: Date,
    pub to: Option<Date>,
    pub need_shift: bool,
    pub open: bool,
    /// Only activities with a smaller id (the next page); `i64::MAX` for the first.
    pub before: i64,
    pub limit: i64,
}

/// Activities matching the filter, newest first, at most `limit`. The window and `open` are
/// checked here, before the limit, so older activities with shifts in the window are not
/// crowded out by newer ones without (the index `vol_shifts_activity` answers each check).
pub async fn activities<'e, E>(db: E, f: &ListFilter<'_>) -> Result<Vec<ActivityRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "{ACTIVITY_SELECT} WHERE ($1 = '' OR a.district = $1) AND ($2 = '' OR a.category = $2) \
         AND ($3 = '' OR a.org_code = $3) AND ($4 = 0 OR EXISTS (SELECT 1 FROM vol_shifts s \
         WHERE s.activity_id = a.id AND s.day >= $5 AND ($6 = '' OR s.day <= $6) \
         AND s.cancelled_at IS NULL AND ($7 = 0 OR s.taken < s.capacity))) \
         AND a.id < $8 ORDER BY a.id DESC LIMIT $9"
    ))
    .bind(f.district)
    .bind(f.category)
    .bind(f.org)
    .bind(i64::from(f.need_shift))
    .bind(f.from.to_string())
    .bind(f.to.map(|d| d.to_string()).unwrap_or_default())
    .bind(i64::from(f.open))
    .bind(f.before)
    .bind(f.limit)
    .fetch_all(db)
    .await
}

pub async fn activity<'e, E>(db: E, id: i64) -> Result<Option<ActivityRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{ACTIVITY_SELECT} WHERE a.id = $1")).bind(id).fetch_optional(db).await
}

pub async fn insert_activity<'e, E>(
    db: E,
    org: &str,
    req: &ActivityRequest,
    points_per_hour: u32,
    demo: bool,
    now: i64,
) -> Result<i64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO vol_activities (org_code, title, description, category, district, address, \
         skills, bring, min_age, points_per_hour, demo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(org)
    .bind(req.title.trim())
    .bind(req.description.trim())
    .bind(req.category.as_str())
    .bind(&req.district)
    .bind(req.address.trim())
    .bind(to_json(&req.skills))
    .bind(req.bring.trim())
    .bind(req.min_age.map(i64::from))
    .bind(i64::from(points_per_hour))
    .bind(i64::from(demo))
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn update_activity<'e, E>(
    db: E,
    id: i64,
    req: &ActivityRequest,
    points_per_hour: u32,
    now: i64,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE vol_activities SET title = $2, description = $3, category = $4, district = $5, \
         address = $6, skills = $7, bring = $8, min_age = $9, points_per_hour = $10, \
         updated_at = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(req.title.trim())
    .bind(req.description.trim())
    .bind(req.category.as_str())
    .bind(&req.district)
    .bind(req.address.trim())
    .bind(to_json(&req.skills))
    .bind(req.bring.trim())
    .bind(req.min_age.map(i64::from))
    .bind(i64::from(points_per_hour))
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

#[derive(Debug, FromRow)]
pub struct ShiftRow {
    pub id: i64,
    pub activity_id: i64,
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub taken: i64,
    pub secret: String,
    pub cancelled_at: Option<i64>,
    pub waitlist: i64,
}

impl ShiftRow {
    pub fn view(&self) -> ShiftView {
        ShiftView {
            id: self.id,
            day: self.day,
            start_min: self.start_min as u32,
            end_min: self.end_min as u32,
            capacity: self.capacity as u32,
            places_left: (self.capacity - self.taken).max(0) as u32,
            waitlist: self.waitlist as u32,
            cancelled: self.cancelled_at.is_some(),
        }
    }
}

const SHIFT_SELECT: &str = "SELECT s.id, s.activity_id, s.day, s.start_min, s.end_min, \
    s.starts_at, s.ends_at, s.capacity, s.taken, s.secret, s.cancelled_at, \
    (SELECT COUNT(*) FROM vol_signups w WHERE w.shift_id = s.id AND w.status = 'waitlisted') \
    AS waitlist FROM vol_shifts s";

pub async fn shifts_of<'e, E>(db: E, activity_id: i64) -> Result<Vec<ShiftRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{SHIFT_SELECT} WHERE s.activity_id = $1 ORDER BY s.starts_at, s.id"))
        .bind(activity_id)
        .fetch_all(db)
        .await
}

/// The shifts of the activities [`activities`] listed, in one query instead of one per
/// activity: those of activities `low..=high` passing the same district, category and
/// organisation, on days in the window, cancelled ones only if `cancelled`; by activity, then
/// as [`shifts_of`] orders them.
pub async fn listed_shifts<'e, E>(
    db: E,
    f: &ListFilter<'_>,
    (low, high): (i64, i64),
    cancelled: bool,
) -> Result<Vec<ShiftRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "{SHIFT_SELECT} WHERE s.activity_id IN (SELECT a.id FROM vol_activities a \
         WHERE a.id BETWEEN $1 AND $2 AND ($3 = '' OR a.district = $3) \
         AND ($4 = '' OR a.category = $4) AND ($5 = '' OR a.org_code = $5)) \
         AND s.day >= $6 AND ($7 = '' OR s.day <= $7) AND ($8 = 1 OR s.cancelled_at IS NULL) \
         ORDER BY s.activity_id, s.starts_at, s.id"
    ))
    .bind(low)
    .bind(high)
    .bind(f.district)
    .bind(f.category)
    .bind(f.org)
    .bind(f.from.to_string())
    .bind(f.to.map(|d| d.to_string()).unwrap_or_default())
    .bind(i64::from(cancelled))
    .fetch_all(db)
    .await
}

/// The shifts of every sign-up of the person's, in one query (their list of sign-ups).
pub async fn shifts_of_account<'e, E>(db: E, account_id: i64) -> Result<Vec<ShiftRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "{SHIFT_SELECT} WHERE s.id IN (SELECT g.shift_id FROM vol_signups g WHERE g.account_id = $1)"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await
}

pub async fn shift<'e, E>(db: E, id: i64) -> Result<Option<ShiftRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{SHIFT_SELECT} WHERE s.id = $1")).bind(id).fetch_optional(db).await
}

pub struct NewShift<'a> {
    pub activity_id: i64,
    pub day: Date,
    pub start_min: u32,
    pub end_min: u32,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: u32,
    pub secret: &'a str,
}

pub async fn insert_shift<'e, E>(db: E, s: &NewShift<'_>) -> Result<i64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO vol_shifts (activity_id, day, start_min, end_min, starts_at, ends_at, \
         capacity, secret) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(s.activity_id)
    .bind(s.day.to_string())
    .bind(i64::from(s.start_min))
    .bind(i64::from(s.end_min))
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(i64::from(s.capacity))
    .bind(s.secret)
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Takes one place if one is left and the shift is not cancelled: a conditional update,
/// atomic on both engines. `false` when full.
pub async fn take_place<'e, E>(db: E, shift_id: i64) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_shifts SET taken = taken + 1 WHERE id = $1 AND taken < capacity \
         AND cancelled_at IS NULL",
    )
    .bind(shift_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn give_place<'e, E>(db: E, shift_id: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE vol_shifts SET taken = taken - 1 WHERE id = $1 AND taken > 0")
        .bind(shift_id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Cancels a shift once; `false` if it already was.
pub async fn cancel_shift<'e, E>(db: E, id: i64, now: i64) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_shifts SET cancelled_at = $2, taken = 0 WHERE id = $1 AND cancelled_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the shift was cancelled (read inside the caller's transaction, after its lock).
pub async fn shift_cancelled<'e, E>(db: E, shift_id: i64) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (cancelled,): (Option<i64>,) =
        sqlx::query_as("SELECT cancelled_at FROM vol_shifts WHERE id = $1")
            .bind(shift_id)
            .fetch_one(db)
            .await?;
    Ok(cancelled.is_some())
}

/// Locks the volunteer's row until the transaction ends: their sign-ups go one at a time.
pub async fn lock_volunteer<'e, E>(db: E, account_id: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE volunteers SET account_id = account_id WHERE account_id = $1")
        .bind(account_id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Locks the shift's row until the transaction ends (a no-op update), so sign-ups joining the
/// waitlist and withdrawals promoting from it take turns on one shift.
pub async fn lock_shift<'e, E>(db: E, shift_id: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE vol_shifts SET taken = taken WHERE id = $1")
        .bind(shift_id)
        .execute(db)
        .await
        .map(|_| ())
}
