//! Bad input anywhere gets problem details with the right status, never a panic or a 500.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Method, Request, header};
use portal_api::ErrorCode;

#[tokio::test]
async fn unknown_api_route_is_a_404_problem_not_the_app() {
    let app = TestApp::new().await;
    for uri in ["/api/nope", "/api/regions/extra/segments", "/api"] {
        let p = app.get(uri).await.assert_problem(404, ErrorCode::NotFound);
        assert!(p.detail.unwrap().contains(uri));
    }
}

#[tokio::test]
async fn wrong_method_is_a_405_problem_with_allow() {
    let app = TestApp::new().await;
    let res = app.post_json("/api/regions", "{}").await;
    res.assert_problem(405, ErrorCode::MethodNotAllowed);
    assert!(res.headers.get(header::ALLOW).is_some());
}

/// A route that accepts JSON and one that is slow, wrapped in the server's real layers, so
/// the extractor's rejections and the timeout can be seen end to end.
mod extra {
    use portal_server::extract::Json;
    #[derive(serde::Deserialize, serde::Serialize)]
    pub struct Body {
        pub name: String,
    }
    pub async fn echo(Json(b): Json<Body>) -> axum::Json<Body> {
        axum::Json(b)
    }
    pub async fn slow() -> &'static str {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        "late"
    }
    pub async fn held() -> &'static str {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        "done"
    }
    pub async fn panics() -> &'static str {
        panic!("a bug in a handler")
    }
}

async fn layered(adjust: impl FnOnce(&mut portal_server::Settings)) -> (TestApp, axum::Router) {
    layered_with(adjust, |_| {}).await
}

async fn layered_with(
    adjust: impl FnOnce(&mut portal_server::Settings),
    adjust_layers: impl FnOnce(&mut portal_server::Settings),
) -> (TestApp, axum::Router) {
    let app = TestApp::with_settings(adjust).await;
    let routes = axum::Router::new()
        .route("/api/echo", axum::routing::post(extra::echo))
        .route("/api/slow", axum::routing::get(extra::slow))
        .route("/api/held", axum::routing::get(extra::held))
        .route("/api/panic", axum::routing::get(extra::panics));
    let mut settings = crate::support::test_settings(&app.dir);
    adjust_layers(&mut settings);
    settings.request_timeout = std::time::Duration::from_millis(200);
    settings.max_body_bytes = 1024;
    let state = crate::support::state(app.db.clone(), settings.clone(), app.clock.clone());
    let router = portal_server::web::with_layers(routes, &settings).with_state(state);
    (app, router)
}

async fn send(router: &axum::Router, req: Request<Body>) -> (u16, serde_json::Value, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null), ct)
}

#[tokio::test]
async fn json_bodies_malformed_oversized_or_mistyped_get_problems() {
    let (_app, router) = layered(|_| {}).await;
    let post = |ct: &str, body: String| {
        Request::post("/api/echo").header(header::CONTENT_TYPE, ct).body(Body::from(body)).unwrap()
    };
    let (s, v, ct) = send(&router, post("application/json", "{\"name\": ".into())).await;
    assert_eq!(
        (s, v["code"].as_str(), ct.as_str()),
        (400, Some("malformed_body"), "application/problem+json")
    );
    // Well-formed JSON of the wrong shape names the field, like any other field error.
    let (s, v, _) = send(&router, post("application/json", "{\"nom\": 1}".into())).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("validation")));
    assert_eq!(
        (v["errors"][0]["field"].as_str(), v["errors"][0]["code"].as_str()),
        (Some("name"), Some("required"))
    );
    let (s, v, _) = send(&router, post("application/json", "{\"name\": 7}".into())).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("validation")));
    assert_eq!(
        (v["errors"][0]["field"].as_str(), v["errors"][0]["code"].as_str()),
        (Some("name"), Some("invalid"))
    );
    let (s, v, _) = send(&router, post("text/plain", "{\"name\":\"a\"}".into())).await;
    assert_eq!((s, v["code"].as_str()), (415, Some("unsupported_media_type")));
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(4096));
    let (s, v, _) = send(&router, post("application/json", big)).await;
    assert_eq!((s, v["code"].as_str()), (413, Some("payload_too_large")));
    let (s, v, _) = send(&router, post("application/json", "{\"name\":\"李\"}".into())).await;
    assert_eq!((s, v["name"].as_str()), (200, Some("李")));
}

#[tokio::test]
async fn slow_requests_time_out_with_a_408_problem() {
    let (_app, router) = layered(|_| {}).await;
    let (s, v, ct) = send(&router, Request::get("/api/slow").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (s, v["code"].as_str(), ct.as_str()),
        (408, Some("timeout"), "application/problem+json")
    );
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_problem_and_the_server_goes_on() {
    let (_app, router) = layered(|_| {}).await;
    let (s, v, ct) = send(&router, Request::get("/api/panic").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (s, v["code"].as_str(), ct.as_str()),
        (500, Some("internal"), "application/problem+json")
    );
    let (s, ..) = send(&router, Request::get("/api/held").body(Body::empty()).unwrap()).await;
    assert_eq!(s, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_every_slot_is_taken_the_next_request_is_told_to_come_back_at_once() {
    let (_app, router) = layered_with(|_| {}, |s| s.max_in_flight = 1).await;
    let first = tokio::spawn({
        let router = router.clone();
        async move { send(&router, Request::get("/api/held").body(Body::empty()).unwrap()).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    let started = std::time::Instant::now();
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = router
        .clone()
        .oneshot(Request::get("/api/held").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert!(started.elapsed() < std::time::Duration::from_millis(140), "answered without waiting");
    assert_eq!(res.headers()[header::RETRY_AFTER], "2");
    let body: serde_json::Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["code"], "unavailable");
    assert_eq!(first.await.unwrap().0, 200);
}

/// The limit counts requests to every route together: `Router::layer` wraps each route on its
/// own, so a per-layer limit would let each route (and the static files) have its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_in_flight_limit_is_shared_by_every_route() {
    let (_app, router) = layered_with(|_| {}, |s| s.max_in_flight = 1).await;
    let first = tokio::spawn({
        let router = router.clone();
        async move { send(&router, Request::get("/api/held").body(Body::empty()).unwrap()).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    for uri in ["/api/panic", "/"] {
        use tower::ServiceExt;
        let res =
            router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), 503, "{uri}");
        assert_eq!(res.headers()[header::RETRY_AFTER], "2", "{uri}");
    }
    assert_eq!(first.await.unwrap().0, 200);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    std::fs::write(
        app.dir.join("dist/index.html"),
        "<!doctype html><style>body{color:red}</style><script>var a = 1;</script><script type=\"module\">import x from '/x.js';</script><script src=\"/y.js\"></script>",
    )
    .unwrap();
    let settings = crate::support::test_settings(&app.dir);
    let state = crate::support::state(app.db.clone(), settings, app.clock.clone());
    let router = portal_server::app(state);
    for uri in ["/", "/api/info", "/api/nope", "/booking"] {
        use tower::ServiceExt;
        let res =
            router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        let h = res.headers();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("'wasm-unsafe-eval'"),
            "{uri}: {csp}"
        );
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("object-src 'none'")
                && csp.contains("base-uri 'none'")
        );
        // The two inline scripts and the inline stylesheet are allowed by hash, nothing else
        // inline.
        assert_eq!(csp.matches("'sha256-").count(), 3, "{csp}");
        assert!(
            csp.contains("style-src 'self' 'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E=';"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
        assert!(h.contains_key("permissions-policy"));
    }
}

#[tokio::test]
async fn a_bad_path_parameter_is_a_validation_problem() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("13800000001").await;
    for (method, uri) in [
        (axum::http::Method::DELETE, "/api/bookings/abc"),
        (axum::http::Method::GET, "/api/bookings/99999999999999999999999/qr.svg"),
        (axum::http::Method::POST, "/api/clerk/bookings/x/status"),
        (axum::http::Method::GET, "/api/volunteering/activities/abc"),
        (axum::http::Method::POST, "/api/volunteering/shifts/abc/signup"),
        (axum::http::Method::DELETE, "/api/volunteering/signups/1e9"),
    ] {
        let res = app.send(method, uri, Some("{}"), Some(&cookie)).await;
        assert!(matches!(res.status.as_u16(), 400 | 403), "{uri}: {}", res.status);
        assert_eq!(res.content_type(), "application/problem+json", "{uri}");
    }
    let res = app.send(axum::http::Method::DELETE, "/api/bookings/abc", None, Some(&cookie)).await;
    let p = res.assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "path");
    // A missing query parameter names the parameter.
    let p = app
        .get("/api/offices/tianmen/availability?day=2026-03-04")
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!((p.errors[0].field.as_str(), p.errors[0].code.as_str()), ("service", "required"));
}

#[tokio::test]
async fn the_dev_clock_refuses_a_jump_that_would_overflow() {
    let app = TestApp::new().await;
    let big = format!(r#"{{"advance_secs":{}}}"#, i64::MAX);
    app.post_json("/api/dev/clock", &big).await.assert_problem(400, ErrorCode::Validation);
    assert_eq!(app.get("/api/info").await.status, 200);
}

/// A production-mode server (no `--dev`) has no dev routes, sets `__Host-session` with
/// `Secure`, and tells browsers to keep to https (HSTS); a dev server does neither.
#[tokio::test]
async fn production_mode_has_no_dev_routes_and_a_host_only_secure_cookie() {
    let app = crate::support::TestApp::with_settings(|s| {
        s.cookie_secure = true;
        s.dev_outbox = false;
    })
    .await;
    for (method, path, body) in [
        (Method::GET, "/api/dev/outbox?phone=13800138000", None),
        (Method::POST, "/api/dev/clock", Some(r#"{"advance_secs":60}"#)),
        (Method::POST, "/api/dev/policies", Some("{}")),
    ] {
        app.send(method, path, body, None).await.assert_problem(404, ErrorCode::NotFound);
    }
    let res = app.post_json("/api/auth/code", r#"{"phone":"13800138000"}"#).await;
    assert_eq!(res.status, 200);
    let hsts = res.headers.get("strict-transport-security").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(hsts.as_deref(), Some("max-age=31536000; includeSubDomains"));
    // The code as the phone receives it (the test's sender writes it to the outbox table).
    let (text,): (String,) =
        sqlx::query_as("SELECT body FROM sms_outbox WHERE phone = '13800138000' ORDER BY id DESC")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    let res = app
        .post_json("/api/auth/verify", &format!(r#"{{"phone":"13800138000","code":"{code}"}}"#))
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let cookie = res.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.split("; ").any(|p| p == part), "{part} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain="), "a __Host- cookie has no Domain: {cookie}");
    // Dev mode: plain-http cookie, no HSTS.
    let dev = crate::support::TestApp::new().await;
    let res = dev.get("/api/info").await;
    assert!(res.headers.get("strict-transport-security").is_none());
}

/// A URL longer than the server accepts is a 414 problem before any handler parses it; a
/// 10,000-character search reaches the handler (which names the field that is too long).
#[tokio::test]
async fn an_oversized_url_is_a_414_problem() {
    let app = crate::support::TestApp::new().await;
    let long = "a".repeat(portal_server::web::MAX_URI_BYTES + 1);
    let p = app
        .get(&format!("/api/charities?q={long}"))
        .await
        .assert_problem(414, ErrorCode::UriTooLong);
    assert!(p.detail.unwrap().contains("at most"));
    let fits = "a".repeat(10_000);
    let p = app
        .get(&format!("/api/charities?q={fits}"))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "q");
}
