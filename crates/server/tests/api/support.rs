//! Test harness: a fresh database per test and the real router driven in-process.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use portal_server::clock::ManualClock;
use portal_server::db::{Db, Engine};
use portal_server::{AppState, Settings};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tower::ServiceExt;

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub dir: PathBuf,
    pub clock: Arc<ManualClock>,
    /// The state behind the router, for running the background sweep in a test.
    pub state: AppState,
}

/// 2026-03-01 00:00 UTC: a fixed start so time-dependent tests are repeatable.
pub const T0: i64 = 1_772_323_200;

pub fn engine() -> Engine {
    match std::env::var("PORTAL_TEST_DB").as_deref() {
        Ok("postgres") => Engine::Postgres,
        Ok("sqlite") | Err(_) => Engine::Sqlite,
        Ok(other) => panic!("PORTAL_TEST_DB must be sqlite or postgres, not {other}"),
    }
}

/// A fresh directory name under the system's temporary directory (not created).
pub fn unique_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(unique_name())
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("portal_test_{}_{}_{}", std::process::id(), n, nanos)
}

/// A fresh, migrated database on the engine under test.
pub async fn fresh_db(dir: &std::path::Path) -> Db {
    fresh_db_url(dir).await.0
}

/// A fresh, migrated database on the engine under test, and its URL (for a server process).
pub async fn fresh_db_url(dir: &std::path::Path) -> (Db, String) {
    let url = match engine() {
        Engine::Sqlite => format!("sqlite://{}", dir.join("test.db").display()),
        Engine::Postgres => {
            let admin_url = std::env::var("PORTAL_TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
            sqlx::any::install_default_drivers();
            let name = unique_name();
            let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
                .await
                .expect("PostgreSQL must be reachable for the postgres test run");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
            let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
            format!("{base}/{name}")
        }
    };
    (Db::connect(&url, 8).await.expect("connect and migrate"), url)
}

/// The policies shipped in the repository's `policies/`.
pub fn policies() -> Arc<portal_server::benefits::PolicyStore> {
    let dir = crate_dir().join("../../policies");
    Arc::new(portal_server::benefits::PolicyStore::load(&dir, portal_server::today()).unwrap())
}

pub fn test_settings(dir: &std::path::Path) -> Settings {
    Settings {
        static_dir: dir.join("dist"),
        demo: false,
        request_timeout: Duration::from_secs(30),
        max_body_bytes: 64 * 1024,
        cookie_secure: false,
        dev_outbox: true,
        proxy_hops: 0,
        max_in_flight: 1024,
        no_show: (2, 30, 15),
        public_url: Some("https://portal.example".into()),
    }
}

pub fn state(db: Db, settings: Settings, clock: Arc<ManualClock>) -> AppState {
    AppState {
        sms: Arc::new(portal_server::sms::LogSender { db: db.clone() }),
        db,
        settings: Arc::new(settings),
        policies: policies(),
        clock,
        crypto: Arc::new(portal_server::crypto::Crypto::from_key(&[42u8; 64]).unwrap()),
        identity: Arc::new(portal_server::identity::DevVerifier),
        imports: Arc::default(),
        booking_cache: Arc::default(),
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_settings(|_| {}).await
    }

    /// An app whose clock starts at `start` (unix seconds) instead of [`T0`].
    pub async fn at(start: i64) -> TestApp {
        let app = Self::new().await;
        let now = app.clock_now();
        app.clock.advance(start - now);
        app
    }

    /// The test clock's time (unix seconds).
    pub fn clock_now(&self) -> i64 {
        use portal_server::clock::Clock;
        self.clock.now()
    }

    pub async fn with_settings(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(dir.join("dist")).unwrap();
        std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>portal</title>")
            .unwrap();
        std::fs::write(dir.join("dist/portal-0123456789abcdef.js"), "console.log(1)").unwrap();
        let db = fresh_db(&dir).await;
        let mut settings = test_settings(&dir);
        adjust(&mut settings);
        let clock = Arc::new(ManualClock::new(T0));
        let state = state(db.clone(), settings, clock.clone());
        TestApp { router: portal_server::app(state.clone()), db, dir, clock, state }
    }

    /// The same app with its state changed (e.g. another identity gateway).
    pub fn rebuilt(mut self, change: impl FnOnce(&mut AppState)) -> TestApp {
        change(&mut self.state);
        self.router = portal_server::app(self.state.clone());
        self
    }

    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.unwrap();
        TestResponse::read(res).await
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        self.request(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, uri: &str, body: &str) -> TestResponse {
        self.send(Method::POST, uri, Some(body), None).await
    }

    /// Any request, optionally with a JSON body and a session cookie.
    pub async fn send(
        &self,
        method: Method,
        uri: &str,
        body: Option<&str>,
        cookie: Option<&str>,
    ) -> TestResponse {
        let mut req = Request::builder().method(method).uri(uri);
        if body.is_some() {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.request(req.body(Body::from(body.unwrap_or("").to_owned())).unwrap()).await
    }

    /// The latest text message sent to `phone`, read from the dev outbox over HTTP.
    pub async fn last_code(&self, phone: &str) -> String {
        let res = self.get(&format!("/api/dev/outbox?phone={phone}")).await;
        assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
        let body: serde_json::Value = res.json();
        let text = body["body"].as_str().unwrap();
        text.chars().filter(|c| c.is_ascii_digit()).collect::<String>().chars().take(6).collect()
    }

    /// Signs in through the API and returns the cookie to send.
    pub async fn sign_in(&self, phone: &str) -> String {
        let res = self.post_json("/api/auth/code", &format!(r#"{{"phone":"{phone}"}}"#)).await;
        assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
        let code = self.last_code(phone).await;
        let res = self
            .post_json("/api/auth/verify", &format!(r#"{{"phone":"{phone}","code":"{code}"}}"#))
            .await;
        assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
        let set = res.headers[header::SET_COOKIE].to_str().unwrap();
        set.split(';').next().unwrap().to_owned()
    }

    /// Signs in a staff member after granting the role directly in the database (idempotent).
    pub async fn sign_in_staff(
        &self,
        phone: &str,
        role: portal_api::account::Role,
        scope: &str,
    ) -> String {
        let cookie = self.sign_in(phone).await;
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE phone = $1")
            .bind(phone)
            .fetch_one(&self.db.pool)
            .await
            .unwrap();
        portal_server::account::db::grant_role(&self.db, id, role, scope).await.unwrap();
        cookie
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    async fn read(res: Response<Body>) -> TestResponse {
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        TestResponse { status, headers, body }
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts a problem-details answer with the given status and code.
    pub fn assert_problem(&self, status: u16, code: portal_api::ErrorCode) -> portal_api::Problem {
        assert_eq!(self.status.as_u16(), status, "body: {}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.content_type(), "application/problem+json");
        let p: portal_api::Problem = self.json();
        assert_eq!(p.status, status);
        assert_eq!(p.code, code);
        p
    }
}

/// A tiny join_all (no extra dependency): drives every future concurrently.
pub async fn join_all<F: std::future::Future>(futs: Vec<F>) -> Vec<F::Output> {
    let handles: Vec<_> = futs.into_iter().map(Box::pin).collect();
    let mut outs: Vec<Option<F::Output>> = (0..handles.len()).map(|_| None).collect();
    let mut handles: Vec<Option<_>> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, h) in handles.iter_mut().enumerate() {
            if let Some(f) = h {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        outs[i] = Some(v);
                        *h = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    outs.into_iter().map(Option::unwrap).collect()
}

/// This crate's directory, read when the tests run (cargo sets it), not when they were built:
/// with a target directory shared between clones, a test binary built in one clone can be
/// reused from another, and a compile-time path would point at the first.
pub fn crate_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
