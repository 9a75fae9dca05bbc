//! The authorization matrix: every API route, called as nobody, a resident, another resident,
//! an organiser, a clerk of another office and an admin. New routes join `ROUTES`.

use crate::support::TestApp;
use axum::http::Method;
use portal_api::account::Role;

#[derive(Clone, Copy, Debug)]
enum Who {
    Nobody,
    Resident,
    OtherResident,
    Organiser,
    ClerkOfAnotherOffice,
    Admin,
}

const ALL: [Who; 6] = [
    Who::Nobody,
    Who::Resident,
    Who::OtherResident,
    Who::Organiser,
    Who::ClerkOfAnotherOffice,
    Who::Admin,
];

/// (method, path, body, who may call it: public, signed_in or admin)
const ROUTES: &[(&str, &str, Option<&str>, &str)] = &[
    ("GET", "/healthz", None, "public"),
    ("GET", "/readyz", None, "public"),
    ("GET", "/api/info", None, "public"),
    ("GET", "/api/regions", None, "public"),
    ("GET", "/api/policies", None, "public"),
    ("GET", "/api/openapi.json", None, "public"),
    ("GET", "/api/auth/session", None, "public"),
    ("GET", "/api/policies/hubei-tianmen/0000000000000000", None, "public_404"),
    ("POST", "/api/auth/code", Some(r#"{"phone":"13900000123"}"#), "public"),
    // A wrong code is a 400 for anyone; nobody learns more.
    ("POST", "/api/auth/verify", Some(r#"{"phone":"13900000123","code":"000000"}"#), "public_400"),
    ("GET", "/api/offices", None, "public"),
    ("GET", "/api/offices/tianmen/availability?service=marriage&day=2026-03-04", None, "public"),
    ("GET", "/api/offices/tianmen/days?service=marriage", None, "public"),
    ("GET", "/api/bookings", None, "signed_in"),
    ("GET", "/api/divorce", None, "signed_in"),
    ("POST", "/api/divorce/1/withdraw", None, "owner_only"),
    // The matrix's callers have not done the real-name step.
    (
        "POST",
        "/api/bookings/hold",
        Some(r#"{"office":"tianmen","service":"marriage","day":"2026-03-04","start_min":540}"#),
        "real_named",
    ),
    ("DELETE", "/api/bookings/1", None, "owner_only"),
    ("GET", "/api/bookings/1/calendar.ics", None, "owner_only"),
    ("GET", "/api/bookings/1/qr.svg", None, "owner_only"),
    (
        "POST",
        "/api/bookings/1/details",
        Some(r#"{"partner":{"name":"李四","id_number":"x"}}"#),
        "owner_only",
    ),
    // Confirming as the partner needs a verified real-name record first; the partner is found
    // by their real-name record: without one, they are asked for it.
    ("POST", "/api/bookings/confirm", Some(r#"{"reference":"34679ACD"}"#), "real_named"),
    ("GET", "/api/bookings/partner/34679ACD", None, "real_named"),
    (
        "POST",
        "/api/bookings/1/reschedule",
        Some(r#"{"day":"2026-03-04","start_min":540}"#),
        "owner_only",
    ),
    // Positive cells for the staff roles, on their own office and organisation.
    ("GET", "/api/clerk/offices/zhonglou/day?date=2026-03-04", None, "clerk_own"),
    (
        "PUT",
        "/api/volunteering/orgs/org-red-cross",
        Some(
            r#"{"name":"矩阵测试志愿者协会","credit_code":"51429006MJ0000302U","contact":"0728-0000000","district":"hubei-tianmen"}"#,
        ),
        "organiser_own",
    ),
    // The clerk in the matrix belongs to another office (zhonglou is not "tianmen").
    ("GET", "/api/clerk/offices/tianmen/day?date=2026-03-04", None, "clerk_of_tianmen"),
    ("GET", "/api/clerk/offices/tianmen/day.csv?date=2026-03-04", None, "clerk_of_tianmen"),
    // Their booking is at Tianmen: the matrix's clerk (of Zhonglou) may not mark it.
    ("POST", "/api/clerk/bookings/1/status", Some(r#"{"status":"arrived"}"#), "clerk_of_tianmen"),
    ("POST", "/api/clerk/bookings/1/undo-no-show", None, "clerk_of_tianmen"),
    (
        "POST",
        "/api/clerk/offices/tianmen/closures",
        Some(r#"{"day":"2026-03-04","reason":"x"}"#),
        "clerk_of_tianmen",
    ),
    (
        "POST",
        "/api/clerk/offices/tianmen/capacity",
        Some(r#"{"counters":3,"dry_run":true}"#),
        "clerk_of_tianmen",
    ),
    (
        "POST",
        "/api/clerk/offices/tianmen/special-dates",
        Some(r#"{"day":"2026-03-04","counters":3,"release_at":null,"dry_run":true}"#),
        "clerk_of_tianmen",
    ),
    (
        "PUT",
        "/api/clerk/offices/tianmen/settings",
        Some(
            r#"{"hours":[[],[],[],[],[],[],[]],"slot_minutes":30,"window_min":1,"window_max":30,"partner_confirm":true,"dry_run":true}"#,
        ),
        "clerk_of_tianmen",
    ),
    ("GET", "/api/me", None, "signed_in"),
    ("GET", "/api/me/data", None, "signed_in"),
    (
        "POST",
        "/api/me/real-name",
        Some(r#"{"name":"张三","id_number":"110105199003071239"}"#),
        "signed_in",
    ),
    // Nobody in the matrix has a real-name record to check again.
    ("POST", "/api/me/verify", None, "real_named"),
    // Any clerk verifies at the counter; this number has no account (404 for the clerk).
    (
        "POST",
        "/api/clerk/identity",
        Some(r#"{"phone":"13900000999","name":"张三","id_number":"110105199003071239"}"#),
        "clerk_404",
    ),
    ("POST", "/api/auth/sign-out-everywhere", None, "signed_in"),
    ("POST", "/api/auth/sign-out", None, "signed_in"),
    ("DELETE", "/api/me", None, "signed_in"),
    // Volunteering (issue 9). The matrix's organiser belongs to `org-red-cross`, not to any
    // demo organisation; demo activity and shift 1 belong to another organisation.
    ("GET", "/api/volunteering/activities?district=hubei-tianmen&open=true", None, "public"),
    ("GET", "/api/volunteering/activities/1", None, "public"),
    ("GET", "/api/volunteering/certificates/ABCD-EFGH-JKMN-PQRS", None, "public_404"),
    ("GET", "/api/volunteering/certificates/ABCDEFGHJKMNPQRS/qr.svg", None, "public_404"),
    ("GET", "/api/volunteering/me", None, "volunteer_only"),
    ("GET", "/api/volunteering/me/hours", None, "volunteer_only"),
    ("GET", "/api/volunteering/me/certificates", None, "signed_in"),
    ("GET", "/api/volunteering/me/certificates/ABCDEFGHJKMNPQRS/file", None, "owner_only"),
    (
        "POST",
        "/api/volunteering/signups/999999/report",
        Some(r#"{"half_hours":2,"note":"x"}"#),
        "owner_only",
    ),
    (
        "POST",
        "/api/volunteering/certificates/ABCDEFGHJKMNPQRS/revoke",
        Some(r#"{"reason":"x"}"#),
        "organiser_404",
    ),
    ("GET", "/api/volunteering/signups", None, "signed_in"),
    (
        "PUT",
        "/api/volunteering/me",
        Some(r#"{"emergency_name":"王","emergency_phone":"13912345678","pledge":true}"#),
        "real_named",
    ),
    ("POST", "/api/volunteering/shifts/1/signup", None, "volunteer_only"),
    (
        "POST",
        "/api/volunteering/certificates",
        Some(r#"{"from":"2026-01-01","to":"2026-12-31"}"#),
        "volunteer_only",
    ),
    ("DELETE", "/api/volunteering/signups/999999", None, "owner_only"),
    ("POST", "/api/volunteering/shifts/1/check-in", Some(r#"{"code":"123456"}"#), "owner_only"),
    ("POST", "/api/volunteering/shifts/1/check-out", Some(r#"{"code":"123456"}"#), "owner_only"),
    (
        "POST",
        "/api/volunteering/records/999999/correction",
        Some(r#"{"half_hours":2,"reason":"x"}"#),
        "owner_only",
    ),
    ("GET", "/api/volunteering/orgs/red-cross-tianmen", None, "organiser_elsewhere"),
    (
        "PUT",
        "/api/volunteering/orgs/red-cross-tianmen",
        Some(r#"{"name":"x","credit_code":"x","contact":"x","district":"hubei-tianmen"}"#),
        "organiser_elsewhere",
    ),
    ("GET", "/api/volunteering/orgs/red-cross-tianmen/activities", None, "organiser_elsewhere"),
    (
        "POST",
        "/api/volunteering/orgs/red-cross-tianmen/activities",
        Some(r#"{"title":"x","category":"culture","district":"hubei-tianmen","address":"x"}"#),
        "organiser_elsewhere",
    ),
    (
        "PUT",
        "/api/volunteering/activities/1",
        Some(r#"{"title":"x","category":"culture","district":"hubei-tianmen","address":"x"}"#),
        "organiser_elsewhere",
    ),
    (
        "POST",
        "/api/volunteering/activities/1/shifts",
        Some(r#"{"day":"2026-03-04","start_min":540,"end_min":600,"capacity":3}"#),
        "organiser_elsewhere",
    ),
    ("POST", "/api/volunteering/shifts/1/cancel", None, "organiser_elsewhere"),
    ("GET", "/api/volunteering/shifts/1/roster", None, "organiser_elsewhere"),
    ("GET", "/api/volunteering/shifts/1/code", None, "organiser_elsewhere"),
    ("GET", "/api/volunteering/shifts/1/code.svg", None, "organiser_elsewhere"),
    ("POST", "/api/volunteering/shifts/1/approve-all", None, "organiser_elsewhere"),
    ("GET", "/api/volunteering/orgs/red-cross-tianmen/corrections", None, "organiser_elsewhere"),
    (
        "GET",
        "/api/volunteering/orgs/red-cross-tianmen/hours.csv?from=2026-01-01&to=2026-12-31",
        None,
        "organiser_elsewhere",
    ),
    ("POST", "/api/volunteering/signups/999999/check-in", None, "organiser_404"),
    ("POST", "/api/volunteering/signups/999999/check-out", None, "organiser_404"),
    (
        "POST",
        "/api/volunteering/signups/999999/hours",
        Some(r#"{"decision":"approve"}"#),
        "organiser_404",
    ),
    (
        "POST",
        "/api/volunteering/corrections/999999",
        Some(r#"{"accept":false,"reason":"x"}"#),
        "organiser_404",
    ),
    ("GET", "/api/admin/audit", None, "admin"),
    ("GET", "/api/charities?q=csh&district=hubei-tianmen", None, "public"),
    ("GET", "/api/charities/51429006MJ0000302U", None, "public"),
    ("GET", "/api/charity-campaigns/NOTFILED2026001", None, "public_404"),
    ("GET", "/api/charity-shops?district=hubei-tianmen", None, "public"),
    ("POST", "/api/admin/charities", Some(CHARITY_NEW), "admin_created"),
    ("PUT", "/api/admin/charities/51429006MJ0000302U", Some(CHARITY_EDIT), "admin"),
    ("POST", "/api/admin/charities/import?dry_run=true", Some(CHARITY_CSV), "admin"),
    ("POST", "/api/admin/charity-imports?dry_run=true", Some(CHARITY_CSV), "admin_accepted"),
    ("GET", "/api/admin/charity-imports/0123456789abcdef01234567", None, "admin_404"),
];

const CHARITY_NEW: &str = r#"{"credit_code":"53429006MJ0900001Q","name":"矩阵测试基金会","form":"foundation","registration_authority":"天门市民政局","registered_on":"2015-04-01","status":"active"}"#;
const CHARITY_EDIT: &str = r#"{"credit_code":"51429006MJ0000302U","name":"天门市慈善总会（演示）","form":"association","registration_authority":"天门市民政局","registered_on":"2015-04-01","status":"active"}"#;
const CHARITY_CSV: &str = "统一社会信用代码,名称,曾用名,组织形式,登记管理机关,成立登记日期,认定慈善组织日期,慈善活动领域,服务区域,公开募捐资格取得日期,评估等级,评估日期,状态,状态变更日期,联系电话,地址,网址";

#[tokio::test]
async fn every_route_answers_each_caller_as_its_role_allows() {
    for &(method, path, body, access) in ROUTES {
        for who in ALL {
            // A fresh app per cell: sign-out and deletion must not leak into the next cell.
            let app = TestApp::new().await;
            portal_server::demo::load(&app.db).await.unwrap();
            let resident = app.sign_in("13800000001").await;
            let other = app.sign_in("13800000002").await;
            let organiser =
                app.sign_in_staff("13800000003", Role::Organiser, "org-red-cross").await;
            let clerk = app.sign_in_staff("13800000004", Role::Clerk, "zhonglou").await;
            // A real booking owned by someone outside the matrix: every owner-only cell aims at
            // it (its id and reference), so a refusal is tested against a real object.
            let theirs = theirs(&app).await;
            let path = path
                .replace("/bookings/1/", &format!("/bookings/{}/", theirs.id))
                .replace("34679ACD", &theirs.reference);
            let path = if path == "/api/bookings/1" {
                format!("/api/bookings/{}", theirs.id)
            } else {
                path
            };
            let body = body.map(|b| b.replace("34679ACD", &theirs.reference));
            // And a real volunteer sign-up of someone else for the owner-only volunteering cells.
            let path = if access == "owner_only" && path.contains("/999999") {
                let signup = their_signup(&app).await;
                path.replace("/999999", &format!("/{signup}"))
            } else {
                path
            };
            let admin = app.sign_in_staff("13800000005", Role::Admin, "").await;
            let cookie = match who {
                Who::Nobody => None,
                Who::Resident => Some(&resident),
                Who::OtherResident => Some(&other),
                Who::Organiser => Some(&organiser),
                Who::ClerkOfAnotherOffice => Some(&clerk),
                Who::Admin => Some(&admin),
            };
            let res = app
                .send(
                    method.parse::<Method>().unwrap(),
                    &path,
                    body.as_deref(),
                    cookie.map(String::as_str),
                )
                .await;
            let expected: u16 = match (access, who) {
                ("public", _) => 200,
                ("public_404", _) => 404,
                ("public_400", _) => 400,
                (_, Who::Nobody) => 401,
                ("signed_in", _) => {
                    if matches!(method, "DELETE") || path.contains("sign-out") {
                        204
                    } else {
                        200
                    }
                }
                ("real_named", _) => 403,
                // Nobody in the matrix has registered as a volunteer.
                ("volunteer_only", _) => 403,
                // The matrix's organiser acts for another organisation; the rest are no organisers.
                ("organiser_elsewhere", _) => 403,
                ("organiser_404", Who::Organiser) => 404,
                ("organiser_404", _) => 403,
                // Nobody in the matrix is a clerk of this office: 403 for everyone signed in.
                ("clerk_of_tianmen", _) => 403,
                // Booking 1 does not exist: a clerk gets 404, others are refused as non-clerks.
                ("clerk_404", Who::ClerkOfAnotherOffice) => 404,
                ("clerk_404", _) => 403,
                // Booking 1 belongs to nobody here: everyone gets 404, never a hint it exists.
                ("owner_only", _) => 404,
                ("admin", Who::Admin) => 200,
                ("admin", _) => 403,
                ("clerk_own", Who::ClerkOfAnotherOffice) => 200,
                ("clerk_own", _) => 403,
                ("organiser_own", Who::Organiser) => 200,
                ("organiser_own", _) => 403,
                ("admin_created", Who::Admin) => 201,
                ("admin_created", _) => 403,
                ("admin_accepted", Who::Admin) => 202,
                ("admin_accepted", _) => 403,
                // No such job: admins learn it is missing, nobody else learns anything.
                ("admin_404", Who::Admin) => 404,
                ("admin_404", _) => 403,
                _ => unreachable!(),
            };
            assert_eq!(
                res.status.as_u16(),
                expected,
                "{method} {path} as {who:?}: {}",
                String::from_utf8_lossy(&res.body)
            );
        }
    }
}

/// A confirmed marriage booking of a couple outside the matrix's callers, the clock moved so
/// that its day is in the window.
async fn theirs(app: &TestApp) -> portal_api::booking::BookingView {
    use crate::bookings::fixtures;
    let day =
        fixtures::day_with(app, "tianmen", portal_api::booking::Service::Marriage, &[540]).await;
    fixtures::confirmed_couple(app, "tianmen", day, 540).await.booking
}

/// A sign-up for demo shift 1 by a volunteer outside the matrix's callers: its id.
async fn their_signup(app: &TestApp) -> i64 {
    let volunteer = crate::volunteering::fixtures::volunteer(app).await;
    crate::volunteering::fixtures::signed_up(app, &volunteer, 1).await.id
}

/// Does a concrete matrix path (`/api/bookings/1`) fit a router template (`/api/bookings/{id}`)?
fn fits(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
}

#[test]
fn every_route_in_the_router_has_a_row_in_the_matrix() {
    let missing: Vec<String> = crate::openapi::routes_in_source()
        .into_iter()
        .filter(|(method, path)| method != "any" && !crate::openapi::undocumented(path))
        .filter(|(method, template)| {
            !ROUTES.iter().any(|(m, p, _, _)| m.eq_ignore_ascii_case(method) && fits(template, p))
        })
        .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
        .collect();
    assert!(missing.is_empty(), "routes without a row in the authorization matrix: {missing:#?}");
}

#[tokio::test]
async fn one_resident_never_sees_another_residents_data() {
    let app = TestApp::new().await;
    let a = app.sign_in("13800000001").await;
    let b = app.sign_in("13800000002").await;
    app.send(
        Method::POST,
        "/api/me/real-name",
        Some(r#"{"name":"张三","id_number":"110105199003071239"}"#),
        Some(&a),
    )
    .await;
    for path in ["/api/me", "/api/me/data"] {
        let body = String::from_utf8_lossy(&app.send(Method::GET, path, None, Some(&b)).await.body)
            .to_string();
        assert!(
            !body.contains("张三") && !body.contains("1239") && !body.contains("13800000001"),
            "{path}: {body}"
        );
    }
}
