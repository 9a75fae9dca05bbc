//! The one HTTP client the server has: a JSON `POST` to an operator's gateway (SMS, identity
//! verification) with a bearer token, a connect timeout and a total timeout, over `http://` (an
//! agent on the private network) or `https://` (rustls, Mozilla's roots plus any private CA
//! from `PORTAL_GATEWAY_CA_FILE`).

use http_body_util::{BodyExt, Full};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::rustls;

/// Certificate authorities trusted besides Mozilla's (an operator's private CA).
static EXTRA_ROOTS: Mutex<Vec<rustls_pki_types::CertificateDer<'static>>> = Mutex::new(Vec::new());

/// Trusts the certificate authorities in a PEM file for `https://` gateways.
pub fn trust_ca_pem(pem: &[u8]) -> Result<usize, String> {
    use rustls_pki_types::pem::PemObject;
    let certs: Vec<_> = rustls_pki_types::CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("PORTAL_GATEWAY_CA_FILE: {e}"))?;
    if certs.is_empty() {
        return Err("PORTAL_GATEWAY_CA_FILE holds no certificate".into());
    }
    let n = certs.len();
    EXTRA_ROOTS.lock().map_err(|_| "poisoned")?.extend(certs);
    Ok(n)
}

fn tls_config() -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for c in EXTRA_ROOTS.lock().map_err(|_| "poisoned")?.iter() {
        roots.add(c.clone()).map_err(|e| e.to_string())?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

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
    let https = match uri.scheme_str() {
        Some("http") => false,
        Some("https") => true,
        _ => return Err("the gateway URL must be http:// or https://".into()),
    };
    let host = uri.host().ok_or("the gateway URL has no host")?.to_owned();
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let stream =
        tokio::time::timeout(CONNECT, tokio::net::TcpStream::connect((host.as_str(), port)))
            .await
            .map_err(|_| format!("gateway: no connection within {} s", CONNECT.as_secs()))?
            .map_err(|e| e.to_string())?;
    let _ = stream.set_nodelay(true);
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
    if !https {
        return send(stream, &host, &path, token, body).await;
    }
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls_config()?));
    let name = rustls_pki_types::ServerName::try_from(host.clone()).map_err(|e| e.to_string())?;
    let tls = tokio::time::timeout(CONNECT, connector.connect(name, stream))
        .await
        .map_err(|_| format!("gateway: no TLS handshake within {} s", CONNECT.as_secs()))?
        .map_err(|e| format!("gateway TLS: {e}"))?;
    send(tls, &host, &path, token, body).await
}

async fn send<S>(
    io: S,
    host: &str,
    path: &str,
    token: &str,
    body: String,
) -> Result<(hyper::StatusCode, Vec<u8>), String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(io))
            .await
            .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let req = hyper::Request::post(path)
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
