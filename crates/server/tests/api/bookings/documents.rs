//! `GET /api/bookings/{id}/calendar.ics` and `qr.svg`.

use super::dated::*;
use axum::http::Method;
use portal_api::ErrorCode;

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
