//! Import jobs: one row each, written in short statements of their own (never inside the
//! import's transaction), so every server sees the progress while the register is written.

use portal_api::charities::{ImportJob, ImportKind, ImportReport, ImportState};
use sqlx::{AnyPool, FromRow};

#[derive(Debug, FromRow)]
pub struct JobRow {
    pub id: String,
    pub kind: String,
    pub dry_run: i64,
    pub state: String,
    pub lines_total: i64,
    pub lines_done: i64,
    pub report: Option<String>,
    pub updated_at: i64,
}

impl JobRow {
    /// The job as the page sees it; a running job whose worker has not been heard of since
    /// `stale_before` is reported interrupted (its server stopped: nothing was written).
    pub fn to_job(&self, stale_before: i64) -> ImportJob {
        let mut state = ImportState::parse(&self.state).unwrap_or(ImportState::Failed);
        if state.running() && self.updated_at < stale_before {
            state = ImportState::Interrupted;
        }
        ImportJob {
            id: self.id.clone(),
            kind: ImportKind::parse(&self.kind).unwrap_or(ImportKind::Organisations),
            dry_run: self.dry_run != 0,
            state,
            lines_total: u64::try_from(self.lines_total).unwrap_or(0),
            lines_done: u64::try_from(self.lines_done).unwrap_or(0),
            lines_written: 0,
            report: self.report.as_deref().and_then(|r| serde_json::from_str(r).ok()),
        }
    }
}

/// Records a new job (and forgets jobs older than a week).
pub async fn create(
    pool: &AnyPool,
    job: &ImportJob,
    account_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM charity_import_jobs WHERE created_at < $1")
        .bind(now - 7 * 86_400)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO charity_import_jobs (id, account_id, kind, dry_run, state, lines_total, \
         lines_done, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)",
    )
    .bind(&job.id)
    .bind(account_id)
    .bind(job.kind.as_str())
    .bind(i64::from(job.dry_run))
    .bind(job.state.as_str())
    .bind(i64::try_from(job.lines_total).unwrap_or(i64::MAX))
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ())
}

/// Moves a job on (and is its heartbeat).
pub async fn progress(
    pool: &AnyPool,
    id: &str,
    state: ImportState,
    lines_done: u64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE charity_import_jobs SET state = $2, lines_done = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(i64::try_from(lines_done).unwrap_or(i64::MAX))
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ())
}

/// Ends a job with its report (none when the database refused the write). A committed import
/// ends its job inside its own transaction, so "done" and the written register go together.
pub async fn finish<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    id: &str,
    state: ImportState,
    report: Option<&ImportReport>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let report = report.and_then(|r| serde_json::to_string(r).ok());
    sqlx::query(
        "UPDATE charity_import_jobs SET state = $2, report = $3, updated_at = $4, \
         lines_done = lines_total WHERE id = $1",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(report)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn job(pool: &AnyPool, id: &str) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, dry_run, state, lines_total, lines_done, report, updated_at \
         FROM charity_import_jobs WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}
