//! A real server process killed with SIGKILL in the middle of a 500-client race, then restarted
//! on the same database: every booking a client saw confirmed is there, none is there twice, no
//! slot holds more than its capacity or disagrees with its bookings, and the holds left behind
//! expire. On PostgreSQL the server runs in production mode (dev mode refuses PostgreSQL); the
//! same process also shows that terminating its database connections, and refusing new ones
//! for a while, is a retryable outage (`/readyz` 503) that heals without a restart.

use crate::support::{engine, fresh_db_url, unique_dir};
use http_body_util::{BodyExt, Full};
use portal_server::db::Db;
use portal_server::db::Engine;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CLIENTS: usize = 500;

struct Server {
    child: Child,
    addr: SocketAddr,
}

fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// Starts `portal-server` on `url` (demo data loaded) and waits until it answers.
async fn start(url: &str, dir: &std::path::Path) -> Server {
    let addr = free_port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal-server"));
    cmd.args(["--demo", "--bind", &addr.to_string(), "--database-url", url])
        .arg("--data-dir")
        .arg(dir)
        .arg("--static-dir")
        .arg(dir.join("dist"))
        .arg("--policy-dir")
        .arg(crate::support::crate_dir().join("../../policies"))
        .env("PORTAL_KEY", "2a".repeat(64)) // the tests' key: [42; 64]
        .env("RUST_LOG", "warn")
        .env_remove("PORTAL_DEV")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("server-{}.log", addr.port()))).unwrap());
    match engine() {
        // Dev mode runs only on SQLite and a loopback address.
        Engine::Sqlite => {
            cmd.arg("--dev");
        }
        // Production needs an SMS gateway; nothing listens there (texts are retried later).
        Engine::Postgres => {
            cmd.args(["--sms-url", &format!("http://{}/send", free_port())]);
        }
    }
    let child = cmd.spawn().expect("portal-server starts");
    let server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok((200, _)) = call(addr, "GET", "/healthz", None, None).await {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = std::fs::read_to_string(dir.join(format!("server-{}.log", addr.port())));
    panic!("portal-server did not come up on {addr}: {log:?}");
}

/// One HTTP/1.1 request on its own connection: `(status, body)`, or an error if the connection
/// broke (as it does when the server is killed).
async fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<String>,
    cookie: Option<&str>,
) -> Result<(u16, serde_json::Value), String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("content-type", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let req = req.body(Full::new(hyper::body::Bytes::from(body.unwrap_or_default()))).unwrap();
    let res = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok((status, serde_json::from_slice(&bytes).unwrap_or_default()))
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Residents with real names and sessions, made directly in the database.
async fn residents(db: &Db, n: usize) -> Vec<String> {
    let crypto = portal_server::crypto::Crypto::from_key(&[42u8; 64]).unwrap();
    let cookie_name = match engine() {
        Engine::Sqlite => "portal_dev_session",
        Engine::Postgres => "__Host-session",
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let id = crate::bookings::fixtures::id_number("19900101", i % 2 == 0, i as u32 + 1);
        let (account,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (phone, real_name, id_cipher, id_hmac, id_masked, created_at, \
             verified_at, verified_by) VALUES ($1, '测试', $2, $3, 'x', $4, $4, 'counter') RETURNING id",
        )
        .bind(format!("136{i:08}"))
        .bind(crypto.encrypt(&id))
        .bind(format!("crash-{i}"))
        .bind(now())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let token = format!("crash-token-{i}-{}", std::process::id());
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(portal_server::crypto::token_hash(&token))
        .bind(account)
        .bind(now())
        .execute(&db.pool)
        .await
        .unwrap();
        out.push(format!("{cookie_name}={token}"));
    }
    out
}

/// The first open day for re-issue at Tianmen and its start times, as the app sees them.
async fn open_slots(addr: SocketAddr) -> (String, Vec<i64>) {
    let (_, days) =
        call(addr, "GET", "/api/offices/tianmen/days?service=reissue", None, None).await.unwrap();
    let day = days.as_array().unwrap().iter().find(|d| d["status"] == "open").expect("an open day")
        ["day"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, a) = call(
        addr,
        "GET",
        &format!("/api/offices/tianmen/availability?service=reissue&day={day}"),
        None,
        None,
    )
    .await
    .unwrap();
    let starts =
        a["slots"].as_array().unwrap().iter().map(|s| s["start_min"].as_i64().unwrap()).collect();
    (day, starts)
}

/// What a client saw.
#[derive(Debug)]
enum Outcome {
    Confirmed(String),
    /// An answer, but no confirmed booking (the slot was full, ...).
    Refused(u16),
    /// The connection broke (the server was killed).
    Broken,
}

/// Hold, then give details (re-issue needs no partner).
async fn book(addr: SocketAddr, cookie: String, day: String, start: i64) -> Outcome {
    let body =
        format!(r#"{{"office":"tianmen","service":"reissue","day":"{day}","start_min":{start}}}"#);
    let Ok((status, held)) =
        call(addr, "POST", "/api/bookings/hold", Some(body), Some(&cookie)).await
    else {
        return Outcome::Broken;
    };
    if status != 201 {
        return Outcome::Refused(status);
    }
    let path = format!("/api/bookings/{}/details", held["id"].as_i64().unwrap());
    match call(addr, "POST", &path, Some("{}".into()), Some(&cookie)).await {
        Ok((200, done)) if done["status"] == "confirmed" => {
            Outcome::Confirmed(done["reference"].as_str().unwrap().to_owned())
        }
        Ok((status, _)) => Outcome::Refused(status),
        Err(_) => Outcome::Broken,
    }
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&db.pool).await.unwrap();
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_race_loses_and_duplicates_nothing() {
    let dir = unique_dir();
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    let (db, url) = fresh_db_url(&dir).await;
    let first = start(&url, &dir).await;
    let cookies = residents(&db, CLIENTS).await;
    let (day, starts) = open_slots(first.addr).await;
    assert!(!starts.is_empty());

    let confirmed = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for (i, cookie) in cookies.into_iter().enumerate() {
        let (addr, day, start) = (first.addr, day.clone(), starts[i % starts.len()]);
        let confirmed = confirmed.clone();
        tasks.push(tokio::spawn(async move {
            let outcome = book(addr, cookie, day, start).await;
            if let Outcome::Confirmed(r) = &outcome {
                confirmed.lock().unwrap().push(r.clone());
            }
            outcome
        }));
    }
    // Kill it once the race is well under way (some bookings confirmed, most not yet).
    let deadline = Instant::now() + Duration::from_secs(60);
    while confirmed.lock().unwrap().len() < 5 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut child = first.child;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let mut broken = 0;
    for t in tasks {
        match t.await.unwrap() {
            Outcome::Broken => broken += 1,
            Outcome::Refused(status) => assert!(
                [409, 429, 503].contains(&status),
                "a refusal is a clear 409/429/503, not {status}"
            ),
            Outcome::Confirmed(_) => {}
        }
    }
    let seen = confirmed.lock().unwrap().clone();
    eprintln!("killed with {} confirmed and {broken} clients cut off", seen.len());
    assert!(!seen.is_empty() && broken > 0, "the kill came in the middle of the race");

    // Restart on the same database.
    let second = start(&url, &dir).await;
    for reference in &seen {
        let (status,): (String,) =
            sqlx::query_as("SELECT status FROM bookings WHERE reference = $1")
                .bind(reference)
                .fetch_one(&db.pool)
                .await
                .unwrap_or_else(|e| {
                    panic!("booking {reference} a client saw confirmed is lost: {e}")
                });
        assert_eq!(status, "confirmed", "{reference}");
    }
    let twice = scalar(
        &db,
        "SELECT COUNT(*) FROM (SELECT account_id FROM bookings WHERE status IN ('held', 'provisional', 'confirmed') \
         GROUP BY account_id, service HAVING COUNT(*) > 1) x",
    )
    .await;
    assert_eq!(twice, 0, "nobody holds two active bookings for one service");
    let consistent = "SELECT COUNT(*) FROM slots s WHERE s.taken > s.capacity OR s.taken <> \
         (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('held', 'provisional', 'confirmed'))";
    assert_eq!(scalar(&db, consistent).await, 0, "every slot agrees with its bookings");

    // The holds the kill left behind expire and give their places back.
    let mut conn = db.pool.acquire().await.unwrap();
    portal_server::booking::db::expire_holds(&mut conn, now() + portal_api::booking::HOLD_SECS + 1)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM bookings WHERE status = 'held'").await, 0);
    assert_eq!(scalar(&db, consistent).await, 0);
    // And the restarted server serves bookings again.
    let (status, _) = call(second.addr, "GET", "/api/offices", None, None).await.unwrap();
    assert_eq!(status, 200);
    let mut child = second.child;
    child.kill().unwrap();
    child.wait().unwrap();
}

/// PostgreSQL only: the server's connections are terminated and new ones refused for a few
/// seconds under load; meanwhile `/readyz` says 503 and requests get 503 with Retry-After (never
/// a hang or an empty reply); once the database is back, requests succeed within 10 s without a
/// restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_outage_is_a_retryable_503_that_heals_without_a_restart() {
    if engine() != Engine::Postgres {
        return;
    }
    let dir = unique_dir();
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    let (db, url) = fresh_db_url(&dir).await;
    let server = start(&url, &dir).await;
    let name = url.rsplit('/').next().unwrap().to_owned();
    let admin_url = url.replace(&format!("/{name}"), "/postgres");
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await.unwrap();
    drop(db);
    // Load: a steady stream of reads that touch the database.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let statuses = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u16>::new()));
    let mut load = Vec::new();
    for _ in 0..8 {
        let (stop, statuses, addr) = (stop.clone(), statuses.clone(), server.addr);
        load.push(tokio::spawn(async move {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let s = match call(addr, "GET", "/api/offices", None, None).await {
                    Ok((s, _)) => s,
                    Err(_) => 0,
                };
                statuses.lock().unwrap().push(s);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .execute(&mut admin)
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (ready, _) = call(server.addr, "GET", "/readyz", None, None).await.unwrap();
    assert_eq!(ready, 503, "/readyz reports the outage");
    tokio::time::sleep(Duration::from_secs(2)).await;
    sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .execute(&mut admin)
        .await
        .unwrap();
    let back = Instant::now();
    let healed = loop {
        if let Ok((200, _)) = call(server.addr, "GET", "/api/offices", None, None).await {
            break back.elapsed();
        }
        assert!(back.elapsed() < Duration::from_secs(10), "not healed within 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for t in load {
        t.await.unwrap();
    }
    let seen = statuses.lock().unwrap().clone();
    let mut counts = std::collections::BTreeMap::new();
    for s in &seen {
        *counts.entry(*s).or_insert(0) += 1;
    }
    eprintln!("statuses during the outage test: {counts:?}");
    assert!(
        counts.keys().all(|s| *s == 200 || *s == 503),
        "only 200 or 503 during the outage, never a 500 or a broken reply (0): {counts:?}"
    );
    assert!(counts.contains_key(&503), "the outage was answered 503 (retry), {counts:?}");
    eprintln!("healed {healed:?} after the database came back");
    let mut child = server.child;
    child.kill().unwrap();
    child.wait().unwrap();
}
