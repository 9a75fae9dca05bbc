//! The production SMS sender against a real HTTP server standing in for the gateway.

use axum::Json;
use axum::http::HeaderMap;
use portal_server::sms::{HttpGateway, SmsSender};
use std::sync::{Arc, Mutex};

type Seen = Arc<Mutex<Vec<(String, serde_json::Value)>>>;

async fn gateway(status: u16) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let s = seen.clone();
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move |headers: HeaderMap, Json(body): Json<serde_json::Value>| {
            let s = s.clone();
            async move {
                let auth = headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default();
                s.lock().unwrap().push((auth, body));
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn posts_json_with_the_bearer_token() {
    let (url, seen) = gateway(202).await;
    let g = HttpGateway { url, token: "secret".into() };
    g.send("13800138000", "验证码 123456", 0).await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, "Bearer secret");
    assert_eq!(seen[0].1["phone"], "13800138000");
    assert_eq!(seen[0].1["text"], "验证码 123456");
}

#[tokio::test]
async fn gateway_errors_and_bad_urls_are_reported() {
    let (url, _) = gateway(500).await;
    let err =
        HttpGateway { url, token: String::new() }.send("13800138000", "x", 0).await.unwrap_err();
    assert!(err.contains("500"), "{err}");
    let err = HttpGateway { url: "ftp://sms.example/send".into(), token: String::new() }
        .send("1", "x", 0)
        .await
        .unwrap_err();
    assert!(err.contains("http://"), "{err}");
    let err = HttpGateway { url: "http://127.0.0.1:9/send".into(), token: String::new() }
        .send("1", "x", 0)
        .await
        .unwrap_err();
    assert!(!err.is_empty());
}
