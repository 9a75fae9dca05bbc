//! Sign-ups: places and the waitlist, check-in and check-out. Every change is a conditional
//! update on the row's current state, so a retried or concurrent request changes nothing twice.

use portal_api::ids::Date;
use portal_api::volunteering::SignupStatus;
use sqlx::FromRow;

#[derive(Debug, FromRow)]
pub struct SignupRow {
    pub id: i64,
    pub shift_id: i64,
    pub account_id: i64,
    #[sqlx(try_from = "String")]
    pub status: SignupStatus,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub code_misses: i64,
}

const SIGNUP_COLS: &str =
    "id, shift_id, account_id, status, checked_in_at, checked_out_at, code_misses";

pub async fn signup<'e, E>(db: E, id: i64) -> Result<Option<SignupRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("SELECT {SIGNUP_COLS} FROM vol_signups WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The person's live sign-up (place or waitlist) for a shift.
pub async fn live_signup<'e, E>(
    db: E,
    shift_id: i64,
    account_id: i64,
) -> Result<Option<SignupRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "SELECT {SIGNUP_COLS} FROM vol_signups WHERE shift_id = $1 AND account_id = $2 \
         AND status IN ('signed_up', 'waitlisted')"
    ))
    .bind(shift_id)
    .bind(account_id)
    .fetch_optional(db)
    .await
}

pub async fn insert_signup<'e, E>(
    db: E,
    shift_id: i64,
    account_id: i64,
    status: SignupStatus,
    now: i64,
) -> Result<i64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO vol_signups (shift_id, account_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(shift_id)
    .bind(account_id)
    .bind(status.as_str())
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Whether the person holds a live sign-up for another shift overlapping `starts..ends`.
pub async fn overlaps<'e, E>(
    db: E,
    account_id: i64,
    shift_id: i64,
    starts: i64,
    ends: i64,
) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM vol_signups g JOIN vol_shifts s ON s.id = g.shift_id \
         WHERE g.account_id = $1 AND g.shift_id <> $2 AND g.status IN ('signed_up', 'waitlisted') \
         AND s.cancelled_at IS NULL AND s.starts_at < $4 AND s.ends_at > $3",
    )
    .bind(account_id)
    .bind(shift_id)
    .bind(starts)
    .bind(ends)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Moves a sign-up from one status to another, only if it is still in the first.
pub async fn move_status<'e, E>(
    db: E,
    id: i64,
    from: SignupStatus,
    to: SignupStatus,
    now: i64,
) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_signups SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The waitlist of a shift in order (first come, first promoted).
pub async fn waitlist<'e, E>(db: E, shift_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT id, account_id FROM vol_signups WHERE shift_id = $1 AND status = 'waitlisted' \
         ORDER BY id",
    )
    .bind(shift_id)
    .fetch_all(db)
    .await
}

/// Everyone with a live sign-up on a shift (to tell them it is cancelled).
pub async fn live_signups<'e, E>(db: E, shift_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT id, account_id FROM vol_signups WHERE shift_id = $1 \
         AND status IN ('signed_up', 'waitlisted') ORDER BY id",
    )
    .bind(shift_id)
    .fetch_all(db)
    .await
}

/// Checks in once (only a confirmed place).
pub async fn check_in<'e, E>(db: E, id: i64, now: i64) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_signups SET checked_in_at = $2, updated_at = $2 WHERE id = $1 \
         AND status = 'signed_up' AND checked_in_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Checks out once, after a check-in.
pub async fn check_out<'e, E>(db: E, id: i64, now: i64) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_signups SET checked_out_at = $2, updated_at = $2 WHERE id = $1 \
         AND status = 'signed_up' AND checked_in_at IS NOT NULL AND checked_out_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts a typed code as a miss before it is compared, if fewer than `allowed` were: false
/// when none is left. One conditional UPDATE, so codes sent all at once cannot all slip in
/// under the count. A code that matches gives its count back ([`code_matched`]).
pub async fn reserve_code_miss<'e, E>(db: E, id: i64, allowed: i64) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE vol_signups SET code_misses = code_misses + 1 WHERE id = $1 AND code_misses < $2",
    )
    .bind(id)
    .bind(allowed)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The code matched: it was not a miss after all.
pub async fn code_matched<'e, E>(db: E, id: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE vol_signups SET code_misses = code_misses - 1 WHERE id = $1 AND code_misses > 0",
    )
    .bind(id)
    .execute(db)
    .await
    .map(|_| ())
}

/// A sign-up of the volunteer's with its shift and activity.
#[derive(Debug, FromRow)]
pub struct MySignupRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub status: SignupStatus,
    pub shift_id: i64,
    pub activity_id: i64,
    pub activity_title: String,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub position: i64,
}

const MY_SIGNUP_SELECT: &str = "SELECT g.id, g.status, g.shift_id, a.id AS activity_id, \
    a.title AS activity_title, g.checked_in_at, g.checked_out_at, \
    (SELECT COUNT(*) FROM vol_signups w WHERE w.shift_id = g.shift_id \
     AND w.status = 'waitlisted' AND w.id <= g.id) AS position \
    FROM vol_signups g JOIN vol_shifts s ON s.id = g.shift_id \
    JOIN vol_activities a ON a.id = s.activity_id";

/// The volunteer's sign-ups, latest shift first, the newest 200 (upcoming ones and everything
/// recent enough to report hours for come first).
pub async fn mine<'e, E>(db: E, account_id: i64) -> Result<Vec<MySignupRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!(
        "{MY_SIGNUP_SELECT} WHERE g.account_id = $1 ORDER BY s.starts_at DESC, g.id DESC LIMIT 200"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await
}

/// One of the volunteer's sign-ups, however many they have.
pub async fn my_signup<'e, E>(
    db: E,
    account_id: i64,
    id: i64,
) -> Result<Option<MySignupRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("{MY_SIGNUP_SELECT} WHERE g.account_id = $1 AND g.id = $2"))
        .bind(account_id)
        .bind(id)
        .fetch_optional(db)
        .await
}

/// A person on a shift's list, for the organiser.
#[derive(Debug, FromRow)]
pub struct RosterRow {
    pub id: i64,
    pub account_id: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: SignupStatus,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
}

pub async fn roster<'e, E>(db: E, shift_id: i64) -> Result<Vec<RosterRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT g.id, g.account_id, a.real_name AS name, a.phone, g.status, g.checked_in_at, \
         g.checked_out_at FROM vol_signups g JOIN accounts a ON a.id = g.account_id \
         WHERE g.shift_id = $1 AND g.status IN ('signed_up', 'waitlisted') \
         ORDER BY CASE WHEN g.status = 'signed_up' THEN 0 ELSE 1 END, g.id",
    )
    .bind(shift_id)
    .fetch_all(db)
    .await
}

/// A live sign-up of the account's for a shift that has not started, with what a text needs.
#[derive(Debug, FromRow)]
pub struct LiveSignup {
    pub id: i64,
    pub shift_id: i64,
    #[sqlx(try_from = "String")]
    pub status: SignupStatus,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub day: Date,
    pub start_min: i64,
}

/// The account's live sign-ups for shifts that start after `now`, by shift.
pub async fn live_future_signups<'e, E>(
    db: E,
    account_id: i64,
    now: i64,
) -> Result<Vec<LiveSignup>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(
        "SELECT g.id, g.shift_id, g.status, a.title, s.day, s.start_min FROM vol_signups g \
         JOIN vol_shifts s ON s.id = g.shift_id JOIN vol_activities a ON a.id = s.activity_id \
         WHERE g.account_id = $1 AND g.status IN ('signed_up', 'waitlisted') AND s.starts_at > $2 \
         ORDER BY g.shift_id",
    )
    .bind(account_id)
    .bind(now)
    .fetch_all(db)
    .await
}

/// The day of a shift, for texts.
pub fn when_text(day: Date, start_min: i64) -> String {
    format!("{day} {:02}:{:02}", start_min / 60, start_min % 60)
}
