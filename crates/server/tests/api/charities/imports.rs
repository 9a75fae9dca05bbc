//! `POST /api/admin/charity-imports` and `GET /api/admin/charity-imports/{id}`: imports as jobs
//! the page polls (on any server), and shop / donation-point files through the same pipeline.

use super::admin;
use crate::support::{TestApp, engine};
use axum::http::Method;
use portal_api::ErrorCode;
use portal_api::charities::shop_import::SHOP_CSV_COLUMNS;
use portal_api::charities::{
    CharityShop, ImportIssue, ImportJob, ImportKind, ImportReport, ImportState, SearchResult,
    ShopKind,
};
use portal_server::charities::generate;
use portal_server::db::Engine;

async fn post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    body: Vec<u8>,
) -> crate::support::TestResponse {
    let req = axum::http::Request::post(path)
        .header("cookie", cookie)
        .header("content-type", "text/csv")
        .body(axum::body::Body::from(body))
        .unwrap();
    app.request(req).await
}

/// A second server on the same database: its own state and connection pool, as a second
/// process behind a load balancer would have.
async fn second_server(app: &TestApp) -> TestApp {
    let url = app.db.pool.connect_options().database_url.to_string();
    let db = portal_server::db::Db::connect(&url, 8).await.expect("second pool");
    let state = crate::support::state(
        db.clone(),
        crate::support::test_settings(&app.dir),
        app.clock.clone(),
    );
    TestApp {
        router: portal_server::app(state.clone()),
        db,
        dir: app.dir.clone(),
        clock: app.clock.clone(),
        state,
    }
}

/// Polls a job on `server` until it ends; returns every state seen and the last job.
async fn wait(server: &TestApp, id: &str, cookie: &str) -> (Vec<(ImportState, u64)>, ImportJob) {
    let mut seen = Vec::new();
    for _ in 0..6000 {
        let path = format!("/api/admin/charity-imports/{id}");
        let res = server.send(Method::GET, &path, None, Some(cookie)).await;
        assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
        let job: ImportJob = res.json();
        seen.push((job.state, job.lines_done));
        if !job.state.running() {
            return (seen, job);
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    panic!("import job {id} did not finish: {seen:?}");
}

fn shop_file(lines: &[&str]) -> String {
    format!("{}\n{}", SHOP_CSV_COLUMNS.join(","), lines.join("\n"))
}

const SHOP: &str = "tm-import-01,慈善超市,竟陵街道慈善超市,hubei-tianmen,天门市竟陵街道示例路 1 号,\
    0728-5200000,周一至周五 9:00-17:00；周六 9:00-12:00,周三 9:00-11:30,衣物；书籍,低保、特困家庭,30.66,113.17";
const POINT: &str = "tm-import-02,经常性社会捐助点,华阳社区捐助点,hubei-tianmen,天门市华阳社区服务站,,\
    每天 8:30-17:30,,衣物、被褥,,,";

#[tokio::test]
async fn shop_files_are_checked_line_by_line_and_imported_all_or_nothing() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let bad = shop_file(&[
        SHOP,
        "tm-import-01,慈善超市,重复编号,hubei-tianmen,某地,,,,,,,",
        "tm-import-03,超市,类型不对,天门,某地,,上午,,,,,",
        "only,three,columns",
        POINT,
    ]);
    let res = post(&app, "/api/admin/charities/import", &cookie, bad.into_bytes()).await;
    let report: ImportReport = res.json();
    let got: Vec<(u64, &str, ImportIssue)> =
        report.errors.iter().map(|e| (e.line, e.column.as_str(), e.issue)).collect();
    assert_eq!(
        got,
        [
            (3, "编号", ImportIssue::Duplicate),
            (4, "类型", ImportIssue::BadValue),
            (4, "区县", ImportIssue::BadValue),
            (4, "接收捐赠时间", ImportIssue::BadValue),
            (5, "", ImportIssue::ColumnCount),
        ]
    );
    assert!(!report.committed);
    let shops: Vec<CharityShop> = app.get("/api/charity-shops?district=hubei-tianmen").await.json();
    assert!(shops.is_empty(), "a refused file writes nothing");

    // In GBK, as older spreadsheet tools save it: a dry run, the import, then an update.
    let good = shop_file(&[SHOP, POINT]);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&good);
    assert!(!unmappable && std::str::from_utf8(&gbk).is_err());
    let dry: ImportReport =
        post(&app, "/api/admin/charities/import?dry_run=true", &cookie, gbk.to_vec()).await.json();
    assert_eq!((dry.created, dry.committed, dry.errors.len()), (2, false, 0));
    let done: ImportReport =
        post(&app, "/api/admin/charities/import", &cookie, gbk.to_vec()).await.json();
    assert_eq!((done.created, done.updated, done.committed), (2, 0, true));
    let moved = good.replace("天门市竟陵街道示例路 1 号", "天门市竟陵街道示例路 2 号");
    let again: ImportReport =
        post(&app, "/api/admin/charities/import", &cookie, moved.into_bytes()).await.json();
    assert_eq!((again.created, again.updated, again.committed), (0, 2, true));

    let shops: Vec<CharityShop> = app.get("/api/charity-shops?district=hubei-tianmen").await.json();
    assert_eq!(shops.len(), 2);
    let shop = shops.iter().find(|s| s.kind == ShopKind::CharityShop).unwrap();
    assert_eq!(shop.address, "天门市竟陵街道示例路 2 号");
    assert_eq!((shop.hours_receive.len(), shop.hours_give.len()), (6, 1));
    assert_eq!(shop.lat, Some(30.66));
    assert!(!shop.demo);
    let point = shops.iter().find(|s| s.kind == ShopKind::DonationPoint).unwrap();
    assert_eq!((point.hours_receive.len(), point.lat), (7, None));
    // The contract other tools use is unchanged: open now at 09:00 on Sunday 1 March (Beijing).
    app.clock.advance(3600);
    let open: Vec<CharityShop> =
        app.get("/api/charity-shops?district=hubei-tianmen&open_now=true").await.json();
    assert_eq!(open.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["华阳社区捐助点"]);
    let audit: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'charities.import' AND object LIKE 'shops %'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audit.0, 2);
}

/// 2,000 generated organisations through the job route: the job counts its lines while any
/// server (here a second one, with its own pool) answers the polls; a refused line anywhere
/// leaves the register untouched.
#[tokio::test]
async fn an_import_job_reports_progress_to_every_server_and_writes_all_or_nothing() {
    let app = TestApp::new().await;
    let other = second_server(&app).await;
    let cookie = admin(&app).await;
    let list = portal_server::charities::generate::organisations(2_000, 3);
    let file = portal_server::charities::generate::csv(&list);

    // One bad date on the last line: nothing is written.
    let mut bad = file.clone();
    let last = bad.trim_end().rsplit('\n').next().unwrap().to_owned();
    let broken = last.replacen(&list[1999].registered_on.to_string(), "2010-02-30", 1);
    bad = bad.replace(&last, &broken);
    let res = post(&app, "/api/admin/charity-imports", &cookie, bad.into_bytes()).await;
    assert_eq!(res.status, 202, "{}", String::from_utf8_lossy(&res.body));
    let job: ImportJob = res.json();
    assert_eq!(
        (job.kind, job.state, job.lines_total),
        (ImportKind::Organisations, ImportState::Checking, 2000)
    );
    let (_, job) = wait(&other, &job.id, &cookie).await;
    let report = job.report.unwrap();
    assert_eq!(job.state, ImportState::Done);
    assert_eq!(
        report.errors.iter().map(|e| (e.line, e.issue)).collect::<Vec<_>>(),
        [(2001, ImportIssue::BadDate)]
    );
    assert_eq!(app.get("/api/charities").await.json::<SearchResult>().total, 0);

    let res = post(&app, "/api/admin/charity-imports", &cookie, file.clone().into_bytes()).await;
    let job: ImportJob = res.json();
    let (seen, job) = wait(&other, &job.id, &cookie).await;
    let report = job.report.clone().unwrap();
    assert_eq!((report.created, report.committed, job.lines_done), (2000, true, 2000), "{seen:?}");
    // The counter only moves forward.
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "{seen:?}");
    let r: SearchResult = app.get("/api/charities").await.json();
    assert_eq!(r.total, 2000);
    // Found by the pinyin of its name, through the keys the import wrote.
    let (pinyin, _) = portal_server::charities::pinyin_key(&list[10].name);
    let q = pinyin.replace(' ', "");
    let r: SearchResult = app.get(&format!("/api/charities?q={q}")).await.json();
    assert!(r.items.iter().any(|c| c.credit_code == list[10].credit_code), "{q}");
    // Idempotent: the same file again updates every line and creates none.
    let job: ImportJob =
        post(&app, "/api/admin/charity-imports", &cookie, file.into_bytes()).await.json();
    let (_, job) = wait(&app, &job.id, &cookie).await;
    let report = job.report.unwrap();
    assert_eq!((report.created, report.updated), (0, 2000));
    assert_eq!(app.get("/api/charities").await.json::<SearchResult>().total, 2000);
}

/// While a job writes, the poll its own server answers counts the lines written into the
/// import's transaction, and nothing shows outside it until the commit. On PostgreSQL a row in
/// the last slice is held by another transaction, so the import waits there with the earlier
/// slices written (SQLite lets no other connection stop a writer half-way: there the test
/// only checks the count is forgotten when the job ends).
#[tokio::test]
async fn the_written_count_is_live_and_nothing_shows_before_the_commit() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let list = generate::organisations(1_200, 11);
    // The last organisation is on the register already.
    let last = generate::csv(&list[1_199..]).into_bytes();
    let job: ImportJob = post(&app, "/api/admin/charity-imports", &cookie, last).await.json();
    wait(&app, &job.id, &cookie).await;
    let blocker = if engine() == Engine::Postgres {
        let mut tx = app.db.pool.begin().await.unwrap();
        sqlx::query("SELECT id FROM charities WHERE credit_code = $1 FOR UPDATE")
            .bind(&list[1_199].credit_code)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        Some(tx)
    } else {
        None
    };
    let file = generate::csv(&list).into_bytes();
    let job: ImportJob = post(&app, "/api/admin/charity-imports", &cookie, file).await.json();
    let path = format!("/api/admin/charity-imports/{}", job.id);
    if let Some(tx) = blocker {
        let mut seen = Vec::new();
        let job = loop {
            let job: ImportJob = app.send(Method::GET, &path, None, Some(&cookie)).await.json();
            seen.push((job.state, job.lines_written));
            assert!(job.state.running(), "{:?}", &seen[seen.len().saturating_sub(5)..]);
            // Slices of 500: two written, the third waits for the held row.
            if job.lines_written == 1_000 || seen.len() > 6_000 {
                break job;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        };
        let last = &seen[seen.len().saturating_sub(5)..];
        assert_eq!((job.state, job.lines_written), (ImportState::Writing, 1_000), "{last:?}");
        assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "{seen:?}");
        // Outside the transaction: still the one organisation.
        assert_eq!(app.get("/api/charities").await.json::<SearchResult>().total, 1);
        // Another server knows the job is writing, not how far.
        let other = second_server(&app).await;
        let there: ImportJob = other.send(Method::GET, &path, None, Some(&cookie)).await.json();
        assert_eq!((there.state, there.lines_written), (ImportState::Writing, 0));
        tx.rollback().await.unwrap();
    }
    let (_, job) = wait(&app, &job.id, &cookie).await;
    let report = job.report.unwrap();
    assert_eq!((report.committed, report.created, report.updated), (true, 1_199, 1));
    assert_eq!(app.get("/api/charities").await.json::<SearchResult>().total, 1_200);
    // Forgotten once committed (the job's row says done inside the transaction, so the poll
    // may see it a moment before the worker lets go of the count).
    for _ in 0..1_000 {
        if app.state.imports.written(&job.id).is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert_eq!(app.state.imports.written(&job.id), None);
}

/// A job whose server died (kill -9) stops being heard of: after two minutes the poll says
/// `interrupted`; its transaction never committed, so the register is as it was.
#[tokio::test]
async fn a_job_whose_server_stopped_reads_interrupted() {
    let app = TestApp::new().await;
    let cookie = admin(&app).await;
    let now = app.clock_now();
    sqlx::query(
        "INSERT INTO charity_import_jobs (id, account_id, kind, dry_run, state, lines_total, \
         lines_done, created_at, updated_at) VALUES ($1, 1, 'organisations', 0, 'writing', 20000, \
         20000, $2, $2)",
    )
    .bind("0123456789abcdef01234567")
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let path = "/api/admin/charity-imports/0123456789abcdef01234567";
    let job: ImportJob = app.send(Method::GET, path, None, Some(&cookie)).await.json();
    assert_eq!(job.state, ImportState::Writing);
    app.clock.advance(121);
    let job: ImportJob = app.send(Method::GET, path, None, Some(&cookie)).await.json();
    assert_eq!((job.state, job.report), (ImportState::Interrupted, None));
    app.send(
        Method::GET,
        "/api/admin/charity-imports/ffffffffffffffffffffffff",
        None,
        Some(&cookie),
    )
    .await
    .assert_problem(404, ErrorCode::NotFound);
    app.send(Method::GET, "/api/admin/charity-imports/x'--", None, Some(&cookie))
        .await
        .assert_problem(400, ErrorCode::Validation);
    // A file that cannot be read is refused at once, with no job.
    let res = post(&app, "/api/admin/charity-imports", &cookie, b"a,b\n1,2".to_vec()).await;
    assert_eq!(res.assert_problem(400, ErrorCode::Validation).errors[0].field, "file");
}

/// A child process killed (SIGKILL) when the test ends, even when it fails.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A real server process, killed with SIGKILL while it writes a 20,000-line import: the
/// register then holds all of the file or none of it, never part, and the job row agrees
/// (a committed import ends its job in the same transaction).
#[tokio::test]
async fn a_server_killed_mid_import_leaves_all_or_nothing() {
    use std::io::{BufRead, Read, Write};
    let app = TestApp::new().await;
    // The spawned server runs on the wall clock: sign in at that time too.
    let wall = || {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
    };
    app.clock.advance(wall() - app.clock_now());
    let cookie = admin(&app).await;
    let url = app.db.pool.connect_options().database_url.to_string();
    let policies = std::path::PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("../../policies");
    // Dev mode runs only on SQLite; on PostgreSQL the server runs as in production (an SMS
    // gateway set, nothing listening there; the `__Host-session` cookie).
    let production = crate::support::engine() == portal_server::db::Engine::Postgres;
    let server_cookie = if production {
        cookie.replace("portal_dev_session=", "__Host-session=")
    } else {
        cookie.clone()
    };
    let mode: &[&str] =
        if production { &["--sms-url", "http://127.0.0.1:9/send"] } else { &["--dev"] };
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--bind", "127.0.0.1:0", "--proxy-hops", "0", "--log", "error"])
        .args(mode)
        .arg("--data-dir")
        .arg(app.dir.join("server"))
        .arg("--static-dir")
        .arg(app.dir.join("dist"))
        .arg("--policy-dir")
        .arg(policies)
        .env("DATABASE_URL", &url)
        .env("PORTAL_KEY", "2a".repeat(64))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the portal-server binary");
    let mut out = std::io::BufReader::new(server.stdout.take().unwrap()).lines();
    let mut server = Killed(server);
    let addr = loop {
        let line = out.next().expect("the server started").unwrap();
        if let Some(a) = line.strip_prefix("Portal ready: http://") {
            break a.trim().to_owned();
        }
    };
    let file = portal_server::charities::generate::csv(
        &portal_server::charities::generate::organisations(20_000, 5),
    );
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    let head = format!(
        "POST /api/admin/charity-imports HTTP/1.1\r\nHost: {addr}\r\nCookie: {server_cookie}\r\n\
         Content-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        file.len()
    );
    tcp.write_all(head.as_bytes()).unwrap();
    // A refusal may close the connection before the whole body is sent: read the answer.
    let _ = tcp.write_all(file.as_bytes());
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 202"), "{}", &answer[..answer.len().min(300)]);
    let json = &answer[answer.find('{').unwrap()..=answer.rfind('}').unwrap()];
    let job: ImportJob = serde_json::from_str(json).unwrap();
    // Kill it as soon as it starts writing (or, if it is too quick, after it finished).
    for _ in 0..20_000 {
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM charity_import_jobs WHERE id = $1")
                .bind(&job.id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        if state != "checking" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    server.0.kill().unwrap(); // SIGKILL
    server.0.wait().unwrap();
    let (state,): (String,) = sqlx::query_as("SELECT state FROM charity_import_jobs WHERE id = $1")
        .bind(&job.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM charities").fetch_one(&app.db.pool).await.unwrap();
    let (keys,): (i64,) =
        sqlx::query_as("SELECT COUNT(DISTINCT charity_id) FROM charity_name_keys")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    println!("killed while {state}: {count} organisations on the register");
    match state.as_str() {
        "done" => assert_eq!((count, keys), (20_000, 20_000)),
        "writing" | "checking" => assert_eq!((count, keys), (0, 0)),
        other => panic!("unexpected job state {other}"),
    }
    // Any other server reports the dead job as interrupted once it has been silent too long.
    if state != "done" {
        app.clock.advance(wall() + 121 - app.clock_now());
        let path = format!("/api/admin/charity-imports/{}", job.id);
        let job: ImportJob = app.send(Method::GET, &path, None, Some(&cookie)).await.json();
        assert_eq!(job.state, ImportState::Interrupted);
    }
}
