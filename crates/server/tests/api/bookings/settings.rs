//! `/api/clerk/offices/{code}/capacity`, `special-dates` and `settings`.

use super::dated::*;
use crate::support::T0;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{Availability, BookingView, Office};

#[tokio::test]
async fn capacity_changes_never_strand_bookings_and_special_dates_open_at_their_release_time() {
    use portal_api::account::Role;
    use portal_api::booking::CapacityChange;
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let other = resident(&app, "13800000003", ANOTHER_HER).await;
    let b = confirmed(&app, &him, &her, 540).await;
    hold(&app, &other, 540).await; // 540 now holds 2 of 3
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let url = "/api/clerk/offices/tianmen/capacity";
    // Preview: going down to 1 place affects the slot holding 2.
    let preview: CapacityChange = app
        .send(Method::POST, url, Some(r#"{"counters":1,"dry_run":true}"#), Some(&clerk))
        .await
        .json();
    assert!(!preview.applied);
    assert_eq!(
        preview.affected.len(),
        1,
        "only confirmed/provisional bookings are listed, not bare holds"
    );
    assert_eq!(preview.affected[0].reference, b.reference);
    let avail_url = format!("/api/offices/tianmen/availability?service=marriage&day={DAY}");
    let a: Availability = app.get(&avail_url).await.json();
    assert_eq!(
        a.slots.iter().find(|s| s.start_min == 570).unwrap().places_left,
        3,
        "a preview changes nothing"
    );
    let applied: CapacityChange =
        app.send(Method::POST, url, Some(r#"{"counters":1}"#), Some(&clerk)).await.json();
    assert!(applied.applied);
    let a: Availability = app.get(&avail_url).await.json();
    assert_eq!(
        a.slots.iter().find(|s| s.start_min == 540).unwrap().places_left,
        0,
        "kept room for both, no more"
    );
    assert_eq!(a.slots.iter().find(|s| s.start_min == 570).unwrap().places_left, 1);
    let mine: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&him)).await.json();
    assert_eq!(mine[0].status.as_str(), "confirmed", "nothing was dropped");
    app.send(Method::POST, url, Some(r#"{"counters":-1}"#), Some(&clerk))
        .await
        .assert_problem(400, ErrorCode::Validation);

    // 2026-03-20: a special date with 5 places, opening at noon on 03-10 (UTC+8).
    let release = T0 + 9 * 86_400 + 4 * 3600;
    let body = format!(
        r#"{{"day":"2026-03-20","counters":5,"release_at":{release},"note":"示例热门日"}}"#
    );
    let set: CapacityChange = app
        .send(Method::POST, "/api/clerk/offices/tianmen/special-dates", Some(&body), Some(&clerk))
        .await
        .json();
    assert!(set.applied);
    let special_url = "/api/offices/tianmen/availability?service=marriage&day=2026-03-20";
    let a: Availability = app.get(special_url).await.json();
    assert_eq!(
        (a.closed_reason.map(|r| r.as_str()), a.opens_at),
        (Some("not_released"), Some(release))
    );
    let early = r#"{"office":"tianmen","service":"marriage","day":"2026-03-20","start_min":540}"#;
    let p = app
        .send(Method::POST, "/api/bookings/hold", Some(early), Some(&other))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "not_released");
    app.clock.advance(9 * 86_400 + 4 * 3600);
    let a: Availability = app.get(special_url).await.json();
    assert_eq!(a.closed_reason, None);
    assert!(a.slots.iter().all(|s| s.places_left == 5));
}

#[tokio::test]
async fn the_slot_plan_changes_without_stranding_bookings() {
    use portal_api::account::Role;
    use portal_api::booking::{CapacityChange, DayView};
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let b = confirmed(&app, &him, &her, 540).await;
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let url = "/api/clerk/offices/tianmen/settings";
    // Mornings now open at 10:00; 45-minute slots; book up to 10 days ahead; no partner step.
    let plan = |dry: bool| {
        format!(
            r#"{{"hours":[[[600,720],[810,1020]],[[600,720],[810,1020]],[[600,720],[810,1020]],[[600,720],[810,1020]],[[600,720],[810,1020]],[],[]],"slot_minutes":45,"window_min":1,"window_max":10,"partner_confirm":false,"dry_run":{dry}}}"#
        )
    };
    let res = app.send(Method::PUT, url, Some(&plan(true)), Some(&clerk)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let change: CapacityChange = res.json();
    assert!(!change.applied);
    assert_eq!(change.affected.len(), 1, "the 9:00 booking is shown before anything changes");
    assert_eq!(change.affected[0].reference, b.reference);
    let office: Vec<Office> = app.get("/api/offices").await.json();
    assert_eq!(office.iter().find(|o| o.code == "tianmen").unwrap().slot_minutes, 30);
    let change: CapacityChange =
        app.send(Method::PUT, url, Some(&plan(false)), Some(&clerk)).await.json();
    assert!(change.applied);
    let a: Availability = app
        .get(&format!("/api/offices/tianmen/availability?service=marriage&day={DAY}"))
        .await
        .json();
    let starts: Vec<u32> = a.slots.iter().map(|s| s.start_min).collect();
    assert_eq!(starts, vec![600, 645, 810, 855, 900, 945], "the new plan, 9:00 gone");
    let mine: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&him)).await.json();
    assert_eq!(mine.iter().find(|x| x.id == b.id).unwrap().status.as_str(), "confirmed", "kept");
    let days: Vec<DayView> = app.get("/api/offices/tianmen/days?service=marriage").await.json();
    assert_eq!(days.len(), 10);
    // Saturday now closed.
    assert!(days.iter().all(|d| d.day.weekday() < 6 || d.places_left == 0));
    // A plan that makes no sense is refused field by field and changes nothing.
    let bad = r#"{"hours":[[[720,600]],[],[],[],[],[],[]],"slot_minutes":5,"window_min":5,"window_max":2,"partner_confirm":true}"#;
    let p = app
        .send(Method::PUT, url, Some(bad), Some(&clerk))
        .await
        .assert_problem(400, ErrorCode::Validation);
    let fields: Vec<&str> = p.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["hours", "slot_minutes", "window_max"]);
    let office: Vec<Office> = app.get("/api/offices").await.json();
    assert_eq!(office.iter().find(|o| o.code == "tianmen").unwrap().slot_minutes, 45);
}

#[tokio::test]
async fn a_service_can_have_its_own_places_per_slot() {
    use portal_api::account::Role;
    use portal_api::booking::CapacityChange;
    let app = with_offices().await;
    let places = |svc: &'static str| {
        let app = &app;
        async move {
            let a: Availability = app
                .get(&format!("/api/offices/tianmen/availability?service={svc}&day={DAY}"))
                .await
                .json();
            a.slots[0].places_left
        }
    };
    // The demo offices have one ceremony hall.
    assert_eq!((places("marriage").await, places("ceremony").await), (3, 1));
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let url = "/api/clerk/offices/tianmen/capacity";
    let change: CapacityChange = app
        .send(Method::POST, url, Some(r#"{"counters":2,"service":"ceremony"}"#), Some(&clerk))
        .await
        .json();
    assert!(change.applied);
    let change: CapacityChange =
        app.send(Method::POST, url, Some(r#"{"counters":5}"#), Some(&clerk)).await.json();
    assert!(change.applied);
    assert_eq!((places("marriage").await, places("ceremony").await), (5, 2));
    let offices: Vec<Office> = app.get("/api/offices").await.json();
    let t = offices.iter().find(|o| o.code == "tianmen").unwrap();
    assert_eq!(t.counters_for(portal_api::booking::Service::Ceremony), 2);
    assert_eq!(t.counters_for(portal_api::booking::Service::Reissue), 5);
}

/// Slots laid out from a copy of the office read before a clerk changed its places (a cached
/// day plan, a request in flight) get the places as they are now, not as they were: the
/// places are read again under the office's lock. And two clerks setting two services' own
/// places from the same copy keep both.
#[tokio::test]
async fn slots_laid_out_from_an_old_copy_get_the_places_as_they_are_now() {
    use portal_api::account::Role;
    use portal_api::booking::Service;
    use portal_server::booking::db;
    let app = with_offices().await;
    let stale = db::office(&app.db, "tianmen").await.unwrap().unwrap();
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let url = "/api/clerk/offices/tianmen/capacity";
    let res = app.send(Method::POST, url, Some(r#"{"counters":1}"#), Some(&clerk)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let day = portal_api::ids::Date::parse("2026-03-05").unwrap();
    let versions = || async {
        let v: Vec<(String, i64)> =
            sqlx::query_as("SELECT * FROM cache_versions").fetch_all(&app.db.pool).await.unwrap();
        v
    };
    let before = versions().await;
    db::lay_out(&app.db, &stale, Service::Marriage, day, &[540, 570]).await.unwrap();
    assert_eq!(versions().await, before, "laying out slots changes no office: caches stay");
    let caps: Vec<(i64,)> = sqlx::query_as(
        "SELECT capacity FROM slots WHERE office = 'tianmen' AND day = '2026-03-05' ORDER BY start_min",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(caps, [(1,), (1,)], "the stale copy had {} places", stale.counters);

    // As the clerk's handler does: the office's places read under its lock, then written.
    for (service, n) in [(Service::Ceremony, 3), (Service::Divorce, 2)] {
        let mut tx = app.db.pool.begin().await.unwrap();
        let mut office = stale.clone();
        (office.counters, office.service_counters) =
            db::lock_office(&mut tx, app.db.engine, "tianmen").await.unwrap();
        db::set_counters(&mut tx, &office, Some(service), n).await.unwrap();
        tx.commit().await.unwrap();
    }
    let now = db::office(&app.db, "tianmen").await.unwrap().unwrap();
    assert_eq!((now.counters_for(Service::Ceremony), now.counters_for(Service::Divorce)), (3, 2));
    assert_eq!(now.counters_for(Service::Counselling), 1, "untouched");
}
