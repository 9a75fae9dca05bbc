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
        && d.source.contains("天门市民政事业发展")));
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

#[tokio::test]
async fn a_new_version_published_in_dev_replaces_the_old_one() {
    // 2026-12-01 (UTC+8), after the placeholder figures' date, as a new version must have
    // every figure in force on the server's today.
    let app = TestApp::at(1_764_518_400 + 365 * 86_400).await;
    let index: Vec<PolicyIndexEntry> = app.get("/api/policies").await.json();
    let old = index.iter().find(|p| p.region == "hubei-tianmen").unwrap().clone();
    let mut policy: Policy = app.get(&old.url).await.json();
    let mut raised = policy.params.dibao_urban[0].clone();
    raised.value = Fen::yuan(520);
    raised.from = portal_api::ids::Date::new(2026, 1, 1).unwrap();
    policy.params.dibao_urban.push(raised);
    let res = app.post_json("/api/dev/policies", &serde_json::to_string(&policy).unwrap()).await;
    assert_eq!(res.status, 200);
    let new: PolicyIndexEntry = res.json();
    assert_ne!(new.version, old.version);
    let index: Vec<PolicyIndexEntry> = app.get("/api/policies").await.json();
    assert_eq!(index.len(), 4, "replaced, not added");
    assert!(index.contains(&new));
    let served: Policy = app.get(&new.url).await.json();
    assert_eq!(served, policy);
    app.get(&old.url).await.assert_problem(404, ErrorCode::NotFound);
    // A policy with a parameter missing today is refused, as a file would be at start-up.
    policy.params.dibao_urban.clear();
    app.post_json("/api/dev/policies", &serde_json::to_string(&policy).unwrap())
        .await
        .assert_problem(400, ErrorCode::Validation);
}
