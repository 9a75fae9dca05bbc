//! `POST /api/bookings/confirm` and `GET /api/bookings/partner/{reference}`: the partner confirms.

use super::dated::*;
use crate::support::T0;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::BookingView;

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
