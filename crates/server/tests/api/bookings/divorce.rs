//! `GET /api/divorce` and `POST /api/divorce/{id}/withdraw`: the cooling-off period.

use super::dated::*;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::BookingView;
use portal_api::ids::Date;

#[tokio::test]
async fn divorce_cooling_off_then_the_second_window_then_lapse() {
    use portal_api::booking::{DivorceStage, DivorceView};
    let app = with_offices().await;
    let (him, _her) = divorce_applied(&app).await;
    let list: Vec<DivorceView> =
        app.send(Method::GET, "/api/divorce", None, Some(&him)).await.json();
    assert_eq!(list.len(), 1);
    let c = list[0].cooling_off;
    assert_eq!(
        (c.applied, c.withdraw_until, c.second_from),
        (
            Date::parse(DAY).unwrap(),
            Date::parse("2026-04-03").unwrap(),
            Date::parse("2026-04-04").unwrap()
        )
    );
    // Day 30 after 04-03 is Sunday 05-03, inside the 2026 Labour Day holiday (05-01 to
    // 05-05, shipped rest-day data): the window ends on the next working day, 05-06 (art. 203).
    assert_eq!(c.second_until, Date::parse("2026-05-06").unwrap());
    assert_eq!(list[0].stage, DivorceStage::CoolingOff { days_left: 30 });
    // No certificate appointment during the 30 days.
    let p = app
        .send(Method::POST, "/api/bookings/hold", Some(&divorce_hold("2026-03-20")), Some(&him))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!((p.errors[0].field.as_str(), p.errors[0].code.as_str()), ("day", "cooling_off"));
    // Within days 31-60 it is offered.
    app.clock.advance(28 * 86_400); // 04-01
    let him = app.sign_in("13800000001").await;
    let body = divorce_hold("2026-04-07");
    let second: BookingView =
        app.send(Method::POST, "/api/bookings/hold", Some(&body), Some(&him)).await.json();
    assert_eq!(second.status.as_str(), "held");
    // Moving it back into the 30 days is refused, as booking it there would be.
    let p = app
        .send(
            Method::POST,
            &format!("/api/bookings/{}/reschedule", second.id),
            Some(r#"{"day":"2026-04-02","start_min":540}"#),
            Some(&him),
        )
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "cooling_off");
    // After day 60 the application has lapsed.
    app.clock.advance(40 * 86_400); // 05-11
    let him = app.sign_in("13800000001").await;
    let list: Vec<DivorceView> =
        app.send(Method::GET, "/api/divorce", None, Some(&him)).await.json();
    assert_eq!(list[0].stage, DivorceStage::Lapsed);
    let p = app
        .send(Method::POST, "/api/bookings/hold", Some(&divorce_hold("2026-05-20")), Some(&him))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "divorce_lapsed");
}

#[tokio::test]
async fn either_party_may_withdraw_during_the_30_days_but_not_after() {
    use portal_api::booking::DivorceView;
    let app = with_offices().await;
    let (him, her) = divorce_applied(&app).await;
    let list: Vec<DivorceView> =
        app.send(Method::GET, "/api/divorce", None, Some(&her)).await.json();
    let id = list[0].id;
    let stranger = resident(&app, "13800000003", ANOTHER_HER).await;
    app.send(Method::POST, &format!("/api/divorce/{id}/withdraw"), None, Some(&stranger))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    assert_eq!(
        app.send(Method::POST, &format!("/api/divorce/{id}/withdraw"), None, Some(&her))
            .await
            .status,
        204
    );
    let list: Vec<DivorceView> =
        app.send(Method::GET, "/api/divorce", None, Some(&him)).await.json();
    assert_eq!(list[0].status.as_str(), "withdrawn");
    app.send(Method::POST, &format!("/api/divorce/{id}/withdraw"), None, Some(&him))
        .await
        .assert_problem(409, ErrorCode::BookingClosed);
}
