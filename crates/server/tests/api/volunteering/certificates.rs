//! `POST /api/volunteering/certificates` and the public verify view
//! `GET /api/volunteering/certificates/{code}`.

use super::fixtures::{
    ORG, OTHER_ORG, app, decide, organiser, volunteer, worked_shift, worked_shift_of,
};
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::volunteering::{
    CertificateCheck, CertificateView, credit_code_or_panic, format_certificate_code,
};
use portal_server::volunteering::certificates::PLATFORM_ISSUER;

#[tokio::test]
async fn a_certificate_verifies_and_tampered_or_unknown_codes_do_not() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let vol = volunteer(&app).await;
    let (s, g) = worked_shift(&app, &org, &vol).await;
    let period = format!(r#"{{"from":"{}","to":"{}"}}"#, s.day, s.day);
    // Pending hours are not certified.
    app.send(Method::POST, "/api/volunteering/certificates", Some(&period), Some(&vol))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(decide(&app, &org, g, r#"{"decision":"approve"}"#).await.status, 200);
    let res =
        app.send(Method::POST, "/api/volunteering/certificates", Some(&period), Some(&vol)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    let cert: CertificateView = res.json();
    assert_eq!((cert.total_half_hours, cert.lines.len()), (6, 1));
    assert_eq!(cert.name, "王志愿");
    assert_eq!(cert.code.len(), 16);
    let mine: Vec<CertificateView> =
        app.send(Method::GET, "/api/volunteering/me/certificates", None, Some(&vol)).await.json();
    assert_eq!(mine[0].code, cert.code);

    // Anyone can check it, typed with dashes and in lower case; only masked facts are shown.
    let shown = format_certificate_code(&cert.code).to_lowercase();
    let res = app.get(&format!("/api/volunteering/certificates/{shown}")).await;
    assert_eq!(res.status, 200);
    let check: CertificateCheck = res.json();
    assert!(check.valid);
    assert_eq!((check.masked_name.as_str(), check.total_half_hours), ("王**", 6));
    let raw = String::from_utf8_lossy(&res.body);
    assert!(!raw.contains("王志愿") && !raw.contains("1399"), "{raw}");
    let qr = app.get(&format!("/api/volunteering/certificates/{}/qr.svg", cert.code)).await;
    assert_eq!((qr.status.as_u16(), qr.content_type()), (200, "image/svg+xml"));

    // One character changed: unknown.
    let mut tampered = cert.code.clone().into_bytes();
    tampered[5] = if tampered[5] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    app.get(&format!("/api/volunteering/certificates/{tampered}"))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    app.get("/api/volunteering/certificates/not-a-code")
        .await
        .assert_problem(404, ErrorCode::NotFound);
    // Guessing is cut off per address; the real code is refused too while the limit lasts.
    for _ in 0..18 {
        app.get("/api/volunteering/certificates/0000-0000-0000-0000")
            .await
            .assert_problem(404, ErrorCode::NotFound);
    }
    app.get(&format!("/api/volunteering/certificates/{}", cert.code))
        .await
        .assert_problem(429, ErrorCode::RateLimited);
}

async fn issue(app: &crate::support::TestApp, vol: &str, body: &str) -> CertificateView {
    let res = app.send(Method::POST, "/api/volunteering/certificates", Some(body), Some(vol)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

/// 谁记录谁证明: a certificate for one organisation lists only its records and names it as
/// the issuer; the organisation revokes what it certified (with a reason), and the verify view
/// then says revoked, with the day.
#[tokio::test]
async fn one_organisations_certificate_and_its_revocation() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let other = organiser(&app, "13800000012", OTHER_ORG).await;
    let body = format!(
        r#"{{"name":"另一个志愿服务队","credit_code":"{}","contact":"0728-0000001","district":"hubei-tianmen"}}"#,
        credit_code_or_panic("53429006MJ0000098")
    );
    let uri = format!("/api/volunteering/orgs/{OTHER_ORG}");
    assert_eq!(app.send(Method::PUT, &uri, Some(&body), Some(&other)).await.status, 200);
    let vol = volunteer(&app).await;
    let (s1, g1) = worked_shift_of(&app, &org, ORG, &vol).await;
    let (s2, g2) = worked_shift_of(&app, &other, OTHER_ORG, &vol).await;
    for (o, g) in [(&org, g1), (&other, g2)] {
        assert_eq!(decide(&app, o, g, r#"{"decision":"approve"}"#).await.status, 200);
    }
    let (from, to) = (s1.day, s2.day);
    let all = issue(&app, &vol, &format!(r#"{{"from":"{from}","to":"{to}"}}"#)).await;
    assert_eq!((all.lines.len(), all.issuer.as_str()), (2, PLATFORM_ISSUER));
    let mine =
        issue(&app, &vol, &format!(r#"{{"from":"{from}","to":"{to}","org":"{OTHER_ORG}"}}"#)).await;
    assert_eq!((mine.lines.len(), mine.issuer.as_str()), (1, "另一个志愿服务队"));
    assert_eq!((mine.lines[0].org_code.as_str(), mine.total_half_hours), (OTHER_ORG, 6));
    // An organisation the volunteer never served: nothing to certify.
    let none = format!(r#"{{"from":"{from}","to":"{to}","org":"no-such-org"}}"#);
    app.send(Method::POST, "/api/volunteering/certificates", Some(&none), Some(&vol))
        .await
        .assert_problem(400, ErrorCode::Validation);

    // Only the issuing organisation revokes its certificate, and only with a reason.
    let revoke = |code: &str| format!("/api/volunteering/certificates/{code}/revoke");
    let why = r#"{"reason":"记录有误，已更正后重新出具"}"#;
    app.send(Method::POST, &revoke(&mine.code), Some(why), Some(&org))
        .await
        .assert_problem(403, ErrorCode::Forbidden);
    app.send(Method::POST, &revoke(&mine.code), Some(r#"{"reason":" "}"#), Some(&other))
        .await
        .assert_problem(400, ErrorCode::Validation);
    app.send(Method::POST, &revoke("ABCDEFGHJKMNPQRS"), Some(why), Some(&other))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    let res = app.send(Method::POST, &revoke(&mine.code), Some(why), Some(&other)).await;
    assert_eq!(res.status, 204, "{}", String::from_utf8_lossy(&res.body));
    app.send(Method::POST, &revoke(&mine.code), Some(why), Some(&other))
        .await
        .assert_problem(409, ErrorCode::Conflict);
    let check: CertificateCheck =
        app.get(&format!("/api/volunteering/certificates/{}", mine.code)).await.json();
    assert!(!check.valid);
    assert_eq!(check.revoked_on, Some(super::fixtures::today(&app)));
    // The certificate over both: either organisation with a line in it may revoke it; it is
    // still valid until one does.
    let check: CertificateCheck =
        app.get(&format!("/api/volunteering/certificates/{}", all.code)).await.json();
    assert!(check.valid && check.revoked_on.is_none());
    let res = app.send(Method::POST, &revoke(&all.code), Some(why), Some(&org)).await;
    assert_eq!(res.status, 204, "{}", String::from_utf8_lossy(&res.body));
    let (actions,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'volunteering.certificate_revoked'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(actions, 2);
}

/// The holder downloads the certificate as one printable page (an attachment); nobody else can.
#[tokio::test]
async fn the_certificate_downloads_as_a_self_contained_page() {
    let app = app().await;
    let org = organiser(&app, "13800000011", ORG).await;
    let vol = volunteer(&app).await;
    let (s, g) = worked_shift(&app, &org, &vol).await;
    assert_eq!(decide(&app, &org, g, r#"{"decision":"approve"}"#).await.status, 200);
    let cert = issue(&app, &vol, &format!(r#"{{"from":"{}","to":"{}"}}"#, s.day, s.day)).await;
    let uri = format!("/api/volunteering/me/certificates/{}/file", cert.code);
    let res = app.send(Method::GET, &uri, None, Some(&vol)).await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.content_type(), "text/html; charset=utf-8");
    let disposition = res.headers.get("content-disposition").unwrap().to_str().unwrap();
    let shown = format_certificate_code(&cert.code);
    assert_eq!(disposition, format!("attachment; filename=\"volunteer-certificate-{shown}.html\""));
    let html = String::from_utf8_lossy(&res.body).to_string();
    for want in
        ["志愿服务记录证明", "王志愿", cert.masked_id.as_str(), shown.as_str(), "<svg", "@page"]
    {
        assert!(html.contains(want), "{want} in {html}");
    }
    assert!(html.contains(&format!("/volunteering/verify/{}", cert.code)));
    // Self-contained: no scripts, nothing fetched from elsewhere.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("<?xml"));
    let someone = volunteer(&app).await;
    app.send(Method::GET, &uri, None, Some(&someone))
        .await
        .assert_problem(404, ErrorCode::NotFound);

    let revoke = format!("/api/volunteering/certificates/{}/revoke", cert.code);
    let res = app.send(Method::POST, &revoke, Some(r#"{"reason":"重复出具"}"#), Some(&org)).await;
    assert_eq!(res.status, 204);
    let html = String::from_utf8_lossy(&app.send(Method::GET, &uri, None, Some(&vol)).await.body)
        .to_string();
    assert!(html.contains("已于") && html.contains("撤销"), "{html}");
}
