//! Booking texts go through the outbox: a gateway that fails is retried with backoff, each
//! message is delivered once, and two servers sweeping at the same moment send it once.

use super::fixtures::*;
use axum::http::StatusCode;
use portal_api::booking::Service;
use portal_server::sms::HttpGateway;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A real HTTP gateway that answers 503 to the first `fail` requests, then 200; it records
/// the bodies it accepted.
async fn flaky_gateway(
    fail: usize,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let accepted: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let (h, a) = (hits.clone(), accepted.clone());
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move |axum::Json(body): axum::Json<serde_json::Value>| {
            let (h, a) = (h.clone(), a.clone());
            async move {
                if h.fetch_add(1, Ordering::SeqCst) < fail {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                a.lock().unwrap().push(format!("{}:{}", body["phone"], body["text"]));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, hits, accepted)
}

#[tokio::test]
async fn a_failing_gateway_is_retried_with_backoff_and_each_text_arrives_once() {
    let app = app().await;
    let day = day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    // A provisional booking the partner never confirms: both are told when it lapses.
    let n = 900;
    let him = resident(&app, "张三", &id_number("19900307", true, n)).await;
    let her_id = id_number("19920815", false, n);
    let _her = resident(&app, "李四", &her_id).await;
    let b = held(&app, &him, "tianmen", Service::Marriage, day, 540).await;
    assert_eq!(details(&app, &him, b.id, &partner_body("李四", &her_id)).await.status, 200);

    let (url, hits, accepted) = flaky_gateway(4).await;
    let mut server = app.state.clone();
    server.sms = Arc::new(HttpGateway { url, token: "t".into() });
    let other_server = server.clone();
    app.clock.advance(25 * 3600);
    portal_server::booking::sweep::run_once(&server).await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 2, "both texts tried once, both failed");
    // Not due again until the backoff has passed.
    portal_server::booking::sweep::run_once(&server).await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    app.clock.advance(31);
    portal_server::booking::sweep::run_once(&server).await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 4, "second attempt, failed again");
    app.clock.advance(61);
    // Two servers sweep at the same moment: each text is sent once.
    let (a, b2) = tokio::join!(
        portal_server::outbox::deliver_due(&server),
        portal_server::outbox::deliver_due(&other_server)
    );
    assert_eq!(a.unwrap() + b2.unwrap(), 2);
    app.clock.advance(3600);
    portal_server::booking::sweep::run_once(&server).await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 6, "nothing sent twice");
    let accepted = accepted.lock().unwrap().clone();
    assert_eq!(accepted.len(), 2);
    assert!(accepted.iter().all(|t| t.contains(&b.reference) && t.contains("24 小时内确认")));
    assert_ne!(accepted[0], accepted[1], "one to each");
    let (sent, attempts): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), MAX(attempts) FROM sms_queue WHERE sent_at IS NOT NULL \
             AND body LIKE '%未在 24 小时内确认%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((sent, attempts), (2, 3));
}

#[tokio::test]
async fn a_message_the_gateway_never_takes_is_given_up_after_the_last_attempt() {
    let app = app().await;
    let (url, hits, _) = flaky_gateway(usize::MAX).await;
    let mut server = app.state.clone();
    server.sms = Arc::new(HttpGateway { url, token: "t".into() });
    portal_server::outbox::enqueue(&app.db.pool, "13800000009", "测试", app.clock_now())
        .await
        .unwrap();
    for _ in 0..20 {
        portal_server::outbox::deliver_due(&server).await.unwrap();
        app.clock.advance(3600);
    }
    assert_eq!(hits.load(Ordering::SeqCst) as i64, portal_server::outbox::MAX_ATTEMPTS);
    let (failed,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sms_queue WHERE failed_at IS NOT NULL AND sent_at IS NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(failed, 1);
}
