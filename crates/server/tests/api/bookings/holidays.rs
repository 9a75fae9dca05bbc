//! The whole booking flow run on the eve of long holidays, picking days only from what the
//! server says is open, so no test depends on the date it runs: National Day and Spring
//! Festival 2026 (State Council notice on record) and New Year 2027 (no notice yet: the
//! fixed-date holidays of Order 798).

use super::fixtures::*;
use axum::http::Method;
use portal_api::account::Role;
use portal_api::booking::{BookingStatus, DayStatus, DayView, Service};
use portal_api::calendar::office_instant;
use portal_api::ids::Date;

async fn flow_on_the_eve_of(eve: &str, closed: &[&str]) {
    let eve = Date::parse(eve).unwrap();
    let app = crate::support::TestApp::at(office_instant(eve, 9 * 60)).await;
    portal_server::demo::load(&app.db).await.unwrap();
    portal_server::calendar::fill_missing_years(&app.db, eve).await.unwrap();
    let days: Vec<DayView> = app.get("/api/offices/tianmen/days?service=marriage").await.json();
    for c in closed {
        let c = Date::parse(c).unwrap();
        let d = days.iter().find(|d| d.day == c).unwrap_or_else(|| panic!("{c} in the window"));
        assert_eq!(d.status, DayStatus::Closed, "{c} is a holiday");
    }
    let open = open_days(&app, "tianmen", Service::Marriage).await;
    assert!(open.len() >= 2, "{eve}: open days {open:?}");
    let (first, second) = (open[0], open[1]);
    assert!(!closed.contains(&first.to_string().as_str()));
    let slots = |day: Date| {
        let url = format!("/api/offices/tianmen/availability?service=marriage&day={day}");
        let app = &app;
        async move { app.get(&url).await.json::<portal_api::booking::Availability>().slots }
    };
    let start = slots(first).await[0].start_min;
    let c = confirmed_couple(&app, "tianmen", first, start).await;
    assert_eq!(c.booking.status, BookingStatus::Confirmed);
    // The clerk sees it on that day.
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let list: Vec<portal_api::booking::DayListEntry> = app
        .send(
            Method::GET,
            &format!("/api/clerk/offices/tianmen/day?date={first}"),
            None,
            Some(&clerk),
        )
        .await
        .json();
    assert!(list.iter().any(|e| e.booking_id == c.booking.id));
    // Moved to the next open day, then cancelled; every step answers as it should.
    let to = format!(r#"{{"day":"{second}","start_min":{}}}"#, slots(second).await[0].start_min);
    let url = format!("/api/bookings/{}/reschedule", c.booking.id);
    let res = app.send(Method::POST, &url, Some(&to), Some(&c.him)).await;
    assert_eq!(res.status, 200, "{eve}: {}", String::from_utf8_lossy(&res.body));
    let del = format!("/api/bookings/{}", c.booking.id);
    assert_eq!(app.send(Method::DELETE, &del, None, Some(&c.him)).await.status, 204);
    // A holiday itself cannot be held.
    let holiday = Date::parse(closed[0]).unwrap();
    let me = resident(&app, "王五", &id_number("19800101", true, 77)).await;
    hold(&app, &me, "tianmen", Service::Marriage, holiday, start)
        .await
        .assert_problem(400, portal_api::ErrorCode::Validation);
}

#[tokio::test]
async fn on_the_eve_of_national_day() {
    flow_on_the_eve_of("2026-09-30", &["2026-10-01", "2026-10-05", "2026-10-07"]).await;
}

#[tokio::test]
async fn on_the_eve_of_spring_festival() {
    flow_on_the_eve_of("2026-02-14", &["2026-02-15", "2026-02-18", "2026-02-23"]).await;
}

#[tokio::test]
async fn on_new_years_eve_without_next_years_notice() {
    flow_on_the_eve_of("2026-12-31", &["2027-01-01"]).await;
}
