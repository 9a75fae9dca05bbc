//! `/api/offices`, availability, `POST /api/bookings/hold`, `GET /api/bookings`,
//! `DELETE /api/bookings/{id}`, and the capacity race on both engines.

use crate::support::{T0, TestApp};
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{Availability, BookingView, Office};
use portal_api::ids::Date;

/// T0 is 2026-03-01 (a Sunday); 2026-03-04 is a Wednesday inside the 1-30 day window.
const DAY: &str = "2026-03-04";

async fn with_offices() -> TestApp {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    app
}

/// A signed-in, real-named resident.
async fn resident(app: &TestApp, phone: &str, id: &str) -> String {
    let cookie = app.sign_in(phone).await;
    let body = format!(r#"{{"name":"张三","id_number":"{id}"}}"#);
    assert_eq!(
        app.send(Method::POST, "/api/me/real-name", Some(&body), Some(&cookie)).await.status,
        200
    );
    cookie
}

fn hold_body(start_min: u32) -> String {
    format!(r#"{{"office":"tianmen","service":"marriage","day":"{DAY}","start_min":{start_min}}}"#)
}

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

const HIM: &str = "110105199003071239"; // man, born 1990
const HER: &str = "440524198511200028"; // woman, born 1985
const TOO_YOUNG: &str = "110105200706010024"; // woman, 18 on the day
const ANOTHER_HER: &str = "110105199208150045"; // woman, born 1992

/// `POST /api/bookings/{id}/details` with `body` as `cookie`.
async fn details(app: &TestApp, cookie: &str, id: i64, body: &str) -> crate::support::TestResponse {
    app.send(Method::POST, &format!("/api/bookings/{id}/details"), Some(body), Some(cookie)).await
}

/// The partner's details; the applicant comes from their own real-name record.
fn details_body(partner: &str) -> String {
    format!(r#"{{"partner":{{"name":"李四","id_number":"{partner}"}}}}"#)
}

async fn hold(app: &TestApp, cookie: &str, start: u32) -> BookingView {
    let res =
        app.send(Method::POST, "/api/bookings/hold", Some(&hold_body(start)), Some(cookie)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

#[tokio::test]
async fn a_couple_books_and_the_partner_confirms_on_their_own_phone() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let held = hold(&app, &him, 540).await;
    let res = details(&app, &him, held.id, &details_body(HER)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let b: BookingView = res.json();
    assert_eq!(b.status.as_str(), "provisional");
    assert_eq!(b.confirm_by, Some(T0 + 24 * 3600));
    assert_eq!(b.parties[1].id_masked, "440***********0028");
    assert!(!String::from_utf8_lossy(&res.body).contains(HER));

    // A stranger cannot confirm, and learns nothing.
    let stranger = resident(&app, "13800000003", ANOTHER_HER).await;
    let confirm = format!(r#"{{"reference":"{}"}}"#, b.reference.to_lowercase());
    app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(&stranger))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    let her = resident(&app, "13800000002", HER).await;
    // Before confirming she sees what she is asked to confirm; a stranger sees nothing.
    let look = format!("/api/bookings/partner/{}", b.reference.to_lowercase());
    let seen: BookingView = app.send(Method::GET, &look, None, Some(&her)).await.json();
    assert_eq!((seen.id, seen.owner, seen.status.as_str()), (b.id, false, "provisional"));
    app.send(Method::GET, &look, None, Some(&stranger))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    assert_eq!(
        app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(&her)).await.status,
        204
    );
    let mine: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&him)).await.json();
    assert_eq!((mine[0].status.as_str(), mine[0].owner), ("confirmed", true));
    // The booking is in her list too, with its QR code, but only he may cancel it.
    let hers: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&her)).await.json();
    assert_eq!((hers.len(), hers[0].id, hers[0].owner), (1, b.id, false));
    let qr_url = format!("/api/bookings/{}/qr.svg", b.id);
    assert_eq!(app.send(Method::GET, &qr_url, None, Some(&her)).await.status, 200);
    app.send(Method::DELETE, &format!("/api/bookings/{}", b.id), None, Some(&her))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    let stranger_list: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&stranger)).await.json();
    assert!(stranger_list.is_empty());
}

#[tokio::test]
async fn marriage_rules_answer_at_the_field_and_leave_nothing_half_written() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let held = hold(&app, &him, 540).await;
    let url = format!("/api/bookings/{}/details", held.id);
    let code = |p: portal_api::Problem| (p.errors[0].field.clone(), p.errors[0].code);
    let p = app
        .send(Method::POST, &url, Some(&details_body(TOO_YOUNG)), Some(&him))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(
        code(p),
        ("parties[1].id_number".into(), portal_api::FieldCode::parse("under_age").unwrap())
    );
    let p = app
        .send(Method::POST, &url, Some(&details_body(HIM)), Some(&him))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(
        code(p),
        ("parties[1].id_number".into(), portal_api::FieldCode::parse("same_person").unwrap())
    );
    let p = app
        .send(Method::POST, &url, Some(&details_body("110105198801010057")), Some(&him))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(code(p).1, "not_man_and_woman");
    let p = app
        .send(Method::POST, &url, Some(&details_body("440524198511200021")), Some(&him))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(code(p).1, "check_character");
    assert_eq!(
        app.send(Method::POST, &url, Some(&details_body(HER)), Some(&him)).await.status,
        200
    );

    // A second marriage booking for either of them is refused by the unique index; the
    // second hold stays a hold (no parties written).
    let second = hold(&app, &him, 600).await;
    let res = details(&app, &him, second.id, &details_body(ANOTHER_HER)).await;
    let p = res.assert_problem(409, ErrorCode::AlreadyBooked);
    assert_eq!(
        code(p),
        ("parties[0].id_number".into(), portal_api::FieldCode::parse("already_booked").unwrap())
    );
    let (parties,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM booking_parties WHERE booking_id = $1")
            .bind(second.id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(parties, 0);
    let mine: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&him)).await.json();
    assert_eq!(mine.iter().find(|b| b.id == second.id).unwrap().status.as_str(), "held");
}

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
            "SELECT COUNT(*) FROM sms_outbox WHERE phone = $1 AND body LIKE '%' || $2 || '%'",
        )
        .bind(phone)
        .bind(&held.reference)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "{phone} is told once");
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

/// A confirmed marriage booking by him and her at `start` on DAY.
async fn confirmed(app: &TestApp, him: &str, her: &str, start: u32) -> BookingView {
    let held = hold(app, him, start).await;
    let res = details(app, him, held.id, &details_body(HER)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let confirm = format!(r#"{{"reference":"{}"}}"#, held.reference);
    assert_eq!(
        app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(her)).await.status,
        204
    );
    held
}

#[tokio::test]
async fn the_clerk_sees_the_day_masked_marks_arrivals_and_exports_csv() {
    use portal_api::account::Role;
    use portal_api::booking::DayListEntry;
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let b = confirmed(&app, &him, &her, 540).await;
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let elsewhere = app.sign_in_staff("13700000002", Role::Clerk, "changning").await;

    let list: Vec<DayListEntry> = app
        .send(
            Method::GET,
            &format!("/api/clerk/offices/tianmen/day?date={DAY}"),
            None,
            Some(&clerk),
        )
        .await
        .json();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].reference.as_str(), list[0].status.as_str()),
        (b.reference.as_str(), "confirmed")
    );
    assert_eq!(list[0].parties[0].id_masked, "110***********1239");
    app.send(
        Method::GET,
        &format!("/api/clerk/offices/tianmen/day?date={DAY}"),
        None,
        Some(&elsewhere),
    )
    .await
    .assert_problem(403, ErrorCode::Forbidden);
    app.send(Method::GET, &format!("/api/clerk/offices/tianmen/day?date={DAY}"), None, Some(&him))
        .await
        .assert_problem(403, ErrorCode::Forbidden);

    let csv = app
        .send(
            Method::GET,
            &format!("/api/clerk/offices/tianmen/day.csv?date={DAY}"),
            None,
            Some(&clerk),
        )
        .await;
    let text = String::from_utf8(csv.body).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("\"09:00\""));
    assert!(text.contains("110***********1239") && !text.contains(HIM));

    let status = |s: &str| format!(r#"{{"status":"{s}"}}"#);
    let url = format!("/api/clerk/bookings/{}/status", b.id);
    app.send(Method::POST, &url, Some(&status("arrived")), Some(&elsewhere))
        .await
        .assert_problem(403, ErrorCode::Forbidden);
    app.send(Method::POST, &url, Some(&status("completed")), Some(&clerk))
        .await
        .assert_problem(409, ErrorCode::Conflict);
    assert_eq!(
        app.send(Method::POST, &url, Some(&status("arrived")), Some(&clerk)).await.status,
        204
    );
    assert_eq!(
        app.send(Method::POST, &url, Some(&status("completed")), Some(&clerk)).await.status,
        204
    );
    app.send(Method::POST, &url, Some(&status("married")), Some(&clerk))
        .await
        .assert_problem(400, ErrorCode::Validation);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'clerk.booking_%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn two_no_shows_within_30_days_block_booking_for_15_days() {
    use portal_api::account::Role;
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let hold_on = |day: &'static str, start: u32| {
        format!(r#"{{"office":"tianmen","service":"marriage","day":"{day}","start_min":{start}}}"#)
    };
    // Booked for 03-04 and 03-06; on each day the clerk marks them absent.
    let mut cookies = (him, her);
    for (day, days_later) in [("2026-03-04", 3), ("2026-03-06", 2)] {
        let res = app
            .send(Method::POST, "/api/bookings/hold", Some(&hold_on(day, 540)), Some(&cookies.0))
            .await;
        let held: BookingView = res.json();
        details(&app, &cookies.0, held.id, &details_body(HER)).await;
        let confirm = format!(r#"{{"reference":"{}"}}"#, held.reference);
        assert_eq!(
            app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(&cookies.1))
                .await
                .status,
            204
        );
        app.clock.advance(days_later * 86_400);
        let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
        let url = format!("/api/clerk/bookings/{}/status", held.id);
        assert_eq!(
            app.send(Method::POST, &url, Some(r#"{"status":"no_show"}"#), Some(&clerk))
                .await
                .status,
            204
        );
        cookies = (app.sign_in("13800000001").await, app.sign_in("13800000002").await);
    }
    let p = app
        .send(
            Method::POST,
            "/api/bookings/hold",
            Some(&hold_on("2026-03-10", 540)),
            Some(&cookies.0),
        )
        .await
        .assert_problem(403, ErrorCode::BookingBlocked);
    // The second no-show was on 03-06: blocked for 15 days, through 03-20.
    assert_eq!(p.until, Date::parse("2026-03-20"));
    app.clock.advance(15 * 86_400); // today 03-21
    let him = app.sign_in("13800000001").await;
    assert_eq!(
        app.send(Method::POST, "/api/bookings/hold", Some(&hold_on("2026-03-25", 540)), Some(&him))
            .await
            .status,
        201
    );
}

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

#[tokio::test]
async fn a_booking_comes_as_a_calendar_file_and_a_qr_code_for_its_owner_only() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let held = hold(&app, &him, 540).await;
    let res = app
        .send(Method::GET, &format!("/api/bookings/{}/calendar.ics", held.id), None, Some(&him))
        .await;
    assert_eq!(res.status, 200);
    assert!(res.content_type().starts_with("text/calendar"));
    let ics = String::from_utf8(res.body).unwrap();
    // 09:00 in China is 01:00 UTC; 30-minute slot.
    assert!(ics.contains("DTSTART:20260304T010000Z\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20260304T013000Z\r\n"));
    assert!(ics.contains(&format!("UID:{}@civil-affairs-portal", held.reference)));
    assert!(ics.lines().all(|l| l.len() <= 75), "folded at 75 octets");
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("天门市婚姻登记处"));
    let qr =
        app.send(Method::GET, &format!("/api/bookings/{}/qr.svg", held.id), None, Some(&him)).await;
    assert_eq!(qr.content_type(), "image/svg+xml");
    assert!(String::from_utf8_lossy(&qr.body).contains("<svg"));
    let other = resident(&app, "13800000002", HER).await;
    app.send(Method::GET, &format!("/api/bookings/{}/calendar.ics", held.id), None, Some(&other))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    app.send(Method::GET, &format!("/api/bookings/{}/qr.svg", held.id), None, Some(&other))
        .await
        .assert_problem(404, ErrorCode::NotFound);
}

fn divorce_hold(day: &str) -> String {
    format!(r#"{{"office":"tianmen","service":"divorce","day":"{day}","start_min":540}}"#)
}

/// A divorce application received on 2026-03-04 (the first appointment, completed).
async fn divorce_applied(app: &TestApp) -> (String, String) {
    use portal_api::account::Role;
    let him = resident(app, "13800000001", HIM).await;
    let her = resident(app, "13800000002", HER).await;
    let res =
        app.send(Method::POST, "/api/bookings/hold", Some(&divorce_hold(DAY)), Some(&him)).await;
    let held: BookingView = res.json();
    let res = details(app, &him, held.id, &details_body(HER)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let confirm = format!(r#"{{"reference":"{}"}}"#, held.reference);
    assert_eq!(
        app.send(Method::POST, "/api/bookings/confirm", Some(&confirm), Some(&her)).await.status,
        204
    );
    app.clock.advance(3 * 86_400); // 2026-03-04
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let url = format!("/api/clerk/bookings/{}/status", held.id);
    for s in ["arrived", "completed"] {
        assert_eq!(
            app.send(Method::POST, &url, Some(&format!(r#"{{"status":"{s}"}}"#)), Some(&clerk))
                .await
                .status,
            204
        );
    }
    (app.sign_in("13800000001").await, app.sign_in("13800000002").await)
}

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

#[tokio::test]
async fn closures_and_public_holidays_close_the_day_and_the_clerk_sees_who_was_booked() {
    use portal_api::account::Role;
    use portal_api::booking::DayListEntry;
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let b = confirmed(&app, &him, &her, 540).await;
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let elsewhere = app.sign_in_staff("13700000002", Role::Clerk, "changning").await;
    let body = format!(r#"{{"day":"{DAY}","reason":"停电检修"}}"#);
    app.send(Method::POST, "/api/clerk/offices/tianmen/closures", Some(&body), Some(&elsewhere))
        .await
        .assert_problem(403, ErrorCode::Forbidden);
    let res = app
        .send(Method::POST, "/api/clerk/offices/tianmen/closures", Some(&body), Some(&clerk))
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let affected: Vec<DayListEntry> = res.json();
    assert_eq!(affected.len(), 1, "the clerk is shown the booking the closure affects");
    assert_eq!(affected[0].reference, b.reference);
    // Both of the couple are told by SMS, with the reason; their booking says so too.
    for phone in ["13800000001", "13800000002"] {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM sms_outbox WHERE phone = $1 AND body LIKE '%停电检修%'",
        )
        .bind(phone)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "{phone}");
    }
    let mine: Vec<BookingView> =
        app.send(Method::GET, "/api/bookings", None, Some(&him)).await.json();
    assert_eq!(mine[0].office_closed.as_deref(), Some("停电检修"));
    // Correcting the reason does not text them again.
    let body2 = format!(r#"{{"day":"{DAY}","reason":"停电检修（全天）"}}"#);
    let res = app
        .send(Method::POST, "/api/clerk/offices/tianmen/closures", Some(&body2), Some(&clerk))
        .await;
    assert_eq!(res.status, 200);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sms_outbox WHERE body LIKE '%暂停办公%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 2);
    let a: Availability = app
        .get(&format!("/api/offices/tianmen/availability?service=marriage&day={DAY}"))
        .await
        .json();
    assert_eq!((a.closed_reason.map(|r| r.as_str()), a.slots.len()), (Some("closed"), 0));
    let other = resident(&app, "13800000003", ANOTHER_HER).await;
    let p = app
        .send(Method::POST, "/api/bookings/hold", Some(&hold_body(600)), Some(&other))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "closed");
    // A statutory holiday (rest-day data) closes every office.
    sqlx::query("INSERT INTO rest_days (day, kind, note) VALUES ('2026-03-05', 'holiday', 'test')")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let a: Availability =
        app.get("/api/offices/changning/availability?service=marriage&day=2026-03-05").await.json();
    assert_eq!(a.closed_reason.map(|r| r.as_str()), Some("closed"));
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'clerk.office_closed'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 2, "both the closure and its correction are audited");
}

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
async fn an_office_without_partner_confirmation_confirms_at_once() {
    let app = with_offices().await;
    sqlx::query("UPDATE offices SET partner_confirm = 0 WHERE code = 'tianmen'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let him = resident(&app, "13800000001", HIM).await;
    let held = hold(&app, &him, 540).await;
    let res = details(&app, &him, held.id, &details_body(HER)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let b: BookingView = res.json();
    assert_eq!((b.status.as_str(), b.confirm_by), ("confirmed", None));
    assert_eq!(b.parties.len(), 2);
}

#[tokio::test]
async fn single_applicant_services_need_no_partner() {
    let app = with_offices().await;
    let me = resident(&app, "13800000001", HIM).await;
    let body =
        format!(r#"{{"office":"tianmen","service":"reissue","day":"{DAY}","start_min":540}}"#);
    let res = app.send(Method::POST, "/api/bookings/hold", Some(&body), Some(&me)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    let held: BookingView = res.json();
    let url = format!("/api/bookings/{}/details", held.id);
    // A partner is refused for a re-issue; none is the right answer.
    let p = app
        .send(Method::POST, &url, Some(&details_body(HER)), Some(&me))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].code, "no_partner_needed");
    let res = app.send(Method::POST, &url, Some("{}"), Some(&me)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let b: BookingView = res.json();
    assert_eq!((b.status.as_str(), b.parties.len()), ("confirmed", 1));
    // A marriage booking without the partner says both fields are needed.
    let held = hold(&app, &me, 600).await;
    let p = details(&app, &me, held.id, "{}").await.assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors.len(), 2);
    assert!(p.errors.iter().all(|e| e.code == "required"));
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

#[tokio::test]
async fn a_year_without_its_holiday_notice_still_closes_on_the_fixed_holidays() {
    use portal_server::calendar::fill_missing_years;
    let app = with_offices().await;
    let today = Date::parse("2026-11-23").unwrap();
    // 2026 came with its notice (shipped data); 2027 has none yet.
    assert_eq!(fill_missing_years(&app.db, today).await.unwrap(), vec![2027]);
    assert_eq!(fill_missing_years(&app.db, today).await.unwrap(), Vec::<i32>::new());
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM rest_days WHERE day IN ('2027-01-01', '2027-05-02', '2027-10-03') AND kind = 'holiday'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 3);
}
