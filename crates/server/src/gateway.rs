//! The one HTTP client the server has: a JSON `POST` to an operator's gateway (SMS, identity
//! verification) with a bearer token, a connect timeout and a total timeout. Gateways are
//! reached over `http://` (an agent or TLS-terminating proxy on the private network).

use http_body_util::{BodyExt, Full};
use std::time::Duration;

/// Connecting may take this long; the whole exchange `TOTAL`.
pub const CONNECT: Duration = Duration::from_secs(3);
pub const TOTAL: Duration = Duration::from_secs(10);

/// `POST url` with `body` as JSON; returns the status and the reply body.
pub async fn post_json(
    url: &str,
    token: &str,
    body: String,
) -> Result<(hyper::StatusCode, Vec<u8>), String> {
    tokio::time::timeout(TOTAL, exchange(url, token, body))
        .await
        .map_err(|_| format!("gateway did not answer within {} s", TOTAL.as_secs()))?
}

async fn exchange(
    url: &str,
    token: &str,
    body: String,
) -> Result<(hyper::StatusCode, Vec<u8>), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("gateway URL: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err("the gateway URL must be http:// (see README)".into());
    }
    let host = uri.host().ok_or("the gateway URL has no host")?.to_owned();
    let port = uri.port_u16().unwrap_or(80);
    let stream =
        tokio::time::timeout(CONNECT, tokio::net::TcpStream::connect((host.as_str(), port)))
            .await
            .map_err(|_| format!("gateway: no connection within {} s", CONNECT.as_secs()))?
            .map_err(|e| e.to_string())?;
    let _ = stream.set_nodelay(true);
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let req = hyper::Request::post(uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"))
        .header(hyper::header::HOST, host)
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .header(hyper::header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Full::new(hyper::body::Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let res = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let status = res.status();
    let bytes = res.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok((status, bytes.to_vec()))
}
