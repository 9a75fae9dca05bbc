//! `POST /api/bookings/{id}/reschedule`, all or nothing (see also `reschedule.rs` for races).

use super::dated::*;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{Availability, BookingView};

#[tokio::test]
async fn rescheduling_is_all_or_nothing() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let b = confirmed(&app, &him, &her, 540).await;
    // Fill 600 with three other holds.
    for i in 0..3 {
        let other = resident(
            &app,
            &format!("1390000000{i}"),
            ["110105198801010057", "110105199208150045", "110105200706010024"][i],
        )
        .await;
        hold(&app, &other, 600).await;
    }
    let url = format!("/api/bookings/{}/reschedule", b.id);
    let to = |start: u32| format!(r#"{{"day":"{DAY}","start_min":{start}}}"#);
    let p = app
        .send(Method::POST, &url, Some(&to(600)), Some(&him))
        .await
        .assert_problem(409, ErrorCode::SlotFull);
    assert!(!p.alternatives.is_empty());
    let places = |a: &Availability, start: u32| {
        a.slots.iter().find(|s| s.start_min == start).unwrap().places_left
    };
    let avail_url = format!("/api/offices/tianmen/availability?service=marriage&day={DAY}");
    let a: Availability = app.get(&avail_url).await.json();
    assert_eq!((places(&a, 540), places(&a, 600)), (2, 0), "unchanged after a failed move");
    let res = app.send(Method::POST, &url, Some(&to(660)), Some(&him)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let moved: BookingView = res.json();
    assert_eq!((moved.start_min, moved.status.as_str()), (660, "confirmed"));
    let a: Availability = app.get(&avail_url).await.json();
    assert_eq!((places(&a, 540), places(&a, 660)), (3, 2));
    // Someone else cannot move it.
    let stranger = app.sign_in("13900000009").await;
    app.send(Method::POST, &url, Some(&to(540)), Some(&stranger))
        .await
        .assert_problem(404, ErrorCode::NotFound);
}
