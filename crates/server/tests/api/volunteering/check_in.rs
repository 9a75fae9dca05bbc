//! `POST /api/volunteering/shifts/{id}/check-in` and `/check-out` with the organiser's
//! rotating code (`GET /api/volunteering/shifts/{id}/code`).

use super::fixtures::{ORG, activity, app, organiser, set_clock, shift, signed_up, volunteer};
use crate::support::TestApp;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::volunteering::{CheckInCode, MyHours, RecordStatus, SignupView};

async fn code(app: &TestApp, org: &str, shift: i64) -> String {
    let res = app
        .send(Method::GET, &format!("/api/volunteering/shifts/{shift}/code"), None, Some(org))
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    res.json::<CheckInCode>().code
}

async fn type_code(
    app: &TestApp,
    vol: &str,
    shift: i64,
    what: &str,
    code: &str,
) -> crate::support::TestResponse {
    let body = format!(r#"{{"code":"{code}"}}"#);
    app.send(
        Method::POST,
        &format!("/api/volunteering/shifts/{shift}/{what}"),
        Some(&body),
        Some(vol),
    )
    .await
}

#[tokio::test]
async fn volunteers_check_in_and_out_with_the_current_code_only_in_the_window() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 1, (9 * 60, 12 * 60), 3).await;
    let vol = volunteer(&app).await;
    signed_up(&app, &vol, s.id).await;

    set_clock(&app, s.day, 7 * 60).await;
    let c = code(&app, &org, s.id).await;
    type_code(&app, &vol, s.id, "check-in", &c)
        .await
        .assert_problem(409, ErrorCode::OutsideCheckWindow);

    set_clock(&app, s.day, 8 * 60 + 30).await;
    let c = code(&app, &org, s.id).await;
    type_code(&app, &vol, s.id, "check-in", "12a456")
        .await
        .assert_problem(400, ErrorCode::Validation);
    let res = type_code(&app, &vol, s.id, "check-in", &c).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    assert!(res.json::<SignupView>().checked_in_at.is_some());

    // A minute and a half later the code has rotated twice: stale.
    set_clock(&app, s.day, 12 * 60 + 20).await;
    let stale = code(&app, &org, s.id).await;
    app.clock.advance(90);
    type_code(&app, &vol, s.id, "check-out", &stale)
        .await
        .assert_problem(400, ErrorCode::CheckInCodeWrong);
    let fresh = code(&app, &org, s.id).await;
    let res = type_code(&app, &vol, s.id, "check-out", &fresh).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));

    // Checked in at 8:30 and out at 12:21: the shift's three hours, pending approval.
    let hours: MyHours =
        app.send(Method::GET, "/api/volunteering/me/hours", None, Some(&vol)).await.json();
    assert_eq!(hours.records.len(), 1);
    assert_eq!(hours.records[0].half_hours, 6);
    assert_eq!(hours.records[0].status, RecordStatus::Pending);
    assert_eq!(hours.verified_half_hours, 0, "pending hours do not count");

    // Someone without a place cannot check in.
    let other = volunteer(&app).await;
    type_code(&app, &other, s.id, "check-in", &fresh)
        .await
        .assert_problem(404, ErrorCode::NotFound);
}

#[tokio::test]
async fn guessing_codes_is_cut_off_after_ten_misses() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 1, (9 * 60, 12 * 60), 3).await;
    let vol = volunteer(&app).await;
    signed_up(&app, &vol, s.id).await;
    set_clock(&app, s.day, 9 * 60).await;
    let right = code(&app, &org, s.id).await;
    let wrong: Vec<String> = (0..20u32)
        .map(|i| format!("{:06}", (i * 7919) % 1_000_000))
        .filter(|c| *c != right)
        .take(10)
        .collect();
    for w in &wrong {
        type_code(&app, &vol, s.id, "check-in", w)
            .await
            .assert_problem(400, ErrorCode::CheckInCodeWrong);
    }
    type_code(&app, &vol, s.id, "check-in", &right)
        .await
        .assert_problem(429, ErrorCode::RateLimited);
}

/// Codes typed from one address are limited too (crate::limits, shared by every server):
/// many sign-ups, each under its own ten misses, cannot cycle through codes from one place.
/// Another address is not held back.
#[tokio::test]
async fn codes_from_one_address_are_limited_across_sign_ups() {
    let app = TestApp::with_settings(|s| s.proxy_hops = 1).await;
    portal_server::demo::load(&app.db).await.unwrap();
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 1, (9 * 60, 12 * 60), 10).await;
    let mut vols = Vec::new();
    for _ in 0..7 {
        let v = volunteer(&app).await;
        signed_up(&app, &v, s.id).await;
        vols.push(v);
    }
    set_clock(&app, s.day, 9 * 60).await;
    let right = code(&app, &org, s.id).await;
    let from = |ip: &str, cookie: &str, code: &str| {
        axum::http::Request::post(format!("/api/volunteering/shifts/{}/check-in", s.id))
            .header("content-type", "application/json")
            .header("cookie", cookie)
            .header("x-forwarded-for", ip)
            .body(axum::body::Body::from(format!(r#"{{"code":"{code}"}}"#)))
            .unwrap()
    };
    let mut statuses = Vec::new();
    let mut n = 0u32;
    for v in &vols {
        for _ in 0..9 {
            let wrong = loop {
                n += 1;
                let c = format!("{:06}", (n * 7919) % 1_000_000);
                if c != right {
                    break c;
                }
            };
            statuses.push(app.request(from("203.0.113.9", v, &wrong)).await.status.as_u16());
        }
    }
    let limit = portal_server::volunteering::volunteer::CODE_TRIES_PER_IP.max as usize;
    assert!(statuses[..limit].iter().all(|s| *s == 400), "{statuses:?}");
    assert!(statuses[limit..].iter().all(|s| *s == 429), "{statuses:?}");
    // The right code from the same address is refused while the limit lasts ...
    let last = vols.last().unwrap();
    assert_eq!(app.request(from("203.0.113.9", last, &right)).await.status, 429);
    // ... and accepted from another address (this volunteer has missed fewer than ten).
    let res = app.request(from("198.51.100.4", last, &right)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
}

/// Wrong codes sent all at once, from many addresses, still get ten checks in all: each is
/// counted as a miss before it is compared (a count read first let a burst all through).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_guessed_codes_gets_ten_checks_in_all() {
    use tower::ServiceExt;
    let app = TestApp::with_settings(|s| s.proxy_hops = 1).await;
    portal_server::demo::load(&app.db).await.unwrap();
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 1, (9 * 60, 12 * 60), 3).await;
    let vol = volunteer(&app).await;
    signed_up(&app, &vol, s.id).await;
    set_clock(&app, s.day, 9 * 60).await;
    let right = code(&app, &org, s.id).await;
    let tasks: Vec<_> = (1..=40u32)
        .map(|i| {
            let wrong = format!("{:06}", (i * 7919) % 1_000_000);
            let wrong = if wrong == right { "000000".to_owned() } else { wrong };
            let req =
                axum::http::Request::post(format!("/api/volunteering/shifts/{}/check-in", s.id))
                    .header("content-type", "application/json")
                    .header("cookie", &vol)
                    .header("x-forwarded-for", format!("203.0.113.{i}"))
                    .body(axum::body::Body::from(format!(r#"{{"code":"{wrong}"}}"#)))
                    .unwrap();
            let router = app.router.clone();
            tokio::spawn(async move { router.oneshot(req).await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = vec![];
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|&&s| s == 400).count();
    let busy = statuses.iter().filter(|&&s| s == 503).count();
    assert!(checked <= 10 && checked + busy >= 10, "{checked} checked: {statuses:?}");
    assert!(statuses.iter().all(|&s| s == 400 || s == 429 || s == 503), "{statuses:?}");
    // The right code is refused now too: the ten misses are used up.
    type_code(&app, &vol, s.id, "check-in", &right)
        .await
        .assert_problem(429, ErrorCode::RateLimited);
}
