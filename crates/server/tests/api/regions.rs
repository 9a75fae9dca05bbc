//! `GET /api/regions` and the demo-data loader behind it.

use crate::support::TestApp;
use portal_api::meta::Region;

#[tokio::test]
async fn empty_until_demo_data_is_loaded() {
    let app = TestApp::new().await;
    let regions: Vec<Region> = app.get("/api/regions").await.json();
    assert!(regions.is_empty());
}

#[tokio::test]
async fn demo_loader_is_idempotent_and_marks_demo_rows() {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    portal_server::demo::load(&app.db).await.unwrap();
    let res = app.get("/api/regions").await;
    assert_eq!(res.status, 200);
    assert!(res.content_type().starts_with("application/json"));
    let regions: Vec<Region> = res.json();
    let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        ["shanghai-changning", "changzhou-zhonglou", "kunming-anning", "hubei-tianmen"]
    );
    assert!(regions.iter().all(|r| r.demo && !r.name_zh.is_empty() && !r.source.is_empty()));
    assert_eq!(regions[0].name_zh, "上海市长宁区");
}

#[tokio::test]
async fn migrations_are_rerunnable() {
    let app = TestApp::new().await;
    app.db.migrate().await.unwrap();
    assert_eq!(app.get("/api/regions").await.status, 200);
}
