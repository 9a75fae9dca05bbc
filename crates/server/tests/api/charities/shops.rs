//! `GET /api/charity-shops`: by district and kind, and "open now" in the city's local time.

use crate::support::TestApp;
use portal_api::ErrorCode;
use portal_api::charities::{CharityShop, ShopKind};

#[tokio::test]
async fn shops_by_district_and_open_now_in_local_time() {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    let all: Vec<CharityShop> = app.get("/api/charity-shops").await.json();
    assert_eq!(all.len(), 16);
    assert!(all.iter().all(|s| s.demo));
    let tianmen: Vec<CharityShop> =
        app.get("/api/charity-shops?district=hubei-tianmen&kind=charity_shop").await.json();
    assert_eq!(tianmen.len(), 2);
    assert!(
        tianmen.iter().all(|s| s.district == "hubei-tianmen" && s.kind == ShopKind::CharityShop)
    );
    // T0 is Sunday 1 March 2026, 08:00 in Beijing: nothing is open yet.
    let open: Vec<CharityShop> =
        app.get("/api/charity-shops?district=hubei-tianmen&open_now=true").await.json();
    assert!(open.is_empty(), "{open:?}");
    // 09:00: the community shop (daily 8:30-20:00) and the weekend street point (9-16).
    app.clock.advance(3600);
    let open: Vec<CharityShop> =
        app.get("/api/charity-shops?district=hubei-tianmen&open_now=true").await.json();
    let names: Vec<&str> = open.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    app.get("/api/charity-shops?district=%25").await.assert_problem(400, ErrorCode::Validation);
    app.get("/api/charity-shops?open_now=yes").await.assert_problem(400, ErrorCode::Validation);
}
