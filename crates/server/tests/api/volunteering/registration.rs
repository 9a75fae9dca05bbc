//! `PUT /api/volunteering/me`: districts are chosen from the portal's regions, and the language
//! of the volunteer's texts is kept and used (an English speaker's cancellation text is English).

use super::fixtures::{ORG, activity, app, organiser, shift, signed_up, volunteer, volunteer_in};
use crate::bookings::fixtures::{id_number, resident};
use axum::http::Method;
use portal_api::volunteering::{SmsLang, VolunteerView};
use portal_api::{ErrorCode, FieldCode};

#[tokio::test]
async fn districts_must_be_regions_the_portal_covers() {
    let app = app().await;
    let cookie = resident(&app, "李志愿", &id_number("19700101", true, 91)).await;
    let body = |d: &str| {
        format!(
            r#"{{"districts":["{d}"],"emergency_name":"李家属","emergency_phone":"13912345679","pledge":true}}"#
        )
    };
    let p = app
        .send(Method::PUT, "/api/volunteering/me", Some(&body("atlantis")), Some(&cookie))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("districts", FieldCode::Invalid));
    let res = app
        .send(Method::PUT, "/api/volunteering/me", Some(&body("hubei-tianmen")), Some(&cookie))
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let v: VolunteerView = res.json();
    assert_eq!(v.districts, ["hubei-tianmen"]);
    assert_eq!(v.sms_lang, SmsLang::Zh, "Chinese unless chosen otherwise");
}

#[tokio::test]
async fn texts_come_in_the_language_the_volunteer_chose() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 5).await;
    let en = volunteer_in(&app, "19800101", None, "en").await;
    let zh = volunteer(&app).await;
    let me: VolunteerView =
        app.send(Method::GET, "/api/volunteering/me", None, Some(&en)).await.json();
    assert_eq!(me.sms_lang, SmsLang::En);
    signed_up(&app, &en, s.id).await;
    signed_up(&app, &zh, s.id).await;
    let uri = format!("/api/volunteering/shifts/{}/cancel", s.id);
    assert_eq!(app.send(Method::POST, &uri, None, Some(&org)).await.status, 204);
    let bodies: Vec<(String,)> = sqlx::query_as("SELECT body FROM sms_queue ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let english = bodies.iter().filter(|(b,)| b.contains("the organiser has cancelled")).count();
    let chinese = bodies.iter().filter(|(b,)| b.contains("已取消志愿服务班次")).count();
    assert_eq!((english, chinese), (1, 1), "{bodies:?}");
    assert!(
        bodies.iter().all(|(b,)| b.starts_with("【民政便民服务】")),
        "the registered signature"
    );
}
