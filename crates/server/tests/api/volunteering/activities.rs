//! `GET /api/volunteering/activities` (anyone, with filters) and the organiser's profile and
//! activity routes.

use super::fixtures::{
    ORG, OTHER_ORG, activity, app, organiser, shift, signed_up, today, volunteer,
};
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::volunteering::{ACTIVITY_PAGE, ActivityPage, ActivityView};

const LIST: &str = "/api/volunteering/activities";

/// One page of the list at `path` (the public one or an organisation's), as `cookie` if any.
async fn page_of(
    app: &crate::support::TestApp,
    path: &str,
    query: &str,
    cookie: Option<&str>,
) -> ActivityPage {
    let res = app.send(Method::GET, &format!("{path}{query}"), None, cookie).await;
    assert_eq!(res.status, 200, "{path}{query}: {}", String::from_utf8_lossy(&res.body));
    res.json()
}

async fn page(app: &crate::support::TestApp, query: &str) -> ActivityPage {
    page_of(app, LIST, query, None).await
}

/// Every page of the list at `path`, followed through `next`: each page full but the last,
/// newest first across pages, nothing twice.
async fn list_of(
    app: &crate::support::TestApp,
    path: &str,
    query: &str,
    cookie: Option<&str>,
) -> Vec<ActivityView> {
    let mut all: Vec<ActivityView> = Vec::new();
    let mut p = page_of(app, path, query, cookie).await;
    loop {
        assert!(p.items.len() <= ACTIVITY_PAGE, "{query}: a page of {}", p.items.len());
        all.extend(p.items);
        let Some(next) = p.next else { break };
        assert_eq!(all.len() % ACTIVITY_PAGE, 0, "{query}: a short page before the last");
        assert_eq!(all.last().map(|a| a.id), Some(next), "{query}: next is the last listed");
        let sep = if query.is_empty() { "?" } else { "&" };
        p = page_of(app, path, &format!("{query}{sep}before={next}"), cookie).await;
    }
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "{query}: newest first, once each");
    all
}

async fn list(app: &crate::support::TestApp, query: &str) -> Vec<ActivityView> {
    list_of(app, LIST, query, None).await
}

#[tokio::test]
async fn anyone_lists_activities_filtered_by_district_category_dates_and_places() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 3, (9 * 60, 11 * 60), 1).await;
    let ids = |v: Vec<ActivityView>| v.into_iter().map(|x| x.id).collect::<Vec<_>>();
    let all = list(&app, "").await;
    let mine = all.iter().find(|x| x.id == a).expect("listed without signing in");
    assert_eq!(mine.shifts[0].places_left, 1);
    assert_eq!(mine.org_name, "测试志愿服务队");
    assert!(all.iter().any(|x| x.demo), "demo activities are listed and marked");
    assert!(ids(list(&app, "?district=hubei-tianmen&category=elder_care").await).contains(&a));
    assert!(!ids(list(&app, "?category=environment").await).contains(&a));
    assert!(!ids(list(&app, "?district=kunming-anning").await).contains(&a));
    let after = today(&app).add_days(4);
    assert!(!ids(list(&app, &format!("?from={after}")).await).contains(&a));
    assert!(ids(list(&app, &format!("?to={}", s.day)).await).contains(&a));
    let vol = volunteer(&app).await;
    signed_up(&app, &vol, s.id).await;
    assert!(!ids(list(&app, "?open=true").await).contains(&a), "full: not open");
    assert!(ids(list(&app, "?open=false").await).contains(&a));
    let detail: ActivityView = app.get(&format!("/api/volunteering/activities/{a}")).await.json();
    assert_eq!(detail.shifts[0].places_left, 0);
    app.get("/api/volunteering/activities?category=gardening")
        .await
        .assert_problem(400, ErrorCode::Validation);
    app.get("/api/volunteering/activities/999999").await.assert_problem(404, ErrorCode::NotFound);
}

#[tokio::test]
async fn organisers_act_only_for_their_own_organisation_with_a_valid_credit_code() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let other = organiser(&app, "13800000012", OTHER_ORG).await;
    let bad = r#"{"name":"x","credit_code":"53429006MJ00000990","contact":"1","district":"hubei-tianmen"}"#;
    let p = app
        .send(Method::PUT, &format!("/api/volunteering/orgs/{ORG}"), Some(bad), Some(&org))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "credit_code");
    let a = activity(&app, &org, ORG, None).await;
    let edit = r#"{"title":"改名","category":"culture","district":"hubei-tianmen","address":"x"}"#;
    let uri = format!("/api/volunteering/activities/{a}");
    app.send(Method::PUT, &uri, Some(edit), Some(&other))
        .await
        .assert_problem(403, ErrorCode::Forbidden);
    app.send(Method::PUT, &uri, Some(edit), None)
        .await
        .assert_problem(401, ErrorCode::Unauthenticated);
    let res = app.send(Method::PUT, &uri, Some(edit), Some(&org)).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json::<ActivityView>().title, "改名");
    let uri = format!("/api/volunteering/orgs/{ORG}/activities");
    app.send(Method::GET, &uri, None, Some(&other)).await.assert_problem(403, ErrorCode::Forbidden);
    let shift = r#"{"day":"2020-01-01","start_min":540,"end_min":600,"capacity":3}"#;
    let p = app
        .send(
            Method::POST,
            &format!("/api/volunteering/activities/{a}/shifts"),
            Some(shift),
            Some(&org),
        )
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "day");
    // Every organiser action is in the audit log.
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'volunteering.%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(n >= 4, "{n}");
}

/// The list's limit (500 activities) applies after the window: 500 newer activities with no
/// shift in it do not hide an older one with a shift next week (they did when the limit was
/// taken first and the window checked afterwards).
#[tokio::test]
async fn newer_activities_outside_the_window_do_not_crowd_out_one_inside() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let a = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, a, 7, (9 * 60, 11 * 60), 3).await;
    let req: portal_api::volunteering::ActivityRequest = serde_json::from_str(
        r#"{"title":"较新的活动","category":"culture","district":"hubei-tianmen","address":"x"}"#,
    )
    .unwrap();
    let far = today(&app).add_days(60);
    let (from, to) = portal_api::volunteering::shift_instants(far, 9 * 60, 11 * 60);
    let mut tx = app.db.pool.begin().await.unwrap();
    for _ in 0..520 {
        let id = portal_server::volunteering::db::insert_activity(&mut *tx, ORG, &req, 1, false, 0)
            .await
            .unwrap();
        let new = portal_server::volunteering::db::NewShift {
            activity_id: id,
            day: far,
            start_min: 9 * 60,
            end_min: 11 * 60,
            starts_at: from,
            ends_at: to,
            capacity: 3,
            secret: "s",
        };
        portal_server::volunteering::db::insert_shift(&mut *tx, &new).await.unwrap();
    }
    tx.commit().await.unwrap();
    let week = list(&app, &format!("?from={}&to={}", s.day, s.day)).await;
    assert!(week.iter().any(|x| x.id == a), "the older activity with a shift that day is listed");
    assert!(week.iter().all(|x| x.shifts.iter().all(|sh| sh.day == s.day)));
    let open = list(&app, &format!("?from={}&to={}&open=true", s.day, s.day)).await;
    assert!(open.iter().any(|x| x.id == a));
    let first = page(&app, "").await;
    assert_eq!(first.items.len(), ACTIVITY_PAGE);
    let all = list(&app, "").await;
    assert!(all.len() >= 521, "every page reached: {}", all.len());
    assert!(all.iter().any(|x| x.id == a));
}

#[tokio::test]
async fn the_list_pages_through_every_activity_once_and_rejects_a_bad_cursor() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let mut mine = Vec::new();
    // Enough that the open half alone takes two pages.
    for i in 0..(2 * ACTIVITY_PAGE + 5) {
        let a = activity(&app, &org, ORG, None).await;
        // Every other one full, for the open filter.
        let s = shift(&app, &org, a, 2, (9 * 60, 11 * 60), 1).await;
        if i % 2 == 0 {
            let vol = volunteer(&app).await;
            signed_up(&app, &vol, s.id).await;
        }
        mine.push(a);
    }
    let ids = |v: &[ActivityView]| v.iter().map(|x| x.id).collect::<Vec<_>>();
    let all = ids(&list(&app, "?district=hubei-tianmen").await);
    assert!(mine.iter().all(|a| all.contains(a)), "each of the 45 on some page");
    // The open filter holds on every page, not just the first.
    let open = list(&app, "?district=hubei-tianmen&open=true").await;
    assert!(open.len() > ACTIVITY_PAGE, "the open list spans pages: {}", open.len());
    assert!(open.iter().all(|a| a.shifts.iter().any(|s| s.places_left > 0 && !s.cancelled)));
    let open = ids(&open);
    for (i, a) in mine.iter().enumerate() {
        assert_eq!(open.contains(a), i % 2 == 1, "activity {i}");
    }
    // One added between two pages shows on no later page (it is newer than the cursor).
    let first = page(&app, "?district=hubei-tianmen").await;
    let added = activity(&app, &org, ORG, None).await;
    shift(&app, &org, added, 2, (9 * 60, 11 * 60), 1).await;
    let cursor = first.next.expect("more than one page");
    let second = page(&app, &format!("?district=hubei-tianmen&before={cursor}")).await;
    assert!(second.items.iter().all(|x| x.id < cursor && x.id != added));
    // A cursor past the newest gives the first page; a bad one is a field error.
    let high = page(&app, &format!("?district=hubei-tianmen&before={}", i64::MAX)).await;
    assert_eq!(high.items.first().map(|x| x.id), Some(added));
    for bad in ["0", "-3", "abc", "1.5", "99999999999999999999"] {
        app.get(&format!("/api/volunteering/activities?before={bad}"))
            .await
            .assert_problem(400, ErrorCode::Validation);
    }
    // Past the oldest: an empty last page.
    let end = page(&app, "?before=1").await;
    assert!(end.items.is_empty() && end.next.is_none());
}

/// The organiser's own list pages the same way (it was the newest 500 in one response, so an
/// organisation with more could never see its oldest): every activity of the organisation
/// once, the oldest included, none of another organisation's, and the organiser sees
/// cancelled shifts.
#[tokio::test]
async fn the_organiser_pages_through_every_activity_of_the_organisation() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let other = organiser(&app, "13800000012", OTHER_ORG).await;
    let theirs = activity(&app, &other, OTHER_ORG, None).await;
    let oldest = activity(&app, &org, ORG, None).await;
    let s = shift(&app, &org, oldest, 3, (9 * 60, 11 * 60), 2).await;
    let res = app
        .send(Method::POST, &format!("/api/volunteering/shifts/{}/cancel", s.id), None, Some(&org))
        .await;
    assert!(res.status.is_success(), "{}", String::from_utf8_lossy(&res.body));
    let req: portal_api::volunteering::ActivityRequest = serde_json::from_str(
        r#"{"title":"较新的活动","category":"culture","district":"hubei-tianmen","address":"x"}"#,
    )
    .unwrap();
    let mut tx = app.db.pool.begin().await.unwrap();
    for _ in 0..510 {
        portal_server::volunteering::db::insert_activity(&mut *tx, ORG, &req, 1, false, 0)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let path = format!("/api/volunteering/orgs/{ORG}/activities");
    let first = page_of(&app, &path, "", Some(&org)).await;
    assert_eq!(first.items.len(), ACTIVITY_PAGE);
    let all = list_of(&app, &path, "", Some(&org)).await;
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM vol_activities WHERE org_code = $1")
        .bind(ORG)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(all.len() as i64, n, "every activity of the organisation, once");
    assert!(n > 500, "more than the old limit of 500: {n}");
    assert!(all.iter().all(|a| a.org_code == ORG && a.id != theirs));
    let last = all.last().unwrap();
    assert_eq!(last.id, oldest, "the oldest is reached");
    assert!(last.shifts.iter().any(|x| x.id == s.id && x.cancelled), "{:?}", last.shifts);
    for bad in ["0", "-3", "abc", "99999999999999999999"] {
        app.send(Method::GET, &format!("{path}?before={bad}"), None, Some(&org))
            .await
            .assert_problem(400, ErrorCode::Validation);
    }
    app.send(Method::GET, &path, None, None).await.assert_problem(401, ErrorCode::Unauthenticated);
}
