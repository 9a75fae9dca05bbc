//! `POST /api/bookings/hold` and `POST /api/bookings/{id}/details`: one hold per service per
//! account, a slow-down for hold-and-release, and details that are safe to retry.

use super::fixtures::*;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{BookingStatus, Service};

/// Holding another time gives the previous hold back; another service's hold is kept.
#[tokio::test]
async fn a_new_hold_replaces_the_previous_one_for_that_service() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 600, 840]).await;
    let me = resident(&app, "张三", &id_number("19900307", true, 1)).await;
    let first = held(&app, &me, "tianmen", Service::Marriage, day, 540).await;
    let reissue = held(&app, &me, "tianmen", Service::Reissue, day, 840).await;
    let second = held(&app, &me, "tianmen", Service::Marriage, day, 600).await;
    assert_eq!(slot(&app, "tianmen", day, 540).await.0, 0, "the first place is free again");
    assert_eq!(slot(&app, "tianmen", day, 600).await.0, 1);
    let list = mine(&app, &me).await;
    let status = |id| list.iter().find(|b| b.id == id).unwrap().status;
    assert_eq!(status(first.id), BookingStatus::Cancelled);
    assert_eq!(status(second.id), BookingStatus::Held);
    assert_eq!(status(reissue.id), BookingStatus::Held);
}

/// Ten holds by one account at once: one survives, and no place is left taken by the rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_account_cannot_hold_a_whole_day_by_holding_in_parallel() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let me = resident(&app, "张三", &id_number("19900307", true, 2)).await;
    let a: portal_api::booking::Availability = app
        .get(&format!("/api/offices/tianmen/availability?service=marriage&day={day}"))
        .await
        .json();
    let starts: Vec<u32> = a.slots.iter().map(|s| s.start_min).take(10).collect();
    let bodies: Vec<String> =
        starts.iter().map(|s| hold_body("tianmen", Service::Marriage, day, *s)).collect();
    let results = futures_join(&app, &me, &bodies).await;
    assert!(results.iter().all(|s| [201, 409].contains(s)), "{results:?}");
    let (held, taken): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM bookings WHERE status = 'held'), (SELECT CAST(COALESCE(SUM(taken), 0) AS BIGINT) FROM slots)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((held, taken), (1, 1));
}

async fn futures_join(app: &crate::support::TestApp, cookie: &str, bodies: &[String]) -> Vec<u16> {
    let mut set = Vec::new();
    for b in bodies {
        set.push(app.send(Method::POST, "/api/bookings/hold", Some(b), Some(cookie)));
    }
    let mut out = Vec::new();
    // Poll them together: the requests interleave on the database.
    let all = crate::support::join_all(set).await;
    for r in all {
        out.push(r.status.as_u16());
    }
    out
}

/// Holding and releasing over and over is slowed down after 30 holds in an hour.
#[tokio::test]
async fn hold_and_release_in_a_loop_is_slowed_down() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let me = resident(&app, "张三", &id_number("19900307", true, 3)).await;
    for i in 0..portal_server::booking::resident::HOLDS_PER_HOUR {
        let b = held(&app, &me, "tianmen", Service::Marriage, day, 540).await;
        let res =
            app.send(Method::DELETE, &format!("/api/bookings/{}", b.id), None, Some(&me)).await;
        assert_eq!(res.status, 204, "hold {i}");
    }
    let res = hold(&app, &me, "tianmen", Service::Marriage, day, 540).await;
    res.assert_problem(429, ErrorCode::RateLimited);
    assert!(res.headers.contains_key("retry-after"));
    assert_eq!(slot(&app, "tianmen", day, 540).await.0, 0);
    // An hour later (the session kept alive meanwhile) it is allowed again.
    for _ in 0..3 {
        app.clock.advance(1201);
        assert_eq!(app.send(Method::GET, "/api/bookings", None, Some(&me)).await.status, 200);
    }
    assert_eq!(hold(&app, &me, "tianmen", Service::Marriage, day, 540).await.status, 201);
}

/// After a restart cut off the first answer, the client sends the same details again and gets
/// the booking as it is; other details are refused and change nothing.
#[tokio::test]
async fn details_are_safe_to_retry() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let me = resident(&app, "张三", &id_number("19900307", true, 4)).await;
    let her = id_number("19920815", false, 4);
    let b = held(&app, &me, "tianmen", Service::Marriage, day, 540).await;
    let first = details(&app, &me, b.id, &partner_body("李四", &her)).await;
    assert_eq!(first.status, 200);
    let again = details(&app, &me, b.id, &partner_body("李四", &her)).await;
    assert_eq!(again.status, 200, "{}", String::from_utf8_lossy(&again.body));
    let (v1, v2): (portal_api::booking::BookingView, portal_api::booking::BookingView) =
        (first.json(), again.json());
    assert_eq!(v1, v2);
    let other = id_number("19950101", false, 5);
    details(&app, &me, b.id, &partner_body("王五", &other))
        .await
        .assert_problem(409, ErrorCode::BookingClosed);
    let (parties,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM booking_parties WHERE booking_id = $1")
            .bind(b.id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(parties, 2);
}
