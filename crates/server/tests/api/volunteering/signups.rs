//! `POST /api/volunteering/shifts/{id}/signup` and `DELETE /api/volunteering/signups/{id}`:
//! capacity under a crowd, the waitlist promoted exactly once, and the sign-up rules.

use super::fixtures::{
    ORG, activity, app, concurrently, organiser, set_clock, shift, sign_up, signed_up, volunteer,
    volunteer_born,
};
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::volunteering::{SignupStatus, SignupView};

async fn taken(app: &crate::support::TestApp, shift: i64) -> (i64, i64) {
    sqlx::query_as("SELECT taken, capacity FROM vol_shifts WHERE id = $1")
        .bind(shift)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// 200 volunteers sign up for a 5-place shift at once: exactly 5 get a place, the other 195
/// are waitlisted in order, and the shift never holds more than its capacity.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_sign_ups_fill_exactly_the_capacity() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 5).await;
    let mut reqs = Vec::new();
    for _ in 0..200 {
        let cookie = volunteer(&app).await;
        reqs.push((
            Method::POST,
            format!("/api/volunteering/shifts/{}/signup", s.id),
            None,
            cookie,
        ));
    }
    let results = concurrently(&app, reqs).await;
    let mut places = 0;
    let mut waiting = Vec::new();
    for (status, body) in &results {
        assert_eq!(*status, 201, "{body}");
        match body["status"].as_str().unwrap() {
            "signed_up" => places += 1,
            "waitlisted" => waiting.push(body["waitlist_position"].as_u64().unwrap()),
            other => panic!("{other}"),
        }
    }
    assert_eq!(places, 5);
    waiting.sort_unstable();
    assert_eq!(
        waiting,
        (1..=195).collect::<Vec<u64>>(),
        "every waiting person has their own place in the queue"
    );
    assert_eq!(taken(&app, s.id).await, (5, 5));
}

/// Three people with places withdraw at the same moment: the first three on the waitlist are
/// promoted, once each, in order; the others keep waiting; each promoted person gets a text.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_withdrawals_promote_each_waiting_person_exactly_once() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 3).await;
    let mut holders = Vec::new();
    for _ in 0..3 {
        let c = volunteer(&app).await;
        let g = signed_up(&app, &c, s.id).await;
        assert_eq!(g.status, SignupStatus::SignedUp);
        holders.push((c, g.id));
    }
    let mut waiting = Vec::new();
    for _ in 0..5 {
        let c = volunteer(&app).await;
        let g = signed_up(&app, &c, s.id).await;
        assert_eq!(g.status, SignupStatus::Waitlisted);
        waiting.push((c, g.id));
    }
    let reqs = holders
        .iter()
        .map(|(c, id)| (Method::DELETE, format!("/api/volunteering/signups/{id}"), None, c.clone()))
        .collect();
    for (status, body) in concurrently(&app, reqs).await {
        assert_eq!(status, 204, "{body}");
    }
    for (i, (c, id)) in waiting.iter().enumerate() {
        let mine: Vec<SignupView> =
            app.send(Method::GET, "/api/volunteering/signups", None, Some(c)).await.json();
        let g = mine.iter().find(|g| g.id == *id).unwrap();
        let want = if i < 3 { SignupStatus::SignedUp } else { SignupStatus::Waitlisted };
        assert_eq!(g.status, want, "waiting person {i}");
        if i >= 3 {
            assert_eq!(g.waitlist_position, Some(i as u32 - 2));
        }
    }
    assert_eq!(taken(&app, s.id).await, (3, 3));
    let (texts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sms_queue WHERE body LIKE '%候补转为正式%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(texts, 3);
    // A withdrawal repeated changes nothing.
    let (c, id) = &holders[0];
    let res =
        app.send(Method::DELETE, &format!("/api/volunteering/signups/{id}"), None, Some(c)).await;
    res.assert_problem(409, ErrorCode::Conflict);
    assert_eq!(taken(&app, s.id).await, (3, 3));
}

#[tokio::test]
async fn sign_up_refuses_doubles_overlaps_minors_without_consent_and_started_shifts() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 3).await;
    let overlapping = shift(&app, &org, a, 2, (10 * 60, 12 * 60), 3).await;
    let vol = volunteer(&app).await;
    signed_up(&app, &vol, s.id).await;
    sign_up(&app, &vol, s.id).await.assert_problem(409, ErrorCode::AlreadySignedUp);
    sign_up(&app, &vol, overlapping.id).await.assert_problem(409, ErrorCode::ShiftOverlap);

    // Not yet a volunteer.
    let n = 900;
    let plain = crate::bookings::fixtures::resident(
        &app,
        "李四",
        &crate::bookings::fixtures::id_number("19810101", true, n),
    )
    .await;
    sign_up(&app, &plain, s.id).await.assert_problem(403, ErrorCode::VolunteerRequired);

    // A minor registers only with a guardian's consent, and needs it to sign up.
    let teen_birth = super::fixtures::today(&app).add_days(-16 * 365).to_string().replace('-', "");
    let teen = crate::bookings::fixtures::resident(
        &app,
        "小明",
        &crate::bookings::fixtures::id_number(&teen_birth, true, n + 1),
    )
    .await;
    let body = r#"{"emergency_name":"王家属","emergency_phone":"13912345679","pledge":true}"#;
    let p = app
        .send(Method::PUT, "/api/volunteering/me", Some(body), Some(&teen))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "guardian");
    let body = r#"{"emergency_name":"王家属","emergency_phone":"13912345679","pledge":false}"#;
    let p = app
        .send(Method::PUT, "/api/volunteering/me", Some(body), Some(&plain))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "pledge");
    let minor = volunteer_born(&app, &teen_birth, Some(true)).await;
    signed_up(&app, &minor, s.id).await;
    let adults_only = activity(&app, &org, ORG, Some(18)).await;
    let s18 = shift(&app, &org, adults_only, 3, (9 * 60, 11 * 60), 3).await;
    sign_up(&app, &minor, s18.id).await.assert_problem(403, ErrorCode::TooYoung);
    // A minor whose guardian has not consented is refused at sign-up time, not just at registration.
    sqlx::query("UPDATE volunteers SET guardian_consent_at = NULL")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let later = shift(&app, &org, a, 4, (9 * 60, 11 * 60), 3).await;
    sign_up(&app, &minor, later.id).await.assert_problem(403, ErrorCode::GuardianRequired);

    // Once a shift has started, nobody joins or leaves it.
    set_clock(&app, s.day, 9 * 60 + 1).await;
    let late = volunteer(&app).await;
    sign_up(&app, &late, s.id).await.assert_problem(409, ErrorCode::ShiftClosed);
    let mine: Vec<SignupView> =
        app.send(Method::GET, "/api/volunteering/signups", None, Some(&vol)).await.json();
    let uri = format!("/api/volunteering/signups/{}", mine[0].id);
    app.send(Method::DELETE, &uri, None, Some(&vol))
        .await
        .assert_problem(409, ErrorCode::ShiftClosed);
    // Someone else's sign-up does not exist for them.
    app.send(Method::DELETE, &uri, None, Some(&late))
        .await
        .assert_problem(404, ErrorCode::NotFound);
}

#[tokio::test]
async fn cancelling_a_shift_tells_everyone_signed_up_or_waiting() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 1).await;
    let one = volunteer(&app).await;
    let two = volunteer(&app).await;
    signed_up(&app, &one, s.id).await;
    signed_up(&app, &two, s.id).await;
    let uri = format!("/api/volunteering/shifts/{}/cancel", s.id);
    assert_eq!(app.send(Method::POST, &uri, None, Some(&org)).await.status, 204);
    app.send(Method::POST, &uri, None, Some(&org))
        .await
        .assert_problem(409, ErrorCode::ShiftClosed);
    let (texts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sms_queue WHERE body LIKE '%已取消志愿服务班次%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(texts, 2);
    sign_up(&app, &volunteer(&app).await, s.id).await.assert_problem(409, ErrorCode::ShiftClosed);
}

/// Two servers share the database; withdrawals arrive at both at once: every freed place goes
/// to exactly one waiting person, in order, whichever server handled the withdrawal.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn withdrawals_on_two_servers_promote_each_waiting_person_once() {
    let app = app().await;
    let other = super::fixtures::second_server(&app).await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 4).await;
    let mut holders = Vec::new();
    for _ in 0..4 {
        let c = volunteer(&app).await;
        let id = signed_up(&app, &c, s.id).await.id;
        holders.push((c, id));
    }
    let mut waiting = Vec::new();
    for _ in 0..6 {
        let c = volunteer(&app).await;
        let id = signed_up(&app, &c, s.id).await.id;
        waiting.push((c, id));
    }
    let reqs = holders
        .iter()
        .enumerate()
        .map(|(i, (c, id))| {
            let router = if i % 2 == 0 { app.router.clone() } else { other.clone() };
            (router, Method::DELETE, format!("/api/volunteering/signups/{id}"), c.clone())
        })
        .collect();
    assert_eq!(super::fixtures::concurrently_on(reqs).await, vec![204; 4]);
    let statuses: Vec<String> = {
        let mut out = Vec::new();
        for (_, id) in &waiting {
            let (st,): (String,) = sqlx::query_as("SELECT status FROM vol_signups WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
            out.push(st);
        }
        out
    };
    assert_eq!(
        statuses,
        ["signed_up", "signed_up", "signed_up", "signed_up", "waitlisted", "waitlisted"]
    );
    assert_eq!(taken(&app, s.id).await, (4, 4));
    let (texts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sms_queue WHERE body LIKE '%候补转为正式%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(texts, 4);
}

/// The sign-up a request made is answered however many sign-ups the volunteer has: it was
/// looked up among the 200 with the latest shifts, so a sign-up for an earlier shift was taken
/// and then answered 404.
#[tokio::test]
async fn a_sign_up_is_answered_behind_two_hundred_later_ones() {
    use portal_server::volunteering::db;
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let vol = volunteer(&app).await;
    let a = activity(&app, &org, ORG, None).await;
    let first = shift(&app, &org, a, 3, (9 * 60, 10 * 60), 5).await;
    let mine = signed_up(&app, &vol, first.id).await;
    let (account,): (i64,) = sqlx::query_as("SELECT account_id FROM vol_signups WHERE id = $1")
        .bind(mine.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let mut tx = app.db.pool.begin().await.unwrap();
    for d in 0..200i64 {
        let day = first.day.add_days(10 + d);
        let (from, to) = portal_api::volunteering::shift_instants(day, 9 * 60, 10 * 60);
        let new = db::NewShift {
            activity_id: a,
            day,
            start_min: 9 * 60,
            end_min: 10 * 60,
            starts_at: from,
            ends_at: to,
            capacity: 5,
            secret: "s",
        };
        let s = db::insert_shift(&mut *tx, &new).await.unwrap();
        db::insert_signup(&mut *tx, s, account, SignupStatus::SignedUp, 0).await.unwrap();
    }
    tx.commit().await.unwrap();
    let earlier = shift(&app, &org, a, 2, (9 * 60, 10 * 60), 5).await;
    let view = signed_up(&app, &vol, earlier.id).await;
    assert_eq!((view.shift.id, view.status), (earlier.id, SignupStatus::SignedUp));
}

/// Sign-ups for overlapping shifts sent at once: one gets through, the rest are told they
/// overlap (the check ran before either was written, so both got places).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overlapping_sign_ups_sent_at_once_get_one_place() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let mut shifts = Vec::new();
    for start in [9 * 60, 9 * 60 + 30, 10 * 60, 10 * 60 + 30] {
        shifts.push(shift(&app, &org, a, 2, (start, start + 120), 5).await.id);
    }
    let vol = volunteer(&app).await;
    let reqs = shifts
        .iter()
        .map(|s| (Method::POST, format!("/api/volunteering/shifts/{s}/signup"), None, vol.clone()))
        .collect();
    let statuses: Vec<u16> = concurrently(&app, reqs).await.into_iter().map(|(s, _)| s).collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|&s| s == 201 || s == 409 || s == 503), "{statuses:?}");
    let mine: Vec<SignupView> =
        app.send(Method::GET, "/api/volunteering/signups", None, Some(&vol)).await.json();
    assert_eq!(mine.iter().filter(|g| g.status == SignupStatus::SignedUp).count(), 1);
}

/// Deleting an account withdraws its sign-ups for shifts not started: the place goes to the
/// first waiting, who is told; an erased account holds no places.
#[tokio::test]
async fn deleting_an_account_hands_its_places_to_the_waitlist() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 1).await;
    let leaving = volunteer(&app).await;
    signed_up(&app, &leaving, s.id).await;
    let waiting = volunteer(&app).await;
    let g = signed_up(&app, &waiting, s.id).await;
    assert_eq!(g.status, SignupStatus::Waitlisted);
    assert_eq!(app.send(Method::DELETE, "/api/me", None, Some(&leaving)).await.status, 204);
    let mine: Vec<SignupView> =
        app.send(Method::GET, "/api/volunteering/signups", None, Some(&waiting)).await.json();
    assert_eq!(mine.iter().find(|m| m.id == g.id).unwrap().status, SignupStatus::SignedUp);
    assert_eq!(taken(&app, s.id).await, (1, 1));
    let (texts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sms_queue WHERE body LIKE '%候补转为正式%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(texts, 1);
}
