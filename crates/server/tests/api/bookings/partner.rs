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
