//! `/api/me`, `/api/me/real-name`, `/api/me/data`, `DELETE /api/me`, `/api/admin/audit`.

use crate::support::TestApp;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::account::{AuditPage, Me, MyData, Role};

const A: &str = "13800138000";
const B: &str = "13900139000";
const ID: &str = "11010519491231002X";

fn real_name(name: &str, id: &str) -> String {
    format!(r#"{{"name":"{name}","id_number":"{id}"}}"#)
}

#[tokio::test]
async fn real_name_is_validated_encrypted_masked_and_then_locked() {
    let app = TestApp::new().await;
    let a = app.sign_in(A).await;
    let p = app
        .send(
            Method::POST,
            "/api/me/real-name",
            Some(&real_name("张", "110105194912310021")),
            Some(&a),
        )
        .await
        .assert_problem(400, ErrorCode::Validation);
    let fields: Vec<(&str, &str)> =
        p.errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
    assert_eq!(fields, [("name", "name"), ("id_number", "check_character")]);
    // Born in the future (2099).
    let p = app
        .send(
            Method::POST,
            "/api/me/real-name",
            Some(&real_name("张三", "110105209901010012")),
            Some(&a),
        )
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(
        (p.errors[0].field.as_str(), p.errors[0].code.as_str()),
        ("id_number", "birth_date")
    );
    // A valid check character but born in 1880: not a living applicant.
    app.send(
        Method::POST,
        "/api/me/real-name",
        Some(&real_name("张三", "440524188001010014")),
        Some(&a),
    )
    .await
    .assert_problem(400, ErrorCode::Validation);
    let res = app
        .send(
            Method::POST,
            "/api/me/real-name",
            Some(&real_name("张三", "11010519491231002x")),
            Some(&a),
        )
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let me: Me = res.json();
    assert_eq!(me.id_masked.as_deref(), Some("110***********002X"));
    assert!(!String::from_utf8_lossy(&res.body).contains(ID));
    let (cipher,): (String,) = sqlx::query_as("SELECT id_cipher FROM accounts WHERE phone = $1")
        .bind(A)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(!cipher.contains("19491231"), "encrypted at rest");
    app.send(
        Method::POST,
        "/api/me/real-name",
        Some(&real_name("李四", "440524198511200028")),
        Some(&a),
    )
    .await
    .assert_problem(409, ErrorCode::RealNameLocked);

    let b = app.sign_in(B).await;
    let p = app
        .send(Method::POST, "/api/me/real-name", Some(&real_name("王五", ID)), Some(&b))
        .await
        .assert_problem(409, ErrorCode::IdInUse);
    assert!(!p.detail.unwrap_or_default().contains("account"), "says nothing of another account");
    // Trying number after number to learn which have an account is stopped after five.
    for _ in 0..4 {
        app.send(Method::POST, "/api/me/real-name", Some(&real_name("王五", ID)), Some(&b))
            .await
            .assert_problem(409, ErrorCode::IdInUse);
    }
    app.send(
        Method::POST,
        "/api/me/real-name",
        Some(&real_name("王五", "440524198511200028")),
        Some(&b),
    )
    .await
    .assert_problem(429, ErrorCode::RateLimited);
}

#[tokio::test]
async fn my_data_has_everything_and_only_mine() {
    let app = TestApp::new().await;
    let a = app.sign_in(A).await;
    app.send(Method::POST, "/api/me/real-name", Some(&real_name("张三", ID)), Some(&a)).await;
    let b = app.sign_in(B).await;
    let res = app.send(Method::GET, "/api/me/data", None, Some(&a)).await;
    assert_eq!(res.status, 200);
    assert!(res.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let data: MyData = res.json();
    assert_eq!((data.phone.as_str(), data.id_number.as_deref()), (A, Some(ID)));
    assert!(data.audit.iter().any(|e| e.action == "auth.sign_in"));
    assert!(data.audit.iter().any(|e| e.action == "account.real_name_set"));
    assert_eq!(data.sessions.iter().filter(|s| s.current).count(), 1);
    let other: MyData = app.send(Method::GET, "/api/me/data", None, Some(&b)).await.json();
    assert_eq!(other.phone, B);
    assert_eq!(other.id_number, None);
    assert!(
        !String::from_utf8_lossy(&app.send(Method::GET, "/api/me/data", None, Some(&b)).await.body)
            .contains(A)
    );
}

#[tokio::test]
async fn deleting_the_account_erases_personal_data_and_ends_sessions() {
    let app = TestApp::new().await;
    let a = app.sign_in(A).await;
    app.send(Method::POST, "/api/me/real-name", Some(&real_name("张三", ID)), Some(&a)).await;
    assert_eq!(app.send(Method::DELETE, "/api/me", None, Some(&a)).await.status, 204);
    app.send(Method::GET, "/api/me", None, Some(&a))
        .await
        .assert_problem(401, ErrorCode::Unauthenticated);
    let row: (Option<String>, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT phone, real_name, id_cipher FROM accounts WHERE deleted_at IS NOT NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(row, (None, None, None));
    // The number can start afresh, and the ID number is free again.
    app.clock.advance(61);
    let again = app.sign_in(A).await;
    let me: Me = app.send(Method::GET, "/api/me", None, Some(&again)).await.json();
    assert_eq!(me.real_name, None);
    assert_eq!(
        app.send(Method::POST, "/api/me/real-name", Some(&real_name("张三", ID)), Some(&again))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn audit_log_is_for_admins_filterable_paged_and_append_only() {
    let app = TestApp::new().await;
    let a = app.sign_in(A).await;
    app.send(Method::GET, "/api/admin/audit", None, Some(&a))
        .await
        .assert_problem(403, ErrorCode::Forbidden);
    app.send(Method::GET, "/api/admin/audit", None, None)
        .await
        .assert_problem(401, ErrorCode::Unauthenticated);
    let admin = app.sign_in_staff("13700137000", Role::Admin, "").await;
    let page: AuditPage = app
        .send(Method::GET, "/api/admin/audit?action=auth.&limit=1", None, Some(&admin))
        .await
        .json();
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].action, "auth.sign_in");
    assert_eq!(page.entries[0].actor, "137****7000");
    let before = page.next_before.unwrap();
    let page2: AuditPage = app
        .send(
            Method::GET,
            &format!("/api/admin/audit?action=auth.&before={before}"),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page2.entries[0].actor, "138****8000");
    assert!(page2.entries.iter().all(|e| e.id < before));
    // The database refuses to change history.
    assert!(sqlx::query("UPDATE audit_log SET actor = 'x'").execute(&app.db.pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log").execute(&app.db.pool).await.is_err());
}

/// Attempts sent all at once are limited too: the refusals are counted after each attempt, so
/// without a count taken before it a burst would all pass. At most ten a day get checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_real_name_attempts_is_limited() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;
    let app = TestApp::new().await;
    let a = app.sign_in(A).await;
    let body = real_name("王五", ID);
    let res = app.send(Method::POST, "/api/me/real-name", Some(&body), Some(&a)).await;
    assert_eq!(res.status, 200);
    let b = app.sign_in(B).await;
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let (router, cookie) = (app.router.clone(), b.clone());
            tokio::spawn(async move {
                let req = Request::post("/api/me/real-name")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::COOKIE, cookie)
                    .body(Body::from(real_name("王五", ID)))
                    .unwrap();
                router.oneshot(req).await.unwrap().status().as_u16()
            })
        })
        .collect();
    let mut statuses = vec![];
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|&&s| s == 409).count();
    // Ten attempts a day; the refusals counted after each stop some sooner (five a day).
    assert!((5..=10).contains(&checked), "{checked} checked: {statuses:?}");
    assert!(statuses.iter().all(|&s| s == 409 || s == 429 || s == 503), "{statuses:?}");
}
