//! `GET /api/charities` (name, pinyin, credit code, filing number, filters, bad input),
//! `GET /api/charities/{credit_code}` and `GET /api/charity-campaigns/{filing_number}`.

use super::{admin, code, create, entry, search};
use crate::support::TestApp;
use portal_api::ErrorCode;
use portal_api::charities::search::pinyin_matches;
use portal_api::charities::{QueryKind, SearchResult, SortOrder, TrustCard, Verdict, Warning};
use portal_server::charities::{db, pinyin_key};
use serde_json::json;

fn names(r: &SearchResult) -> Vec<String> {
    r.items.iter().map(|i| i.name.clone()).collect()
}

async fn with_demo() -> TestApp {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    app
}

#[tokio::test]
async fn pinyin_in_full_by_initials_and_mixed_finds_the_name() {
    let app = with_demo().await;
    for q in ["cishan", "csh", "cish", "CiShan", " ci shan "] {
        let r: SearchResult = search(&app, q, "&district=hubei-tianmen").await.json();
        assert_eq!(r.kind, QueryKind::Pinyin(q.replace(' ', "").to_lowercase()));
        assert!(names(&r).contains(&"天门市慈善总会（演示）".to_owned()), "{q}: {:?}", names(&r));
        assert!(r.items.iter().all(|i| i.districts == ["hubei-tianmen"]));
    }
    let r: SearchResult = search(&app, "hongshizi", "").await.json();
    assert_eq!(r.total, 12, "{:?}", names(&r));
    assert!(names(&r).iter().all(|n| n.contains("红十字")));
    let r: SearchResult = search(&app, "hongzishi", "").await.json();
    assert_eq!(r.total, 0);
    // Chinese substring, spaces ignored.
    let r: SearchResult = search(&app, "天门市 红十字", "").await.json();
    assert_eq!(names(&r).len(), 3);
    // Paging: 192 demo organisations, 20 a page.
    let r: SearchResult = search(&app, "", "&page=10").await.json();
    assert_eq!((r.total, r.items.len()), (192, 12));
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let app = with_demo().await;
    let all: SearchResult = search(&app, "", "&district=kunming-anning").await.json();
    assert_eq!(all.total, 48);
    let r: SearchResult =
        search(&app, "", "&district=kunming-anning&fundraising=true&active=true").await.json();
    assert!(r.total > 0 && r.total < 48);
    assert!(r.items.iter().all(|i| i.may_fundraise && i.verdict == Verdict::MayFundraise));
    let r: SearchResult = search(&app, "", "&fundraising=false&field=elderly").await.json();
    assert!(r.items.iter().all(|i| !i.may_fundraise));
    assert!(r.items.iter().all(|i| i.fields.contains(&portal_api::charities::Field::Elderly)));
    let r: SearchResult = search(&app, "", "&grade=4&sort=grade").await.json();
    assert!(r.total > 0);
    assert!(r.items.iter().all(|i| i.grade_current && i.grade.unwrap().level() >= 4));
}

#[tokio::test]
async fn credit_codes_are_found_exactly_and_typos_get_a_hint() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let good = code("53", 77);
    create(&app, &cookie, &entry(&good, "天门市助医基金会", json!({}))).await;
    let r: SearchResult = search(&app, &good.to_lowercase(), "").await.json();
    assert_eq!(names(&r), ["天门市助医基金会"]);
    // One character changed: not found, the check character is wrong, the real code offered.
    let mut typo: Vec<char> = good.chars().collect();
    typo[12] = if typo[12] == '7' { '8' } else { '7' };
    let typo: String = typo.into_iter().collect();
    let r: SearchResult = search(&app, &typo, "").await.json();
    assert_eq!(r.total, 0);
    let hint = r.code_hint.unwrap();
    assert!(!hint.check_ok);
    assert_eq!(hint.suggestions, std::slice::from_ref(&good));
    let card: TrustCard = app.get(&format!("/api/charities/{good}")).await.json();
    assert_eq!(card.charity.name, "天门市助医基金会");
    app.get(&format!("/api/charities/{typo}"))
        .await
        .assert_problem(404, ErrorCode::CharityNotFound);
    app.get("/api/charities/not-a-code").await.assert_problem(400, ErrorCode::Validation);
}

#[tokio::test]
async fn a_filing_number_says_whose_campaign_it_is() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let c = code("53", 5);
    let filing = format!("{c}2026001");
    let body = entry(
        &c,
        "天门市助学基金会",
        json!({"public_fundraising_since": "2019-01-01", "campaigns": [{
            "name": "春蕾助学", "filing_number": filing.to_lowercase(),
            "starts_on": "2026-01-01", "ends_on": "2026-05-31", "platform": "示例平台"
        }]}),
    );
    create(&app, &cookie, &body).await;
    let r: SearchResult = search(&app, &filing, "").await.json();
    assert_eq!(r.kind, QueryKind::FilingNumber(filing.clone()));
    let check = r.campaign.unwrap();
    assert_eq!(check.charity.credit_code, c);
    assert_eq!(check.state, portal_api::charities::CampaignState::Running);
    assert!(check.charity.may_fundraise);
    let res = app.get(&format!("/api/charity-campaigns/{filing}")).await;
    assert_eq!(res.status, 200);
    app.get(&format!("/api/charity-campaigns/{c}2026999"))
        .await
        .assert_problem(404, ErrorCode::CampaignNotFiled);
    let r: SearchResult = search(&app, &format!("{c}2026999"), "").await.json();
    assert!(r.campaign.is_none() && r.items.is_empty());
}

#[tokio::test]
async fn overdue_reports_and_disclosures_follow_the_server_clock() {
    let app = TestApp::new().await; // the clock reads 2026-03-01
    let cookie = admin(&app).await;
    let c = code("53", 9);
    let body = entry(
        &c,
        "天门市扶老基金会",
        json!({
            "public_fundraising_since": "2019-01-01",
            "reports": [{"year": 2024, "published_on": "2025-04-30"}],
            "campaigns": [{"name": "银龄关爱", "filing_number": format!("{c}2025001"),
                "starts_on": "2025-10-01", "ends_on": "2026-09-30"}]
        }),
    );
    create(&app, &cookie, &body).await;
    let card: TrustCard = app.get(&format!("/api/charities/{c}")).await.json();
    // Report for 2024 is the latest due (by 31 May 2025): on time. The campaign runs longer
    // than six months and has not disclosed since it started on 1 October: overdue since 1 Jan.
    assert_eq!(card.summary.reports, portal_api::charities::ReportStatus::OnTime { year: 2024 });
    assert_eq!(card.summary.overdue_campaigns, [format!("{c}2025001")]);
    assert_eq!(card.summary.warnings, [Warning::CampaignDisclosureOverdue]);
    assert_eq!(card.summary.verdict, Verdict::MayFundraise);
    // 1 June 2026 (Beijing): the 2025 report is now overdue.
    app.clock.advance(92 * 86_400);
    let card: TrustCard = app.get(&format!("/api/charities/{c}")).await.json();
    assert!(matches!(
        card.summary.reports,
        portal_api::charities::ReportStatus::Overdue { year: 2025, .. }
    ));
    assert!(card.summary.warnings.contains(&Warning::ReportOverdue));
}

#[tokio::test]
async fn hostile_queries_get_a_problem_or_nothing_never_a_500() {
    let app = with_demo().await;
    for long in ["a".repeat(10_000), "慈".repeat(2_000)] {
        search(&app, &long, "").await.assert_problem(400, ErrorCode::Validation);
    }
    for rest in [
        "&page=4000000000",
        "&page=0",
        "&page=-1",
        "&page=abc",
        "&grade=9",
        "&field=bogus",
        "&fundraising=maybe",
        "&district=x%27%3B%20DROP%20TABLE%20charities%3B--",
        "&sort=random",
    ] {
        let res = search(&app, "", rest).await;
        let p = res.assert_problem(400, ErrorCode::Validation);
        assert!(!p.errors.is_empty(), "{rest}");
    }
    for q in ["' OR 1=1 --", "%", "_", "\\", "慈善'; DROP TABLE charities;--", "%%%_"] {
        let r: SearchResult = search(&app, q, "").await.json();
        assert_eq!(r.total, 0, "{q}");
    }
    let r: SearchResult = search(&app, "", "").await.json();
    assert_eq!(r.total, 192, "the table is still there");
    let path = format!("/api/charities/{}", "A".repeat(5000));
    app.get(&path).await.assert_problem(400, ErrorCode::Validation);
    app.get("/api/charity-campaigns/%27%20OR%201%3D1")
        .await
        .assert_problem(400, ErrorCode::Validation);
}

#[tokio::test]
async fn every_charity_route_is_in_the_openapi_document() {
    let app = TestApp::new().await;
    let doc: serde_json::Value = app.get("/api/openapi.json").await.json();
    for (path, method) in [
        ("/api/charities", "get"),
        ("/api/charities/{credit_code}", "get"),
        ("/api/charity-campaigns/{filing_number}", "get"),
        ("/api/charity-shops", "get"),
        ("/api/admin/charities", "post"),
        ("/api/admin/charities/{credit_code}", "put"),
        ("/api/admin/charities/import", "post"),
        ("/api/admin/charity-imports", "post"),
        ("/api/admin/charity-imports/{id}", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} missing");
    }
    assert!(doc["components"]["schemas"]["TrustCard"].is_object());
}

/// The pinyin search, counting and paging in SQL and sorting here (syllables checked only where
/// the key ranges are not exact), gives page for page what the general path (every candidate
/// checked and sorted in Rust) gives, and all agree with an oracle that checks every name.
/// Chinese queries against names read from the generated input.
#[tokio::test]
async fn pinyin_fast_path_gives_the_general_paths_results() {
    let (app, all) = super::bench::register_of(1_500, 7).await;
    let today = app.state.office_today();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let stored: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name_pinyin, credit_code FROM charities")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    let queries = [
        "c",
        "cs",
        "csh",
        "cish",
        "cishan",
        "hongshizi",
        "hszh",
        "tianmenshicish",
        "shi",
        "zh",
        "sh",
        "x",
        "cshh",
        "hsz",
        "jiang",
        "q",
        "zzz",
    ];
    let filters = |letters: &str, variant: usize| db::Filters {
        letters: letters.into(),
        today: Some(today),
        district: (variant == 1).then(|| "hubei-tianmen".into()),
        active_only: variant == 2,
        fundraising: (variant == 2).then_some(true),
        grade: (variant == 3).then_some(3),
        ..db::Filters::default()
    };
    for letters in queries {
        // Oracle: every stored name checked, sorted by name then code.
        let mut want: Vec<&(i64, String, String)> = stored
            .iter()
            .filter(|(_, p, _)| pinyin_matches(&p.split(' ').collect::<Vec<_>>(), letters))
            .collect();
        want.sort_by(|a, b| (&a.1, &a.2).cmp(&(&b.1, &b.2)));
        let want_ids: Vec<i64> = want.iter().take(20).map(|w| w.0).collect();
        for variant in 0..4 {
            let f = filters(letters, variant);
            for order in SortOrder::ALL {
                for offset in [0, 20, 380] {
                    // In SQL whenever the exact ranges hold a row; always sorted here.
                    let (n, fast) =
                        db::pinyin_page_above(&mut conn, &f, order, 20, offset, 0).await.unwrap();
                    let (k, here) =
                        db::pinyin_page_above(&mut conn, &f, order, 20, offset, i64::MAX)
                            .await
                            .unwrap();
                    let (m, general) =
                        db::pinyin_page_general(&mut conn, &f, order, 20, offset).await.unwrap();
                    let ids =
                        |rows: &[db::CharityRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
                    let at = format!("{letters} variant {variant} {order:?} offset {offset}");
                    assert_eq!((n, k), (m, m), "{at}");
                    assert_eq!(ids(&fast), ids(&general), "{at}");
                    assert_eq!(ids(&here), ids(&general), "{at}");
                    if variant == 0 {
                        assert_eq!(n as usize, want.len(), "{at}");
                    }
                    if variant == 0 && order == SortOrder::Name && offset == 0 {
                        assert_eq!(ids(&fast), want_ids, "{at}");
                    }
                }
            }
        }
        // The route gives the same total.
        let r: SearchResult = search(&app, letters, "").await.json();
        assert_eq!(r.total as usize, want.len(), "{letters}");
    }
    // Broad and narrow queries both had matches to compare.
    for (letters, at_least) in [("c", 400), ("csh", 20), ("hongshizi", 20), ("hszh", 1)] {
        let matches = stored
            .iter()
            .filter(|(_, p, _)| pinyin_matches(&p.split(' ').collect::<Vec<_>>(), letters))
            .count();
        assert!(matches >= at_least, "{letters}: {matches}");
    }
    // Chinese substrings: the route's total and first page against the generated names.
    for text in ["慈善", "红十字", "天门市", "街道助学"] {
        let mut want: Vec<(String, &str, &str)> = all
            .iter()
            .filter(|c| c.name.contains(text) || c.former_names.iter().any(|n| n.contains(text)))
            .map(|c| (pinyin_key(&c.name).0, c.credit_code.as_str(), c.name.as_str()))
            .collect();
        want.sort();
        let r: SearchResult = search(&app, text, "").await.json();
        assert_eq!(r.total as usize, want.len(), "{text}");
        let first: Vec<&str> = want.iter().take(20).map(|w| w.2).collect();
        assert_eq!(names(&r), first, "{text}");
    }
}
