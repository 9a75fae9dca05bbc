//! `POST /api/bookings/{id}/details`: the partner's details and the marriage rules.

use super::dated::*;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::booking::BookingView;

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
