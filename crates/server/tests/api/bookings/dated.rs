//! Helpers for the tests written against the fixed test clock (T0 = 2026-03-01, a Sunday):
//! the demo offices, residents signed in through the API, and holds on fixed days.

use crate::support::TestApp;
use axum::http::Method;
use portal_api::booking::BookingView;

/// T0 is 2026-03-01 (a Sunday); 2026-03-04 is a Wednesday inside the 1-30 day window.
pub const DAY: &str = "2026-03-04";

pub async fn with_offices() -> TestApp {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    app
}

/// A signed-in, real-named resident.
pub async fn resident(app: &TestApp, phone: &str, id: &str) -> String {
    let cookie = app.sign_in(phone).await;
    let body = format!(r#"{{"name":"张三","id_number":"{id}"}}"#);
    assert_eq!(
        app.send(Method::POST, "/api/me/real-name", Some(&body), Some(&cookie)).await.status,
        200
    );
    cookie
}

pub fn hold_body(start_min: u32) -> String {
    format!(r#"{{"office":"tianmen","service":"marriage","day":"{DAY}","start_min":{start_min}}}"#)
}

pub const HIM: &str = "110105199003071239"; // man, born 1990

pub const HER: &str = "440524198511200028"; // woman, born 1985

pub const TOO_YOUNG: &str = "110105200706010024"; // woman, 18 on the day

pub const ANOTHER_HER: &str = "110105199208150045"; // woman, born 1992

/// `POST /api/bookings/{id}/details` with `body` as `cookie`.
pub async fn details(
    app: &TestApp,
    cookie: &str,
    id: i64,
    body: &str,
) -> crate::support::TestResponse {
    app.send(Method::POST, &format!("/api/bookings/{id}/details"), Some(body), Some(cookie)).await
}

/// The partner's details; the applicant comes from their own real-name record.
pub fn details_body(partner: &str) -> String {
    format!(r#"{{"partner":{{"name":"李四","id_number":"{partner}"}}}}"#)
}

pub async fn hold(app: &TestApp, cookie: &str, start: u32) -> BookingView {
    let res =
        app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(start)), Some(cookie)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

/// A confirmed marriage booking by him and her at `start` on DAY.
pub async fn confirmed(app: &TestApp, him: &str, her: &str, start: u32) -> BookingView {
    let held = hold(app, him, start).await;
    let res = details(app, him, held.id, &details_body(HER)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let confirm = format!(r#"{{"reference":"{}"}}"#, held.reference);
    assert_eq!(
        app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(her)).await.status,
        204
    );
    held
}

pub fn divorce_hold(day: &str) -> String {
    format!(r#"{{"office":"tianmen","service":"divorce","day":"{day}","start_min":540}}"#)
}

/// A divorce application received on 2026-03-04 (the first appointment, completed).
pub async fn divorce_applied(app: &TestApp) -> (String, String) {
    use portal_api::account::Role;
    let him = resident(app, "13800000001", HIM).await;
    let her = resident(app, "13800000002", HER).await;
    let res =
        app.send(Method::POST, "/api/bookings/hold", Some(&divorce_hold(DAY)), Some(&him)).await;
    let held: BookingView = res.json();
    let res = details(app, &him, held.id, &details_body(HER)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let confirm = format!(r#"{{"reference":"{}"}}"#, held.reference);
    assert_eq!(
        app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(&her)).await.status,
        204
    );
    app.clock.advance(3 * 86_400); // 2026-03-04
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let url = format!("/api/clerk/bookings/{}/status", held.id);
    for s in ["arrived", "completed"] {
        assert_eq!(
            app.send(Method::POST, &url, Some(&format!(r#"{{"status":"{s}"}}"#)), Some(&clerk))
                .await
                .status,
            204
        );
    }
    (app.sign_in("13800000001").await, app.sign_in("13800000002").await)
}
