//! The servers under test: release `portal-server` processes started as in production (no
//! `--dev`: an SMS gateway, a key, the `__Host-session` cookie), the tiny SMS sink they need,
//! their memory, and the synthetic residents written straight into the database.

use crate::load::{Conn, Req};
use portal_server::db::Db;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A fixed key for the throwaway databases (64 bytes, hex): nothing real is encrypted.
const BENCH_KEY: &str = "62656e636862656e636862656e636862656e636862656e636862656e636862656e636862656e636862656e636862656e636862656e636862656e636862656e63";

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_addr() -> Result<SocketAddr, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map_err(|e| e.to_string())
}

pub struct Launch<'a> {
    pub bin: &'a Path,
    pub database_url: &'a str,
    pub work: &'a Path,
    pub policy_dir: &'a Path,
    pub sms_url: &'a str,
    pub name: &'a str,
}

impl Server {
    pub async fn start(l: &Launch<'_>) -> Result<Server, String> {
        let addr = free_addr()?;
        let log_path = l.work.join(format!("{}.log", l.name));
        let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let data = l.work.join(format!("{}-data", l.name));
        std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
        let child = Command::new(l.bin)
            .env_remove("PORTAL_DEV")
            .env_remove("DATABASE_URL")
            .env_remove("PORTAL_MAX_IN_FLIGHT")
            .env_remove("PORTAL_DB_MAX_CONNECTIONS")
            .env("PORTAL_KEY", BENCH_KEY)
            .args(["--database-url", l.database_url, "--bind", &addr.to_string(), "--demo"])
            .args(["--log", "warn", "--sms-url", l.sms_url])
            .arg("--data-dir")
            .arg(&data)
            .arg("--static-dir")
            .arg(l.work.join("no-static"))
            .arg("--policy-dir")
            .arg(l.policy_dir)
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(err))
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", l.bin.display()))?;
        let mut server = Server { child, addr };
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("{} exited ({status}); see {}", l.name, log_path.display()));
            }
            if let Ok(mut c) = Conn::connect(addr).await
                && c.send(&Req::get("/readyz")).await.is_ok_and(|a| a.status == 200)
            {
                return Ok(server);
            }
            if start.elapsed() > Duration::from_secs(120) {
                return Err(format!("{} not ready in 120 s; see {}", l.name, log_path.display()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resident set size now and its high-water mark, in MB (Linux /proc).
    pub fn memory_mb(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
    }
}

/// An SMS gateway that answers 200 to anything (production servers refuse to start without
/// one). Returns its URL.
pub async fn sms_sink() -> Result<String, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let _ = tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf)).await;
                let _ = s
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    Ok(format!("http://{addr}/send"))
}

/// `n` residents with a real name, each signed in: the cookies, in account order. Written
/// straight into the accounts and sessions tables (the session cookie is a random token whose
/// SHA-256 the table keeps), since signing 5,000 people in by text code would measure the
/// sign-in limits rather than booking.
pub async fn residents(db: &Db, n: usize, prefix: u64) -> Result<Vec<String>, String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs() as i64;
    let mut tx = db.pool.begin().await.map_err(|e| e.to_string())?;
    let mut cookies = Vec::with_capacity(n);
    for i in 0..n {
        let phone = format!("{}", prefix * 100_000_000 + i as u64);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (phone, real_name, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(&phone)
        .bind(format!("测试{i}"))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| format!("account: {e}"))?;
        let token: String = portal_server::crypto::random_bytes::<32>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(portal_server::crypto::token_hash(&token))
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| format!("session: {e}"))?;
        cookies.push(format!("__Host-session={token}"));
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(cookies)
}

/// A fresh PostgreSQL database `bench_<pid>_<name>` on the server at `admin_url`; dropped by
/// [`drop_pg`].
pub async fn create_pg(admin_url: &str, name: &str) -> Result<String, String> {
    use sqlx::Connection;
    let db = format!("bench_{}_{name}", std::process::id());
    let mut c = sqlx::PgConnection::connect(&format!("{admin_url}/postgres"))
        .await
        .map_err(|e| format!("PostgreSQL at {admin_url}: {e}"))?;
    sqlx::query(&format!("CREATE DATABASE {db}"))
        .execute(&mut c)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("{admin_url}/{db}"))
}

pub async fn drop_pg(admin_url: &str, url: &str) {
    use sqlx::Connection;
    let Some(db) = url.rsplit('/').next() else { return };
    if let Ok(mut c) = sqlx::PgConnection::connect(&format!("{admin_url}/postgres")).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            .execute(&mut c)
            .await;
    }
}

pub fn work_dir(base: &Path) -> Result<PathBuf, String> {
    let dir = base.join(format!("run-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("no-static")).map_err(|e| e.to_string())?;
    Ok(dir)
}
