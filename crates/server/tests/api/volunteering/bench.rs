//! Benchmarks on 10,000 generated activities (issue 14: the volunteering list's server time,
//! by analogy with the charity search an aim of p95 under 20 ms). Measured, never asserted;
//! prints one JSON line starting with `{"bench":` for `cargo xtask bench` to collect:
//!
//! ```text
//! cargo test -p portal-server --test api volunteering::bench -- --ignored --nocapture --test-threads=1
//! PORTAL_TEST_DB=postgres cargo test -p portal-server --test api volunteering::bench -- --ignored --nocapture --test-threads=1
//! ```
//!
//! Add `--release` for release numbers (the JSON says which profile ran).
//!
//! The data: 200 organisations (a few large, most small: the largest holds about 290
//! activities), 10,000 activities created over the past year and the next two months (so the
//! older ones' shifts are over), 1 to 6 shifts each (about 35,000), 4 to 30 places, past shifts
//! mostly filled, upcoming ones partly (some full with a waitlist), 3% cancelled, and a live
//! sign-up row for every place taken (about 200,000) from 5,000 volunteers. One of them is the
//! resident whose own sign-ups are timed (60 over the year). Written straight into the
//! database in one transaction (organisations and activities through the server's db
//! functions, shifts and sign-ups as multi-row inserts).

use crate::bookings::fixtures::{id_number, resident};
use crate::support::{TestApp, engine};
use axum::http::Method;
use portal_api::account::Role;
use portal_api::ids::Date;
use portal_api::volunteering::{
    ActivityPage, ActivityRequest, ActivityView, Category, OrganisationRequest,
    credit_code_or_panic, shift_instants,
};
use portal_server::demo::Rng;
use portal_server::volunteering::db;
use std::time::Instant;

pub const ACTIVITIES: usize = 10_000;
const ORGS: usize = 200;
const VOLUNTEERS: usize = 5_000;
/// The bench resident's own sign-ups.
const MINE: usize = 60;

const DISTRICTS: [&str; 4] =
    ["hubei-tianmen", "shanghai-changning", "changzhou-zhonglou", "kunming-anning"];

/// Titles per category (a locality is put in front).
const TITLES: [(Category, &[&str]); 7] = [
    (
        Category::ElderCare,
        &[
            "助餐点送餐",
            "独居老人陪伴聊天",
            "长者智能手机课堂",
            "敬老院文艺慰问",
            "高龄老人上门探访",
        ],
    ),
    (Category::Disability, &["助残康复陪练", "盲人读书会", "残疾人就业帮扶", "无障碍设施巡查"]),
    (Category::Children, &["留守儿童课业辅导", "四点半课堂", "儿童安全知识讲座", "暑期夏令营助教"]),
    (Category::Community, &["社区垃圾分类督导", "文明交通劝导", "社区议事会记录", "楼道清理"]),
    (Category::Environment, &["河道清洁", "植树护绿", "旧衣回收分拣", "湿地观鸟调查"]),
    (Category::Culture, &["图书馆导读", "博物馆讲解", "非遗进社区", "社区电影放映"]),
    (Category::Emergency, &["防灾减灾演练", "应急救护培训", "防汛值守", "消防安全宣传"]),
];

const LOCALITIES: [&str; 10] = [
    "竟陵街道",
    "新华街道",
    "城关镇",
    "江宁路街道",
    "南站街道",
    "连然街道",
    "华阳社区",
    "东湖社区",
    "西城社区",
    "",
];

fn profile() -> &'static str {
    if cfg!(debug_assertions) { "debug" } else { "release" }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    (sorted[i] * 100.0).round() / 100.0
}

pub fn org_code(i: usize) -> String {
    format!("bench-org-{i:03}")
}

/// What the generator made that the bench asks about.
pub struct Volunteering {
    pub app: TestApp,
    /// The session cookie of a resident with [`MINE`] sign-ups.
    pub resident: String,
    /// An activity with upcoming shifts.
    pub upcoming: i64,
    pub today: Date,
}

/// Runs `rows` (each a parenthesised VALUES tuple of literals) into `table (cols)`, 500 a
/// statement.
async fn insert_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    cols: &str,
    rows: &[String],
) {
    for chunk in rows.chunks(500) {
        let sql = format!("INSERT INTO {table} ({cols}) VALUES {}", chunk.join(","));
        sqlx::query(&sql).execute(&mut **tx).await.unwrap();
    }
}

/// A fresh app holding the generated organisations, activities, shifts and sign-ups.
pub async fn volunteering() -> Volunteering {
    let app = super::fixtures::app().await;
    let today = super::fixtures::today(&app);
    let now = app.clock_now();
    let mut rng = Rng(14);
    let me = resident(&app, "王志愿", &id_number("19800101", true, 7)).await;
    // The resident is the newest account so far.
    let (me_id,): (i64,) =
        sqlx::query_as("SELECT MAX(id) FROM accounts").fetch_one(&app.db.pool).await.unwrap();

    let mut tx = app.db.pool.begin().await.unwrap();
    let rows: Vec<String> = (0..VOLUNTEERS).map(|_| format!("({now})")).collect();
    insert_rows(&mut tx, "accounts", "created_at", &rows).await;
    let pool: Vec<(i64,)> = sqlx::query_as("SELECT id FROM accounts WHERE id > $1 ORDER BY id")
        .bind(me_id)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    let pool: Vec<i64> = pool.into_iter().map(|(id,)| id).collect();
    assert_eq!(pool.len(), VOLUNTEERS);

    for i in 0..ORGS {
        let req = OrganisationRequest {
            name: format!("{}志愿服务队{i}号", rng.pick(&LOCALITIES)),
            credit_code: String::new(),
            contact: format!("0728-{:07}", 1_000_000 + i),
            district: DISTRICTS[i % DISTRICTS.len()].into(),
        };
        let credit = credit_code_or_panic(&format!("53429006MJ{:07}", i));
        db::upsert_org(&mut *tx, &org_code(i), &req, &credit, now).await.unwrap();
    }

    // Activities in the order they were created: from a year ago to two months ahead.
    let mut shift_rows = Vec::new();
    let mut upcoming = 0;
    for i in 0..ACTIVITIES {
        // Skewed: a few organisations post most (org 0 about 3%, the median one 0.3%).
        let org = ((rng.unit().powf(1.5)) * ORGS as f64) as usize;
        let district = if rng.below(10) == 0 {
            *rng.pick(&DISTRICTS)
        } else {
            DISTRICTS[org % DISTRICTS.len()]
        };
        let (category, titles) = rng.pick(&TITLES);
        let title = format!("{}{}", rng.pick(&LOCALITIES), rng.pick(titles));
        let req = ActivityRequest {
            title: title.clone(),
            description: format!(
                "{title}：由{}组织，欢迎有爱心、守时的居民报名。请提前十分钟到达，听从现场负责人安排，注意安全。",
                org_code(org)
            ),
            category: *category,
            district: district.into(),
            address: format!("{}示例路{}号", rng.pick(&LOCALITIES), rng.below(300) + 1),
            skills: vec!["沟通".into()],
            bring: "身份证".into(),
            min_age: [None, None, Some(16), Some(18)][rng.below(4) as usize],
            points_per_hour: Some(1),
        };
        let created = -365 + (i as i64 * 425 / ACTIVITIES as i64) + rng.below(7) as i64 - 3;
        let id = db::insert_activity(&mut *tx, &org_code(org), &req, 1, false, now).await.unwrap();
        let mut day = created + 3 + rng.below(14) as i64;
        for _ in 0..1 + rng.below(6) {
            let d = today.add_days(day);
            let start = (8 + rng.below(10) as u32) * 60 + [0, 30][rng.below(2) as usize];
            let end = start + (2 + rng.below(3) as u32) * 60;
            let (starts_at, ends_at) = shift_instants(d, start, end);
            let capacity = [4, 6, 8, 10, 12, 15, 20, 30][rng.below(8) as usize];
            let cancelled = rng.below(100) < 3;
            let taken = if cancelled {
                0
            } else if day < 0 {
                capacity / 2 + rng.below(capacity / 2 + 1)
            } else if rng.below(100) < 15 {
                capacity
            } else {
                rng.below(capacity + 1)
            };
            let cancelled_at = if cancelled { (now - 86_400).to_string() } else { "NULL".into() };
            shift_rows.push(format!(
                "({id}, '{d}', {start}, {end}, {starts_at}, {ends_at}, {capacity}, {taken}, \
                 'bench-secret', {cancelled_at})"
            ));
            if day > 7 && upcoming == 0 {
                upcoming = id;
            }
            day += 1 + rng.below(7) as i64;
        }
    }
    insert_rows(
        &mut tx,
        "vol_shifts",
        "activity_id, day, start_min, end_min, starts_at, ends_at, capacity, taken, secret, \
         cancelled_at",
        &shift_rows,
    )
    .await;

    // A live sign-up for every place taken (a waitlist of 1-3 on some full upcoming shifts),
    // each shift's from a run of distinct volunteers; the resident on every n-th shift.
    let shifts: Vec<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, starts_at, capacity, taken, cancelled_at FROM vol_shifts ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let every = shifts.len() / MINE;
    let mut signups = Vec::new();
    for (n, (id, starts_at, capacity, taken, cancelled_at)) in shifts.iter().enumerate() {
        if cancelled_at.is_some() {
            continue;
        }
        let waiting = if taken == capacity && *starts_at > now && rng.below(3) == 0 {
            1 + rng.below(3)
        } else {
            0
        };
        let at = (now - 86_400 * 30).min(*starts_at - 86_400 * 2);
        let start = rng.below(VOLUNTEERS as u64) as usize;
        for k in 0..(*taken as usize + waiting as usize) {
            let account =
                if k == 0 && n % every == 0 { me_id } else { pool[(start + k) % VOLUNTEERS] };
            let status = if k < *taken as usize { "signed_up" } else { "waitlisted" };
            signups.push(format!("({id}, {account}, '{status}', {at}, {at})"));
        }
    }
    insert_rows(
        &mut tx,
        "vol_signups",
        "shift_id, account_id, status, created_at, updated_at",
        &signups,
    )
    .await;
    tx.commit().await.unwrap();
    // Statistics as a database in service has them (autovacuum, or ANALYZE in SQLite).
    sqlx::query("ANALYZE").execute(&app.db.pool).await.unwrap();
    Volunteering { app, resident: me, upcoming, today }
}

/// Server time per query class a resident or organiser really sends: p50 and p95 of 100
/// requests after 5 warm-up requests, with the number of activities (or sign-ups) answered
/// and the response's size.
#[tokio::test]
#[ignore]
async fn list() {
    let t = Instant::now();
    let v = volunteering().await;
    let generate_s = (t.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    let app = &v.app;
    let organiser = app.sign_in_staff("13800000014", Role::Organiser, &org_code(0)).await;
    let (week, week_end) = (v.today.add_days(7), v.today.add_days(13));
    let classes: Vec<(&str, String, Option<&str>)> = vec![
        ("default", "/api/volunteering/activities".into(), None),
        ("district", "/api/volunteering/activities?district=kunming-anning".into(), None),
        ("category", "/api/volunteering/activities?category=elder_care".into(), None),
        (
            "district_category",
            "/api/volunteering/activities?district=hubei-tianmen&category=children".into(),
            None,
        ),
        ("dates", format!("/api/volunteering/activities?from={week}&to={week_end}"), None),
        ("open_only", "/api/volunteering/activities?open=true".into(), None),
        (
            "every_filter",
            format!(
                "/api/volunteering/activities?district=changzhou-zhonglou&category=community\
                 &from={week}&to={week_end}&open=true"
            ),
            None,
        ),
        ("activity", format!("/api/volunteering/activities/{}", v.upcoming), None),
        (
            "organiser_first_page",
            format!("/api/volunteering/orgs/{}/activities", org_code(0)),
            Some(organiser.as_str()),
        ),
        ("my_signups", "/api/volunteering/signups".into(), Some(v.resident.as_str())),
    ];
    let mut results = Vec::new();
    for (class, uri, cookie) in classes {
        let mut items = 0;
        let mut bytes = 0;
        for _ in 0..5 {
            let res = app.send(Method::GET, &uri, None, cookie).await;
            assert_eq!(res.status, 200, "{uri}: {}", String::from_utf8_lossy(&res.body));
            bytes = res.body.len();
            let body: serde_json::Value = res.json();
            items = body["items"].as_array().or(body.as_array()).map_or(1, Vec::len);
        }
        let mut times = Vec::new();
        for _ in 0..100 {
            let t = Instant::now();
            let res = app.send(Method::GET, &uri, None, cookie).await;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(res.status, 200);
        }
        times.sort_by(f64::total_cmp);
        if class == "default" {
            // Sound data: newest first, each with a shift still to come.
            let list: Vec<ActivityView> = app.get(&uri).await.json::<ActivityPage>().items;
            assert!(list.windows(2).all(|w| w[0].id > w[1].id));
            assert!(list.iter().all(|a| a.shifts.iter().any(|s| s.day >= v.today && !s.cancelled)));
        }
        results.push(serde_json::json!({
            "class": class, "query": uri, "items": items, "bytes": bytes,
            "p50_ms": percentile(&times, 0.5), "p95_ms": percentile(&times, 0.95),
        }));
    }
    let counts: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM vol_shifts), (SELECT COUNT(*) FROM vol_signups)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let out = serde_json::json!({
        "bench": "volunteering_list", "engine": engine().name(), "profile": profile(),
        "activities": ACTIVITIES, "shifts": counts.0, "signups": counts.1,
        "generate_s": generate_s, "results": results,
    });
    println!("{out}");
}
