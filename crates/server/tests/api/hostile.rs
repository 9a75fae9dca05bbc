//! Hostile input on every kind of route: whatever arrives, the answer is a problem in the shape
//! the app translates, naming the field where there is one, and never a 500 (on PostgreSQL a
//! NUL in text was one: it cannot store U+0000, SQLSTATE 22021).

use crate::bookings::dated::{DAY, HIM, hold, resident, with_offices};
use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Method, Request, header};
use portal_api::account::Role;
use portal_api::{ErrorCode, FieldCode};

/// Asserts a validation problem whose first field error is `field` with `code`.
fn assert_field(res: &crate::support::TestResponse, field: &str, code: FieldCode, what: &str) {
    let p = res.assert_problem(400, ErrorCode::Validation);
    assert_eq!((p.errors[0].field.as_str(), p.errors[0].code), (field, code), "{what}");
}

#[tokio::test]
async fn a_nul_in_a_path_query_or_body_is_refused_naming_where_it_is() {
    let app = with_offices().await;
    // Anonymous routes that reach the database with what they were given.
    for (uri, field) in [
        ("/api/charities?q=%00%E6%85%88", "q"),
        ("/api/volunteering/activities?district=%00", "district"),
        ("/api/offices/%00/days?service=marriage", "path"),
        ("/api/offices/tianmen/availability?service=marriage&day=2026-03-04%00", "day"),
        ("/api/regions?x%00=1", "x"),
    ] {
        assert_field(&app.get(uri).await, field, FieldCode::BadCharacter, uri);
    }
    // An encoded percent sign before two zeros is not a NUL: an ordinary unknown office.
    app.get("/api/offices/a%2500/days?service=marriage")
        .await
        .assert_problem(404, ErrorCode::NotFound);
    let res = app.post_json("/api/auth/code", r#"{"phone":"138\u00000000000"}"#).await;
    assert_field(&res, "phone", FieldCode::BadCharacter, "phone");
    // Anywhere in the body: the path is named the way field errors name it.
    let res = app.post_json("/api/auth/code", r#"{"phone":"1","x":[{"y":"a\u0000"}]}"#).await;
    assert_field(&res, "x[0].y", FieldCode::BadCharacter, "nested");
    // An escaped backslash followed by "u0000" is six ordinary characters, not a NUL.
    let res = app.post_json("/api/auth/code", r#"{"phone":"13800138000","x":"\\u0000"}"#).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    // Signed in: a hold and the partner's details.
    let him = resident(&app, "13800000001", HIM).await;
    let body =
        format!(r#"{{"office":"\u0000","service":"marriage","day":"{DAY}","start_min":540}}"#);
    let res = app.send(Method::POST, "/api/bookings/hold", Some(&body), Some(&him)).await;
    assert_field(&res, "office", FieldCode::BadCharacter, "hold");
    let held = hold(&app, &him, 540).await;
    let body = r#"{"partner":{"name":"李\u0000四","id_number":"440524198511200028"}}"#;
    let uri = format!("/api/bookings/{}/details", held.id);
    let res = app.send(Method::POST, &uri, Some(body), Some(&him)).await;
    assert_field(&res, "partner.name", FieldCode::BadCharacter, "details");
}

#[tokio::test]
async fn a_host_header_that_is_not_a_host_name_is_refused() {
    let app = TestApp::new().await;
    let get = |host: String| {
        Request::get("/api/regions").header(header::HOST, host).body(Body::empty()).unwrap()
    };
    app.request(get("a".repeat(3000))).await.assert_problem(400, ErrorCode::MalformedBody);
    app.request(get("evil.example/<script>".into()))
        .await
        .assert_problem(400, ErrorCode::MalformedBody);
    for host in ["127.0.0.1:8080", "minzheng.example.gov.cn", "[::1]:8080"] {
        assert_eq!(app.request(get(host.into())).await.status, 200, "{host}");
    }
}

#[tokio::test]
async fn a_date_outside_four_digit_years_is_a_field_error() {
    let app = with_offices().await;
    for day in ["10000-01-01", "0000-01-01", "-2026-03-04", "2026-02-29"] {
        let uri = format!("/api/offices/tianmen/availability?service=marriage&day={day}");
        assert_field(&app.get(&uri).await, "day", FieldCode::Invalid, day);
    }
}

#[tokio::test]
async fn a_clerk_sets_days_from_today_to_two_years_ahead_only() {
    let app = with_offices().await;
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    // T0 is 2026-03-01; two years (730 days) on is 2028-02-29.
    for (day, ok) in
        [("2026-02-28", false), ("2026-03-01", true), ("2028-02-29", true), ("2028-03-01", false)]
    {
        let close = format!(r#"{{"day":"{day}","reason":"停电检修"}}"#);
        let special = format!(r#"{{"day":"{day}","counters":2,"release_at":null,"dry_run":true}}"#);
        for (uri, body) in [
            ("/api/clerk/offices/tianmen/closures", close),
            ("/api/clerk/offices/tianmen/special-dates", special),
        ] {
            let res = app.send(Method::POST, uri, Some(&body), Some(&clerk)).await;
            if ok {
                assert_eq!(res.status, 200, "{uri} {day}: {}", String::from_utf8_lossy(&res.body));
            } else {
                assert_field(&res, "day", FieldCode::DayOutOfRange, &format!("{uri} {day}"));
            }
        }
    }
}

/// An ID number with a valid check character: `body` is its first 17 characters.
fn id_number(body: &str) -> String {
    let c = portal_api::ids::id_check_character(body.as_bytes()) as char;
    format!("{body}{c}")
}

#[tokio::test]
async fn a_partner_whose_number_cannot_be_a_living_persons_is_refused() {
    let app = with_offices().await;
    let him = resident(&app, "13800000001", HIM).await;
    let held = hold(&app, &him, 540).await;
    let uri = format!("/api/bookings/{}/details", held.id);
    // Born 1800 (226 years old on the day) or in 2999; a woman, as the marriage needs.
    for body in ["11010518000101002", "11010529990101002"] {
        let partner = id_number(body);
        let req = format!(r#"{{"partner":{{"name":"李四","id_number":"{partner}"}}}}"#);
        let res = app.send(Method::POST, &uri, Some(&req), Some(&him)).await;
        assert_field(&res, "parties[1].id_number", FieldCode::BirthDate, &partner);
    }
}

#[tokio::test]
async fn axum_own_rejections_are_problems_too() {
    let app = TestApp::new().await;
    let admin = app.sign_in_staff("13700137000", Role::Admin, "").await;
    // The audit log's paging parameters, and an import over the 8 MiB limit.
    let res = app.send(Method::GET, "/api/admin/audit?limit=abc", None, Some(&admin)).await;
    assert_field(&res, "limit", FieldCode::Invalid, "audit limit");
    let big = vec![b'a'; 9 * 1024 * 1024];
    let req = Request::post("/api/admin/charities/import")
        .header(header::CONTENT_TYPE, "text/csv")
        .header(header::COOKIE, &admin)
        .body(Body::from(big))
        .unwrap();
    app.request(req).await.assert_problem(413, ErrorCode::PayloadTooLarge);
}

/// Rows kept only to count attempts (unknown certificate codes looked up, sign-in codes,
/// rate-limit windows) are forgotten two days on, so anonymous requests from changing
/// addresses cannot grow them for ever; newer ones are kept.
#[tokio::test]
async fn rows_kept_to_count_attempts_are_forgotten_two_days_on() {
    let app = TestApp::new().await;
    let now = app.clock_now();
    for (at, ip) in [(now - 3 * 86_400, "198.51.100.1"), (now - 60, "198.51.100.2")] {
        portal_server::volunteering::db::record_verify_miss(&app.db.pool, ip, at).await.unwrap();
        sqlx::query(
            "INSERT INTO login_codes (phone, code_hash, ip, created_at, expires_at) VALUES ('13800000000', 'x', $1, $2, $2)",
        )
        .bind(ip)
        .bind(at)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    portal_server::limits::purge(&app.db, now).await.unwrap();
    for table in ["vol_verify_misses", "login_codes"] {
        let left: Vec<(String,)> = sqlx::query_as(&format!("SELECT ip FROM {table}"))
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(left, [("198.51.100.2".to_owned(),)], "{table}");
    }
}

/// Text others will read (a closure reason is texted to every couple booked that day) may not
/// carry a bidirectional override, which makes it read differently from what was stored.
#[tokio::test]
async fn text_others_read_may_not_carry_a_direction_override() {
    let app = with_offices().await;
    let clerk = app.sign_in_staff("13700000001", Role::Clerk, "tianmen").await;
    let uri = "/api/clerk/offices/tianmen/closures";
    for reason in ["停电\u{202E}修检", "停电\u{2066}检修", "停电\n检修", "停电\u{2028}检修"]
    {
        let body = serde_json::json!({ "day": DAY, "reason": reason }).to_string();
        let res = app.send(Method::POST, uri, Some(&body), Some(&clerk)).await;
        assert_field(&res, "reason", FieldCode::BadCharacter, reason);
    }
    let body = serde_json::json!({ "day": DAY, "reason": "停电检修" }).to_string();
    assert_eq!(app.send(Method::POST, uri, Some(&body), Some(&clerk)).await.status, 200);
}
