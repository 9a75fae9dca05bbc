//! The app's static files: unknown app routes get index.html so the app can show its own
//! not-found page; hashed assets are cached for a year, the shell is revalidated.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, header};

#[tokio::test]
async fn app_routes_fall_back_to_index_html() {
    let app = TestApp::new().await;
    for uri in ["/", "/booking", "/no/such/page"] {
        let res = app.get(uri).await;
        assert_eq!(res.status, 200, "{uri}");
        assert!(res.content_type().starts_with("text/html"), "{uri}");
        assert!(String::from_utf8_lossy(&res.body).contains("<title>portal</title>"));
        assert_eq!(res.headers[header::CACHE_CONTROL], "no-cache");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_compressed_on_request() {
    let app = TestApp::new().await;
    let res = app.get("/portal-0123456789abcdef.js").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");

    let big: String = "{\"regions\":[]}".repeat(200);
    std::fs::write(app.dir.join("dist/big-0123456789abcdef.json"), &big).unwrap();
    let res = app
        .request(
            Request::get("/big-0123456789abcdef.json")
                .header(header::ACCEPT_ENCODING, "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.headers[header::CONTENT_ENCODING], "br");
    assert!(res.body.len() < big.len() / 4, "{} bytes", res.body.len());
}

#[tokio::test]
async fn api_answers_are_not_cached() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/api/regions").await.headers[header::CACHE_CONTROL], "no-store");
}

/// A precompressed file and its plain twin are one URL: the answer says it varies by
/// Accept-Encoding (once), so a shared cache never hands brotli to a client that did not ask.
#[tokio::test]
async fn precompressed_files_vary_by_accept_encoding() {
    let app = TestApp::new().await;
    std::fs::write(app.dir.join("dist/app-0123456789abcdef.js"), "console.log('plain')").unwrap();
    std::fs::write(app.dir.join("dist/app-0123456789abcdef.js.br"), b"\x0b\x02\x80brotli").unwrap();
    for encoding in ["br", "identity"] {
        let res = app
            .request(
                Request::get("/app-0123456789abcdef.js")
                    .header(header::ACCEPT_ENCODING, encoding)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, 200);
        let vary: Vec<String> = res
            .headers
            .get_all(header::VARY)
            .iter()
            .flat_map(|v| v.to_str().unwrap().split(',').map(|p| p.trim().to_lowercase()))
            .collect();
        assert_eq!(
            vary.iter().filter(|v| *v == "accept-encoding").count(),
            1,
            "{encoding}: {vary:?}"
        );
    }
}
