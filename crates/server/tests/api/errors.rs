//! Bad input anywhere gets problem details with the right status, never a panic or a 500.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, header};
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
}

async fn layered(adjust: impl FnOnce(&mut portal_server::Settings)) -> (TestApp, axum::Router) {
    let app = TestApp::with_settings(adjust).await;
    let routes = axum::Router::new()
        .route("/api/echo", axum::routing::post(extra::echo))
        .route("/api/slow", axum::routing::get(extra::slow));
    let mut settings = crate::support::test_settings(&app.dir);
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
