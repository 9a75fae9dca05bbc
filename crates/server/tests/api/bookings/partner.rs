//! The partner named in a booking: their identity is reserved only when they confirm, so a
//! booker cannot block someone by naming their ID number.

use super::fixtures::*;
use portal_api::ErrorCode;
use portal_api::booking::Service;

#[tokio::test]
async fn naming_someone_does_not_block_them_until_they_confirm() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 600]).await;
    let stranger = resident(&app, "王五", &id_number("19900307", true, 11)).await;
    let victim_id = id_number("19920815", false, 11);
    let victim = resident(&app, "李四", &victim_id).await;
    // A stranger names her as his partner.
    let b = held(&app, &stranger, "tianmen", Service::Marriage, day, 540).await;
    assert_eq!(details(&app, &stranger, b.id, &partner_body("李四", &victim_id)).await.status, 200);
    // She can still book her own marriage with the man she is marrying.
    let fiance_id = id_number("19880101", true, 12);
    let own = held(&app, &victim, "tianmen", Service::Marriage, day, 600).await;
    let res = details(&app, &victim, own.id, &partner_body("赵六", &fiance_id)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    // Confirming the stranger's booking now would give her two: refused, about herself only.
    confirm(&app, &victim, &b.reference).await.assert_problem(409, ErrorCode::AlreadyBooked);
}

#[tokio::test]
async fn once_confirmed_the_partner_holds_one_active_booking_like_the_booker() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 600]).await;
    let c = confirmed_couple(&app, "tianmen", day, 540).await;
    // She confirmed: her lock is taken, so she cannot book a second marriage meanwhile.
    let second = held(&app, &c.her, "tianmen", Service::Marriage, day, 600).await;
    let other = id_number("19850505", true, 13);
    let p = details(&app, &c.her, second.id, &partner_body("孙七", &other))
        .await
        .assert_problem(409, ErrorCode::AlreadyBooked);
    assert_eq!(
        (p.errors[0].field.as_str(), p.errors[0].code.as_str()),
        ("parties[0].id_number", "already_booked")
    );
}

#[tokio::test]
async fn where_the_office_confirms_without_the_partner_naming_someone_reserves_nothing() {
    let app = app().await;
    sqlx::query("UPDATE offices SET partner_confirm = 0 WHERE code = 'tianmen'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let day = day_with(&app, "tianmen", Service::Marriage, &[540, 600]).await;
    let stranger = resident(&app, "王五", &id_number("19900307", true, 14)).await;
    let victim_id = id_number("19920815", false, 14);
    let victim = resident(&app, "李四", &victim_id).await;
    let b = held(&app, &stranger, "tianmen", Service::Marriage, day, 540).await;
    assert_eq!(details(&app, &stranger, b.id, &partner_body("李四", &victim_id)).await.status, 200);
    let own = held(&app, &victim, "tianmen", Service::Marriage, day, 600).await;
    let fiance = id_number("19880101", true, 15);
    assert_eq!(details(&app, &victim, own.id, &partner_body("赵六", &fiance)).await.status, 200);
}

#[tokio::test]
async fn the_couple_is_texted_the_confirmation_link_and_a_partner_without_real_name_is_asked_for_it()
 {
    use axum::http::Method;
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let him = resident(&app, "王五", &id_number("19900307", true, 21)).await;
    let her_id = id_number("19920815", false, 21);
    let her = resident(&app, "李四", &her_id).await;
    let b = held(&app, &him, "tianmen", Service::Marriage, day, 540).await;
    assert_eq!(details(&app, &him, b.id, &partner_body("李四", &her_id)).await.status, 200);
    // Booker and partner each get the text with the link that opens the confirmation page.
    let texts: Vec<(String, String)> =
        sqlx::query_as("SELECT phone, body FROM sms_queue WHERE body LIKE $1 ORDER BY id")
            .bind(format!("%{}%", b.reference))
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert_ne!(texts[0].0, texts[1].0);
    let link = format!("https://portal.example/booking/confirm?ref={}", b.reference);
    assert!(texts.iter().all(|(_, body)| body.contains(&link)), "{texts:?}");

    // Signed in without a real-name record: asked to register, never "nothing found".
    let bare = app.sign_in("13800000077").await;
    let path = format!("/api/bookings/partner/{}", b.reference);
    app.send(Method::GET, &path, None, Some(&bare))
        .await
        .assert_problem(403, ErrorCode::RealNameRequired);
    confirm(&app, &bare, &b.reference).await.assert_problem(403, ErrorCode::RealNameRequired);
    // The partner herself finds it and confirms.
    assert_eq!(app.send(Method::GET, &path, None, Some(&her)).await.status, 200);
    assert_eq!(confirm(&app, &her, &b.reference).await.status, 204);
}
