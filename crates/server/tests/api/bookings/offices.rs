//! `GET /api/offices`, `/days` and `/availability`: the offices and their days, read by anyone.

use super::dated::*;
use crate::support::T0;
use portal_api::ErrorCode;
use portal_api::booking::{Availability, Office};
use portal_api::ids::Date;

#[tokio::test]
async fn offices_and_availability() {
    let app = with_offices().await;
    let offices: Vec<Office> = app.get("/api/offices").await.json();
    assert_eq!(offices.len(), 4);
    assert!(offices.iter().all(|o| o.demo));
    let a: Availability = app
        .get(&format!("/api/offices/tianmen/availability?service=marriage&day={DAY}"))
        .await
        .json();
    assert_eq!(a.closed_reason, None);
    // 9:00-12:00 and 13:30-17:00 in 30-minute slots: 6 + 7.
    assert_eq!(a.slots.len(), 13);
    assert!(a.slots.iter().all(|s| s.places_left == 3));
    let sunday: Availability =
        app.get("/api/offices/tianmen/availability?service=marriage&day=2026-03-08").await.json();
    assert_eq!(sunday.closed_reason.map(|r| r.as_str()), Some("closed"));
    let today: Availability =
        app.get("/api/offices/tianmen/availability?service=marriage&day=2026-03-01").await.json();
    assert_eq!(today.closed_reason.map(|r| r.as_str()), Some("out_of_window"));
    let far: Availability =
        app.get("/api/offices/tianmen/availability?service=marriage&day=2026-04-01").await.json();
    assert_eq!(far.closed_reason.map(|r| r.as_str()), Some("out_of_window"));
    app.get("/api/offices/atlantis/availability?service=marriage&day=2026-03-04")
        .await
        .assert_problem(404, ErrorCode::NotFound);
    app.get("/api/offices/tianmen/availability?service=wedding&day=2026-03-04")
        .await
        .assert_problem(400, ErrorCode::Validation);
}

#[tokio::test]
async fn make_up_working_weekends_open_with_monday_hours() {
    let app = with_offices().await;
    let url = "/api/offices/zhonglou/availability?service=marriage&day=2026-03-07";
    let a: Availability = app.get(url).await.json();
    assert_eq!(
        a.closed_reason.map(|r| r.as_str()),
        Some("closed"),
        "no Saturday hours at Zhonglou"
    );
    sqlx::query("INSERT INTO rest_days (day, kind, note) VALUES ('2026-03-07', 'workday', 'test')")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let a: Availability = app.get(url).await.json();
    assert_eq!((a.closed_reason, a.slots.len()), (None, 13));
}

#[tokio::test]
async fn the_date_picker_sees_each_day_of_the_window_without_creating_slots() {
    use portal_api::booking::{DayStatus, DayView};
    let app = with_offices().await;
    let url = "/api/offices/tianmen/days?service=marriage";
    let days: Vec<DayView> = app.get(url).await.json();
    assert_eq!(days.len(), 30, "1 to 30 days ahead");
    assert_eq!(days[0].day, Date::parse("2026-03-02").unwrap());
    let on = |days: &[DayView], d: &str| *days.iter().find(|v| v.day.to_string() == d).unwrap();
    assert_eq!(on(&days, "2026-03-08").status, DayStatus::Closed, "Sunday");
    assert_eq!((on(&days, DAY).status, on(&days, DAY).places_left), (DayStatus::Open, 39));
    assert_eq!(on(&days, "2026-03-07").places_left, 18, "Saturday morning: 6 slots x 3");
    let (slots,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM slots").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(slots, 0);
    let me = resident(&app, "13800000001", HIM).await;
    hold(&app, &me, 540).await;
    sqlx::query(
        "INSERT INTO special_dates (office, day, counters, release_at, note) VALUES ('tianmen', '2026-03-20', 5, $1, '')",
    )
    .bind(T0 + 3600)
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO office_closures (office, day, reason) VALUES ('tianmen', '2026-03-05', 'x')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let days: Vec<DayView> = app.get(url).await.json();
    assert_eq!(on(&days, DAY).places_left, 38);
    assert_eq!(on(&days, "2026-03-05").status, DayStatus::Closed);
    let special = on(&days, "2026-03-20");
    assert_eq!((special.status, special.opens_at), (DayStatus::NotReleased, Some(T0 + 3600)));
    app.clock.advance(3601);
    let days: Vec<DayView> = app.get(url).await.json();
    assert_eq!(on(&days, "2026-03-20").places_left, 13 * 5);
}

/// A second server on the same database: its own state, pool and cache, as a second process
/// behind a load balancer would have.
async fn second_server(app: &crate::support::TestApp) -> crate::support::TestApp {
    let url = app.db.pool.connect_options().database_url.to_string();
    let db = portal_server::db::Db::connect(&url, 8).await.expect("second pool");
    let state = crate::support::state(
        db.clone(),
        crate::support::test_settings(&app.dir),
        app.clock.clone(),
    );
    crate::support::TestApp {
        router: portal_server::app(state.clone()),
        db,
        dir: app.dir.clone(),
        clock: app.clock.clone(),
        state,
    }
}

/// Each server keeps the offices and their day plans between requests (booking/cache.rs); a
/// change made through another server on the same database, or straight in SQL, shows in the
/// very next answer (the office list: once `LIST_TTL` has passed).
#[tokio::test]
async fn a_second_server_sees_office_changes_made_through_the_first_at_once() {
    use axum::http::Method;
    use portal_api::account::Role;
    let app = with_offices().await;
    let second = second_server(&app).await;
    let url = format!("/api/offices/tianmen/availability?service=marriage&day={DAY}");
    let next_day = "/api/offices/tianmen/availability?service=marriage&day=2026-03-05";
    let counters = |list: Vec<Office>| list.iter().find(|o| o.code == "tianmen").unwrap().counters;
    // The second server has seen (and kept) the office list, the office and both days.
    assert_eq!(counters(second.get("/api/offices").await.json()), 3);
    let a: Availability = second.get(&url).await.json();
    assert_eq!((a.closed_reason, a.slots.len()), (None, 13));
    let b: Availability = second.get(next_day).await.json();
    assert_eq!((b.closed_reason, b.slots.len()), (None, 13));

    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let capacity = r#"{"counters":4}"#;
    let res =
        app.send(Method::POST, "/api/clerk/offices/tianmen/capacity", Some(capacity), Some(&clerk));
    assert_eq!(res.await.status, 200);
    // The office list alone is trusted for `LIST_TTL` after its last version check (a public
    // page with no query to ride along); the server that made the change sees it at once.
    assert_eq!(counters(app.get("/api/offices").await.json()), 4);
    tokio::time::sleep(portal_server::booking::cache::LIST_TTL).await;
    assert_eq!(counters(second.get("/api/offices").await.json()), 4);

    let release = T0 + 10 * 86_400;
    let body = format!(r#"{{"day":"{DAY}","counters":5,"release_at":{release}}}"#);
    let url_special = "/api/clerk/offices/tianmen/special-dates";
    let res = app.send(Method::POST, url_special, Some(&body), Some(&clerk));
    assert_eq!(res.await.status, 200);
    let a: Availability = second.get(&url).await.json();
    assert_eq!(
        (a.closed_reason.map(|r| r.as_str()), a.opens_at),
        (Some("not_released"), Some(release))
    );

    sqlx::query(
        "INSERT INTO office_closures (office, day, reason) VALUES ('tianmen', '2026-03-05', 'sql')",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let b: Availability = second.get(next_day).await.json();
    assert_eq!(b.closed_reason.map(|r| r.as_str()), Some("closed"));
}

/// Readers of one day share queries (`coalesce`), but none may be answered from a read that
/// started before it was asked: every answer counts every hold answered before it was sent.
/// Readers and the holder run on four threads, so reads overlap the holds' commits.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_answer_about_a_day_counts_the_holds_made_before_it_was_asked() {
    use super::fixtures;
    use portal_api::booking::{DayView, Service};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let app = Arc::new(fixtures::app().await);
    let day = Date::parse(DAY).unwrap();
    let avail = format!("/api/offices/tianmen/availability?service=marriage&day={DAY}");
    // Lays the day out, so that every later read is the shared one.
    let first: Availability = app.get(&avail).await.json();
    let places: i64 = first.slots.iter().map(|s| s.places_left).sum();
    let starts: Vec<u32> = first.slots.iter().map(|s| s.start_min).collect();
    const HOLDS: usize = 30;
    let mut cookies = Vec::new();
    for n in 0..HOLDS as u32 {
        let id = fixtures::id_number("19900101", n % 2 == 0, 400 + n);
        cookies.push(fixtures::resident(&app, "王五", &id).await);
    }
    let done = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = (0..16)
        .map(|n| {
            let (app, done, avail) = (app.clone(), done.clone(), avail.clone());
            tokio::spawn(async move {
                let mut answers = 0;
                loop {
                    let before = done.load(Ordering::SeqCst);
                    let left = if n % 2 == 0 {
                        let days: Vec<DayView> =
                            app.get("/api/offices/tianmen/days?service=marriage").await.json();
                        days.iter().find(|d| d.day == day).expect("in the window").places_left
                    } else {
                        let a: Availability = app.get(&avail).await.json();
                        a.slots.iter().map(|s| s.places_left).sum()
                    };
                    answers += 1;
                    assert!(
                        places - left >= before as i64,
                        "{} places taken in an answer asked after {before} holds",
                        places - left
                    );
                    if before == HOLDS {
                        return answers;
                    }
                    tokio::task::yield_now().await;
                }
            })
        })
        .collect();
    for (n, cookie) in cookies.iter().enumerate() {
        let start = starts[n % starts.len()];
        let res = fixtures::hold(&app, cookie, "tianmen", Service::Marriage, day, start).await;
        assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
        done.fetch_add(1, Ordering::SeqCst);
    }
    for r in readers {
        assert!(r.await.expect("the reader's checks held") >= 1);
    }
    let last: Availability = app.get(&avail).await.json();
    assert_eq!(places - last.slots.iter().map(|s| s.places_left).sum::<i64>(), HOLDS as i64);
}
