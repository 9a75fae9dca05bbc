//! Installs what the build and tests need, idempotently: each tool's version is checked first
//! and the install skipped when it matches. Everything comes from crates.io, npm or Debian
//! (this machine has no other internet).

use crate::{Result, run, step};
use std::path::Path;
use std::process::Command;

pub const CARGO_DENY_VERSION: &str = "0.20.2";
pub const WASM_OPT_VERSION: &str = "132"; // npm binaryen@132.0.0 (package-lock.json)
const APT_BROWSER: &[&str] = &["chromium", "chromium-driver", "fonts-noto-cjk"];

/// `node_modules/.bin` (wasm-opt) and `~/.cargo/bin` (wasm-bindgen) ahead of PATH.
pub fn path_with_tools(root: &Path) -> String {
    let home = std::env::var("HOME").unwrap_or_default();
    let old = std::env::var("PATH").unwrap_or_default();
    format!("{}:{home}/.cargo/bin:{old}", root.join("node_modules/.bin").display())
}

/// The first line a tool prints for `--version`, if it runs.
fn version_of(root: &Path, program: &str) -> Option<String> {
    let out =
        Command::new(program).arg("--version").env("PATH", path_with_tools(root)).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("").to_owned())
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

pub fn ensure_build_tools(root: &Path) -> Result {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    let has_wasm = installed
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"));
    if !has_wasm {
        step("Installing the wasm32 target (rustup)", || {
            run(root, "rustup", &["target", "add", "wasm32-unknown-unknown"], &[])
        })?;
    }

    let wb = locked_wasm_bindgen(root)?;
    if version_of(root, "wasm-bindgen").as_deref() != Some(&format!("wasm-bindgen {wb}")) {
        // No --locked: its lockfile wants a webpki-roots the registry lacks.
        step(
            &format!("Installing wasm-bindgen-cli {wb} from crates.io (about 5 minutes)"),
            || {
                run(
                    root,
                    "cargo",
                    &["install", "wasm-bindgen-cli", "--version", &wb, "--force"],
                    &[],
                )
            },
        )?;
    }

    if version_of(root, "cargo-deny").as_deref()
        != Some(&format!("cargo-deny {CARGO_DENY_VERSION}"))
    {
        step(
            &format!("Installing cargo-deny {CARGO_DENY_VERSION} from crates.io (about 6 minutes)"),
            || {
                let v = CARGO_DENY_VERSION;
                let args =
                    ["install", "cargo-deny", "--version", v, "--locked", "--no-default-features"];
                run(root, "cargo", &args, &[])
            },
        )?;
    }

    ensure_npm_packages(root)
}

/// `npm ci` when package-lock.json changed since the last install or a package is missing:
/// binaryen (wasm-opt), playwright-core and axe-core for the browser tests, lighthouse and
/// chrome-launcher for the bench. None downloads a browser; they drive Debian Chromium.
pub fn ensure_npm_packages(root: &Path) -> Result {
    let stamp = root.join("node_modules/.package-lock.json");
    let lock_newer =
        match (std::fs::metadata(root.join("package-lock.json")), std::fs::metadata(&stamp)) {
            (Ok(lock), Ok(st)) => lock.modified().ok() > st.modified().ok(),
            _ => true,
        };
    let wasm_opt_ok = version_of(root, "wasm-opt")
        .is_some_and(|v| v.contains(&format!("version {WASM_OPT_VERSION}")));
    let missing = ["playwright-core", "lighthouse", "chrome-launcher"]
        .iter()
        .any(|p| !root.join("node_modules").join(p).exists());
    if lock_newer || !wasm_opt_ok || missing {
        step(
            "Installing npm packages (npm ci: binaryen/wasm-opt, playwright-core, axe-core, \
             lighthouse)",
            || run(root, "npm", &["ci", "--no-audit", "--no-fund"], &[]),
        )?;
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs apt-get as root (directly, or through sudo).
pub fn apt_install(packages: &[&str]) -> Result {
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo", "-n"] };
    let cmd = |args: &[&str]| -> Result {
        let mut all: Vec<&str> = sudo.to_vec();
        all.extend_from_slice(args);
        let status = Command::new(all[0])
            .args(&all[1..])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run {}: {e}", all[0]))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", all.join(" ")))
        }
    };
    cmd(&["apt-get", "update", "-q"])?;
    let mut args = vec!["apt-get", "install", "-y", "-q", "--no-install-recommends"];
    args.extend_from_slice(packages);
    cmd(&args)
}

pub fn ensure_browser() -> Result {
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    if Path::new("/usr/bin/chromium").exists() && fonts {
        return Ok(());
    }
    step("Installing Debian Chromium and CJK fonts (apt)", || apt_install(APT_BROWSER))
}

pub fn postgres_url() -> String {
    std::env::var("PORTAL_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn postgres_up() -> bool {
    std::net::TcpStream::connect_timeout(
        &"127.0.0.1:5432".parse().expect("address"),
        std::time::Duration::from_secs(2),
    )
    .is_ok()
}

fn wait_for_postgres() -> bool {
    (0..30).any(|_| {
        let up = postgres_up();
        if !up {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
        up
    })
}

fn start_clusters() -> Result {
    let versions =
        std::fs::read_dir("/etc/postgresql").map_err(|e| format!("/etc/postgresql: {e}"))?;
    for v in versions.flatten() {
        let v = v.file_name().to_string_lossy().to_string();
        let _ = Command::new("pg_ctlcluster")
            .args(["--skip-systemctl-redirect", &v, "main", "start"])
            .status();
    }
    Ok(())
}

/// PostgreSQL on 127.0.0.1:5432 (or `PORTAL_TEST_PG_URL`): started if installed but stopped,
/// installed from Debian if missing. Err says why it could not be had.
pub fn ensure_postgres() -> Result<String> {
    if std::env::var_os("PORTAL_TEST_PG_URL").is_some() || postgres_up() {
        return Ok(postgres_url());
    }
    step("Starting PostgreSQL (it is installed but stopped)", || {
        if !Path::new("/etc/postgresql").exists() {
            apt_install(&["postgresql"])?;
        }
        start_clusters()?;
        if wait_for_postgres() {
            Ok(())
        } else {
            Err("PostgreSQL did not come up on 127.0.0.1:5432".into())
        }
    })?;
    Ok(postgres_url())
}

/// Each server test makes its own database; clear those of earlier runs.
pub fn drop_old_test_databases() {
    let url = postgres_url();
    let list = Command::new("psql")
        .args([&url, "-Atc", "SELECT datname FROM pg_database WHERE datname LIKE 'portal_test_%'"])
        .output();
    let Ok(list) = list else {
        println!("    (psql not found: old test databases are left in place)");
        return;
    };
    let names = String::from_utf8_lossy(&list.stdout).to_string();
    let count = names.lines().filter(|n| !n.is_empty()).count();
    for name in names.lines().filter(|n| !n.is_empty()) {
        let _ = Command::new("psql")
            .args([&url, "-qc", &format!("DROP DATABASE IF EXISTS \"{name}\"")])
            .status();
    }
    if count > 0 {
        println!("    dropped {count} test database(s) from earlier runs");
    }
}
