//! The organiser's hour decisions (`POST /api/volunteering/signups/{id}/hours`, approve-all),
//! proposals at the edges, corrections, the CSV export, and who may do what.

use super::fixtures::{
    ORG, OTHER_ORG, activity, app, decide, organiser, set_clock, shift, signed_up, volunteer,
    worked_shift,
};
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::volunteering::{
    CorrectionView, HourFlag, MyHours, RecordStatus, RecordView, RosterEntry,
};

#[tokio::test]
async fn overnight_proposals_flag_a_missing_check_out_and_decisions_append_versions() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 1, (22 * 60, 6 * 60), 4).await;
    let (full, flagged) = (volunteer(&app).await, volunteer(&app).await);
    let g_full = signed_up(&app, &full, s.id).await.id;
    let g_flag = signed_up(&app, &flagged, s.id).await.id;
    let post = |uri: String| {
        let (app, org) = (&app, &org);
        async move { app.send(Method::POST, &uri, None, Some(org)).await }
    };
    set_clock(&app, s.day, 21 * 60 + 30).await;
    assert_eq!(post(format!("/api/volunteering/signups/{g_full}/check-in")).await.status, 204);
    set_clock(&app, s.day, 22 * 60 + 10).await;
    assert_eq!(post(format!("/api/volunteering/signups/{g_flag}/check-in")).await.status, 204);
    // 6:20 the next morning.
    set_clock(&app, s.day.add_days(1), 6 * 60 + 20).await;
    assert_eq!(post(format!("/api/volunteering/signups/{g_full}/check-out")).await.status, 204);
    let roster: Vec<RosterEntry> = app
        .send(Method::GET, &format!("/api/volunteering/shifts/{}/roster", s.id), None, Some(&org))
        .await
        .json();
    let full_entry = roster.iter().find(|r| r.signup_id == g_full).unwrap();
    assert_eq!(full_entry.proposal.half_hours, 16, "clipped to 22:00-06:00");
    assert_eq!(full_entry.record.as_ref().unwrap().status, RecordStatus::Pending);
    let flag_entry = roster.iter().find(|r| r.signup_id == g_flag).unwrap();
    assert_eq!(flag_entry.proposal.flag, Some(HourFlag::NoCheckOut));
    assert!(flag_entry.record.is_none(), "no check-out: nothing credited");

    decide(&app, &org, g_flag, r#"{"decision":"approve"}"#)
        .await
        .assert_problem(409, ErrorCode::NotCheckedIn);
    decide(&app, &org, g_flag, r#"{"decision":"adjust","half_hours":10}"#)
        .await
        .assert_problem(400, ErrorCode::Validation);
    decide(&app, &org, g_flag, r#"{"decision":"adjust","half_hours":17,"reason":"x"}"#)
        .await
        .assert_problem(400, ErrorCode::Validation);
    let r: RecordView = decide(
        &app,
        &org,
        g_flag,
        r#"{"decision":"adjust","half_hours":10,"reason":"忘记签退，组织者核实到 3 点"}"#,
    )
    .await
    .json();
    assert_eq!((r.status, r.half_hours, r.version), (RecordStatus::Corrected, 10, 1));

    let res = app
        .send(
            Method::POST,
            &format!("/api/volunteering/shifts/{}/approve-all", s.id),
            None,
            Some(&org),
        )
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let roster: Vec<RosterEntry> = res.json();
    let rec = roster.iter().find(|r| r.signup_id == g_full).unwrap().record.clone().unwrap();
    assert_eq!((rec.status, rec.version, rec.half_hours), (RecordStatus::Verified, 2, 16));
    decide(&app, &org, g_full, r#"{"decision":"approve"}"#)
        .await
        .assert_problem(409, ErrorCode::AlreadyDecided);

    let hours: MyHours =
        app.send(Method::GET, "/api/volunteering/me/hours", None, Some(&full)).await.json();
    assert_eq!((hours.verified_half_hours, hours.points), (16, 16), "8 h at 2 points an hour");
    assert_eq!(hours.stars.to_next_half_hours, Some(200 - 16));
    // Versions are kept: the database refuses to rewrite history.
    let (versions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM vol_records WHERE signup_id = $1")
            .bind(g_full)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(versions, 2);
    assert!(
        sqlx::query("UPDATE vol_records SET half_hours = 99").execute(&app.db.pool).await.is_err()
    );
    assert!(sqlx::query("DELETE FROM vol_records").execute(&app.db.pool).await.is_err());
}

#[tokio::test]
async fn only_the_organisations_organiser_decides_and_never_on_their_own_hours() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let other = organiser(&app, "13800000012", OTHER_ORG).await;
    let vol = volunteer(&app).await;
    let (s, g) = worked_shift(&app, &org, &vol).await;
    let approve = r#"{"decision":"approve"}"#;
    decide(&app, &other, g, approve).await.assert_problem(403, ErrorCode::Forbidden);
    decide(&app, &vol, g, approve).await.assert_problem(403, ErrorCode::Forbidden);
    let uri = format!("/api/volunteering/signups/{g}/hours");
    app.send(Method::POST, &uri, Some(approve), None)
        .await
        .assert_problem(401, ErrorCode::Unauthenticated);
    for path in ["roster", "code"] {
        let uri = format!("/api/volunteering/shifts/{}/{path}", s.id);
        app.send(Method::GET, &uri, None, Some(&other))
            .await
            .assert_problem(403, ErrorCode::Forbidden);
    }
    // An organiser who volunteered on their own organisation's shift cannot approve it.
    let a = activity(&app, &org, ORG, None).await;
    let s2 = shift(&app, &org, a, 3, (9 * 60, 10 * 60), 2).await;
    let body = r#"{"emergency_name":"王家属","emergency_phone":"13912345679","pledge":true}"#;
    sqlx::query("UPDATE accounts SET real_name = '赵组织', id_cipher = $1, id_masked = '110***1234' WHERE phone = '13800000011'")
        .bind(app.state.crypto.encrypt(&crate::bookings::fixtures::id_number("19700101", true, 7)))
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app.send(Method::PUT, "/api/volunteering/me", Some(body), Some(&org)).await.status,
        200
    );
    let own = signed_up(&app, &org, s2.id).await.id;
    set_clock(&app, s2.day, 9 * 60).await;
    assert_eq!(
        app.send(
            Method::POST,
            &format!("/api/volunteering/signups/{own}/check-in"),
            None,
            Some(&org)
        )
        .await
        .status,
        204
    );
    set_clock(&app, s2.day, 10 * 60).await;
    assert_eq!(
        app.send(
            Method::POST,
            &format!("/api/volunteering/signups/{own}/check-out"),
            None,
            Some(&org)
        )
        .await
        .status,
        204
    );
    decide(&app, &org, own, approve).await.assert_problem(403, ErrorCode::OwnHours);
    let res = decide(&app, &org, g, approve).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
}

#[tokio::test]
async fn corrections_are_answered_with_a_reason_and_hours_export_as_csv() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let vol = volunteer(&app).await;
    let (s, g) = worked_shift(&app, &org, &vol).await;
    let r: RecordView =
        decide(&app, &org, g, r#"{"decision":"adjust","half_hours":4,"reason":"提前离开"}"#)
            .await
            .json();
    assert_eq!(r.status, RecordStatus::Corrected);
    let uri = format!("/api/volunteering/records/{g}/correction");
    let ask = r#"{"half_hours":6,"reason":"我一直在，直到 12 点"}"#;
    let other = volunteer(&app).await;
    app.send(Method::POST, &uri, Some(ask), Some(&other))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    app.send(Method::POST, &uri, Some(r#"{"half_hours":7,"reason":"x"}"#), Some(&vol))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(app.send(Method::POST, &uri, Some(ask), Some(&vol)).await.status, 201);
    app.send(Method::POST, &uri, Some(ask), Some(&vol))
        .await
        .assert_problem(409, ErrorCode::Conflict);
    let list: Vec<CorrectionView> = app
        .send(Method::GET, &format!("/api/volunteering/orgs/{ORG}/corrections"), None, Some(&org))
        .await
        .json();
    assert_eq!((list[0].recorded_half_hours, list[0].asked_half_hours), (4, 6));
    let answer = format!("/api/volunteering/corrections/{}", list[0].id);
    app.send(Method::POST, &answer, Some(r#"{"accept":true,"reason":""}"#), Some(&org))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(
        app.send(
            Method::POST,
            &answer,
            Some(r#"{"accept":true,"reason":"核实签到表"}"#),
            Some(&org)
        )
        .await
        .status,
        204
    );
    app.send(Method::POST, &answer, Some(r#"{"accept":false,"reason":"再答"}"#), Some(&org))
        .await
        .assert_problem(409, ErrorCode::AlreadyDecided);
    let hours: MyHours =
        app.send(Method::GET, "/api/volunteering/me/hours", None, Some(&vol)).await.json();
    assert_eq!((hours.records[0].half_hours, hours.records[0].version), (6, 3));

    let res = app
        .send(
            Method::GET,
            &format!("/api/volunteering/orgs/{ORG}/hours.csv?from={}&to={}", s.day, s.day),
            None,
            Some(&org),
        )
        .await;
    assert_eq!(res.status, 200);
    let text = String::from_utf8(res.body).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("\"王志愿\",\"3\",\"corrected\",\"3\",\"核实签到表\""), "{text}");
}

/// The organiser's corrections list is 200 long: open requests come first, the longest waiting
/// first, however many answered ones are newer (it was the newest 200, so an open request
/// could drop off the list and never be answered).
#[tokio::test]
async fn open_corrections_stay_listed_first_behind_any_number_of_newer_answered_ones() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let vol = volunteer(&app).await;
    let (_, g) = worked_shift(&app, &org, &vol).await;
    decide(&app, &org, g, r#"{"decision":"adjust","half_hours":4,"reason":"提前离开"}"#).await;
    let uri = format!("/api/volunteering/records/{g}/correction");
    let ask = r#"{"half_hours":6,"reason":"我一直在，直到 12 点"}"#;
    assert_eq!(app.send(Method::POST, &uri, Some(ask), Some(&vol)).await.status, 201);
    let (open, account): (i64, i64) =
        sqlx::query_as("SELECT id, account_id FROM vol_corrections WHERE status = 'open'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let mut tx = app.db.pool.begin().await.unwrap();
    for _ in 0..210 {
        sqlx::query(
            "INSERT INTO vol_corrections (signup_id, account_id, half_hours, reason, status, \
             answer, created_at, answered_at) VALUES ($1, $2, 5, '更早的', 'declined', '不符', 0, 0)",
        )
        .bind(g)
        .bind(account)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let list: Vec<CorrectionView> = app
        .send(Method::GET, &format!("/api/volunteering/orgs/{ORG}/corrections"), None, Some(&org))
        .await
        .json();
    assert_eq!(list.len(), 200);
    assert_eq!(
        (list[0].id, list[0].status),
        (open, portal_api::volunteering::CorrectionStatus::Open)
    );
    let answered: Vec<i64> = list[1..].iter().map(|c| c.id).collect();
    assert!(answered.windows(2).all(|w| w[0] > w[1]), "answered ones newest first");
    assert!(answered.iter().all(|id| *id > open));
}
