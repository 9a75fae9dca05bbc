//! `cargo xtask bench [--quick] [part ...]` (issue 14): one run, one table, one JSON file in
//! `<target>/bench/`. The server parts (ceilings, flash crowd, mixed traffic, load shedding,
//! memory) run in `portal-bench`, built beside the release server; the charity search and
//! volunteering list times come from the server suite's ignored bench tests; first-load sizes
//! from `web::print_sizes`.
//! The aims are reported, never asserted: only a broken invariant (the flash crowd taking
//! more or fewer places than there are) fails the run.

use crate::{Result, run, step, target_dir, tools, web};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

const PARTS: [&str; 10] = [
    "sizes",
    "lighthouse",
    "charities",
    "volunteering",
    "ceilings",
    "flash",
    "mixed",
    "shed",
    "sqlite",
    "postgres",
];

/// Issue 14's Lighthouse aims (mobile preset), on every main route but the account pages.
const LH_AIM_ROUTES: [&str; 5] = ["/", "/benefits", "/booking", "/volunteering", "/charities"];
const LH_AIM_PERF: f64 = 98.0;
const LH_AIM_LCP_MS: f64 = 1500.0;
const LH_AIM_TBT_MS: f64 = 100.0;
const LH_AIM_CLS: f64 = 0.02;
const LH_AIM_A11Y: f64 = 100.0;

pub fn bench(root: &Path, args: &[String]) -> Result {
    let quick = args.iter().any(|a| a == "--quick");
    let parts: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "--quick").collect();
    if let Some(bad) = parts.iter().find(|p| !PARTS.contains(p)) {
        return Err(format!("unknown bench part {bad:?}; parts: {}", PARTS.join(", ")));
    }
    let server_parts: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !matches!(*p, "sizes" | "charities" | "volunteering" | "lighthouse"))
        .collect();
    let wants = |p: &str| parts.is_empty() || parts.contains(&p);
    let run_server = parts.is_empty() || !server_parts.is_empty();
    let out_dir = target_dir(root).join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let mut report = serde_json::Map::new();
    report.insert("machine".into(), machine(root));
    report.insert("quick".into(), json!(quick));

    if wants("sizes") {
        let dist = root.join("dist");
        let sizes = if dist.join("index.html").exists() {
            step("First-load size of each main route (dist/)", || web::print_sizes(&dist)).map(
                |routes| {
                    let rows: Vec<_> = routes
                        .iter()
                        .map(|r| json!({ "route": r.route, "raw": r.raw, "gzip": r.gzip, "brotli": r.brotli }))
                        .collect();
                    json!({ "routes": rows })
                },
            )?
        } else {
            println!("\n==> First-load sizes skipped: dist/ is not built (cargo xtask build)");
            json!({ "skipped": "dist/ not built" })
        };
        report.insert("sizes".into(), sizes);
        if let Some(main) = crate::attrib::print_main(root)? {
            report.insert("main_module_before_wasm_opt".into(), main);
        }
    }

    if run_server {
        step("Building the release server and the load generator", || {
            run(root, "cargo", &["build", "--release", "-p", "portal-server"], &[])
        })?;
        let sqlite_only = parts.contains(&"sqlite") && !parts.contains(&"postgres");
        let pg = if sqlite_only { None } else { tools::ensure_postgres().ok() };
        let release = target_dir(root).join("release");
        let out = out_dir.join("server.json");
        let _ = std::fs::remove_file(&out);
        let (secs, mixed) = if quick { ("3", "10") } else { ("5", "60") };
        step("Server benchmarks (portal-bench)", || {
            let mut cmd = Command::new(release.join("portal-bench"));
            cmd.arg("--server")
                .arg(release.join("portal-server"))
                .arg("--policy-dir")
                .arg(root.join("policies"))
                .arg("--work")
                .arg(&out_dir)
                .arg("--out")
                .arg(&out)
                .args(["--secs", secs, "--mixed-secs", mixed])
                .args(&server_parts);
            if let Some(url) = &pg {
                // The server, not a database: portal-bench makes its own bench_* databases.
                cmd.arg("--pg").arg(url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base));
            }
            let status = cmd.status().map_err(|e| format!("cannot start portal-bench: {e}"))?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("portal-bench exited with {status}"))
            }
        })?;
        let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        let server: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        report.insert("server".into(), server);
    }

    if wants("charities") {
        let lines = step("Charity search on 20,000 organisations (server suite bench)", || {
            suite_bench(root, "charities::bench", "charity")
        })?;
        report.insert("charities".into(), json!(lines));
    }

    if wants("volunteering") {
        let lines = step("Volunteering lists on 10,000 activities (server suite bench)", || {
            suite_bench(root, "volunteering::bench", "volunteering")
        })?;
        report.insert("volunteering".into(), json!(lines));
    }

    // Last, so that it can use the release server the server parts built.
    let mut failed = None;
    if wants("lighthouse") {
        let dist = root.join("dist");
        let lh = if dist.join("index.html").exists() {
            match step("Lighthouse, mobile preset, median of 3 runs per main route", || {
                lighthouse(root, &dist, run_server, &out_dir)
            }) {
                Ok(v) => v,
                Err(e) => {
                    println!("\n!!! LIGHTHOUSE FAILED: {e}");
                    failed = Some(format!("Lighthouse: {e}"));
                    json!({ "failed": e })
                }
            }
        } else {
            println!("\n==> Lighthouse skipped: dist/ is not built (cargo xtask build)");
            json!({ "skipped": "dist/ not built" })
        };
        report.insert("lighthouse".into(), lh);
    }

    let report = Value::Object(report);
    print_table(&report);
    let stamp = report["machine"]["date"].as_str().unwrap_or("now").replace([':', ' '], "-");
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    for name in [format!("bench-{stamp}.json"), "latest.json".to_owned()] {
        let path = out_dir.join(name);
        std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("\nWritten to {}", out_dir.join("latest.json").display());
    failed.map_or(Ok(()), Err)
}

/// Lighthouse (tests/lighthouse/run.mjs, Debian Chromium) against a server with the demo data
/// serving `dist`: the release server when this run built it, else the debug one the browser
/// tests use. The HTML report of each route's median run goes to `<out_dir>/lighthouse/`.
fn lighthouse(root: &Path, dist: &Path, release_built: bool, out_dir: &Path) -> Result<Value> {
    tools::ensure_npm_packages(root)?;
    tools::ensure_browser()?;
    let server = if release_built {
        target_dir(root).join("release").join("portal-server")
    } else {
        crate::build_server(root)?
    };
    let work = out_dir.join("lighthouse");
    let _ = std::fs::remove_dir_all(&work);
    let running = web::start_demo_server(root, &server, dist, &work.join("server"))?;
    let out = work.join("lighthouse.json");
    let reports = work.join("reports");
    let url = running.url();
    let mut args = vec!["tests/lighthouse/run.mjs", "--url", &url, "--runs", "3"];
    let (out_s, reports_s) = (out.to_string_lossy(), reports.to_string_lossy());
    args.extend(["--out", &out_s, "--reports", &reports_s]);
    args.extend(web::ROUTES.iter().map(|(route, _)| *route));
    run(root, "node", &args, &[])?;
    drop(running);
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut v: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", out.display()))?;
    v["server"] = json!(server.display().to_string());
    println!("    reports of the median runs: {}", reports.display());
    Ok(v)
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Where the numbers come from: cores, memory, CPU, date, commit.
fn machine(root: &Path) -> Value {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram_mb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':'])))
        .unwrap_or("unknown")
        .to_owned();
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    json!({
        "nproc": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "ram_mb": ram_mb,
        "cpu": cpu,
        "date": command_output("date", &["-u", "+%Y-%m-%d %H:%M:%S UTC"]),
        "commit": commit,
        // Other work on the machine skews every number; the ratios less so.
        "loadavg_at_start": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim(),
    })
}

/// The ignored bench tests of the server suite under `filter` (`charities::bench`,
/// `volunteering::bench`), release build, SQLite; their `{"bench":...}` lines.
fn suite_bench(root: &Path, filter: &str, what: &str) -> Result<Vec<Value>> {
    let out = Command::new("cargo")
        .args(["test", "--release", "-p", "portal-server", "--test", "api", filter])
        .args(["--", "--ignored", "--nocapture", "--test-threads=1"])
        .current_dir(root)
        .env("PATH", tools::path_with_tools(root))
        .env("PORTAL_TEST_DB", "sqlite")
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    if !out.status.success() {
        return Err(format!("the {what} bench failed ({})", out.status));
    }
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        // The test harness prints `test <name> ... ` before the test's own output, and the
        // object's keys come in any order.
        .filter_map(|l| l.find('{').map(|i| &l[i..]))
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("bench").is_some())
        .collect();
    if lines.is_empty() {
        return Err(format!("the {what} bench printed no {{\"bench\":...}} line"));
    }
    Ok(lines)
}

fn num(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.2}"),
        None => "-".into(),
    }
}

fn aim(value: &Value, at_least: f64) -> String {
    match value.as_f64() {
        Some(x) if x >= at_least => format!(">= {at_least} met"),
        Some(_) => format!(">= {at_least} NOT MET"),
        None => String::new(),
    }
}

/// The one table: every number of the run, with its aim where issue 14 sets one.
fn print_table(r: &Value) {
    let m = &r["machine"];
    println!(
        "\n==> Bench results ({}; {} cores, {} MB RAM, {}; load average {}; commit {}{})",
        m["date"].as_str().unwrap_or(""),
        num(&m["nproc"]),
        num(&m["ram_mb"]),
        m["cpu"].as_str().unwrap_or(""),
        m["loadavg_at_start"].as_str().unwrap_or(""),
        m["commit"].as_str().unwrap_or(""),
        if r["quick"] == true { "; --quick" } else { "" }
    );
    let row =
        |what: &str, value: String, note: String| println!("    {what:<52} {value:>12}  {note}");
    if let Some(routes) = r.get("sizes").and_then(|s| s["routes"].as_array()) {
        for route in routes {
            let br = route["brotli"].as_u64().unwrap_or(0);
            row(
                &format!("first load of {} (brotli bytes)", route["route"].as_str().unwrap_or("")),
                num(&route["brotli"]),
                format!("aim <= 153600: {}", if br <= 150 * 1024 { "met" } else { "NOT MET" }),
            );
        }
    }
    print_lighthouse(&r["lighthouse"]);
    if let Some(engines) = r["server"]["engines"].as_object() {
        for (name, e) in engines {
            if let Some(why) = e["skipped"].as_str() {
                row(&format!("[{name}] SKIPPED"), String::new(), why.into());
                continue;
            }
            let p = |s: &str| format!("[{name}, {} server(s)] {s}", num(&e["servers"]));
            for (key, label) in [
                ("healthz", "GET /healthz (a), req/s"),
                ("offices", "GET /api/offices, req/s"),
                ("availability", "GET availability, req/s"),
            ] {
                if e[key].is_object() {
                    let lat = format!("p99 {} ms", num(&e[key]["p99_ms"]));
                    row(&p(label), num(&e[key]["rps"]), lat);
                }
            }
            if e["holds"].is_object() {
                let lat = format!("p99 {} ms", num(&e["holds"]["p99_ms"]));
                row(&p("POST /api/bookings/hold sustained, req/s"), num(&e["holds"]["rps"]), lat);
            }
            if e["db_update_rps"].is_number() {
                row(&p("conditional UPDATE, no HTTP (b), /s"), num(&e["db_update_rps"]), "".into());
            }
            let ratios = &e["ratios"];
            row(
                &p("office list / (a)"),
                num(&ratios["offices_over_healthz"]),
                aim(&ratios["offices_over_healthz"], 0.5),
            );
            row(
                &p("availability / (a)"),
                num(&ratios["availability_over_healthz"]),
                aim(&ratios["availability_over_healthz"], 0.3),
            );
            let f = &e["flash"];
            if f.is_object() {
                row(
                    &p("flash crowd holds answered, req/s"),
                    num(&f["rps"]),
                    format!(
                        "p50 {} / p95 {} / p99 {} ms",
                        num(&f["p50_ms"]),
                        num(&f["p95_ms"]),
                        num(&f["p99_ms"])
                    ),
                );
                row(
                    &p("flash crowd taken / 409 / 503 / other"),
                    num(&f["taken"]),
                    format!(
                        "{} / {} / {} (places {})",
                        num(&f["full_409"]),
                        num(&f["shed_503"]),
                        num(&f["other"]),
                        num(&r["server"]["flash_places"])
                    ),
                );
            }
            row(
                &p("booking (sustained holds) / (b)"),
                num(&ratios["booking_over_db_update"]),
                aim(&ratios["booking_over_db_update"], 0.5),
            );
            let x = &e["mixed"];
            if x.is_object() {
                row(
                    &p("mixed traffic, req/s achieved"),
                    num(&x["rps"]),
                    format!(
                        "p50 {} / p99 {} ms (aim p99 <= 100), {} errors",
                        num(&x["p50_ms"]),
                        num(&x["p99_ms"]),
                        num(&x["errors"])
                    ),
                );
            }
            let o = &e["overload"];
            if o.is_object() {
                row(
                    &p("overload: share shed (503)"),
                    num(&o["shed_share"]),
                    format!(
                        "{} connections; 503 p99 {} ms; {} timed out; {} 503s without Retry-After",
                        num(&o["connections"]),
                        num(&o["shed_p99_ms"]),
                        num(&o["timed_out"]),
                        num(&o["shed_without_retry_after"])
                    ),
                );
            }
            if let Some(mem) = e["memory"].as_array() {
                for (i, s) in mem.iter().enumerate() {
                    row(
                        &p(&format!("server {i} RSS idle / peak, MB")),
                        num(&s["idle_mb"]),
                        format!("peak {} MB (aim <= 60)", num(&s["peak_mb"])),
                    );
                }
            }
        }
    }
    if let Some(lines) = r["charities"].as_array() {
        for l in lines {
            let engine = l["engine"].as_str().unwrap_or("");
            if let Some(results) = l["results"].as_array() {
                for c in results {
                    if let Some(class) = c["class"].as_str() {
                        row(
                            &format!("[charities, {engine}] {class}"),
                            num(&c["p50_ms"]),
                            format!("ms p50; p95 {} ms", num(&c["p95_ms"])),
                        );
                        continue;
                    }
                    // `charity_pinyin_paths`: one pinyin query timed along each search path.
                    let paths = ["route", "in_sql", "sorted_here", "general"]
                        .iter()
                        .filter(|p| c[**p].is_object())
                        .map(|p| format!("{p} {}", num(&c[*p]["p95_ms"])))
                        .collect::<Vec<_>>()
                        .join(", ");
                    row(
                        &format!(
                            "[charity pinyin paths, {engine}] {:?}{}",
                            c["query"].as_str().unwrap_or(""),
                            c["district"].as_str().map(|d| format!(" in {d}")).unwrap_or_default()
                        ),
                        num(&c["route"]["total"]),
                        format!("matches; p95 ms: {paths}"),
                    );
                }
            }
            if let Some(runs) = l["runs"].as_array() {
                for c in runs {
                    row(&format!("[charities import, {engine}]"), String::new(), c.to_string());
                }
            }
        }
    }
    if let Some(lines) = r["volunteering"].as_array() {
        for l in lines {
            let engine = l["engine"].as_str().unwrap_or("");
            for c in l["results"].as_array().into_iter().flatten() {
                row(
                    &format!("[volunteering, {engine}] {}", c["class"].as_str().unwrap_or("")),
                    num(&c["p50_ms"]),
                    format!(
                        "ms p50; p95 {} ms (aim < 20); {} items, {} bytes",
                        num(&c["p95_ms"]),
                        num(&c["items"]),
                        num(&c["bytes"])
                    ),
                );
            }
        }
    }
}

/// One row per route: performance, LCP, TBT, CLS, accessibility, each followed by `!` where
/// it misses its aim (routes without aims: `-` after the value), then which aims were missed.
fn print_lighthouse(lh: &Value) {
    if let Some(why) = lh["skipped"].as_str().or(lh["failed"].as_str()) {
        println!("    {:<52} {:>12}  {why}", "[lighthouse] SKIPPED OR FAILED", "");
        return;
    }
    let Some(routes) = lh["routes"].as_array() else { return };
    println!(
        "\n    Lighthouse {} (mobile preset, simulated throttling; median of {} runs by \
         performance)",
        lh["lighthouse"].as_str().unwrap_or(""),
        num(&lh["runs_per_route"])
    );
    println!(
        "    aims on {}: performance >= {LH_AIM_PERF}, LCP <= {LH_AIM_LCP_MS} ms, TBT <= \
         {LH_AIM_TBT_MS} ms, CLS <= {LH_AIM_CLS}, accessibility {LH_AIM_A11Y}; `!` marks a miss",
        LH_AIM_ROUTES.join(" ")
    );
    println!(
        "    {:<14} {:>6} {:>9} {:>8} {:>8} {:>6} {:>9} {:>10}  aims",
        "route", "perf", "LCP ms", "TBT ms", "CLS", "a11y", "FCP ms", "bytes"
    );
    for route in routes {
        let name = route["route"].as_str().unwrap_or("");
        let has_aims = LH_AIM_ROUTES.contains(&name);
        let mut missed = Vec::new();
        let mut cell = |key: &str, label: &str, ok: fn(f64) -> bool| {
            let v = &route[key];
            let mark = match v.as_f64() {
                _ if !has_aims => " ",
                Some(x) if ok(x) => " ",
                _ => {
                    missed.push(label.to_owned());
                    "!"
                }
            };
            let text = match v.as_f64() {
                Some(x) if key == "cls" => format!("{x:.3}"),
                _ => num(v),
            };
            format!("{text}{mark}")
        };
        let perf = cell("performance", "performance", |x| x >= LH_AIM_PERF);
        let lcp = cell("lcp_ms", "LCP", |x| x <= LH_AIM_LCP_MS);
        let tbt = cell("tbt_ms", "TBT", |x| x <= LH_AIM_TBT_MS);
        let cls = cell("cls", "CLS", |x| x <= LH_AIM_CLS);
        let a11y = cell("accessibility", "accessibility", |x| x >= LH_AIM_A11Y);
        let verdict = if !has_aims {
            "(no aims)".to_owned()
        } else if missed.is_empty() {
            "all met".to_owned()
        } else {
            format!("NOT MET: {}", missed.join(", "))
        };
        println!(
            "    {name:<14} {perf:>7} {lcp:>10} {tbt:>9} {cls:>9} {a11y:>7} {:>9} {:>10}  {verdict}",
            num(&route["fcp_ms"]),
            num(&route["transfer_bytes"]),
        );
    }
    let index: Vec<f64> = routes
        .iter()
        .filter_map(|r| r["runs"].as_array())
        .flatten()
        .filter_map(|run| run["benchmark_index"].as_f64())
        .collect();
    if let (Some(lo), Some(hi)) =
        (index.iter().copied().reduce(f64::min), index.iter().copied().reduce(f64::max))
    {
        println!(
            "    Lighthouse's benchmark index of this machine over the runs: {lo:.0} to {hi:.0} \
             (its 4x CPU slowdown assumes a fast, idle host)"
        );
    }
    println!();
}
