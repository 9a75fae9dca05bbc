//! Identity verification (issue 11): an unverified real-name record cannot act for the person
//! it names; an unverified claim yields to the verified person; a verified number is never
//! taken online and its owner is told; clerks verify at the counter; the HTTP gateway's
//! answers are read strictly.

use crate::bookings::fixtures;
use crate::support::TestApp;
use axum::http::{Method, StatusCode};
use portal_api::ErrorCode;
use portal_api::account::{Me, Role, VerifiedBy};
use portal_api::booking::Service;
use portal_server::identity::{HttpVerifier, IdentityVerifier, Verdict, VerdictFuture};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

/// A gateway whose answer the test sets.
#[derive(Default)]
struct Switch(AtomicU8);

impl Switch {
    fn set(&self, v: Verdict) {
        self.0.store(v as u8, Ordering::SeqCst);
    }
}

impl IdentityVerifier for Switch {
    fn check<'a>(&'a self, _: &'a str, _: &'a str, _: &'a str) -> VerdictFuture<'a> {
        let v = match self.0.load(Ordering::SeqCst) {
            0 => Verdict::Match,
            1 => Verdict::NoMatch,
            _ => Verdict::Unknown,
        };
        Box::pin(async move { v })
    }
}

async fn app_with_switch() -> (TestApp, Arc<Switch>) {
    let switch = Arc::new(Switch::default());
    let s = switch.clone();
    let app = fixtures::app().await.rebuilt(|state| state.identity = s);
    (app, switch)
}

fn body(name: &str, id: &str) -> String {
    format!(r#"{{"name":"{name}","id_number":"{id}"}}"#)
}

async fn register(
    app: &TestApp,
    cookie: &str,
    name: &str,
    id: &str,
) -> crate::support::TestResponse {
    app.send(Method::POST, "/api/me/real-name", Some(&body(name, id)), Some(cookie)).await
}

async fn outbox_count(app: &TestApp, phone: &str, like: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sms_outbox WHERE phone = $1 AND body LIKE $2")
            .bind(phone)
            .bind(format!("%{like}%"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    n
}

#[tokio::test]
async fn an_unverified_record_cannot_confirm_as_the_partner_until_verified() {
    let (app, gateway) = app_with_switch().await;
    let day = fixtures::day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let him = fixtures::resident(&app, "张三", &fixtures::id_number("19900307", true, 801)).await;
    let her_id = fixtures::id_number("19920815", false, 801);
    // She signs in and registers; the gateway says her number is not in her name.
    gateway.set(Verdict::NoMatch);
    let her = app.sign_in("13700137001").await;
    let me: Me = register(&app, &her, "李四", &her_id).await.json();
    assert_eq!((me.real_name.as_deref(), me.verified_by), (Some("李四"), None));
    let b = fixtures::held(&app, &him, "tianmen", Service::Marriage, day, 540).await;
    let res = fixtures::details(&app, &him, b.id, &fixtures::partner_body("李四", &her_id)).await;
    assert_eq!(res.status, 200);
    fixtures::confirm(&app, &her, &b.reference)
        .await
        .assert_problem(403, ErrorCode::IdentityUnverified);
    // The gateway is down, then answers: checking again verifies her, and she may confirm.
    gateway.set(Verdict::Unknown);
    let me: Me = app.send(Method::POST, "/api/me/verify", None, Some(&her)).await.json();
    assert_eq!(me.verified_by, None);
    gateway.set(Verdict::Match);
    let me: Me = app.send(Method::POST, "/api/me/verify", None, Some(&her)).await.json();
    assert_eq!(me.verified_by, Some(VerifiedBy::Gateway));
    assert_eq!(fixtures::confirm(&app, &her, &b.reference).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_unverified_claim_yields_to_the_verified_person_who_is_told_nothing_of_it() {
    let (app, gateway) = app_with_switch().await;
    let victim_id = fixtures::id_number("19800101", true, 802);
    // Someone types the victim's ID number first; the gateway says it is not theirs.
    gateway.set(Verdict::NoMatch);
    let squatter = app.sign_in("13700137002").await;
    assert_eq!(register(&app, &squatter, "王五", &victim_id).await.status, 200);
    // The victim, whose number matches, registers the same ID number: it is theirs now.
    gateway.set(Verdict::Match);
    let victim = app.sign_in("13700137003").await;
    let me: Me = register(&app, &victim, "王五", &victim_id).await.json();
    assert_eq!(me.verified_by, Some(VerifiedBy::Gateway));
    let theirs: Me = app.send(Method::GET, "/api/me", None, Some(&squatter)).await.json();
    assert_eq!((theirs.real_name, theirs.id_masked), (None, None));
    assert_eq!(outbox_count(&app, "13700137002", "已从您的账号移除").await, 1);
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'account.real_name_displaced'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 1);

    // Now verified, the number is never taken online again, whatever the gateway says; the
    // owner hears of each attempt, and the refusals count towards the daily limit.
    let third = app.sign_in("13700137004").await;
    for _ in 0..5 {
        register(&app, &third, "王五", &victim_id).await.assert_problem(409, ErrorCode::IdInUse);
    }
    assert_eq!(outbox_count(&app, "13700137003", "尝试用您的身份证号").await, 5);
    register(&app, &third, "王五", &victim_id).await.assert_problem(429, ErrorCode::RateLimited);
    let owner: Me = app.send(Method::GET, "/api/me", None, Some(&victim)).await.json();
    assert_eq!(owner.verified_by, Some(VerifiedBy::Gateway));
}

#[tokio::test]
async fn two_unverified_claims_do_not_displace_each_other() {
    let (app, gateway) = app_with_switch().await;
    let id = fixtures::id_number("19750505", false, 803);
    gateway.set(Verdict::NoMatch);
    let first = app.sign_in("13700137005").await;
    assert_eq!(register(&app, &first, "赵六", &id).await.status, 200);
    let second = app.sign_in("13700137006").await;
    register(&app, &second, "赵六", &id).await.assert_problem(409, ErrorCode::IdInUse);
    let me: Me = app.send(Method::GET, "/api/me", None, Some(&first)).await.json();
    assert_eq!(me.real_name.as_deref(), Some("赵六"));
}

#[tokio::test]
async fn a_clerk_verifies_at_the_counter_and_only_a_clerk() {
    let (app, gateway) = app_with_switch().await;
    gateway.set(Verdict::Unknown);
    let id = fixtures::id_number("19880808", true, 804);
    let squatter = app.sign_in("13700137007").await;
    assert_eq!(register(&app, &squatter, "孙七", &id).await.status, 200);
    let owner = app.sign_in("13700137008").await;
    let clerk = app.sign_in_staff("13700137009", Role::Clerk, "tianmen").await;
    let req = |phone: &str| format!(r#"{{"phone":"{phone}","name":"孙七","id_number":"{id}"}}"#);
    // Residents, and unknown numbers, are refused; a bad field is named.
    app.send(Method::POST, "/api/clerk/identity", Some(&req("13700137008")), Some(&owner))
        .await
        .assert_problem(403, ErrorCode::Forbidden);
    app.send(Method::POST, "/api/clerk/identity", Some(&req("13700137099")), Some(&clerk))
        .await
        .assert_problem(404, ErrorCode::NotFound);
    let p = app
        .send(Method::POST, "/api/clerk/identity", Some(&req("1370013700")), Some(&clerk))
        .await
        .assert_problem(400, ErrorCode::Validation);
    assert_eq!(p.errors[0].field, "phone");
    // The owner stands at the counter: the card's number moves to their account, verified.
    let res = app
        .send(Method::POST, "/api/clerk/identity", Some(&req("13700137008")), Some(&clerk))
        .await;
    assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    let me: Me = app.send(Method::GET, "/api/me", None, Some(&owner)).await.json();
    assert_eq!(
        (me.real_name.as_deref(), me.verified_by),
        (Some("孙七"), Some(VerifiedBy::Counter))
    );
    let gone: Me = app.send(Method::GET, "/api/me", None, Some(&squatter)).await.json();
    assert_eq!(gone.real_name, None);
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'identity.verified_at_counter'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 1);
    // Verifying again is harmless; an account holding another number is not overwritten.
    let again = app
        .send(Method::POST, "/api/clerk/identity", Some(&req("13700137008")), Some(&clerk))
        .await;
    assert_eq!(again.status, 200);
    let other = format!(
        r#"{{"phone":"13700137008","name":"孙七","id_number":"{}"}}"#,
        fixtures::id_number("19880808", true, 805)
    );
    app.send(Method::POST, "/api/clerk/identity", Some(&other), Some(&clerk))
        .await
        .assert_problem(409, ErrorCode::RealNameLocked);
}

/// A real HTTP gateway on a random port answering `reply` with `status`.
async fn gateway(status: u16, reply: &'static str) -> String {
    let app = axum::Router::new().route(
        "/check",
        axum::routing::post(move |axum::Json(b): axum::Json<serde_json::Value>| async move {
            assert!(b["name"].is_string() && b["id_number"].is_string() && b["phone"].is_string());
            (StatusCode::from_u16(status).unwrap(), reply)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/check")
}

#[tokio::test]
async fn the_http_gateway_is_read_strictly() {
    for (status, reply, want) in [
        (200, r#"{"match":true}"#, Verdict::Match),
        (200, r#"{"match":false}"#, Verdict::NoMatch),
        (200, r#"{"match":"yes"}"#, Verdict::Unknown),
        (200, "not json", Verdict::Unknown),
        (500, r#"{"match":true}"#, Verdict::Unknown),
        (401, "", Verdict::Unknown),
    ] {
        let v = HttpVerifier { url: gateway(status, reply).await, token: "t".into() };
        assert_eq!(
            v.check("张三", "11010519491231002X", "13800138000").await,
            want,
            "{status} {reply}"
        );
    }
    // Nothing listening: no answer, at once.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let v = HttpVerifier { url: format!("http://{closed}/check"), token: String::new() };
    assert_eq!(v.check("张三", "11010519491231002X", "13800138000").await, Verdict::Unknown);
}

/// An `https://` gateway with a certificate from a private CA: trusted once the CA is added
/// (as `PORTAL_GATEWAY_CA_FILE` does), refused before; the SMS gateway goes the same way.
#[tokio::test]
async fn gateways_over_https_trust_mozillas_roots_and_a_private_ca() {
    use hyper::server::conn::http1;
    use tokio_rustls::rustls;
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "portal test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls_pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(server));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else { return };
                let service = hyper::service::service_fn(|_req| async {
                    let body =
                        http_body_util::Full::new(hyper::body::Bytes::from(r#"{"match":true}"#));
                    Ok::<_, std::convert::Infallible>(hyper::Response::new(body))
                });
                let _ = http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    let url = format!("https://localhost:{port}/check");
    let verifier = HttpVerifier { url: url.clone(), token: "t".into() };
    let sms = portal_server::sms::HttpGateway { url, token: "t".into() };
    use portal_server::sms::SmsSender;
    // Not yet trusted: the handshake fails, which is "no answer", never a match.
    assert_eq!(verifier.check("张三", "11010519491231002X", "13800138000").await, Verdict::Unknown);
    assert!(sms.send("13800138000", "x", 0).await.unwrap_err().contains("TLS"));
    portal_server::gateway::trust_ca_pem(ca.pem().as_bytes()).unwrap();
    assert_eq!(verifier.check("张三", "11010519491231002X", "13800138000").await, Verdict::Match);
    assert_eq!(sms.send("13800138000", "x", 0).await, Ok(()));
    assert!(portal_server::gateway::trust_ca_pem(b"not a certificate").is_err());
}
