//! `POST /api/bookings/{id}/reschedule`: all or nothing under concurrency, and the rules of
//! the new day.

use super::fixtures::*;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::{BookingStatus, Service};
use portal_api::ids::Date;

fn to(day: Date, start: u32) -> String {
    format!(r#"{{"day":"{day}","start_min":{start}}}"#)
}

/// Places taken in every slot equal the active bookings in it.
async fn counts_agree(app: &crate::support::TestApp, day: Date, starts: &[u32]) {
    for s in starts {
        let (taken, capacity) = slot(app, "tianmen", day, *s).await;
        assert_eq!(taken, active_in(app, "tianmen", day, *s).await, "slot {s}: taken");
        assert!(taken <= capacity, "slot {s} overbooked");
    }
}

/// A reschedule racing a second reschedule and a cancel of the same booking: whichever wins,
/// every slot's count equals its bookings (before the fix, PostgreSQL gave the old place back
/// twice and leaked the new one).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reschedules_and_a_cancel_never_double_count() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 570, 600]).await;
    for round in 0..6 {
        let c = confirmed_couple(&app, "tianmen", day, 540).await;
        let url = format!("/api/bookings/{}/reschedule", c.booking.id);
        let cancel = format!("/api/bookings/{}", c.booking.id);
        let (to_570, to_600) = (to(day, 570), to(day, 600));
        let (a, b, x) = tokio::join!(
            app.send(Method::POST, &url, Some(&to_570), Some(&c.him)),
            app.send(Method::POST, &url, Some(&to_600), Some(&c.him)),
            app.send(Method::DELETE, &cancel, None, Some(&c.him)),
        );
        for r in [&a, &b, &x] {
            assert!(
                [200, 204, 404, 409].contains(&r.status.as_u16()),
                "round {round}: {} {}",
                r.status,
                String::from_utf8_lossy(&r.body)
            );
        }
        counts_agree(&app, day, &[540, 570, 600]).await;
        // Give the places back for the next round.
        if x.status != 204 {
            let res = app.send(Method::DELETE, &cancel, None, Some(&c.him)).await;
            assert_eq!(res.status, 204, "round {round}");
        }
        counts_agree(&app, day, &[540, 570, 600]).await;
    }
}

/// Two couples swapping times at once, many times: no deadlock (PostgreSQL would abort one
/// with a 500), and the counts still agree.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_couples_swapping_times_do_not_deadlock() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 570]).await;
    let x = confirmed_couple(&app, "tianmen", day, 540).await;
    let y = confirmed_couple(&app, "tianmen", day, 570).await;
    let (ux, uy) = (
        format!("/api/bookings/{}/reschedule", x.booking.id),
        format!("/api/bookings/{}/reschedule", y.booking.id),
    );
    let (mut at_x, mut at_y) = (540, 570);
    for round in 0..10 {
        let (bx, by) = (to(day, at_y), to(day, at_x));
        let (a, b) = tokio::join!(
            app.send(Method::POST, &ux, Some(&bx), Some(&x.him)),
            app.send(Method::POST, &uy, Some(&by), Some(&y.him)),
        );
        assert_eq!((a.status.as_u16(), b.status.as_u16()), (200, 200), "round {round}");
        std::mem::swap(&mut at_x, &mut at_y);
        counts_agree(&app, day, &[540, 570]).await;
    }
    let b = mine(&app, &x.him).await.into_iter().find(|b| b.id == x.booking.id).unwrap();
    assert_eq!((b.start_min, b.status), (at_x, BookingStatus::Confirmed));
}

/// The legal marriage age is checked again for the new day: she is 20 only from 2026-03-20.
#[tokio::test]
async fn moving_before_the_legal_age_is_refused_and_changes_nothing() {
    let app = app().await; // 2026-03-01
    let him = resident(&app, "张三", &id_number("19900307", true, 1)).await;
    let her_id = id_number("20060320", false, 2);
    let her = resident(&app, "李四", &her_id).await;
    let after = Date::parse("2026-03-25").unwrap();
    let b = held(&app, &him, "tianmen", Service::Marriage, after, 540).await;
    assert_eq!(details(&app, &him, b.id, &partner_body("李四", &her_id)).await.status, 200);
    assert_eq!(confirm(&app, &her, &b.reference).await.status, 204);
    let before = Date::parse("2026-03-18").unwrap();
    let url = format!("/api/bookings/{}/reschedule", b.id);
    let p = app
        .send(Method::POST, &url, Some(&to(before, 540)), Some(&him))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(
        (p.errors[0].field.as_str(), p.errors[0].code.as_str()),
        ("parties[1].id_number", "under_age")
    );
    let now = mine(&app, &him).await.into_iter().find(|x| x.id == b.id).unwrap();
    assert_eq!((now.day, now.status), (after, BookingStatus::Confirmed));
    assert_eq!(slot(&app, "tianmen", after, 540).await.0, 1);
    // On her birthday it is allowed.
    let birthday = Date::parse("2026-03-20").unwrap();
    assert_eq!(
        app.send(Method::POST, &url, Some(&to(birthday, 540)), Some(&him)).await.status,
        200
    );
}

/// Both parties are told of a reschedule (the partner by the outbox, as the booker).
#[tokio::test]
async fn a_reschedule_is_texted_to_both() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 600]).await;
    let c = confirmed_couple(&app, "tianmen", day, 540).await;
    let url = format!("/api/bookings/{}/reschedule", c.booking.id);
    assert_eq!(app.send(Method::POST, &url, Some(&to(day, 600)), Some(&c.him)).await.status, 200);
    let texts: Vec<(String,)> =
        sqlx::query_as("SELECT body FROM sms_outbox WHERE body LIKE '%已改到%'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(texts.len(), 2, "booker and partner");
    assert!(texts[0].0.contains(&c.booking.reference) && texts[0].0.contains("10:00"));
}
