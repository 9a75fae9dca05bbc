//! `/api/charities`, `/api/charity-campaigns`, `/api/charity-shops` and the register's admin
//! routes `/api/admin/charities`. Fixtures are built through the admin API.

mod admin;
mod bench;
mod imports;
mod search;
mod shops;

use crate::support::TestApp;
use axum::http::Method;
use portal_api::account::Role;
use portal_api::charities::search::encode;
use portal_api::ids::credit_code_check_character;

/// A valid civil-affairs credit code ending in `seq` (53: foundation, 51: association ...).
pub fn code(kind: &str, seq: u32) -> String {
    let prefix = format!("{kind}429006MJ{seq:07}");
    format!("{prefix}{}", credit_code_check_character(&prefix).unwrap())
}

/// A register entry as JSON; `extra` adds or replaces members.
pub fn entry(code: &str, name: &str, extra: serde_json::Value) -> String {
    let mut v = serde_json::json!({
        "credit_code": code,
        "name": name,
        "form": "foundation",
        "registration_authority": "天门市民政局",
        "registered_on": "2015-04-01",
        "recognised_on": "2017-09-01",
        "fields": ["medical"],
        "districts": ["hubei-tianmen"],
        "status": "active",
    });
    if let (Some(obj), Some(more)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in more {
            obj.insert(k.clone(), x.clone());
        }
    }
    v.to_string()
}

pub async fn admin(app: &TestApp) -> String {
    app.sign_in_staff("13900000009", Role::Admin, "").await
}

/// Creates an entry through the admin API and asserts it was created.
pub async fn create(app: &TestApp, cookie: &str, body: &str) -> serde_json::Value {
    let res = app.send(Method::POST, "/api/admin/charities", Some(body), Some(cookie)).await;
    assert_eq!(res.status, 201, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

/// `GET /api/charities?q=...&rest`.
pub async fn search(app: &TestApp, q: &str, rest: &str) -> crate::support::TestResponse {
    app.get(&format!("/api/charities?q={}{rest}", encode(q))).await
}
