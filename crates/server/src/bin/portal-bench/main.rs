//! `portal-bench`: the server half of `cargo xtask bench` (issue 14). Starts release
//! `portal-server` processes as in production on a throwaway SQLite file, then on one
//! throwaway PostgreSQL database shared by two servers, and measures in one run: the
//! ceilings (GET /healthz; the booking's conditional UPDATE straight through sqlx), the office
//! list and a day's availability against them, the flash crowd (5,000 signed-in residents race
//! for 72 places on one special date; exactly 72 must be taken, or the run fails), mixed
//! traffic at a fixed rate, load shedding beyond capacity, and the servers' memory. Writes
//! one JSON document; `cargo xtask bench` prints the table and adds the other parts.
//!
//! It lives beside the server, not in xtask, so it links the server's own crates (hyper's
//! client, tokio, sqlx) already compiled by `cargo build --release -p portal-server`.

mod load;
mod servers;

use load::{MakeReq, Req, Stats, closed_loop, open_loop, round};
use portal_server::db::Db;
use serde_json::{Value, json};
use servers::{Launch, Server};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Parser)]
struct Args {
    /// The release `portal-server` binary.
    #[arg(long)]
    server: PathBuf,
    #[arg(long)]
    policy_dir: PathBuf,
    /// Where databases and server logs go.
    #[arg(long)]
    work: PathBuf,
    /// The JSON result.
    #[arg(long)]
    out: PathBuf,
    /// Seconds for each ceiling and throughput measurement.
    #[arg(long, default_value_t = 5.0)]
    secs: f64,
    /// Seconds of mixed traffic.
    #[arg(long, default_value_t = 60.0)]
    mixed_secs: f64,
    /// Mixed traffic rate (requests a second).
    #[arg(long, default_value_t = 1000.0)]
    rate: f64,
    /// PostgreSQL server (no database name); the run creates and drops `bench_*` databases.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432")]
    pg: String,
    /// Parts: ceilings, flash, mixed, shed (default all). `sqlite` or `postgres` restrict
    /// the engines.
    parts: Vec<String>,
}

const FLASH_CLIENTS: usize = 5000;
const FLASH_PLACES: i64 = 72;
const CONNS: usize = 64;
/// Twice the default PORTAL_MAX_IN_FLIGHT (1024), so the server must shed.
const SHED_CONNS: usize = 2500;

struct Ctx {
    args: Args,
    sms: String,
}

impl Ctx {
    fn wants(&self, part: &str) -> bool {
        let named: Vec<&String> = self
            .args
            .parts
            .iter()
            .filter(|p| !matches!(p.as_str(), "sqlite" | "postgres"))
            .collect();
        named.is_empty() || named.iter().any(|p| *p == part)
    }

    fn engine(&self, e: &str) -> bool {
        let named: Vec<&String> = self
            .args
            .parts
            .iter()
            .filter(|p| matches!(p.as_str(), "sqlite" | "postgres"))
            .collect();
        named.is_empty() || named.iter().any(|p| *p == e)
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = <Args as clap::Parser>::parse();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nportal-bench: FAILED: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let sms = servers::sms_sink().await?;
    let ctx = Ctx { args, sms };
    let work = servers::work_dir(&ctx.args.work)?;
    let mut engines = serde_json::Map::new();
    if ctx.engine("sqlite") {
        let url = format!("sqlite://{}", work.join("bench.db").display());
        println!("\n--- SQLite, one server ---");
        engines.insert("sqlite".into(), engine_run(&ctx, &work, "sqlite", &url, 1).await?);
    }
    if ctx.engine("postgres") {
        println!("\n--- PostgreSQL, two servers on one database ---");
        match servers::create_pg(&ctx.args.pg, "pg").await {
            Ok(url) => {
                let out = engine_run(&ctx, &work, "postgres", &url, 2).await;
                servers::drop_pg(&ctx.args.pg, &url).await;
                engines.insert("postgres".into(), out?);
            }
            Err(e) => {
                println!("!!! POSTGRESQL PART SKIPPED: {e}");
                engines.insert("postgres".into(), json!({ "skipped": e }));
            }
        }
    }
    let out = json!({ "engines": engines, "flash_clients": FLASH_CLIENTS, "flash_places": FLASH_PLACES,
        "connections": CONNS, "secs": ctx.args.secs, "mixed_secs": ctx.args.mixed_secs, "rate": ctx.args.rate });
    std::fs::write(&ctx.args.out, serde_json::to_string_pretty(&out).unwrap_or_default())
        .map_err(|e| format!("{}: {e}", ctx.args.out.display()))?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

async fn get_json(addr: SocketAddr, path: &str) -> Result<Value, String> {
    let mut c = load::Conn::connect(addr).await?;
    let a = c.send(&Req::get(path)).await?;
    if a.status != 200 {
        return Err(format!("GET {path}: {} {}", a.status, String::from_utf8_lossy(&a.body)));
    }
    serde_json::from_slice(&a.body).map_err(|e| format!("GET {path}: {e}"))
}

fn line(what: &str, s: &Stats) {
    let [p50, p95, p99, _] = s.latency(|_| true);
    println!(
        "    {what:<34} {:>9.0} req/s  p50 {p50:>7.2} ms  p95 {p95:>7.2} ms  p99 {p99:>7.2} ms  ({} requests)",
        s.rps(),
        s.outcomes.len()
    );
}

/// Every part on one engine; `n` servers share its database.
async fn engine_run(
    ctx: &Ctx,
    work: &std::path::Path,
    name: &str,
    url: &str,
    n: usize,
) -> Result<Value, String> {
    let mut list = Vec::new();
    for i in 0..n {
        let launch = Launch {
            bin: &ctx.args.server,
            database_url: url,
            work,
            policy_dir: &ctx.args.policy_dir,
            sms_url: &ctx.sms,
            name: &format!("{name}-{i}"),
        };
        list.push(Server::start(&launch).await?);
    }
    let addrs: Vec<SocketAddr> = list.iter().map(|s| s.addr).collect();
    let idle: Vec<f64> = list.iter().map(|s| round(s.memory_mb().0)).collect();
    println!("    servers ready at {addrs:?}; idle RSS {idle:?} MB");
    let db = Db::connect(url, 16).await.map_err(|e| e.to_string())?;
    let mut out = serde_json::Map::new();
    out.insert("servers".into(), json!(n));
    // Other work on the machine skews every number (the ratios less so).
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    out.insert("loadavg".into(), json!(load.trim()));

    // The office and its open days, as a resident's phone finds them.
    let offices = get_json(addrs[0], "/api/offices").await?;
    let office = offices
        .as_array()
        .and_then(|l| {
            l.iter().find(|o| {
                o["services"].as_array().is_some_and(|s| s.iter().any(|v| v == "marriage"))
            })
        })
        .and_then(|o| o["code"].as_str())
        .ok_or("no office offers marriage registration")?
        .to_owned();
    let days = get_json(addrs[0], &format!("/api/offices/{office}/days?service=marriage")).await?;
    // Open days only: the server's calendar already closed weekends and statutory holidays.
    let open: Vec<String> = days
        .as_array()
        .map(|l| {
            l.iter()
                .filter(|d| d["status"] == "open")
                .filter_map(|d| d["day"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if open.len() < 3 {
        return Err(format!("office {office} has only {} open days", open.len()));
    }
    let flash_day = open[0].clone();
    let other_days: Vec<String> = open[1..].to_vec();
    out.insert("office".into(), json!(office));
    out.insert("flash_day".into(), json!(flash_day));
    let avail_path =
        |day: &str| format!("/api/offices/{office}/availability?service=marriage&day={day}");
    let secs = ctx.args.secs;
    let timeout = Duration::from_secs(10);

    if ctx.wants("ceilings") {
        let healthz =
            closed_loop(&addrs[..1], CONNS, secs, timeout, Arc::new(|_, _| Req::get("/healthz")))
                .await?;
        line("GET /healthz (a)", &healthz);
        let offices_s = closed_loop(
            &addrs[..1],
            CONNS,
            secs,
            timeout,
            Arc::new(|_, _| Req::get("/api/offices")),
        )
        .await?;
        line("GET /api/offices", &offices_s);
        let path = avail_path(&other_days[0]);
        let avail = closed_loop(
            &addrs[..1],
            CONNS,
            secs,
            timeout,
            Arc::new(move |_, _| Req::get(path.clone())),
        )
        .await?;
        line("GET availability", &avail);
        let update_rps = update_ceiling(&db, &office, secs).await?;
        println!(
            "    {:<34} {update_rps:>9.0} updates/s (16 connections, no HTTP)",
            "conditional UPDATE (b)"
        );
        let holds = sustained_holds(&db, &addrs[..1], &office, &other_days[2], secs).await?;
        line("POST /api/bookings/hold, sustained", &holds);
        let a = healthz.rps();
        out.insert("healthz".into(), healthz.to_json());
        out.insert("offices".into(), offices_s.to_json());
        out.insert("availability".into(), avail.to_json());
        out.insert("db_update_rps".into(), json!(round(update_rps)));
        out.insert("holds".into(), holds.to_json());
        out.insert(
            "ratios".into(),
            json!({
                "offices_over_healthz": round(offices_s.rps() / a),
                "availability_over_healthz": round(avail.rps() / a),
                "booking_over_db_update": round(holds.rps() / update_rps),
            }),
        );
    }

    if ctx.wants("flash") {
        out.insert("flash".into(), flash_crowd(&db, &addrs, &office, &flash_day).await?);
    }

    if ctx.wants("mixed") && name == "sqlite" {
        out.insert("mixed".into(), mixed(ctx, &db, addrs[0], &office, &other_days).await?);
    }
    if ctx.wants("shed") && name == "sqlite" {
        let path = avail_path(&other_days[1]);
        let shed_secs = (secs * 0.6).max(3.0);
        let s = closed_loop(
            &addrs[..1],
            SHED_CONNS,
            shed_secs,
            timeout,
            Arc::new(move |_, _| Req::get(path.clone())),
        )
        .await?;
        let shed = s.count(503);
        let without_retry_after =
            s.outcomes.iter().filter(|o| o.status == 503 && !o.retry_after).count();
        let timeouts = s.count(load::CLIENT_TIMEOUT) + s.count(408);
        let [_, _, shed_p99, shed_max] = s.latency(|o| o.status == 503);
        line(&format!("overload, {SHED_CONNS} connections"), &s);
        println!(
            "    {:<34} {:.1}% shed (503), {without_retry_after} without Retry-After, 503 p99 {shed_p99:.2} ms, {timeouts} timed out",
            "",
            100.0 * shed as f64 / s.outcomes.len().max(1) as f64
        );
        let mut j = s.to_json();
        j["connections"] = json!(SHED_CONNS);
        j["shed_share"] = json!(round(shed as f64 / s.outcomes.len().max(1) as f64));
        j["shed_without_retry_after"] = json!(without_retry_after);
        j["shed_p99_ms"] = json!(round(shed_p99));
        j["shed_max_ms"] = json!(round(shed_max));
        j["timed_out"] = json!(timeouts);
        out.insert("overload".into(), j);
    }

    let mem: Vec<Value> = list
        .iter()
        .zip(&idle)
        .map(|(s, idle)| {
            let (now, peak) = s.memory_mb();
            json!({ "idle_mb": idle, "now_mb": round(now), "peak_mb": round(peak) })
        })
        .collect();
    println!("    memory {mem:?}");
    out.insert("memory".into(), json!(mem));
    db.pool.close().await;
    drop(list);
    Ok(Value::Object(out))
}

/// The database's own rate for the booking's conditional UPDATE (`take_place`), with the
/// server's pool size and no HTTP, on one hot row as in a flash crowd.
async fn update_ceiling(db: &Db, office: &str, secs: f64) -> Result<f64, String> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO slots (office, service, day, start_min, capacity, taken) \
         VALUES ($1, 'marriage', '2099-12-31', 0, 1000000000000, 0) RETURNING id",
    )
    .bind(office)
    .fetch_one(&db.pool)
    .await
    .map_err(|e| format!("bench slot: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let pool = db.pool.clone();
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    let done = sqlx::query(
                        "UPDATE slots SET taken = taken + 1 WHERE id = $1 AND taken < capacity",
                    )
                    .bind(id)
                    .execute(&pool)
                    .await;
                    if done.is_ok_and(|d| d.rows_affected() == 1) {
                        n += 1;
                    }
                }
                n
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.map_err(|e| e.to_string())?;
    }
    let rate = total as f64 / start.elapsed().as_secs_f64();
    let _ = sqlx::query("DELETE FROM slots WHERE id = $1").bind(id).execute(&db.pool).await;
    Ok(rate)
}

/// Holds one after another on 64 connections, each by a resident not holding anything yet
/// (5,000 of them, then round again: a second hold gives the first back), on a day with room
/// for all: the booking's rate to set against the database's own (b).
async fn sustained_holds(
    db: &Db,
    addrs: &[SocketAddr],
    office: &str,
    day: &str,
    secs: f64,
) -> Result<Stats, String> {
    let starts = special_date_times(db, addrs[0], office, day, 1_000_000).await?;
    let cookies = Arc::new(servers::residents(db, FLASH_CLIENTS, 197).await?);
    let (office, day) = (office.to_owned(), day.to_owned());
    let make: MakeReq = Arc::new(move |i, n| {
        let k = (i + n as usize * CONNS) % cookies.len();
        let body = json!({ "office": office, "service": "marriage", "day": day,
            "start_min": starts[k % starts.len()] })
        .to_string();
        Req::post_json("/api/bookings/hold", &cookies[k], body)
    });
    let s = closed_loop(addrs, CONNS, secs, Duration::from_secs(10), make).await?;
    let bad = s.outcomes.len() - s.count(201) - s.count(200);
    if bad > 0 {
        println!("    !!! {bad} sustained holds were not 201: {}", s.to_json()["statuses"]);
    }
    Ok(s)
}

/// Makes `day` a special date with `counters` counters at `office` and returns its times (start
/// minutes) as the server lays them out for the first resident who looks.
async fn special_date_times(
    db: &Db,
    addr: SocketAddr,
    office: &str,
    day: &str,
    counters: i64,
) -> Result<Vec<u64>, String> {
    sqlx::query(
        "INSERT INTO special_dates (office, day, counters, release_at, note) VALUES ($1, $2, $3, NULL, 'bench')",
    )
    .bind(office)
    .bind(day)
    .bind(counters)
    .execute(&db.pool)
    .await
    .map_err(|e| format!("special date: {e}"))?;
    let avail =
        get_json(addr, &format!("/api/offices/{office}/availability?service=marriage&day={day}"))
            .await?;
    let starts: Vec<u64> = avail["slots"]
        .as_array()
        .map(|l| l.iter().filter_map(|s| s["start_min"].as_u64()).collect())
        .unwrap_or_default();
    if starts.is_empty() {
        return Err(format!("no times on {day}: {avail}"));
    }
    Ok(starts)
}

/// 5,000 signed-in residents, each on its own connection (spread over the servers), wait at a
/// starting line and ask at once to hold a time on the special date: exactly its 72 places
/// must be taken, each by one hold.
async fn flash_crowd(
    db: &Db,
    addrs: &[SocketAddr],
    office: &str,
    day: &str,
) -> Result<Value, String> {
    // Lays out the day's times (as the first resident to look would), then spreads exactly
    // 72 places over them.
    let starts = special_date_times(db, addrs[0], office, day, 6).await?;
    let slots: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM slots WHERE office = $1 AND service = 'marriage' AND day = $2 ORDER BY start_min",
    )
    .bind(office)
    .bind(day)
    .fetch_all(&db.pool)
    .await
    .map_err(|e| e.to_string())?;
    let k = slots.len() as i64;
    for (i, (id,)) in slots.iter().enumerate() {
        let cap = FLASH_PLACES / k + i64::from((i as i64) < FLASH_PLACES % k);
        sqlx::query("UPDATE slots SET capacity = $1 WHERE id = $2")
            .bind(cap)
            .bind(id)
            .execute(&db.pool)
            .await
            .map_err(|e| e.to_string())?;
    }
    let cookies = servers::residents(db, FLASH_CLIENTS, 199).await?;
    let conns = load::connect_many(addrs, FLASH_CLIENTS).await?;
    println!(
        "    flash crowd: {FLASH_CLIENTS} residents connected, {FLASH_PLACES} places over {} times on {day}",
        starts.len()
    );
    let (go_tx, go_rx) = tokio::sync::watch::channel(false);
    let tasks: Vec<_> = conns
        .into_iter()
        .zip(cookies)
        .enumerate()
        .map(|(i, (mut conn, cookie))| {
            let mut go = go_rx.clone();
            let body = json!({ "office": office, "service": "marriage", "day": day,
                "start_min": starts[i % starts.len()] })
            .to_string();
            tokio::spawn(async move {
                let req = Req::post_json("/api/bookings/hold", &cookie, body);
                let _ = go.wait_for(|g| *g).await;
                load::timed(&mut conn, &req, Duration::from_secs(60)).await.0
            })
        })
        .collect();
    let start = Instant::now();
    let _ = go_tx.send(true);
    let mut s = Stats::default();
    for t in tasks {
        s.outcomes.push(t.await.map_err(|e| e.to_string())?);
    }
    s.secs = start.elapsed().as_secs_f64();
    let ids: Vec<i64> = slots.iter().map(|(id,)| *id).collect();
    let (taken,): (i64,) = sqlx::query_as(&format!(
        "SELECT CAST(COALESCE(SUM(taken), 0) AS BIGINT) FROM slots WHERE id IN ({})",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    ))
    .fetch_one(&db.pool)
    .await
    .map_err(|e| e.to_string())?;
    let (held,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM bookings WHERE status = 'held' AND slot_id IN ({})",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    ))
    .fetch_one(&db.pool)
    .await
    .map_err(|e| e.to_string())?;
    let confirmed = s.count(201);
    let conflicts = s.count(409);
    let shed = s.count(503);
    let other = s.outcomes.len() - confirmed - conflicts - shed;
    line("flash crowd (POST /api/bookings/hold)", &s);
    println!(
        "    {:<34} {confirmed} taken (201), {conflicts} full (409), {shed} shed (503), {other} other; database: {taken} taken, {held} held",
        ""
    );
    if confirmed as i64 != FLASH_PLACES || taken != FLASH_PLACES || held != FLASH_PLACES {
        return Err(format!(
            "FLASH CROWD BROKE CAPACITY: {confirmed} holds answered 201, the slots count {taken} taken and {held} \
             bookings are held, for {FLASH_PLACES} places"
        ));
    }
    let mut j = s.to_json();
    j["taken"] = json!(confirmed);
    j["full_409"] = json!(conflicts);
    j["shed_503"] = json!(shed);
    j["other"] = json!(other);
    j["times"] = json!(starts.len());
    Ok(j)
}

/// Mixed traffic at a fixed rate: 90% reads (availability, the office list, the booking
/// window), 10% holds by 1,000 other residents on the other open days.
async fn mixed(
    ctx: &Ctx,
    db: &Db,
    addr: SocketAddr,
    office: &str,
    days: &[String],
) -> Result<Value, String> {
    let cookies = Arc::new(servers::residents(db, 1000, 198).await?);
    let mut starts = Vec::new();
    for d in days {
        let a =
            get_json(addr, &format!("/api/offices/{office}/availability?service=marriage&day={d}"))
                .await?;
        let s: Vec<u64> = a["slots"]
            .as_array()
            .map(|l| l.iter().filter_map(|s| s["start_min"].as_u64()).collect())
            .unwrap_or_default();
        if !s.is_empty() {
            starts.push((d.clone(), s));
        }
    }
    let starts = Arc::new(starts);
    let office = office.to_owned();
    let make: MakeReq = Arc::new(move |_, n| {
        // A cheap, deterministic spread (Knuth's multiplicative hash).
        let h = n.wrapping_mul(2_654_435_761) >> 7;
        let (day, times) = &starts[(h as usize / 10) % starts.len()];
        match n % 10 {
            0..=3 => {
                Req::get(format!("/api/offices/{office}/availability?service=marriage&day={day}"))
            }
            4..=6 => Req::get("/api/offices"),
            7 | 8 => Req::get(format!("/api/offices/{office}/days?service=marriage")),
            _ => {
                let cookie = &cookies[(h as usize) % cookies.len()];
                let body = json!({ "office": office, "service": "marriage", "day": day,
                    "start_min": times[(h as usize / 7) % times.len()] })
                .to_string();
                Req::post_json("/api/bookings/hold", cookie, body)
            }
        }
    });
    let (s, kinds) =
        open_loop(addr, ctx.args.rate, ctx.args.mixed_secs, Duration::from_secs(10), make).await?;
    let reads = Stats {
        outcomes: kinds.iter().filter(|(k, _)| *k == 0).map(|(_, o)| *o).collect(),
        secs: s.secs,
    };
    let writes = Stats {
        outcomes: kinds.iter().filter(|(k, _)| *k == 1).map(|(_, o)| *o).collect(),
        secs: s.secs,
    };
    line(&format!("mixed {} req/s, 90% reads", ctx.args.rate), &s);
    line("  of which reads", &reads);
    line("  of which holds", &writes);
    let errors =
        s.outcomes.iter().filter(|o| o.status >= 500 || o.status < 100 || o.status == 408).count();
    println!("    {:<34} {errors} errors or timeouts", "");
    let mut j = s.to_json();
    j["reads"] = reads.to_json();
    j["holds"] = writes.to_json();
    j["errors"] = json!(errors);
    Ok(j)
}
