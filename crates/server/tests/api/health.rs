//! `GET /healthz`, `GET /readyz`, `GET /api/info`, `GET /api/openapi.json`.

use crate::support::{TestApp, engine};
use portal_api::meta::{Readiness, ServiceInfo};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::new().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body, b"ok");
}

#[tokio::test]
async fn readyz_reports_the_engine_and_fails_when_the_database_is_gone() {
    let app = TestApp::new().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 200);
    let r: Readiness = res.json();
    assert_eq!(r, Readiness { database: engine().name().to_owned(), ready: true });

    app.db.pool.close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 503);
    assert!(!res.json::<Readiness>().ready);
}

#[tokio::test]
async fn info_names_version_and_engine() {
    let app = TestApp::with_settings(|s| s.demo = true).await;
    let info: ServiceInfo = app.get("/api/info").await.json();
    assert_eq!(info.database, engine().name());
    assert!(info.demo);
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn openapi_document_is_3_1_and_lists_the_routes() {
    let app = TestApp::new().await;
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status, 200);
    let doc: serde_json::Value = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    for path in ["/api/regions", "/api/info", "/healthz", "/readyz"] {
        assert!(doc["paths"].get(path).is_some(), "missing {path}");
    }
    assert!(doc["components"]["schemas"].get("Problem").is_some());
}
