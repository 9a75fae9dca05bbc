//! Where bookings end: every final status lets the people book again; appointments nobody
//! marked become `past` once their day is over; demo data never overwrites a clerk's settings;
//! a day laid out before a plan change gets the new times.

use super::fixtures::*;
use axum::http::Method;
use portal_api::account::Role;
use portal_api::booking::{Availability, BookingStatus, Service};

#[tokio::test]
async fn a_completed_re_issue_lets_the_person_book_another() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Reissue, &[540, 600]).await;
    let me = resident(&app, "张三", &id_number("19900307", true, 21)).await;
    let b = held(&app, &me, "tianmen", Service::Reissue, day, 540).await;
    assert_eq!(details(&app, &me, b.id, "{}").await.status, 200);
    // On the day, the clerk marks the appointment done.
    app.clock.advance(portal_api::calendar::office_instant(day, 9 * 60 + 30) - app.clock_now());
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let me = refresh(&app, &me).await;
    let url = format!("/api/clerk/bookings/{}/status", b.id);
    for s in ["arrived", "completed"] {
        let body = format!(r#"{{"status":"{s}"}}"#);
        assert_eq!(app.send(Method::POST, &url, Some(&body), Some(&clerk)).await.status, 204);
    }
    let next = day_with(&app, "tianmen", Service::Reissue, &[600]).await;
    let again = held(&app, &me, "tianmen", Service::Reissue, next, 600).await;
    let res = details(&app, &me, again.id, "{}").await;
    assert_eq!(res.status, 200, "the lock was released: {}", String::from_utf8_lossy(&res.body));
}

#[tokio::test]
async fn an_unmarked_appointment_becomes_past_after_its_day_and_frees_its_people() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let c = confirmed_couple(&app, "tianmen", day, 540).await;
    // The day passes; nobody marked the couple.
    let ahead = portal_api::calendar::office_instant(day.add_days(1), 9 * 60) - app.clock_now();
    app.clock.advance(ahead);
    portal_server::booking::sweep::run_once(&app.state).await.unwrap();
    let c_him = app.sign_in_staff("13700000009", Role::Clerk, "tianmen").await;
    let list: Vec<portal_api::booking::DayListEntry> = app
        .send(
            Method::GET,
            &format!("/api/clerk/offices/tianmen/day?date={day}"),
            None,
            Some(&c_him),
        )
        .await
        .json();
    assert_eq!(
        list.iter().find(|e| e.booking_id == c.booking.id).unwrap().status,
        BookingStatus::Past
    );
    let (active,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM booking_parties WHERE booking_id = $1 AND active = 1")
            .bind(c.booking.id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(active, 0, "both may book again");
    // Not a no-show: nothing blocks them.
    let (no_shows,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE status = 'no_show'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(no_shows, 0);
}

#[tokio::test]
async fn restarting_with_demo_data_keeps_what_the_clerk_changed() {
    let app = app().await;
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let res = app
        .send(
            Method::POST,
            "/api/clerk/offices/tianmen/capacity",
            Some(r#"{"counters":7}"#),
            Some(&clerk),
        )
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    portal_server::demo::load(&app.db).await.unwrap();
    let office = portal_server::booking::db::office(&app.db, "tianmen").await.unwrap().unwrap();
    assert_eq!(office.counters, 7);
}

#[tokio::test]
async fn a_day_laid_out_before_a_plan_change_gets_the_new_times() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let url = format!("/api/offices/tianmen/availability?service=marriage&day={day}");
    let before: Availability = app.get(&url).await.json();
    assert!(!before.slots.iter().any(|s| s.start_min == 18 * 60));
    // The plan changes (as if a settings change committed and the process died right after):
    // every weekday now also opens 17:00-19:00.
    let mut office = portal_server::booking::db::office(&app.db, "tianmen").await.unwrap().unwrap();
    for d in office.hours.iter_mut().take(5) {
        d.push((17 * 60, 19 * 60));
    }
    let mut conn = app.db.pool.acquire().await.unwrap();
    portal_server::booking::db::save_plan(&mut conn, &office).await.unwrap();
    drop(conn);
    let after: Availability = app.get(&url).await.json();
    assert!(after.slots.iter().any(|s| s.start_min == 18 * 60 && s.places_left > 0));
    assert_eq!(after.slots.len(), before.slots.len() + 4);
}
