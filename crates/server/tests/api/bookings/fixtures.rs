//! Builders for booking tests: residents with real names made directly in the database (the
//! sign-in rate limits would refuse hundreds of codes), ID numbers with a valid check
//! character, and bookings taken through the API.

use crate::support::{TestApp, TestResponse};
use axum::http::Method;
use portal_api::booking::{BookingView, DayStatus, DayView, Service};
use portal_api::ids::Date;
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(1);

/// A valid ID number for someone born on `birth` (`YYYYMMDD`); `n` makes it unique.
pub fn id_number(birth: &str, male: bool, n: u32) -> String {
    let seq = (n % 500) * 2 + u32::from(male);
    let body = format!("110105{birth}{seq:03}");
    let c = portal_api::ids::id_check_character(body.as_bytes()) as char;
    format!("{body}{c}")
}

/// A demo-data app (offices, rest days).
pub async fn app() -> TestApp {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    app
}

/// A signed-in resident with a verified real-name record; returns the session cookie.
pub async fn resident(app: &TestApp, name: &str, id: &str) -> String {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let now = app.clock_now();
    let crypto = &app.state.crypto;
    let parsed = portal_api::ids::ResidentId::parse(id).unwrap();
    let (account,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (phone, real_name, id_cipher, id_hmac, id_masked, created_at, \
         verified_at, verified_by) VALUES ($1, $2, $3, $4, $5, $6, $6, 'counter') RETURNING id",
    )
    .bind(format!("139{:04}{n:04}", std::process::id() % 10_000))
    .bind(name)
    .bind(crypto.encrypt(id))
    .bind(crypto.mac(&["resident_id", id]))
    .bind(parsed.masked())
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let token = format!("fixture-{n}-{}", std::process::id());
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(portal_server::crypto::token_hash(&token))
    .bind(account)
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    format!("portal_dev_session={token}")
}

/// The open days of an office's window, as the date picker sees them.
pub async fn open_days(app: &TestApp, office: &str, service: Service) -> Vec<Date> {
    let res = app.get(&format!("/api/offices/{office}/days?service={}", service.as_str())).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let days: Vec<DayView> = res.json();
    days.into_iter().filter(|d| d.status == DayStatus::Open).map(|d| d.day).collect()
}

/// The first open day whose times include all of `starts` with a place left.
pub async fn day_with(app: &TestApp, office: &str, service: Service, starts: &[u32]) -> Date {
    for day in open_days(app, office, service).await {
        let url =
            format!("/api/offices/{office}/availability?service={}&day={day}", service.as_str());
        let a: portal_api::booking::Availability = app.get(&url).await.json();
        if starts.iter().all(|s| a.slots.iter().any(|x| x.start_min == *s && x.places_left > 0)) {
            return day;
        }
    }
    panic!("no open day at {office} with {starts:?}")
}

pub fn hold_body(office: &str, service: Service, day: Date, start_min: u32) -> String {
    format!(
        r#"{{"office":"{office}","service":"{}","day":"{day}","start_min":{start_min}}}"#,
        service.as_str()
    )
}

pub async fn hold(
    app: &TestApp,
    cookie: &str,
    office: &str,
    service: Service,
    day: Date,
    start: u32,
) -> TestResponse {
    app.send(
        Method::POST,
        "/api/bookings/hold",
        Some(&hold_body(office, service, day, start)),
        Some(cookie),
    )
    .await
}

pub async fn held(
    app: &TestApp,
    cookie: &str,
    office: &str,
    service: Service,
    day: Date,
    start: u32,
) -> BookingView {
    let res = hold(app, cookie, office, service, day, start).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

pub fn partner_body(name: &str, id: &str) -> String {
    format!(r#"{{"partner":{{"name":"{name}","id_number":"{id}"}}}}"#)
}

pub async fn details(app: &TestApp, cookie: &str, id: i64, body: &str) -> TestResponse {
    app.send(Method::POST, &format!("/api/bookings/{id}/details"), Some(body), Some(cookie)).await
}

pub async fn confirm(app: &TestApp, cookie: &str, reference: &str) -> TestResponse {
    let body = format!(r#"{{"reference":"{reference}"}}"#);
    app.send(Method::POST, "/api/bookings/confirm", Some(&body), Some(cookie)).await
}

/// A couple with a confirmed marriage booking at `office` on `day` at `start`.
pub struct Couple {
    pub him: String,
    pub her: String,
    pub booking: BookingView,
}

pub async fn confirmed_couple(app: &TestApp, office: &str, day: Date, start: u32) -> Couple {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let him = resident(app, "张三", &id_number("19900307", true, n)).await;
    let her_id = id_number("19920815", false, n);
    let her = resident(app, "李四", &her_id).await;
    let b = held(app, &him, office, Service::Marriage, day, start).await;
    let res = details(app, &him, b.id, &partner_body("李四", &her_id)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(confirm(app, &her, &b.reference).await.status, 204);
    let booking = mine(app, &him).await.into_iter().find(|x| x.id == b.id).unwrap();
    Couple { him, her, booking }
}

pub async fn mine(app: &TestApp, cookie: &str) -> Vec<BookingView> {
    app.send(Method::GET, "/api/bookings", None, Some(cookie)).await.json()
}

/// `(taken, capacity)` of a slot.
pub async fn slot(app: &TestApp, office: &str, day: Date, start: u32) -> (i64, i64) {
    sqlx::query_as(
        "SELECT taken, capacity FROM slots WHERE office = $1 AND service = 'marriage' AND day = $2 AND start_min = $3",
    )
    .bind(office)
    .bind(day.to_string())
    .bind(i64::from(start))
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// Active bookings in a slot, counted from the bookings themselves.
pub async fn active_in(app: &TestApp, office: &str, day: Date, start: u32) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.office = $1 \
         AND s.service = 'marriage' AND s.day = $2 AND s.start_min = $3 \
         AND b.status IN ('held', 'provisional', 'confirmed')",
    )
    .bind(office)
    .bind(day.to_string())
    .bind(i64::from(start))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    n
}

/// Keeps a fixture resident's session alive across a jump of the test clock.
pub async fn refresh(app: &TestApp, cookie: &str) -> String {
    let token = cookie.split_once('=').map(|(_, t)| t).unwrap_or(cookie);
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $1 WHERE token_hash = $2")
        .bind(app.clock_now())
        .bind(portal_server::crypto::token_hash(token))
        .execute(&app.db.pool)
        .await
        .unwrap();
    cookie.to_owned()
}
