//! `/api/clerk/offices/{code}/day`, `day.csv`, `closures` and `/api/clerk/bookings/{id}/status`.

use super::dated::*;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{Availability, BookingView};
use portal_api::ids::Date;

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
    // Three days early nobody can be marked; on the day at 08:30, arrived but not absent.
    for s in ["arrived", "no_show", "completed"] {
        let p = app
            .send(Method::POST, &url, Some(&status(s)), Some(&clerk))
            .await
            .assert_problem(400, ErrorCode::Validation);
        assert_eq!(
            (p.errors[0].field.as_str(), p.errors[0].code.as_str()),
            ("status", "too_early")
        );
    }
    app.clock.advance(3 * 86_400 + 30 * 60); // 2026-03-04 08:30 in Beijing
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let elsewhere = app.sign_in_staff("13700000002", Role::Clerk, "changning").await;
    app.send(Method::POST, &url, Some(&status("no_show")), Some(&clerk))
        .await
        .assert_problem(400, ErrorCode::Validation);
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
        // On the day, after the 09:00 appointment's time.
        app.clock.advance(days_later * 86_400 + 2 * 3600);
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
async fn a_no_show_can_be_taken_back_the_same_day_only_and_is_audited() {
    use portal_api::account::Role;
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let her = resident(&app, "13800000002", HER).await;
    let b = confirmed(&app, &him, &her, 540).await;
    let url = format!("/api/clerk/bookings/{}/status", b.id);
    let undo = format!("/api/clerk/bookings/{}/undo-no-show", b.id);
    app.clock.advance(3 * 86_400 + 2 * 3600); // 2026-03-04 10:00 in Beijing
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let elsewhere = app.sign_in_staff("13700000002", Role::Clerk, "changning").await;
    // Nothing to take back before a no-show.
    app.send(Method::POST, &undo, None, Some(&clerk))
        .await
        .assert_problem(409, ErrorCode::Conflict);
    let no_show = Some(r#"{"status":"no_show"}"#);
    assert_eq!(app.send(Method::POST, &url, no_show, Some(&clerk)).await.status, 204);
    app.send(Method::POST, &undo, None, Some(&elsewhere))
        .await
        .assert_problem(403, ErrorCode::Forbidden);
    assert_eq!(app.send(Method::POST, &undo, None, Some(&clerk)).await.status, 204);
    // Confirmed again, with both people's locks: the couple came late and can be served.
    let status: (String,) = sqlx::query_as("SELECT status FROM bookings WHERE id = $1")
        .bind(b.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status.0, "confirmed");
    let (active,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM booking_parties WHERE booking_id = $1 AND active = 1")
            .bind(b.id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(active, 2);
    app.send(Method::POST, &undo, None, Some(&clerk))
        .await
        .assert_problem(409, ErrorCode::Conflict);
    // Marked again today; the next day the mark stands.
    assert_eq!(app.send(Method::POST, &url, no_show, Some(&clerk)).await.status, 204);
    app.clock.advance(86_400);
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    app.send(Method::POST, &undo, None, Some(&clerk))
        .await
        .assert_problem(409, ErrorCode::Conflict);
    let actions: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_log WHERE action LIKE 'clerk.booking_%' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let actions: Vec<&str> = actions.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["clerk.booking_no_show", "clerk.booking_no_show_undone", "clerk.booking_no_show"]
    );
}
