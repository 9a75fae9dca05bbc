//! The database handle: one `AnyPool` over SQLite or PostgreSQL, chosen by URL. Queries are
//! runtime queries in SQL both engines accept (`$1` placeholders work in both); where the
//! engines differ, the feature's `db.rs` keeps both spellings side by side using [`Engine`].

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// How long a writer waits for SQLite's write gate (as long as SQLite's busy timeout).
pub const WRITE_GATE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    /// See [`Db::write_gate`].
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbInitError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects (creating a SQLite file and its directory if missing) and runs migrations.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbInitError> {
        sqlx::any::install_default_drivers();
        let engine =
            Engine::from_url(url).ok_or_else(|| DbInitError::UnsupportedUrl(url.into()))?;
        let url = match engine {
            Engine::Sqlite => prepare_sqlite_url(url)?,
            Engine::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(DbInitError::Connect)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // WAL lets readers run beside the writer; the busy timeout makes
                        // concurrent writers queue instead of failing with SQLITE_BUSY.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(DbInitError::Connect)?;
        let db = Db { pool, engine, writer: Default::default() };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<(), DbInitError> {
        match self.engine {
            Engine::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Engine::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// On SQLite, one hot write transaction at a time from this process: taken before `begin`
    /// (never while holding a pooled connection), held until the commit. SQLite has one writer
    /// per database; without the gate, the others wait in its busy handler, which polls the
    /// lock with sleeps of 1 to 100 ms, so a freed lock sits idle while every waiter sleeps
    /// (the booking profile, docs/profile-2026-11.md: most of a hold's time). Queued here,
    /// the next writer starts as soon as the last commits. Other processes, and writes that
    /// do not take the gate, still meet the busy timeout as before. PostgreSQL locks rows,
    /// not the database: no gate.
    ///
    /// Waited for at most [`WRITE_GATE_WAIT`], like SQLite's own busy timeout: a writer queued
    /// behind a long one (a charity import) is then answered with the retryable 503.
    pub async fn write_gate(&self) -> Result<Option<tokio::sync::MutexGuard<'_, ()>>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => tokio::time::timeout(WRITE_GATE_WAIT, self.writer.lock())
                .await
                .map(Some)
                .map_err(|_| sqlx::Error::PoolTimedOut),
            Engine::Postgres => Ok(None),
        }
    }

    /// A transaction that is a writer from its first statement and runs alone among those
    /// started with the same `name`, on every server: PostgreSQL takes a transaction-scoped
    /// advisory lock on the name; SQLite takes this process's write gate and then writes
    /// nothing (`UPDATE … WHERE 0`), which makes SQLite take its write lock at once. For a
    /// transaction that reads before it writes (a charity import resolving 50,000 lines, an
    /// account deletion): on SQLite such a transaction otherwise fails at its first write when
    /// any other write committed since its first read (SQLITE_BUSY_SNAPSHOT, no waiting), and
    /// on PostgreSQL two imports at once each read what the other was replacing.
    pub async fn begin_exclusive(
        &self,
        name: &str,
    ) -> Result<
        (Option<tokio::sync::MutexGuard<'_, ()>>, sqlx::Transaction<'static, sqlx::Any>),
        sqlx::Error,
    > {
        let gate = self.write_gate().await?;
        let mut tx = self.pool.begin().await?;
        match self.engine {
            Engine::Postgres => {
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
            }
            Engine::Sqlite => sqlite_writer_now(&mut tx).await?,
        }
        Ok((gate, tx))
    }

    /// True when a trivial query succeeds.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Makes a SQLite transaction the writer at once, by writing nothing (`UPDATE … WHERE 0` on a
/// table without triggers): SQLite takes its write lock when a statement that writes starts,
/// whatever it changes. Reads after it see the latest data and no other writer can commit
/// before this transaction does.
pub async fn sqlite_writer_now(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE rate_limits SET hits = hits WHERE 0").execute(conn).await.map(|_| ())
}

/// Makes sure the SQLite file's directory exists and the URL asks for the file to be created.
fn prepare_sqlite_url(url: &str) -> Result<String, DbInitError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:"
        && let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|source| DbInitError::DataDir { path: dir.display().to_string(), source })?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}
