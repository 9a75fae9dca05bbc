//! The minute sweep: lapses and reminders, told once.

use super::dated::*;
use crate::support::TestApp;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{Availability, BookingView};

#[tokio::test]
async fn an_unconfirmed_booking_lapses_after_24_hours_and_frees_everything() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let held = hold(&app, &him, 540).await;
    details(&app, &him, held.id, &details_body(HER)).await;
    app.clock.advance(24 * 3600 + 1);
    // (His session ended after 30 idle minutes; he signs in again.)
    let him = app.sign_in("13800000001").await;
    let her = resident(&app, "13800000002", HER).await;
    // The minute sweep lapses it and tells both parties by SMS, exactly once.
    assert_eq!(portal_server::booking::sweep::run_once(&app.state).await.unwrap(), 1);
    assert_eq!(portal_server::booking::sweep::run_once(&app.state).await.unwrap(), 0);
    for phone in ["13800000001", "13800000002"] {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM sms_outbox WHERE phone = $1 AND body LIKE '%' || $2 || '%' \
             AND body LIKE '%未在 24 小时内确认%'",
        )
        .bind(phone)
        .bind(&held.reference)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "{phone} is told of the lapse once");
    }
    let confirm = format!(r#"{{"reference":"{}"}}"#, held.reference);
    app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(&her))
        .await
        .assert_problem(409, ErrorCode::BookingClosed);
    let mine: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&him)).await.json();
    assert_eq!(mine[0].status.as_str(), "lapsed");
    let url = "/api/offices/tianmen/availability?service=marriage&day=2026-03-04";
    let a: Availability = app.get(url).await.json();
    assert_eq!(a.slots.iter().find(|s| s.start_min == 540).unwrap().places_left, 3);
    // Both may book again.
    let again = hold(&app, &him, 540).await;
    let res = details(&app, &him, again.id, &details_body(HER)).await;
    assert_eq!(res.status, 200);
}

#[tokio::test]
async fn both_are_reminded_once_from_9_the_day_before() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let b = confirmed(&app, &him, &her, 540).await;
    let reminders = |app: &TestApp| {
        let pool = app.db.pool.clone();
        async move {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM sms_outbox WHERE body LIKE '%提醒%'")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            n
        }
    };
    portal_server::booking::sweep::run_once(&app.state).await.unwrap();
    assert_eq!(reminders(&app).await, 0, "T0 is 2026-03-01: three days before");
    // 2026-03-03 08:30 in China: the day before, but before 09:00.
    app.clock.advance(2 * 86_400 + 30 * 60);
    portal_server::booking::sweep::run_once(&app.state).await.unwrap();
    assert_eq!(reminders(&app).await, 0);
    app.clock.advance(30 * 60);
    assert_eq!(portal_server::booking::sweep::run_once(&app.state).await.unwrap(), 1);
    assert_eq!(portal_server::booking::sweep::run_once(&app.state).await.unwrap(), 0);
    assert_eq!(reminders(&app).await, 2, "him and her, once each");
    let (body,): (String,) = sqlx::query_as(
        "SELECT body FROM sms_outbox WHERE phone = '13800000002' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(
        body.contains("3月4日") && body.contains("09:00") && body.contains(&b.reference),
        "{body}"
    );
}
