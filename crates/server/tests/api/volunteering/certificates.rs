//! `POST /api/volunteering/certificates` and the public verify view
//! `GET /api/volunteering/certificates/{code}`.

use super::fixtures::{ORG, app, decide, organiser, volunteer, worked_shift};
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::volunteering::{CertificateCheck, CertificateView, format_certificate_code};

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
