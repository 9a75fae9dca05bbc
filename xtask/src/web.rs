//! The built app: precompression, first-load size, and the browser tests against a real
//! server on a fresh SQLite database.

use crate::{Result, run};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn brotli_bytes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).expect("in-memory write");
    }
    out
}

fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data).expect("in-memory write");
    w.finish().expect("in-memory write")
}

fn built_files(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e} (build the app first)", dist.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file() && !matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Writes `<file>.br` and `<file>.gz` beside every built file; the server sends them to
/// browsers that accept them, so nothing is compressed per request.
pub fn precompress(dist: &Path) -> Result {
    for f in built_files(dist)? {
        let data = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        std::fs::write(f.with_file_name(format!("{name}.br")), brotli_bytes(&data))
            .map_err(|e| e.to_string())?;
        std::fs::write(f.with_file_name(format!("{name}.gz")), gzip_bytes(&data))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Prints raw, gzip and brotli sizes of what the home route loads (html, js, wasm, css) and
/// returns the brotli total.
pub fn print_sizes(dist: &Path) -> Result<usize> {
    let (mut raw_t, mut gz_t, mut br_t) = (0, 0, 0);
    println!("    {:<44} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for f in built_files(dist)? {
        let data = std::fs::read(&f).map_err(|e| e.to_string())?;
        let (raw, gz, br) = (data.len(), gzip_bytes(&data).len(), brotli_bytes(&data).len());
        raw_t += raw;
        gz_t += gz;
        br_t += br;
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        println!("    {name:<44} {raw:>10} {gz:>10} {br:>10}");
    }
    println!("    {:<44} {raw_t:>10} {gz_t:>10} {br_t:>10}", "total (first load of /)");
    let target = 120 * 1024;
    println!(
        "    brotli total {:.1} KiB; target for the shell <= 120 KiB: {}",
        br_t as f64 / 1024.0,
        if br_t <= target { "met" } else { "NOT MET" }
    );
    Ok(br_t)
}

/// Kills the server when dropped, so a failing test never leaves it running.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn wait_ready(port: u16, log: &Path) -> Result {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::Read;
            let _ = s.write_all(b"GET /readyz HTTP/1.0\r\nHost: localhost\r\n\r\n");
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200") {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "the server did not become ready within 60s; its log:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    ))
}

pub fn browser_tests(root: &Path, server: &Path, dist: &Path, only: &[String]) -> Result {
    let work = crate::target_dir(root).join("e2e");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let port = free_port()?;
    let log_path = work.join("server.log");
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let child = Command::new(server)
        .args(["--demo", "--dev", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(work.join("data"))
        .arg("--static-dir")
        .arg(dist)
        .arg("--policy-dir")
        .arg(root.join("policies"))
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "info,tower_http=warn")
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let _server = Server(child);
    wait_ready(port, &log_path)?;
    let shots = crate::target_dir(root).join("screenshots");
    let url = format!("http://127.0.0.1:{port}");
    let mut args = vec!["--test", "--test-concurrency=1"];
    if only.is_empty() {
        args.push("tests/e2e/");
    } else {
        args.extend(only.iter().map(String::as_str));
    }
    let result = run(
        root,
        "node",
        &args,
        &[
            ("PORTAL_URL", &url),
            ("PORTAL_SCREENSHOTS", shots.to_str().unwrap_or("target/screenshots")),
            // For tests that grant staff roles with `portal-server staff add`.
            ("PORTAL_SERVER_BIN", server.to_str().unwrap_or("portal-server")),
            ("PORTAL_E2E_DATA_DIR", work.join("data").to_str().unwrap_or("")),
        ],
    );
    println!("    screenshots: {}", shots.display());
    result
}
