//! `cargo xtask serve | test | build | sizes | bench`: everything a newcomer or CI needs, on a
//! fresh machine. Tool versions are pinned here (and in package-lock.json) and installed only
//! when the installed version differs, so a second run reinstalls nothing.

mod app;
mod attrib;
mod bench;
mod fuzz;
mod prerender;
mod tools;
mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root),
        Some("build") => build_app(&root).map(|_| ()),
        Some("e2e") => e2e(&root, &args[1..]),
        Some("fuzz") => fuzz(&root, &args[1..]),
        Some("sizes") => web::print_sizes(&root.join("dist"))
            .and_then(|r| web::write_sizes(&root, &r))
            .and_then(|()| attrib::print_main(&root).map(|_| ())),
        Some("bench") => bench::bench(&root, &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  serve   install what is missing, build, serve the portal with demo data\n  test    everything CI checks: format, lints, Rust tests on SQLite and PostgreSQL, browser tests\n  e2e     only the browser tests (optionally some files: cargo xtask e2e tests/e2e/booking.test.mjs)
  fuzz    Schemathesis against the API for longer (default 600 s: cargo xtask fuzz 1800)
  build   build the release app into dist/\n  sizes   print the first-load size of the built app
  bench   one run of the performance bench: ceilings, flash crowd (SQLite, then PostgreSQL
          with two servers), mixed traffic, load shedding, memory, charity search, volunteering
          lists, sizes, Lighthouse; a table, and JSON in <target>/bench/. `--quick` for short
          runs; name parts to run only them: sizes lighthouse charities volunteering ceilings
          flash mixed shed sqlite postgres
          (e.g. cargo xtask bench --quick flash postgres)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace being worked on. `cargo run` sets CARGO_MANIFEST_DIR at run time; the
/// compile-time value is only a fallback, because with a target directory shared between
/// clones (CI's cache) an up-to-date binary may have been built from another clone.
fn project_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().expect("xtask lives in the workspace").to_path_buf()
}

/// The cargo target directory in use (CI may point it outside the clone).
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

/// Prints a step heading and how long it took.
pub fn step<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("\n==> {name}");
    let start = Instant::now();
    let out = f();
    let secs = start.elapsed().as_secs_f32();
    match &out {
        Ok(_) => println!("    done in {secs:.1}s"),
        Err(_) => println!("    failed after {secs:.1}s"),
    }
    out
}

/// Runs a command in `dir` with the project's tool PATH, failing on a non-zero status.
pub fn run(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir).env("PATH", tools::path_with_tools(dir));
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let status = cmd.status().map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` exited with {status}", args.join(" ")))
    }
}

fn build_app(root: &Path) -> Result<PathBuf> {
    tools::ensure_build_tools(root)?;
    app::build(root)
}

fn build_server(root: &Path) -> Result<PathBuf> {
    step("Building the server (cargo build -p portal-server)", || {
        run(root, "cargo", &["build", "-p", "portal-server"], &[])
    })?;
    Ok(target_dir(root).join("debug").join("portal-server"))
}

/// The demo organiser (issue 9): the Tianmen Red Cross volunteer team of the demo data.
const DEMO_ORGANISER: &str = "13900000009";

/// Grants the demo organiser role (idempotent) and says how to use it.
fn grant_demo_organiser(root: &Path, server: &Path, data: &Path) {
    let mut cmd = Command::new(server);
    cmd.current_dir(root);
    if std::env::var_os("PORTAL_DATA_DIR").is_none() {
        cmd.arg("--data-dir").arg(data);
    }
    cmd.args(["staff", "add", "--phone", DEMO_ORGANISER, "--role", "organiser", "--org"])
        .arg("red-cross-tianmen")
        .stdout(std::process::Stdio::null());
    if cmd.status().is_ok_and(|s| s.success()) {
        println!(
            "    demo organiser: sign in with {DEMO_ORGANISER} (the code is in the server log), \
             then open /organiser/red-cross-tianmen"
        );
    }
}

fn serve(root: &Path, extra: &[String]) -> Result {
    let dist = build_app(root)?;
    let server = build_server(root)?;
    let data = root.join("data");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    println!(
        "\n==> Starting the portal with demo data (data in {}; ctrl-c stops it)",
        data.display()
    );
    grant_demo_organiser(root, &server, &data);
    let mut cmd = Command::new(&server);
    // --dev: plain-http session cookie, readable SMS outbox, generated demo key (see README).
    cmd.current_dir(root).arg("--demo").arg("--dev").arg("--static-dir").arg(&dist);
    if std::env::var_os("PORTAL_POLICY_DIR").is_none() {
        cmd.arg("--policy-dir").arg(root.join("policies"));
    }
    if std::env::var_os("PORTAL_DATA_DIR").is_none() {
        cmd.arg("--data-dir").arg(&data);
    }
    cmd.args(extra);
    let status = cmd.status().map_err(|e| format!("cannot start the server: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("the server exited with {status}")) }
}

/// Builds the app and the server and runs the browser tests (all, or the files named).
/// `--no-build` runs them against the app already in `dist/` (after `cargo xtask build`).
fn e2e(root: &Path, args: &[String]) -> Result {
    let reuse = args.iter().any(|a| a == "--no-build");
    let files: Vec<String> = args.iter().filter(|a| *a != "--no-build").cloned().collect();
    tools::ensure_build_tools(root)?;
    tools::ensure_browser()?;
    let dist = if reuse { root.join("dist") } else { build_app(root)? };
    let server = build_server(root)?;
    step("Browser tests", || web::browser_tests(root, &server, &dist, &files))
}

/// `cargo deny check advisories` when the RustSec database can be fetched within a minute;
/// otherwise (this machine reaches only the package registries) a loud note, not a failure.
fn advisories(root: &Path) -> Result {
    let child = Command::new("cargo")
        .args(["deny", "check", "advisories"])
        .current_dir(root)
        .env("PATH", tools::path_with_tools(root))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        println!("    ADVISORIES SKIPPED: cannot run cargo deny");
        return Ok(());
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let out = child.wait_with_output().map(|o| o.stderr).unwrap_or_default();
                let text = String::from_utf8_lossy(&out);
                return if status.success() {
                    println!("    advisories ok");
                    Ok(())
                } else if text.contains("failed to fetch advisory database") {
                    println!(
                        "    ADVISORIES SKIPPED: the RustSec database could not be fetched here"
                    );
                    Ok(())
                } else {
                    Err(format!("cargo deny found advisories:\n{text}"))
                };
            }
            Ok(None) if start.elapsed() < std::time::Duration::from_secs(60) => {
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
            _ => {
                let _ = child.kill();
                println!("    ADVISORIES SKIPPED: the RustSec database did not arrive within 60 s");
                return Ok(());
            }
        }
    }
}

/// `cargo xtask fuzz [seconds]`: the Schemathesis run of `test`, for longer.
fn fuzz(root: &Path, args: &[String]) -> Result {
    let seconds = match args.first() {
        Some(s) => s.parse().map_err(|_| format!("fuzz takes a number of seconds, not {s:?}"))?,
        None => 600,
    };
    let server = build_server(root)?;
    step(&format!("API fuzzing (Schemathesis, {seconds} s)"), || {
        fuzz::schemathesis(root, &server, seconds)
    })
}

fn test(root: &Path) -> Result {
    let started = Instant::now();
    tools::ensure_build_tools(root)?;
    tools::ensure_browser()?;
    step("Format (cargo fmt --check)", || {
        run(root, "cargo", &["fmt", "--all", "--", "--check"], &[])
    })?;
    step("Lints, native (clippy -D warnings)", || {
        run(
            root,
            "cargo",
            &[
                "clippy",
                "-p",
                "portal-api",
                "-p",
                "portal-server",
                "-p",
                "xtask",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )
    })?;
    step("Lints, wasm32 (clippy -D warnings)", || {
        run(
            root,
            "cargo",
            &[
                "clippy",
                "-p",
                "portal",
                "-p",
                "portal-api",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )
    })?;
    step("Licences, bans and sources (cargo deny, deny.toml)", || {
        run(root, "cargo", &["deny", "check", "licenses", "bans", "sources"], &[])
    })?;
    step("Security advisories (cargo deny, RustSec database)", || advisories(root))?;
    step("Rust tests; server suite on SQLite", || {
        run(
            root,
            "cargo",
            &["test", "-p", "portal-api", "-p", "portal-server", "-p", "xtask"],
            &[("PORTAL_TEST_DB", "sqlite")],
        )
    })?;
    let pg = tools::ensure_postgres();
    match &pg {
        Ok(url) => step("Server suite on PostgreSQL", || {
            tools::drop_old_test_databases();
            run(
                root,
                "cargo",
                &["test", "-p", "portal-server", "--test", "api"],
                &[("PORTAL_TEST_DB", "postgres"), ("PORTAL_TEST_PG_URL", url)],
            )
        })?,
        Err(why) => {
            println!("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            println!("!!! POSTGRESQL TESTS SKIPPED: POSTGRESQL COULD NOT BE STARTED HERE.");
            println!("!!! REASON: {why}");
            println!("!!! THE SERVER SUITE RAN ON SQLITE ONLY.");
            println!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        }
    }
    let dist = build_app(root)?;
    let server = build_server(root)?;
    step("Browser tests (Playwright + axe, Debian Chromium, real server on SQLite)", || {
        web::browser_tests(root, &server, &dist, &[])
    })?;
    step("API fuzzing (Schemathesis, 120 s, every operation, fresh database)", || {
        fuzz::schemathesis(root, &server, 120)
    })?;
    step("First-load size of each main route", || {
        web::print_sizes(&dist).and_then(|r| web::write_sizes(root, &r))?;
        attrib::print_main(root).map(|_| ())
    })?;
    println!(
        "\nAll checks passed in {:.0}s{}.",
        started.elapsed().as_secs_f32(),
        if pg.is_ok() { "" } else { " (WITHOUT POSTGRESQL)" }
    );
    Ok(())
}
