//! `POST /api/volunteering/signups/{id}/report`: hours a volunteer reports without check-in or
//! check-out stay pending (never counted) until the organiser decides them one by one.

use super::fixtures::{
    ORG, activity, app, decide, organiser, set_clock, shift, signed_up, volunteer, worked_shift,
};
use axum::http::Method;
use portal_api::volunteering::{
    MyHours, RecordStatus, RecordView, RosterEntry, SignupView, points,
};
use portal_api::{ErrorCode, FieldCode};

fn report_uri(signup: i64) -> String {
    format!("/api/volunteering/signups/{signup}/report")
}

/// What the volunteer's list says about reporting this sign-up now.
async fn may_report(app: &crate::support::TestApp, vol: &str, signup: i64) -> bool {
    let list: Vec<SignupView> =
        app.send(Method::GET, "/api/volunteering/signups", None, Some(vol)).await.json();
    list.iter().find(|g| g.id == signup).unwrap().may_report
}

#[tokio::test]
async fn reported_hours_stay_pending_until_the_organiser_approves_them() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 1, (9 * 60, 12 * 60), 3).await;
    let vol = volunteer(&app).await;
    let g = signed_up(&app, &vol, s.id).await;
    let body = |h: u32, note: &str| format!(r#"{{"half_hours":{h},"note":"{note}"}}"#);
    let ok = body(5, "手机没电，未能签到；送餐 5 户");

    // While check-out is still open (until two hours after the end) the code is the way.
    set_clock(&app, s.day, 13 * 60).await;
    assert!(!may_report(&app, &vol, g.id).await);
    let p = app
        .send(Method::POST, &report_uri(g.id), Some(&ok), Some(&vol))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "shift");
    assert_eq!(p.errors[0].code, FieldCode::TooEarly);

    set_clock(&app, s.day, 15 * 60).await;
    assert!(may_report(&app, &vol, g.id).await);
    // More than the shift's three hours, no hours, no note: refused, nothing written.
    for (b, field, code) in [
        (body(7, "x"), "half_hours", FieldCode::Hours),
        (body(0, "x"), "half_hours", FieldCode::Required),
        (body(4, "  "), "note", FieldCode::Required),
    ] {
        let p = app
            .send(Method::POST, &report_uri(g.id), Some(&b), Some(&vol))
            .await
            .assert_problem(400, ErrorCode::Validation);
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), (field, code), "{b}");
    }
    // Someone else's sign-up is not found.
    let other = volunteer(&app).await;
    app.send(Method::POST, &report_uri(g.id), Some(&ok), Some(&other))
        .await
        .assert_problem(404, ErrorCode::NotFound);

    let res = app.send(Method::POST, &report_uri(g.id), Some(&ok), Some(&vol)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    let r: RecordView = res.json();
    assert_eq!((r.status, r.half_hours, r.self_reported), (RecordStatus::Pending, 5, true));
    assert_eq!(r.org_code, ORG);
    assert!(!may_report(&app, &vol, g.id).await, "reported once");
    // Reported twice: the record exists; a correction is the way to change it.
    app.send(Method::POST, &report_uri(g.id), Some(&ok), Some(&vol))
        .await
        .assert_problem(409, ErrorCode::Conflict);

    // Never counted before it is verified.
    let mine: MyHours =
        app.send(Method::GET, "/api/volunteering/me/hours", None, Some(&vol)).await.json();
    assert_eq!((mine.verified_half_hours, mine.points, mine.records.len()), (0, 0, 1));

    // "Approve all" leaves reported hours for a decision one by one.
    let uri = format!("/api/volunteering/shifts/{}/approve-all", s.id);
    let list: Vec<RosterEntry> = app.send(Method::POST, &uri, None, Some(&org)).await.json();
    let rec = list[0].record.as_ref().unwrap();
    assert_eq!((rec.status, rec.self_reported), (RecordStatus::Pending, true));

    let res = decide(&app, &org, g.id, r#"{"decision":"approve"}"#).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let rec: RecordView = res.json();
    assert_eq!((rec.status, rec.version, rec.half_hours), (RecordStatus::Verified, 2, 5));
    let mine: MyHours =
        app.send(Method::GET, "/api/volunteering/me/hours", None, Some(&vol)).await.json();
    assert_eq!(mine.verified_half_hours, 5);
    assert_eq!(mine.points, points(5, 2));
}

#[tokio::test]
async fn reports_are_refused_with_a_record_already_or_a_month_late() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let vol = volunteer(&app).await;
    // Checked in and out: the record exists, so a report conflicts.
    let (s, g) = worked_shift(&app, &org, &vol).await;
    set_clock(&app, s.day, 18 * 60).await;
    let ok = r#"{"half_hours":2,"note":"补报"}"#;
    app.send(Method::POST, &report_uri(g), Some(ok), Some(&vol))
        .await
        .assert_problem(409, ErrorCode::Conflict);

    // A shift with no check-in, reported 31 days on: too late.
    let a = activity(&app, &org, ORG, None).await;
    let s2 = shift(&app, &org, a, 1, (9 * 60, 12 * 60), 3).await;
    let g2 = signed_up(&app, &vol, s2.id).await;
    set_clock(&app, s2.day.add_days(31), 9 * 60).await;
    let p = app
        .send(Method::POST, &report_uri(g2.id), Some(ok), Some(&vol))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), ("shift", FieldCode::Range));
}
