//! `POST /api/bookings/hold` and `DELETE /api/bookings/{id}`: places held, freed and raced for.

use super::dated::*;
use crate::support::T0;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{Availability, BookingView};
use portal_api::ids::Date;

#[tokio::test]
async fn a_hold_takes_a_place_cancel_frees_it_and_an_abandoned_hold_frees_itself() {
    let app = with_offices().await;
    let me = resident(&app, "13800000001", "110105199003071239").await;
    let res = app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(540)), Some(&me)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    let held: BookingView = res.json();
    assert_eq!(
        (held.status.as_str(), held.day, held.start_min),
        ("held", Date::parse(DAY).unwrap(), 540)
    );
    assert_eq!(held.hold_expires_at, Some(T0 + 600));
    assert!(portal_api::booking::parse_reference(&held.reference).is_some());
    let places = |a: Availability| a.slots.iter().find(|s| s.start_min == 540).unwrap().places_left;
    let url = format!("/api/offices/tianmen/availability?service=marriage&day={DAY}");
    assert_eq!(places(app.get(&url).await.json()), 2);

    assert_eq!(
        app.send(Method::DELETE, &format!("/api/bookings/{}", held.id), None, Some(&me))
            .await
            .status,
        204
    );
    assert_eq!(places(app.get(&url).await.json()), 3);
    app.send(Method::DELETE, &format!("/api/bookings/{}", held.id), None, Some(&me))
        .await
        .assert_problem(404, ErrorCode::NotFound);

    let again: BookingView =
        app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(540)), Some(&me)).await.json();
    assert_eq!(places(app.get(&url).await.json()), 2);
    app.clock.advance(601);
    // The next booking action releases it.
    let other = resident(&app, "13800000002", "440524198511200028").await;
    app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(570)), Some(&other)).await;
    assert_eq!(places(app.get(&url).await.json()), 3);
    let mine: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&me)).await.json();
    assert_eq!(mine.iter().find(|b| b.id == again.id).unwrap().status.as_str(), "expired");
}

#[tokio::test]
async fn bad_holds_are_refused_with_the_reason() {
    let app = with_offices().await;
    let unnamed = app.sign_in("13800000003").await;
    app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(540)), Some(&unnamed))
        .await
        .assert_problem(403, ErrorCode::RealNameRequired);
    app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(540)), None)
        .await
        .assert_problem(401, ErrorCode::Unauthenticated);
    let me = resident(&app, "13800000001", "110105199003071239").await;
    let p = app
        .send(Method::POST, "/api/bookings/hold", Some(&hold_body(555)), Some(&me))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "no_such_slot");
    let body = r#"{"office":"tianmen","service":"marriage","day":"2026-05-01","start_min":540}"#;
    let p = app
        .send(Method::POST, "/api/bookings/hold", Some(body), Some(&me))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "out_of_window");
    let body = r#"{"office":"tianmen","service":"marriage","day":"2026-03-08","start_min":540}"#;
    let p = app
        .send(Method::POST, "/api/bookings/hold", Some(body), Some(&me))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "no_such_slot", "Sunday: closed");
    // Someone else's booking is invisible.
    let held: BookingView =
        app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(540)), Some(&me)).await.json();
    let other = resident(&app, "13800000002", "440524198511200028").await;
    app.send(Method::DELETE, &format!("/api/bookings/{}", held.id), None, Some(&other))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    let theirs: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&other)).await.json();
    assert!(theirs.is_empty());
}

#[tokio::test]
async fn retries_with_the_same_idempotency_key_hold_one_place() {
    let app = with_offices().await;
    let me = resident(&app, "13800000001", "110105199003071239").await;
    let send = || async {
        let req = axum::http::Request::post("/api/bookings/hold")
            .header("content-type", "application/json")
            .header("cookie", &me)
            .header("idempotency-key", "retry-123")
            .body(axum::body::Body::from(hold_body(600)))
            .unwrap();
        app.request(req).await
    };
    let first = send().await;
    let second = send().await;
    assert_eq!((first.status.as_u16(), second.status.as_u16()), (201, 200));
    assert_eq!(first.json::<BookingView>().id, second.json::<BookingView>().id);
    let a: Availability = app
        .get(&format!("/api/offices/tianmen/availability?service=marriage&day={DAY}"))
        .await
        .json();
    assert_eq!(a.slots.iter().find(|s| s.start_min == 600).unwrap().places_left, 2);
}

/// 200 concurrent HTTP clients race for a 3-place slot over real TCP: exactly 3 win, the
/// rest get 409 with free alternatives; the slot never holds more than its capacity.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_clients_race_for_three_places() {
    use http_body_util::{BodyExt, Full};
    let app = with_offices().await;
    // Residents with sessions, made directly (the sign-in rate limits would refuse 200 codes).
    let mut cookies = Vec::new();
    for i in 0..200 {
        let (id,): (i64,) = sqlx::query_as("INSERT INTO accounts (phone, real_name, created_at) VALUES ($1, '测试', $2) RETURNING id")
            .bind(format!("137{i:08}"))
            .bind(T0)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let token = format!("race-token-{i}-{}", std::process::id());
        sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
            .bind(portal_server::crypto::token_hash(&token))
            .bind(id)
            .bind(T0)
            .execute(&app.db.pool)
            .await
            .unwrap();
        cookies.push(format!("portal_dev_session={token}"));
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    for (round, start) in [(0, 540u32), (1, 600), (2, 840)] {
        let mut tasks = Vec::new();
        for cookie in cookies.iter().cloned() {
            tasks.push(tokio::spawn(async move {
                let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                let (mut sender, conn) =
                    hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                        .await
                        .unwrap();
                tokio::spawn(conn);
                let req = hyper::Request::post("/api/bookings/hold")
                    .header("host", "localhost")
                    .header("content-type", "application/json")
                    .header("cookie", cookie)
                    .body(Full::new(hyper::body::Bytes::from(hold_body(start))))
                    .unwrap();
                let res = sender.send_request(req).await.unwrap();
                let status = res.status().as_u16();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                (status, serde_json::from_slice::<serde_json::Value>(&body).unwrap_or_default())
            }));
        }
        let mut won = 0;
        for t in tasks {
            let (status, body) = t.await.unwrap();
            match status {
                201 => won += 1,
                409 => {
                    assert_eq!(body["code"], "slot_full");
                    assert!(
                        !body["alternatives"].as_array().unwrap().is_empty(),
                        "alternatives offered"
                    );
                }
                other => panic!("round {round}: unexpected {other}: {body}"),
            }
        }
        assert_eq!(won, 3, "round {round}");
        let (taken, capacity): (i64, i64) = sqlx::query_as("SELECT taken, capacity FROM slots WHERE office = 'tianmen' AND day = $1 AND start_min = $2")
            .bind(DAY)
            .bind(i64::from(start))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!((taken, capacity), (3, 3));
        let (held,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.start_min = $1 AND b.status = 'held'",
        )
        .bind(i64::from(start))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(held, 3);
    }
}

/// The hold's answer is built without reading the booking back: it must be the booking exactly
/// as the resident's list reads it from the database, at every office and after a change of
/// mind (the second hold gives the first one back).
#[tokio::test]
async fn a_hold_answers_with_the_booking_exactly_as_it_is_stored() {
    use super::fixtures;
    use portal_api::booking::{Office, Service};
    let app = with_offices().await;
    let me = resident(&app, "13800000001", HIM).await;
    let offices: Vec<Office> = app.get("/api/offices").await.json();
    let mut compared = 0;
    for office in offices.iter().filter(|o| o.services.contains(&Service::Marriage)) {
        for _change_of_mind in 0..2 {
            let days = fixtures::open_days(&app, &office.code, Service::Marriage).await;
            let day = days[compared % days.len()];
            let url =
                format!("/api/offices/{}/availability?service=marriage&day={day}", office.code);
            let a: Availability = app.get(&url).await.json();
            let start = a.slots.iter().find(|s| s.places_left > 0).expect("a free time").start_min;
            let res = fixtures::hold(&app, &me, &office.code, Service::Marriage, day, start).await;
            assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
            let answered: BookingView = res.json();
            let listed: Vec<BookingView> =
                app.send(Method::GET, "/api/bookings", None, Some(&me)).await.json();
            let stored = listed.iter().find(|b| b.id == answered.id).expect("listed");
            assert_eq!(&answered, stored, "at {} on {day}", office.code);
            compared += 1;
        }
    }
    assert!(compared >= 4, "{compared} holds compared");
}

/// Each time a resident tries is a hold; the ones let go (replaced by another time) leave the
/// list of their bookings a day later, so it shows what they booked, not every try. Bookings
/// they filled in stay, whatever became of them, and the data export keeps everything.
#[tokio::test]
async fn holds_let_go_leave_the_list_after_a_day_and_stay_in_the_export() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let booked = confirmed(&app, &him, &her, 540).await;
    let uri = format!("/api/bookings/{}", booked.id);
    assert_eq!(app.send(Method::DELETE, &uri, None, Some(&him)).await.status, 204);
    for start in [570, 600, 630] {
        hold(&app, &him, start).await; // each replaces the one before
    }
    assert_eq!(listed(&app, &him).await.len(), 4, "the day they were let go, they are still there");
    sqlx::query("UPDATE bookings SET updated_at = updated_at - 2 * 86400")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(listed(&app, &him).await, [(630, "held"), (540, "cancelled")]);
    let data: serde_json::Value =
        app.send(Method::GET, "/api/me/data", None, Some(&him)).await.json();
    assert_eq!(data["bookings"].as_array().unwrap().len(), 4);
}

async fn listed(app: &crate::support::TestApp, cookie: &str) -> Vec<(u32, &'static str)> {
    let l: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(cookie)).await.json();
    l.iter().map(|b| (b.start_min, b.status.as_str())).collect()
}
