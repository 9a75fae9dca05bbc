//! Deleting an account (PIPL art. 47) cancels what has not happened, frees places and the
//! partner's lock, tells the partner, and purges the codes and messages of the number; the
//! export (art. 45) lists the bookings.

use super::fixtures::*;
use axum::http::Method;
use portal_api::account::MyData;
use portal_api::booking::{BookingStatus, Service};

async fn phone_of(app: &crate::support::TestApp, cookie: &str) -> String {
    let data: MyData = app.send(Method::GET, "/api/me/data", None, Some(cookie)).await.json();
    data.phone
}

async fn count(app: &crate::support::TestApp, sql: &str, phone: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).bind(phone).fetch_one(&app.db.pool).await.unwrap();
    n
}

#[tokio::test]
async fn deleting_an_account_cancels_its_future_bookings_and_purges_its_messages() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 600]).await;
    let couple = confirmed_couple(&app, "tianmen", day, 540).await;
    // A second, unfinished hold in another service, and a booking by someone else.
    let held_reissue = {
        let d = day_with(&app, "tianmen", Service::Reissue, &[600]).await;
        held(&app, &couple.him, "tianmen", Service::Reissue, d, 600).await
    };
    let other = confirmed_couple(&app, "tianmen", day, 600).await;
    assert_eq!(slot(&app, "tianmen", day, 540).await.0, 1);

    let his_phone = phone_of(&app, &couple.him).await;
    let her_phone = phone_of(&app, &couple.her).await;
    let now = app.clock_now();
    for phone in [&his_phone, &her_phone] {
        sqlx::query(
            "INSERT INTO login_codes (phone, code_hash, ip, created_at, expires_at) VALUES ($1, 'h', 'ip', $2, $2)",
        )
        .bind(phone)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO sms_outbox (phone, body, created_at) VALUES ($1, 'old', $2)")
            .bind(phone)
            .bind(now)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }

    let res = app.send(Method::DELETE, "/api/me", None, Some(&couple.him)).await;
    assert_eq!(res.status, 204, "{}", String::from_utf8_lossy(&res.body));

    // His booking and hold are cancelled; the places are free again; the other couple's stays.
    let statuses: Vec<(String,)> =
        sqlx::query_as("SELECT status FROM bookings WHERE id IN ($1, $2) ORDER BY id")
            .bind(couple.booking.id)
            .bind(held_reissue.id)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(statuses, [("cancelled".to_owned(),), ("cancelled".to_owned(),)]);
    assert_eq!(slot(&app, "tianmen", day, 540).await.0, 0);
    assert_eq!(active_in(&app, "tianmen", day, 540).await, 0);
    let theirs = mine(&app, &other.him).await;
    assert_eq!(theirs[0].status, BookingStatus::Confirmed);

    // The partner is free to be named in a new booking, and was told.
    let (locks,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM booking_parties WHERE booking_id = $1 AND active = 1")
            .bind(couple.booking.id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(locks, 0);
    let told = count(
        &app,
        "SELECT COUNT(*) FROM sms_outbox WHERE phone = $1 AND body LIKE '%已由预约人取消%'",
        &her_phone,
    )
    .await;
    assert_eq!(told, 1, "the partner gets one text about the cancellation");

    // Nothing addressed to his number is left; hers is untouched.
    for table in ["login_codes", "sms_outbox", "sms_queue"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE phone = $1");
        assert_eq!(count(&app, &sql, &his_phone).await, 0, "{table} still holds his number");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM login_codes WHERE phone = $1", &her_phone).await,
        1
    );

    // Each cancellation is audited, and the deletion.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'booking.cancelled_with_account'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn the_personal_data_export_lists_the_bookings_of_both_parties() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let couple = confirmed_couple(&app, "tianmen", day, 540).await;
    for cookie in [&couple.him, &couple.her] {
        let data: MyData = app.send(Method::GET, "/api/me/data", None, Some(cookie)).await.json();
        let refs: Vec<&str> = data.bookings.iter().map(|b| b.reference.as_str()).collect();
        assert_eq!(refs, [couple.booking.reference.as_str()]);
    }
    let stranger = resident(&app, "王五", &id_number("19850101", true, 999)).await;
    let data: MyData = app.send(Method::GET, "/api/me/data", None, Some(&stranger)).await.json();
    assert!(data.bookings.is_empty());
}
