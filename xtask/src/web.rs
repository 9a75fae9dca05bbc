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

/// Every built file under `dist` (one level of directories: `pkg-<hash>/`), without the
/// precompressed copies.
fn built_files(dist: &Path) -> Result<Vec<PathBuf>> {
    let list = |dir: &Path| -> Result<Vec<PathBuf>> {
        Ok(std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e} (build the app first)", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .collect())
    };
    let mut files = Vec::new();
    for p in list(dist)? {
        if p.is_dir() {
            files.extend(list(&p)?.into_iter().filter(|f| f.is_file()));
        } else {
            files.push(p);
        }
    }
    files.retain(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz" | "tsv")));
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

/// Sizes of one file: raw, gzip, brotli.
fn sizes_of(f: &Path) -> Result<[usize; 3]> {
    let data = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
    Ok([data.len(), gzip_bytes(&data).len(), brotli_bytes(&data).len()])
}

/// One route's first load.
pub struct RouteSize {
    pub route: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// The app's main routes and the split (lazy module, one per feature: `src/lib.rs`) each one
/// loads: `(path, the split's name up to its hash)`. The home page needs none.
pub const ROUTES: &[(&str, &str)] = &[
    ("/", ""),
    ("/benefits", "benefits_pages_"),
    ("/booking", "booking_pages_"),
    ("/volunteering", "volunteering_pages_"),
    ("/charities", "charities_pages_"),
    ("/account", "account_pages_"),
];

/// Prints the files and each route's first-load size (the HTML, the main module, its JS and
/// CSS, and the route's own modules from `splits.tsv`), and returns the routes' sizes.
pub fn print_sizes(dist: &Path) -> Result<Vec<RouteSize>> {
    let files = built_files(dist)?;
    let mut size: std::collections::BTreeMap<String, [usize; 3]> = Default::default();
    println!("    {:<52} {:>9} {:>9} {:>9}", "file", "raw", "gzip", "brotli");
    for f in &files {
        let s = sizes_of(f)?;
        let name = f.strip_prefix(dist).unwrap_or(f).to_string_lossy().into_owned();
        println!("    {name:<52} {:>9} {:>9} {:>9}", s[0], s[1], s[2]);
        size.insert(name, s);
    }
    let pkg = size
        .keys()
        .find_map(|k| k.split_once("/portal_bg.wasm").map(|(p, _)| p.to_owned()))
        .ok_or("no portal_bg.wasm in dist (build the app first)")?;
    let splits = std::fs::read_to_string(dist.join("splits.tsv")).unwrap_or_default();
    let base = ["index.html", "portal.js", "portal_bg.wasm", "__wasm_split.js"];
    let mut out = Vec::new();
    println!("\n    {:<28} {:>9} {:>9} {:>9}  files", "first load of", "raw", "gzip", "brotli");
    for (route, prefix) in ROUTES {
        // The route's own page when its first screen is drawn ahead (prerender.rs).
        let page = crate::prerender::PAGES
            .iter()
            .find(|(r, f)| r == route && size.contains_key(*f))
            .map_or("index.html", |(_, f)| f);
        let mut names: Vec<String> = base
            .iter()
            .map(|b| if *b == "index.html" { page.to_string() } else { format!("{pkg}/{b}") })
            .filter(|n| size.contains_key(n))
            .collect();
        if !prefix.is_empty() && !splits.is_empty() {
            let mut found = splits.lines().filter(|l| l.starts_with(prefix));
            let line = found.next().ok_or(format!("no split for {route} ({prefix}*)"))?;
            if found.next().is_some() {
                return Err(format!("several splits start with {prefix}"));
            }
            let deps = line.split_once('\t').map(|(_, d)| d).unwrap_or("");
            names.extend(deps.split_whitespace().map(|d| format!("{pkg}/{d}")));
        }
        let mut t = [0; 3];
        for n in &names {
            let s = size.get(n).ok_or(format!("{n} is in splits.tsv but not in dist"))?;
            (0..3).for_each(|i| t[i] += s[i]);
        }
        println!(
            "    {route:<28} {:>9} {:>9} {:>9}  {} {}",
            t[0],
            t[1],
            t[2],
            names.len(),
            if t[2] <= 150 * 1024 { "" } else { "(over 150 KiB)" }
        );
        out.push(RouteSize { route: route.to_string(), raw: t[0], gzip: t[1], brotli: t[2] });
    }
    Ok(out)
}

/// Writes the routes' sizes as JSON to `<target>/bench/sizes.json` (for `cargo xtask bench`).
pub fn write_sizes(root: &Path, routes: &[RouteSize]) -> Result {
    let dir = crate::target_dir(root).join("bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let rows: Vec<String> = routes
        .iter()
        .map(|r| {
            format!(
                "{{\"route\":\"{}\",\"raw\":{},\"gzip\":{},\"brotli\":{}}}",
                r.route, r.raw, r.gzip, r.brotli
            )
        })
        .collect();
    let path = dir.join("sizes.json");
    std::fs::write(&path, format!("[{}]\n", rows.join(",")))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    println!("    written to {}", path.display());
    Ok(())
}

/// A running portal server; killed when dropped, so a failing test never leaves it running.
pub(crate) struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

/// Starts `server` with the demo data (`--demo --dev`) on a fresh SQLite database in
/// `work/data`, serving `dist`, on a free port; returns once `/readyz` answers 200. Its log
/// is `work/server.log`.
pub(crate) fn start_demo_server(
    root: &Path,
    server: &Path,
    dist: &Path,
    work: &Path,
) -> Result<Server> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
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
        .map_err(|e| format!("cannot start the server {}: {e}", server.display()))?;
    let server = Server { child, port };
    wait_ready(port, &log_path)?;
    Ok(server)
}

pub fn browser_tests(root: &Path, server: &Path, dist: &Path, only: &[String]) -> Result {
    let work = crate::target_dir(root).join("e2e");
    let running = start_demo_server(root, server, dist, &work)?;
    let shots = crate::target_dir(root).join("screenshots");
    let url = running.url();
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
