//! Schemathesis (from PyPI) against the server's own OpenAPI document, on a fresh database with
//! demo data, signed in as a person holding every staff role: every operation is generated from
//! its schema (examples, random fuzzing, stateful links), and the run fails on
//! any server error or any response that breaks the document (status, media type, headers,
//! schema). `cargo xtask test` runs it for a bounded time; `cargo xtask fuzz [seconds]` longer.

use crate::{Result, run};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Pinned; installed into its own virtual environment when missing.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Everyone in the run signs in with this number; it holds every staff role.
const PHONE: &str = "13800009999";

fn venv() -> PathBuf {
    let home = std::env::var("HOME").unwrap_or_else(|_| ".".into());
    PathBuf::from(home).join(format!(".cache/portal-tools/schemathesis-{SCHEMATHESIS_VERSION}"))
}

/// `st` in a virtual environment of its own (idempotent: kept when the version matches).
pub fn ensure_schemathesis() -> Result<PathBuf> {
    let st = venv().join("bin/st");
    if st.exists() {
        return Ok(st);
    }
    crate::step(&format!("Installing Schemathesis {SCHEMATHESIS_VERSION} (PyPI)"), || {
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(venv())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            crate::tools::apt_install(&["python3-venv"])?;
            let again = Command::new("python3").args(["-m", "venv"]).arg(venv()).status();
            if !again.is_ok_and(|s| s.success()) {
                return Err("python3 -m venv failed (python3-venv missing?)".into());
            }
        }
        let pip = venv().join("bin/pip");
        let spec = format!("schemathesis=={SCHEMATHESIS_VERSION}");
        let status = Command::new(&pip)
            .args(["install", "-q", "--disable-pip-version-check", &spec])
            .status()
            .map_err(|e| format!("cannot run pip: {e}"))?;
        if status.success() { Ok(()) } else { Err(format!("pip install {spec} failed")) }
    })?;
    Ok(st)
}

/// One HTTP/1.0 exchange with the local server: the whole reply (headers and body).
fn http(port: u16, method: &str, path: &str, body: &str) -> Result<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let req = format!(
        "{method} {path} HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    s.read_to_string(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Signs in through the API and the dev outbox; returns the `Cookie` header value.
fn sign_in(port: u16) -> Result<String> {
    http(port, "POST", "/api/auth/code", &format!(r#"{{"phone":"{PHONE}"}}"#))?;
    let outbox = http(port, "GET", &format!("/api/dev/outbox?phone={PHONE}"), "")?;
    let text = outbox.split("\r\n\r\n").nth(1).unwrap_or("");
    let code: String = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .ok_or_else(|| format!("no code in the dev outbox: {text}"))?
        .to_owned();
    let reply = http(
        port,
        "POST",
        "/api/auth/verify",
        &format!(r#"{{"phone":"{PHONE}","code":"{code}"}}"#),
    )?;
    reply
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("sign-in failed: {reply}"))
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs Schemathesis for `seconds` against a fresh server built at `server`.
pub fn schemathesis(root: &Path, server: &Path, seconds: u64) -> Result {
    let st = ensure_schemathesis()?;
    let work = crate::target_dir(root).join("fuzz");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let data = work.join("data");
    // The staff roles first (the CLI creates the account and migrates the database).
    for (role, scope) in [("admin", ""), ("clerk", "tianmen"), ("organiser", "red-cross-tianmen")] {
        let status = Command::new(server)
            .arg("--data-dir")
            .arg(&data)
            .env_remove("DATABASE_URL")
            .args(["staff", "add", "--phone", PHONE, "--role", role, "--scope", scope])
            .stdout(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("portal-server staff add --role {role} failed"));
        }
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let log = std::fs::File::create(work.join("server.log")).map_err(|e| e.to_string())?;
    let child = Command::new(server)
        .args(["--demo", "--dev", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(&data)
        .arg("--static-dir")
        .arg(work.join("dist"))
        .arg("--policy-dir")
        .arg(root.join("policies"))
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let _server = Server(child);
    let start = Instant::now();
    while http(port, "GET", "/readyz", "").map_or(true, |r| !r.contains(" 200 ")) {
        if start.elapsed() > Duration::from_secs(60) {
            return Err("the server did not become ready within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let cookie = sign_in(port)?;
    let url = format!("http://127.0.0.1:{port}/api/openapi.json");
    let secs = seconds.to_string();
    let header = format!("Cookie: {cookie}");
    let checks = "not_a_server_error,status_code_conformance,content_type_conformance,\
                  response_headers_conformance,response_schema_conformance";
    let st = st.to_str().unwrap_or("st").to_owned();
    let args = [
        "run",
        &url,
        "-H",
        &header,
        "--checks",
        checks,
        "--max-time",
        &secs,
        "--workers",
        "2",
        // Schemathesis 4.32's coverage phase crashes at random inside Hypothesis on Python 3.11
        // ("AST constructor recursion depth mismatch" while describing a strategy; seen on two
        // different operations), which would make CI flaky; examples, fuzzing and stateful
        // links run every operation without it.
        "--phases",
        "examples,fuzzing,stateful",
        // Ending the session would leave the rest of the run signed out (these are covered by
        // the server suite).
        "--exclude-operation-id",
        "sign_out",
        "--exclude-operation-id",
        "sign_out_everywhere",
        "--exclude-operation-id",
        "delete_me",
    ];
    let result = run(&work, &st, &args, &[("HYPOTHESIS_STORAGE_DIRECTORY", "hypothesis")]);
    if result.is_err() {
        println!("    server log: {}", work.join("server.log").display());
    }
    result
}
