//! Builders for volunteering tests: volunteers registered through the API on top of real-name
//! residents made in the database, an organiser with an organisation profile, activities and
//! shifts on days relative to the test clock, and concurrent requests over the real router.

use crate::bookings::fixtures::{id_number, resident};
use crate::support::{TestApp, TestResponse};
use axum::body::Body;
use axum::http::{Method, Request, header};
use portal_api::account::Role;
use portal_api::calendar::office_local;
use portal_api::ids::Date;
use portal_api::volunteering::{ShiftView, SignupView, credit_code_or_panic};
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

static NEXT: AtomicU32 = AtomicU32::new(1);

pub const ORG: &str = "org-test";
pub const OTHER_ORG: &str = "org-other";

/// A demo-data app (regions, rest days).
pub async fn app() -> TestApp {
    crate::bookings::fixtures::app().await
}

/// The test clock's local date.
pub fn today(app: &TestApp) -> Date {
    office_local(app.clock_now()).0
}

/// A registered adult volunteer (born 1980); returns the session cookie.
pub async fn volunteer(app: &TestApp) -> String {
    volunteer_born(app, "19800101", None).await
}

/// A registered volunteer born on `birth` (`YYYYMMDD`), with a guardian for a minor.
pub async fn volunteer_born(app: &TestApp, birth: &str, guardian_consent: Option<bool>) -> String {
    volunteer_in(app, birth, guardian_consent, "zh").await
}

/// A registered volunteer whose texts come in `sms_lang` (`zh` or `en`).
pub async fn volunteer_in(
    app: &TestApp,
    birth: &str,
    guardian_consent: Option<bool>,
    sms_lang: &str,
) -> String {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let cookie = resident(app, "王志愿", &id_number(birth, n.is_multiple_of(2), n)).await;
    let guardian = match guardian_consent {
        Some(consent) => {
            format!(r#","guardian":{{"name":"王家长","phone":"13912345678","consent":{consent}}}"#)
        }
        None => String::new(),
    };
    let body = format!(
        r#"{{"skills":["陪伴"],"districts":["hubei-tianmen"],"emergency_name":"王家属","emergency_phone":"13912345679","pledge":true,"sms_lang":"{sms_lang}"{guardian}}}"#
    );
    let res = app.send(Method::PUT, "/api/volunteering/me", Some(&body), Some(&cookie)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    cookie
}

/// An organiser of `org` with a saved profile; returns the session cookie.
pub async fn organiser(app: &TestApp, phone: &str, org: &str) -> String {
    let cookie = app.sign_in_staff(phone, Role::Organiser, org).await;
    let body = format!(
        r#"{{"name":"测试志愿服务队","credit_code":"{}","contact":"0728-0000000","district":"hubei-tianmen"}}"#,
        credit_code_or_panic("53429006MJ0000099")
    );
    let res = app
        .send(Method::PUT, &format!("/api/volunteering/orgs/{org}"), Some(&body), Some(&cookie))
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    cookie
}

/// An activity of `org`; returns its id.
pub async fn activity(app: &TestApp, cookie: &str, org: &str, min_age: Option<u32>) -> i64 {
    let min_age = min_age.map(|a| a.to_string()).unwrap_or("null".into());
    let body = format!(
        r#"{{"title":"助餐点送餐","category":"elder_care","district":"hubei-tianmen","address":"示例路 1 号","min_age":{min_age},"points_per_hour":2}}"#
    );
    let res = app
        .send(
            Method::POST,
            &format!("/api/volunteering/orgs/{org}/activities"),
            Some(&body),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json::<serde_json::Value>()["id"].as_i64().unwrap()
}

/// A shift `days` after the test clock's today; returns it.
pub async fn shift(
    app: &TestApp,
    cookie: &str,
    activity: i64,
    days: i64,
    (start_min, end_min): (u32, u32),
    capacity: u32,
) -> ShiftView {
    let day = today(app).add_days(days);
    let body = format!(
        r#"{{"day":"{day}","start_min":{start_min},"end_min":{end_min},"capacity":{capacity}}}"#
    );
    let res = app
        .send(
            Method::POST,
            &format!("/api/volunteering/activities/{activity}/shifts"),
            Some(&body),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

/// Signs up; returns the raw response.
pub async fn sign_up(app: &TestApp, cookie: &str, shift: i64) -> TestResponse {
    app.send(Method::POST, &format!("/api/volunteering/shifts/{shift}/signup"), None, Some(cookie))
        .await
}

/// Signs up and expects a sign-up back.
pub async fn signed_up(app: &TestApp, cookie: &str, shift: i64) -> SignupView {
    let res = sign_up(app, cookie, shift).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

/// Moves the test clock to `minute` on `day`; everyone stays signed in across the jump (the
/// sessions are touched, as if each person had just used the app).
pub async fn set_clock(app: &TestApp, day: Date, minute: u32) {
    let target = portal_api::calendar::office_instant(day, minute);
    app.clock.advance(target - app.clock_now());
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $1")
        .bind(target)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// Sends every request at once through clones of the router; statuses and bodies in order.
pub async fn concurrently(
    app: &TestApp,
    reqs: Vec<(Method, String, Option<String>, String)>,
) -> Vec<(u16, serde_json::Value)> {
    let mut tasks = Vec::new();
    for (method, uri, body, cookie) in reqs {
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            let mut req = Request::builder().method(method).uri(uri).header(header::COOKIE, cookie);
            if body.is_some() {
                req = req.header(header::CONTENT_TYPE, "application/json");
            }
            let res = router
                .oneshot(req.body(Body::from(body.unwrap_or_default())).unwrap())
                .await
                .unwrap();
            let status = res.status().as_u16();
            let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
            (status, serde_json::from_slice(&bytes).unwrap_or_default())
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// A volunteer who worked tomorrow's 9:00-12:00 shift of a new activity of [`ORG`], checked
/// in at 8:50 and out at 12:10 by the organiser: (shift, signup id). The clock is left at 12:10.
pub async fn worked_shift(app: &TestApp, org: &str, vol: &str) -> (ShiftView, i64) {
    worked_shift_of(app, org, ORG, vol).await
}

/// Like [`worked_shift`], for an activity of `org_code`.
pub async fn worked_shift_of(
    app: &TestApp,
    org: &str,
    org_code: &str,
    vol: &str,
) -> (ShiftView, i64) {
    let a = activity(app, org, org_code, None).await;
    let s = shift(app, org, a, 1, (9 * 60, 12 * 60), 5).await;
    let g = signed_up(app, vol, s.id).await;
    set_clock(app, s.day, 8 * 60 + 50).await;
    let res = app
        .send(
            Method::POST,
            &format!("/api/volunteering/signups/{}/check-in", g.id),
            None,
            Some(org),
        )
        .await;
    assert_eq!(res.status, 204, "{}", String::from_utf8_lossy(&res.body));
    set_clock(app, s.day, 12 * 60 + 10).await;
    let res = app
        .send(
            Method::POST,
            &format!("/api/volunteering/signups/{}/check-out", g.id),
            None,
            Some(org),
        )
        .await;
    assert_eq!(res.status, 204, "{}", String::from_utf8_lossy(&res.body));
    (s, g.id)
}

/// Decides a sign-up's hours; returns the response.
pub async fn decide(app: &TestApp, org: &str, signup: i64, body: &str) -> TestResponse {
    app.send(
        Method::POST,
        &format!("/api/volunteering/signups/{signup}/hours"),
        Some(body),
        Some(org),
    )
    .await
}

/// A second server on the same database: its own state and connection pool, as a second
/// process behind a load balancer would have.
pub async fn second_server(app: &TestApp) -> axum::Router {
    let url = app.db.pool.connect_options().database_url.to_string();
    let db = portal_server::db::Db::connect(&url, 8).await.expect("second pool");
    let settings = crate::support::test_settings(&app.dir);
    portal_server::app(crate::support::state(db, settings, app.clock.clone()))
}

/// Like [`concurrently`], each request sent to the router it names.
pub async fn concurrently_on(reqs: Vec<(axum::Router, Method, String, String)>) -> Vec<u16> {
    let mut tasks = Vec::new();
    for (router, method, uri, cookie) in reqs {
        tasks.push(tokio::spawn(async move {
            let req = Request::builder().method(method).uri(uri).header(header::COOKIE, cookie);
            router.oneshot(req.body(Body::empty()).unwrap()).await.unwrap().status().as_u16()
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
