//! `/api/openapi.json` lists every route the server answers, with its method. The routes are
//! read from the router declarations in the source (`.route("...", get(..).post(..))`), so a
//! route added without its `#[utoipa::path]` (or left out of its feature's document) fails
//! here, and so does a documented path that no router serves.

use crate::support::{TestApp, crate_dir};
use std::collections::BTreeSet;
use std::path::Path;

/// Routes that are deliberately undocumented: the JSON 404 for unknown API paths, and the
/// development-only routes that a production server does not have.
pub(crate) fn undocumented(path: &str) -> bool {
    path == "/api" || path == "/api/{*rest}" || path.starts_with("/api/dev/")
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `(method, path)` of every `.route(...)` call in the server's source.
pub(crate) fn routes_in_source() -> BTreeSet<(String, String)> {
    let mut files = Vec::new();
    rust_files(&crate_dir().join("src"), &mut files);
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find(".route(") {
            rest = &rest[i + ".route(".len()..];
            let Some(open) = rest.find('"') else { break };
            let after = &rest[open + 1..];
            let close = after.find('"').unwrap();
            let path = after[..close].to_owned();
            // The handler expression runs to the bracket that closes `.route(`.
            let mut depth = 1;
            let mut end = 0;
            for (j, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let handlers = &rest[open + 1 + close + 1..end];
            for method in ["get", "post", "put", "delete", "patch", "any"] {
                let call = format!("{method}(");
                let hit = handlers.match_indices(&call).any(|(k, _)| {
                    k == 0 || !handlers[..k].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if hit {
                    out.insert((method.to_owned(), path.clone()));
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_nothing_else_is() {
    let app = TestApp::new().await;
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status, 200);
    let doc: serde_json::Value = res.json();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let routes = routes_in_source();
    assert!(routes.len() > 40, "the scan found the routes: {routes:?}");
    let missing: Vec<_> = routes
        .iter()
        .filter(|(_, p)| !undocumented(p))
        .filter(|r| !documented.contains(*r))
        .collect();
    assert!(missing.is_empty(), "routes missing from /api/openapi.json: {missing:?}");
    let extra: Vec<_> = documented.iter().filter(|r| !routes.contains(*r)).collect();
    assert!(extra.is_empty(), "documented but not served: {extra:?}");
    // Every operation says what its errors look like (or has none to say).
    for (method, path) in &documented {
        let op = &doc["paths"][path][method];
        assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}");
    }
}
