//! `POST /api/admin/charities`, `PUT /api/admin/charities/{credit_code}` and
//! `POST /api/admin/charities/import`: admins only, credit-code review flags, CSV reports.

use super::{admin, code, create, entry};
use crate::support::TestApp;
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::charities::import::CSV_COLUMNS;
use portal_api::charities::{
    ImportIssue, ImportReport, ReviewFlag, SearchResult, TrustCard, Verdict,
};
use serde_json::json;

#[tokio::test]
async fn only_admins_keep_the_register() {
    let app = TestApp::new().await;
    let resident = app.sign_in("13800000001").await;
    let clerk = app.sign_in_staff("13800000004", portal_api::account::Role::Clerk, "tianmen").await;
    let body = entry(&code("53", 1), "天门市助医基金会", json!({}));
    let put = format!("/api/admin/charities/{}", code("53", 1));
    for (method, path) in [
        (Method::POST, "/api/admin/charities"),
        (Method::PUT, put.as_str()),
        (Method::POST, "/api/admin/charities/import"),
    ] {
        app.send(method.clone(), path, Some(&body), None)
            .await
            .assert_problem(401, ErrorCode::Unauthenticated);
        for cookie in [&resident, &clerk] {
            app.send(method.clone(), path, Some(&body), Some(cookie))
                .await
                .assert_problem(403, ErrorCode::Forbidden);
        }
    }
    let r: SearchResult = app.get("/api/charities").await.json();
    assert_eq!(r.total, 0);
}

#[tokio::test]
async fn odd_credit_codes_are_kept_and_flagged_for_review() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let good = code("53", 2);
    let mut bad_check = good.clone();
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '0' { '1' } else { '0' });
    let company = {
        let prefix = "91429006MA0000003";
        format!("{prefix}{}", portal_api::ids::credit_code_check_character(prefix).unwrap())
    };
    let cases = [
        (good.clone(), "foundation", vec![]),
        (bad_check.clone(), "foundation", vec![ReviewFlag::CheckCharacter]),
        (company.clone(), "foundation", vec![ReviewFlag::NotCivilAffairs]),
        (code("51", 4), "foundation", vec![ReviewFlag::FormMismatch]),
    ];
    for (i, (c, form, flags)) in cases.into_iter().enumerate() {
        let body = entry(&c, &format!("测试组织{i}"), json!({"form": form}));
        let card: TrustCard = serde_json::from_value(create(&app, &cookie, &body).await).unwrap();
        assert_eq!(card.charity.review_flags, flags, "{c}");
        assert_eq!(
            card.summary.warnings.contains(&portal_api::charities::Warning::UnderReview),
            !flags.is_empty()
        );
    }
    // Wrong length or characters outside the alphabet are refused with the field named.
    for c in ["5342", "53429006MJ000000IO", &"5".repeat(300)] {
        let res = app
            .send(
                Method::POST,
                "/api/admin/charities",
                Some(&entry(c, "x", json!({}))),
                Some(&cookie),
            )
            .await;
        assert_eq!(res.assert_problem(400, ErrorCode::Validation).errors[0].field, "credit_code");
    }
    // A second create of the same code is a conflict; an update marks it revoked.
    let body = entry(&good, "测试组织0", json!({}));
    app.send(Method::POST, "/api/admin/charities", Some(&body), Some(&cookie))
        .await
        .assert_problem(409, ErrorCode::Conflict);
    let revoked =
        entry(&good, "测试组织0", json!({"status": "revoked", "status_on": "2026-02-01"}));
    let res = app
        .send(Method::PUT, &format!("/api/admin/charities/{good}"), Some(&revoked), Some(&cookie))
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.json::<TrustCard>().summary.verdict, Verdict::Revoked);
    let other = code("53", 99);
    app.send(Method::PUT, &format!("/api/admin/charities/{other}"), Some(&revoked), Some(&cookie))
        .await
        .assert_problem(404, ErrorCode::CharityNotFound);
    // Hostile text is stored as text, length-capped.
    let long = entry(&code("53", 98), &"慈".repeat(201), json!({}));
    app.send(Method::POST, "/api/admin/charities", Some(&long), Some(&cookie))
        .await
        .assert_problem(400, ErrorCode::Validation);
    let sql = entry(&code("53", 97), "x'); DROP TABLE charities;--", json!({}));
    create(&app, &cookie, &sql).await;
    let r: SearchResult = app.get("/api/charities").await.json();
    assert_eq!(r.total, 5);
    let (creates, updates): (i64, i64) = sqlx::query_as(
        "SELECT SUM(CASE WHEN action = 'charities.create' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN action = 'charities.update' THEN 1 ELSE 0 END) FROM audit_log",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((creates, updates), (5, 1), "every edit is in the audit log");
}

fn csv(lines: &[String]) -> String {
    let mut s = CSV_COLUMNS.join(",");
    for l in lines {
        s.push('\n');
        s.push_str(l);
    }
    s
}

fn csv_line(code: &str, name: &str, registered: &str) -> String {
    format!(
        "{code},{name},,基金会,天门市民政局,{registered},2017-09-01,助学;助医,hubei-tianmen,\
         2019-01-01,4A,2023-06-30,正常,,0728-0000000,天门市示例路 1 号,"
    )
}

async fn import(app: &TestApp, cookie: &str, query: &str, body: &str) -> ImportReport {
    let res = app
        .send(
            Method::POST,
            &format!("/api/admin/charities/import{query}"),
            Some(body),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

#[tokio::test]
async fn csv_import_reports_every_bad_line_and_writes_nothing_until_all_are_good() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let (a, b, c) = (code("53", 11), code("53", 12), code("53", 13));
    let bad = csv(&[
        csv_line(&a, "天门市助学基金会", "2010-01-01"),
        csv_line(&b, "天门市助医基金会", "2010-02-30"),
        csv_line(&a, "重复的基金会", "2010-01-01"),
        "only,three,columns".to_owned(),
        csv_line("5342", "短代码基金会", "2010-01-01"),
    ]);
    let report = import(&app, &cookie, "", &bad).await;
    assert!(!report.committed);
    assert_eq!(report.lines, 5);
    let got: Vec<(u64, &str, ImportIssue)> =
        report.errors.iter().map(|e| (e.line, e.column.as_str(), e.issue)).collect();
    assert_eq!(
        got,
        [
            (3, "成立登记日期", ImportIssue::BadDate),
            (4, "统一社会信用代码", ImportIssue::Duplicate),
            (5, "", ImportIssue::ColumnCount),
            (6, "统一社会信用代码", ImportIssue::BadCode),
        ]
    );
    let r: SearchResult = app.get("/api/charities").await.json();
    assert_eq!(r.total, 0, "a failed import changes nothing");

    // With a BOM, a dry run counts and writes nothing; the real run commits; again: updates.
    let good = format!(
        "\u{feff}{}",
        csv(&[
            csv_line(&a, "天门市助学基金会", "2010-01-01"),
            csv_line(&c, "天门市助残基金会", "2011/3/4")
        ])
    );
    let dry = import(&app, &cookie, "?dry_run=true", &good).await;
    assert_eq!((dry.created, dry.updated, dry.committed), (2, 0, false));
    assert_eq!(app.get("/api/charities").await.json::<SearchResult>().total, 0);
    let done = import(&app, &cookie, "", &good).await;
    assert_eq!((done.created, done.updated, done.committed), (2, 0, true));
    let again = import(&app, &cookie, "", &good).await;
    assert_eq!((again.created, again.updated, again.committed), (0, 2, true));
    let r: SearchResult = app.get("/api/charities?q=zhucan").await.json();
    assert_eq!(r.items[0].credit_code, c);
    let audit: i64 = sqlx::query_as::<_, (i64,)>(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'charities.import'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .0;
    assert_eq!(audit, 2);
}

#[tokio::test]
async fn unreadable_files_are_refused_whole() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    for body in ["", "a,b,c\n1,2,3", "{\"json\": true}"] {
        let res =
            app.send(Method::POST, "/api/admin/charities/import", Some(body), Some(&cookie)).await;
        assert_eq!(res.assert_problem(400, ErrorCode::Validation).errors[0].field, "file");
    }
    // Bytes that are neither UTF-8 nor GBK are refused with a clear reason.
    let req = axum::http::Request::post("/api/admin/charities/import")
        .header("cookie", &cookie)
        .header("content-type", "text/csv")
        .body(axum::body::Body::from(vec![0xFF, 0xFE, 0x81, 0x30, b',', b'x']))
        .unwrap();
    let res = app.request(req).await;
    assert_eq!(res.assert_problem(400, ErrorCode::Validation).errors[0].code, "not_utf8");
}

/// An export saved in GBK by an older Windows tool imports like its UTF-8 twin.
#[tokio::test]
async fn a_gbk_file_imports_like_utf8() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let base = "53429006MJ0000999";
    let code = format!("{base}{}", portal_api::ids::credit_code_check_character(base).unwrap());
    let text = csv(&[csv_line(&code, "天门市编码测试基金会", "2012-05-06")]);
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad && std::str::from_utf8(&gbk).is_err(), "really GBK bytes");
    let req = axum::http::Request::post("/api/admin/charities/import")
        .header("cookie", &cookie)
        .header("content-type", "text/csv")
        .body(axum::body::Body::from(gbk.into_owned()))
        .unwrap();
    let res = app.request(req).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let report: ImportReport = res.json();
    assert_eq!((report.created, report.committed), (1, true), "{:?}", report.errors);
    let r: SearchResult = app.get("/api/charities?q=编码测试").await.json();
    assert_eq!(r.items[0].credit_code, code);
}

#[tokio::test]
async fn reloading_the_demo_never_overwrites_what_staff_changed() {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    let cookie = admin(&app).await;
    let code = "51429006MJ0000302U";
    let mut card: serde_json::Value = app.get(&format!("/api/charities/{code}")).await.json();
    let mut body = card["charity"].take();
    body["status"] = json!("revoked");
    body["status_on"] = json!("2026-02-01");
    let res = app
        .send(
            Method::PUT,
            &format!("/api/admin/charities/{code}"),
            Some(&body.to_string()),
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    portal_server::demo::load(&app.db).await.unwrap();
    card = app.get(&format!("/api/charities/{code}")).await.json();
    assert_eq!(card["charity"]["status"], "revoked");
    assert_eq!(card["charity"]["demo"], true, "still marked demo");
    assert!(!card["charity"]["campaigns"].as_array().unwrap().is_empty(), "campaigns kept");
    let r: SearchResult = app.get("/api/charities").await.json();
    assert_eq!(r.total, 192, "nothing inserted twice");
}

#[tokio::test]
async fn campaign_files_add_filed_campaigns_to_registered_organisations() {
    use portal_api::charities::import::CAMPAIGN_CSV_COLUMNS;
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let org = code("53", 21);
    create(
        &app,
        &cookie,
        &entry(&org, "天门市助学基金会", json!({"public_fundraising_since": "2019-01-01"})),
    )
    .await;
    let unknown = code("53", 22);
    let file =
        |lines: &[String]| format!("{}\n{}", CAMPAIGN_CSV_COLUMNS.join(","), lines.join("\n"));
    let bad = file(&[
        format!("{org},春蕾助学,{org}2026001,2026-01-01,2026-12-31,示例平台,,"),
        format!("{unknown},无主活动,{unknown}2026001,2026-01-01,2026-12-31,,,"),
        format!("{org},重复编号,{org}2026001,2026-01-01,2026-12-31,,,"),
        format!("{org},倒着的日期,{org}2026002,2026-12-31,2026-01-01,,,"),
    ]);
    let report = import(&app, &cookie, "", &bad).await;
    let got: Vec<(u64, &str, ImportIssue)> =
        report.errors.iter().map(|e| (e.line, e.column.as_str(), e.issue)).collect();
    assert_eq!(
        got,
        [
            (3, "统一社会信用代码", ImportIssue::UnknownOrganisation),
            (4, "备案编号", ImportIssue::Duplicate),
            (5, "结束日期", ImportIssue::BadDate),
        ]
    );
    app.get(&format!("/api/charity-campaigns/{org}2026001"))
        .await
        .assert_problem(404, ErrorCode::CampaignNotFiled);
    let good =
        file(&[format!("{org},春蕾助学,{org}2026001,2026-01-01,2026-12-31,示例平台,2026-02-01,")]);
    let done = import(&app, &cookie, "", &good).await;
    assert_eq!((done.created, done.updated, done.committed), (1, 0, true));
    let again = import(&app, &cookie, "", &good).await;
    assert_eq!((again.created, again.updated), (0, 1));
    let res = app.get(&format!("/api/charity-campaigns/{}2026001", org.to_lowercase())).await;
    let check: portal_api::charities::CampaignCheck = res.json();
    assert_eq!(check.charity.credit_code, org);
    assert!(check.charity.may_fundraise);
}

#[tokio::test]
async fn report_files_record_published_annual_reports() {
    use portal_api::charities::import::REPORT_CSV_COLUMNS;
    let app = TestApp::new().await; // 2026-03-01: the 2024 report is the latest due
    let cookie = admin(&app).await;
    let org = code("53", 31);
    create(&app, &cookie, &entry(&org, "天门市扶老基金会", json!({}))).await;
    let card: TrustCard = app.get(&format!("/api/charities/{org}")).await.json();
    assert!(matches!(
        card.summary.reports,
        portal_api::charities::ReportStatus::Overdue { year: 2024, .. }
    ));
    let head = REPORT_CSV_COLUMNS.join(",");
    let bad = format!(
        "{head}\n{org},2024,2025-04-30,\n{org},2024,2025-05-02,\n{},2024,2025-04-30,",
        code("53", 32)
    );
    let report = import(&app, &cookie, "", &bad).await;
    let got: Vec<(u64, ImportIssue)> = report.errors.iter().map(|e| (e.line, e.issue)).collect();
    assert_eq!(got, [(3, ImportIssue::Duplicate), (4, ImportIssue::UnknownOrganisation)]);
    let good =
        format!("{head}\n{org},2024,2025-04-30,https://example.org/2024\n{org},2023,2024-05-20,");
    let done = import(&app, &cookie, "", &good).await;
    assert_eq!((done.created, done.committed), (2, true));
    let card: TrustCard = app.get(&format!("/api/charities/{org}")).await.json();
    assert_eq!(card.summary.reports, portal_api::charities::ReportStatus::OnTime { year: 2024 });
    assert_eq!(card.charity.reports.len(), 2);
    assert_eq!(import(&app, &cookie, "", &good).await.updated, 2);
}
