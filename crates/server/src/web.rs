//! Cross-cutting HTTP concerns: layers (compression, tracing, timeout, body limit), the
//! static app with its index.html fallback, cache headers, and turning bare error statuses
//! from layers into problem details.

use crate::error::{AppError, problem_response};
use crate::{AppState, Settings};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use portal_api::{ErrorCode, Problem};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

pub fn with_layers(api: Router<AppState>, settings: &Settings) -> Router<AppState> {
    let index = settings.static_dir.join("index.html");
    let mut headers = security_headers(&std::fs::read_to_string(&index).unwrap_or_default());
    if settings.cookie_secure {
        // Production is served over TLS (the `__Host-` cookie needs it): browsers should never
        // try plain http again. Ignored by browsers on a plain-http response.
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    let headers = Arc::new(headers);
    // Any other path is the app's: the shell (the loading note) when the build wrote one,
    // else index.html (a build that did not draw first screens ahead has only that).
    let shell = settings.static_dir.join("shell.html");
    let shell = if shell.exists() { shell } else { index };
    let static_files = ServeDir::new(&settings.static_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(shell).precompressed_br().precompressed_gzip());
    let mut api = api;
    for (path, file) in drawn_pages(&settings.static_dir) {
        api =
            api.route_service(&path, ServeFile::new(file).precompressed_br().precompressed_gzip());
    }
    api.fallback_service(static_files)
        // Innermost first: each `.layer` wraps everything above it.
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn(crate::account::auth::same_origin_only))
        .layer(DefaultBodyLimit::max(settings.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.request_timeout,
        ))
        .layer(middleware::from_fn(problem_for_bare_errors))
        .layer(middleware::from_fn(uri_checks))
        // Full: answer 503 with Retry-After at once instead of queueing (load shedding).
        // Global: `Router::layer` wraps each route on its own, and a plain concurrency limit
        // would give every route (and the static files) its own `max_in_flight`.
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(|_: tower::BoxError| async {
                    busy()
                }))
                .layer(tower::load_shed::LoadShedLayer::new())
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                    settings.max_in_flight.max(1),
                )),
        )
        // A panic in a handler is a logged 500 problem, never a dropped connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let headers = headers.clone();
            async move {
                let mut res = next.run(req).await;
                for (name, value) in headers.iter() {
                    res.headers_mut().entry(name.clone()).or_insert(value.clone());
                }
                res
            }
        }))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// The main routes whose first screen the build drew ahead (`xtask/src/prerender.rs`):
/// `pre/<name>.html` is served for exactly `/<name>`; `/` is index.html itself.
fn drawn_pages(static_dir: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    let Ok(dir) = std::fs::read_dir(static_dir.join("pre")) else { return vec![] };
    let mut pages: Vec<_> = dir
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".html")?;
            let plain = !stem.is_empty()
                && stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            plain.then(|| (format!("/{stem}"), e.path()))
        })
        .collect();
    pages.sort();
    pages
}

/// The longest path and query accepted: a 10,000-character search in Latin letters and a
/// few thousand Chinese characters (percent-encoded, 9 bytes each) fit. Just under the `http`
/// crate's own 64 KiB limit, beyond which hyper answers 414 itself before the app sees it.
pub const MAX_URI_BYTES: usize = 60 * 1024;

/// Before any handler parses the request: 414 as a problem for a URL longer than
/// [`MAX_URI_BYTES`]; 400 for a Host header that is not a host name (QR codes and files carry
/// this site's address, built from it); and under `/api`, 400 naming the parameter for a NUL
/// (`%00`) in the path or query, which no one types and PostgreSQL cannot store in text
/// (SQLSTATE 22021: left to the database it would be a 500). JSON bodies: `extract::Json`.
async fn uri_checks(req: Request, next: Next) -> Response {
    let len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if len > MAX_URI_BYTES {
        return AppError::client(
            ErrorCode::UriTooLong,
            format!("the URL is {len} bytes; at most {MAX_URI_BYTES} are accepted"),
        )
        .into_response();
    }
    if let Some(host) = req.headers().get(header::HOST)
        && !is_host_name(host.as_bytes())
    {
        return AppError::client(ErrorCode::MalformedBody, "the Host header is not a host name")
            .into_response();
    }
    if req.uri().path().starts_with("/api/")
        && let Some(field) = nul_in_uri(req.uri())
    {
        return AppError::Validation(vec![portal_api::FieldError {
            field,
            code: portal_api::FieldCode::BadCharacter,
        }])
        .into_response();
    }
    next.run(req).await
}

/// A DNS name or IP literal with an optional port, at most 255 bytes (RFC 1035 names are at
/// most 253 characters; a bracketed IPv6 literal and port fit).
fn is_host_name(host: &[u8]) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.iter().all(|&b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
}

/// Where a NUL is in the URL: `path`, or the query parameter carrying it.
fn nul_in_uri(uri: &axum::http::Uri) -> Option<String> {
    // Decoded, as the router decodes it: `%2500` is a percent sign and two zeros, not a NUL.
    if uri.path().contains("%00")
        && form_urlencoded::parse(uri.path().as_bytes())
            .any(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Some("path".to_owned());
    }
    let query = uri.query().filter(|q| q.contains("%00"))?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        .map(|(k, _)| k.replace('\0', ""))
}

/// 503 with `Retry-After` when every slot for requests in flight is taken.
fn busy() -> Response {
    let mut res = problem_response(&Problem::new(
        ErrorCode::Unavailable,
        Some("the service is busy; try again in a few seconds".to_owned()),
    ));
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    res
}

fn panicked(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!("handler panicked: {what}");
    problem_response(&Problem::new(ErrorCode::Internal, None))
}

/// The headers every response carries. The Content-Security-Policy allows only this origin,
/// WebAssembly compilation, and the inline blocks of the built index.html by their hashes (the
/// app's loader and the pre-paint preferences script; the stylesheet, inlined so the first
/// paint does not wait for it), so injected script or style cannot run. Every page the server
/// sends (`shell.html`, `pre/*.html`) has the same head as index.html.
pub fn security_headers(index_html: &str) -> Vec<(header::HeaderName, HeaderValue)> {
    let scripts = inline_hashes(index_html, "script");
    let styles = inline_hashes(index_html, "style");
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         worker-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; \
         form-action 'self'"
    );
    let h = |v: &str| HeaderValue::from_str(v).expect("static header value");
    vec![
        (header::CONTENT_SECURITY_POLICY, h(&csp)),
        (header::X_CONTENT_TYPE_OPTIONS, h("nosniff")),
        (header::REFERRER_POLICY, h("no-referrer")),
        (header::X_FRAME_OPTIONS, h("DENY")),
        (
            header::HeaderName::from_static("permissions-policy"),
            h("camera=(self), geolocation=(self), microphone=(), payment=(), usb=()"),
        ),
        (header::HeaderName::from_static("cross-origin-opener-policy"), h("same-origin")),
    ]
}

/// `'sha256-…'` sources for each inline `<tag>` block (one without `src=`) of the page.
fn inline_hashes(html: &str, tag: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut hashes = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i..];
        let Some(open_end) = rest.find('>') else { break };
        let attrs = &rest[open.len()..open_end];
        let body_start = open_end + 1;
        // `<styles>` or `<scripts>` is another element, not this one.
        if attrs.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
            rest = &rest[body_start..];
            continue;
        }
        let Some(close_at) = rest[body_start..].find(&close) else { break };
        if !attrs.contains(" src=") {
            let digest = sha2::Sha256::digest(&rest.as_bytes()[body_start..body_start + close_at]);
            let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push_str(&format!(" 'sha256-{b64}'"));
        }
        rest = &rest[body_start + close_at..];
    }
    hashes
}

/// `/api/...` routes that do not exist: a problem, never the app's index.html.
pub async fn api_not_found(req: Request) -> AppError {
    AppError::not_found(format!("no API route {} {}", req.method(), req.uri().path()))
}

/// Layers and axum itself answer some errors (405, 408, 413) with an empty body, and axum's own
/// extractors (a body over the limit for `Bytes`, say) with a plain-text one; give those the same
/// problem-details shape as every handler error.
async fn problem_for_bare_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let bare = match res.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(t) => t.as_bytes().starts_with(b"text/plain"),
    };
    if !(status.is_client_error() || status.is_server_error()) || !bare {
        return res;
    }
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::Timeout,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        s if s.is_client_error() => ErrorCode::MalformedBody,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        _ => ErrorCode::Internal,
    };
    let mut problem = Problem::new(code, None);
    problem.status = status.as_u16();
    let mut out = problem_response(&problem);
    if let Some(allow) = res.headers().get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

/// Built assets are named by their content (`/pkg-<hash>/…` from `cargo xtask build`, or
/// `<name>-<hash>.<ext>`), so they can be cached for a year; the
/// HTML shell and API answers must be revalidated so a new release is picked up at once.
async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let value = if path.starts_with("/api/") || path.ends_with("z") && !path.contains('.') {
        "no-store"
    } else if res.status().is_success() && has_content_hash(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // Static files are served precompressed by Accept-Encoding: a shared cache must key on it
    // (tower-http's ServeDir does not say so).
    if !path.starts_with("/api/") && !res.headers().contains_key(header::VARY) {
        res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

fn has_content_hash(path: &str) -> bool {
    // `/pkg-<hash>/…`: the app's modules, all named by one hash of the whole build.
    if let Some(dir) = path.strip_prefix("/pkg-").and_then(|p| p.split_once('/')).map(|(d, _)| d) {
        return dir.len() == 16 && dir.chars().all(|c| c.is_ascii_hexdigit());
    }
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        (12..=16).contains(&h.len()) && h.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// The platform's own routes; each feature adds its document in [`api_doc`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Civil-affairs portal API",
        description = "Public API of the civil-affairs self-service portal. Every error is RFC 9457 \
                       problem details (`application/problem+json`) with a stable `code`."
    ),
    paths(
        crate::meta::routes::info,
        crate::meta::routes::regions,
        crate::meta::routes::healthz,
        crate::meta::routes::readyz,
        crate::benefits::routes::index,
        crate::benefits::routes::policy,
        openapi_json,
        crate::charities::public::search,
        crate::charities::public::card,
        crate::charities::public::campaign,
        crate::charities::public::shops,
        crate::charities::admin::create,
        crate::charities::admin::update,
        crate::charities::admin::import,
        crate::charities::imports::start,
        crate::charities::imports::job
    ),
    components(schemas(
        Problem,
        ErrorCode,
        portal_api::FieldError,
        portal_api::charities::SortOrder
    ))
)]
pub struct ApiDoc;

/// The whole document: the platform's routes and every feature's.
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::account::AccountApi::openapi());
    doc.merge(crate::booking::BookingApi::openapi());
    doc.merge(crate::volunteering::VolunteeringApi::openapi());
    doc
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "the OpenAPI 3.1 document", body = Object)))]
pub async fn openapi_json() -> impl IntoResponse {
    let mut doc = serde_json::to_value(api_doc()).unwrap_or_default();
    problems_everywhere(&mut doc);
    axum::Json(doc)
}

/// Every error the server sends is `application/problem+json` (RFC 9457) with the `Problem`
/// schema, and any operation can meet the generic ones (malformed body 400, 401, 405, 408,
/// 413, 415, 429 and 503 with `Retry-After`, 500): documented errors get the right media type,
/// and every operation gets a `default` response for the rest, so a client (or Schemathesis)
/// reading the document is never surprised.
fn problems_everywhere(doc: &mut serde_json::Value) {
    let problem = serde_json::json!({
        "description": "A problem (RFC 9457): every error, with a machine-readable `code`",
        "content": { "application/problem+json": {
            "schema": { "$ref": "#/components/schemas/Problem" } } }
    });
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else { return };
    for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
        for (method, op) in item.iter_mut() {
            if !["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                continue;
            };
            for (status, response) in responses.iter_mut() {
                if !(status.starts_with('4') || status.starts_with('5')) {
                    continue;
                }
                if let Some(content) = response.get_mut("content").and_then(|c| c.as_object_mut())
                    && let Some(json) = content.remove("application/json")
                {
                    content.insert("application/problem+json".into(), json);
                }
            }
            responses.entry("default").or_insert_with(|| problem.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn inline_blocks_are_allowed_by_their_own_hash_only() {
        let page = "<head><style>body{color:red}</style><script>var a = 1;</script>\
                    <script src=\"/x.js\"></script><stylesheet-x>no</stylesheet-x>\
                    <style media=\"print\">body{color:red}</style></head>";
        let red = " 'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E='";
        assert_eq!(super::inline_hashes(page, "style"), format!("{red}{red}"));
        assert_eq!(
            super::inline_hashes(page, "script"),
            " 'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='"
        );
        assert_eq!(super::inline_hashes("<style>unclosed", "style"), "");
        let headers = super::security_headers(page);
        let csp = headers[0].1.to_str().unwrap();
        assert!(csp.contains(&format!("style-src 'self'{red}{red};")), "{csp}");
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn content_hashes_are_recognised() {
        assert!(super::has_content_hash("/portal-4a1b2c3d4e5f6a7b_bg.wasm"));
        assert!(super::has_content_hash("/portal-4a1b2c3d4e5f6a7b.js"));
        assert!(!super::has_content_hash("/index.html"));
        // A 64-bit hash printed without leading zeros.
        assert!(super::has_content_hash("/portal-faef07a4cddc836_bg.wasm"));
        assert!(!super::has_content_hash("/style-main.css"));
        assert!(super::has_content_hash("/pkg-0123456789abcdef/split_foo.wasm"));
        assert!(super::has_content_hash("/pkg-0123456789abcdef/__wasm_split.js"));
        assert!(!super::has_content_hash("/pkg-0123/portal.js"));
        assert!(!super::has_content_hash("/pkg-0123456789abcdeg/portal.js"));
    }
}
