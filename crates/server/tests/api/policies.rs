//! `GET /api/policies` and `GET /api/policies/{region}/{version}`.

use crate::support::TestApp;
use axum::http::header;
use portal_api::ErrorCode;
use portal_api::benefits::{Fen, Policy, PolicyIndexEntry};

#[tokio::test]
async fn index_lists_the_four_regions_with_versioned_urls() {
    let app = TestApp::new().await;
    let res = app.get("/api/policies").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-cache");
    let index: Vec<PolicyIndexEntry> = res.json();
    let regions: Vec<&str> = index.iter().map(|p| p.region.as_str()).collect();
    assert_eq!(
        regions,
        ["changzhou-zhonglou", "hubei-tianmen", "kunming-anning", "shanghai-changning"]
    );
    for p in &index {
        assert_eq!(p.url, format!("/api/policies/{}/{}", p.region, p.version));
        assert_eq!(p.version.len(), 16);
    }
}

#[tokio::test]
async fn a_policy_is_immutable_json_with_cited_values() {
    let app = TestApp::new().await;
    let index: Vec<PolicyIndexEntry> = app.get("/api/policies").await.json();
    let tianmen = index.iter().find(|p| p.region == "hubei-tianmen").unwrap();
    let res = app.get(&tianmen.url).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let policy: Policy = res.json();
    let urban = &policy.params.dibao_urban;
    assert!(urban.iter().any(|d| d.value == Fen::yuan(480)
        && !d.example
        && d.source.contains("003_dc1489c1d4a1f2b8")));
}

#[tokio::test]
async fn unknown_region_or_stale_version_is_a_404_problem() {
    let app = TestApp::new().await;
    app.get("/api/policies/atlantis/0000000000000000")
        .await
        .assert_problem(404, ErrorCode::NotFound);
    app.get("/api/policies/hubei-tianmen/0000000000000000")
        .await
        .assert_problem(404, ErrorCode::NotFound);
}

#[test]
fn dates_from_days_are_right() {
    assert_eq!(portal_api::calendar::civil_from_days(0).to_string(), "1970-01-01");
    assert_eq!(portal_api::calendar::civil_from_days(20_515).to_string(), "2026-03-03");
    assert_eq!(portal_api::calendar::civil_from_days(11_016).to_string(), "2000-02-29");
}
