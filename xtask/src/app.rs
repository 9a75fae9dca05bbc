//! Builds the browser app into `dist/` without Trunk, because the app is split per feature and
//! Trunk cannot split a module yet (trunk-rs/trunk#1022). The order is cargo-leptos's:
//!
//! 1. `cargo build` the `portal` binary for wasm32 (profile `wasm-release`, feature `split`,
//!    linked with `--emit-relocs`, set in `.cargo/config.toml`);
//! 2. split it with `wasm_split_cli_support` **before** wasm-bindgen, which drops the relocations
//!    the splitter reads: a main module plus one module per lazy route (`split_*.wasm`) and the
//!    code several routes share (`chunk_*.wasm`), and the loader `__wasm_split.js`;
//! 3. `wasm-bindgen --target web --keep-lld-exports` on the main module;
//! 4. `wasm-opt -Oz` on every module;
//! 5. everything into `dist/pkg-<hash>/` (immutable: the hash covers every file), the HTML and
//!    the service worker written from their templates, each main route's first screen drawn
//!    ahead (`prerender.rs`), then precompressed.
//!
//! `PORTAL_SPLIT=0` builds one unsplit module the same way (the kill switch; the app works the
//! same, it only loads everything at once).

use crate::{Result, run, step, target_dir, web};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn io<T>(what: &Path, r: std::io::Result<T>) -> Result<T> {
    r.map_err(|e| format!("{}: {e}", what.display()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the app; returns the `dist` directory.
pub fn build(root: &Path) -> Result<PathBuf> {
    let split = std::env::var("PORTAL_SPLIT").map_or(true, |v| v != "0");
    for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"] {
        if std::env::var_os(var).is_some() {
            return Err(format!(
                "{var} is set: it would replace .cargo/config.toml's wasm32 flags \
                 (--emit-relocs, which the route splitting needs). Unset it and run again."
            ));
        }
    }
    let mut args = vec![
        "build",
        "-p",
        "portal",
        "--bin",
        "portal",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ];
    if split {
        args.extend(["--features", "split"]);
    }
    step("Building the app (release WASM, cargo build --profile wasm-release)", || {
        run(root, "cargo", &args, &[])
    })?;
    let raw = target_dir(root).join("wasm32-unknown-unknown/wasm-release/portal.wasm");
    let stage = target_dir(root).join("app-stage");
    let _ = std::fs::remove_dir_all(&stage);
    io(&stage, std::fs::create_dir_all(&stage))?;

    let mut splits: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let main_wasm = if split {
        let main = stage.join("portal_split.wasm");
        let out = step("Splitting the app per route (wasm_split_cli_support)", || {
            let bytes = io(&raw, std::fs::read(&raw))?;
            let mut o = wasm_split_cli_support::Options::new(&bytes);
            o.output_dir = &stage;
            o.main_out_path = &main;
            o.main_module = "./portal.js";
            o.link_name = "./__wasm_split.js";
            wasm_split_cli_support::transform(o).map_err(|e| format!("splitting failed: {e:?}"))
        })?;
        for (name, deps) in out.prefetch_map {
            splits.insert(name, deps.into_iter().map(|d| format!("{d}.wasm")).collect());
        }
        main
    } else {
        raw
    };

    step("Generating the JS bindings (wasm-bindgen)", || {
        let out_dir = stage.to_str().ok_or("non-UTF-8 target path")?;
        let input = main_wasm.to_str().ok_or("non-UTF-8 target path")?;
        let mut a = vec![
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            out_dir,
            "--out-name",
            "portal",
        ];
        if split {
            a.extend(["--keep-lld-exports", "--no-demangle"]);
        }
        a.push(input);
        run(root, "wasm-bindgen", &a, &[])
    })?;
    if split {
        io(&main_wasm, std::fs::remove_file(&main_wasm))?;
    }

    let mut wasm: Vec<PathBuf> = io(&stage, std::fs::read_dir(&stage))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    wasm.sort();
    // Copies that keep the function names, which wasm-opt strips: `cargo xtask sizes` reads
    // what the main module holds from them (attrib.rs).
    let names = target_dir(root).join("app-names");
    let _ = std::fs::remove_dir_all(&names);
    io(&names, std::fs::create_dir_all(&names))?;
    for f in &wasm {
        let to = names.join(f.file_name().unwrap_or_default());
        io(&to, std::fs::copy(f, &to))?;
    }
    step(&format!("Optimising {} WASM modules (wasm-opt -Oz)", wasm.len()), || {
        // Two at a time: this machine has two cores.
        for pair in wasm.chunks(2) {
            let children: Vec<_> = pair
                .iter()
                .map(|f| {
                    std::process::Command::new("wasm-opt")
                        .env("PATH", crate::tools::path_with_tools(root))
                        .args([
                            "-Oz",
                            "--enable-bulk-memory",
                            "--enable-nontrapping-float-to-int",
                            "--strip-debug",
                            "--strip-producers",
                        ])
                        .arg(f)
                        .arg("-o")
                        .arg(f)
                        // It warns about every split module's name section; shown on failure.
                        .stderr(std::process::Stdio::piped())
                        .spawn()
                        .map_err(|e| format!("cannot start wasm-opt: {e}"))
                })
                .collect::<Result<_>>()?;
            for (c, f) in children.into_iter().zip(pair) {
                let out = c.wait_with_output().map_err(|e| e.to_string())?;
                if !out.status.success() {
                    return Err(format!(
                        "wasm-opt failed on {}:\n{}",
                        f.display(),
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
            }
        }
        Ok(())
    })?;

    // The CSS goes in with the modules, so one hash names everything the HTML loads.
    let css = root.join("style/main.css");
    io(&stage.join("main.css"), std::fs::copy(&css, stage.join("main.css")))?;

    let mut files: Vec<PathBuf> =
        io(&stage, std::fs::read_dir(&stage))?.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut h = Sha256::new();
    for f in &files {
        h.update(f.file_name().unwrap_or_default().as_encoded_bytes());
        h.update(io(f, std::fs::read(f))?);
    }
    let pkg = format!("pkg-{}", &hex(&h.finalize())[..16]);

    let dist = root.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    io(&dist, std::fs::create_dir_all(&dist))?;
    io(&dist, std::fs::rename(&stage, dist.join(&pkg)))?;

    let template = io(&root.join("index.html"), std::fs::read_to_string(root.join("index.html")))?;
    let head = format!(
        "<link rel=\"stylesheet\" href=\"/{pkg}/main.css\">\n  \
         <link rel=\"modulepreload\" href=\"/{pkg}/portal.js\">\n  \
         <link rel=\"preload\" href=\"/{pkg}/portal_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n  \
         <script type=\"module\">import init from \"/{pkg}/portal.js\";init({{module_or_path:\"/{pkg}/portal_bg.wasm\"}});</script>"
    );
    let html = template.replace("<!--APP-->", &head);
    if html == template {
        return Err("index.html has no <!--APP--> marker for the app's files".into());
    }
    io(&dist.join("index.html"), std::fs::write(dist.join("index.html"), html))?;
    let drawn = crate::prerender::first_screens(root, &dist)?;

    // The service worker: its cache is named after the build (a new build replaces it) and it
    // keeps every module, so the whole portal works offline once loaded.
    let mut modules: Vec<String> = io(&dist.join(&pkg), std::fs::read_dir(dist.join(&pkg)))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .map(|n| format!("\"/{pkg}/{n}\""))
        .collect();
    modules.sort();
    let sw = io(&root.join("public/sw.js"), std::fs::read_to_string(root.join("public/sw.js")))?;
    let sw = sw
        .replace("\"portal-dev\"", &format!("\"portal-{pkg}\""))
        .replace("/*MODULES*/", &modules.join(", "))
        .replace(
            "/*PAGES*/",
            &drawn.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", "),
        );
    io(&dist.join("sw.js"), std::fs::write(dist.join("sw.js"), sw))?;

    // Which modules each route loads, for the size report (`cargo xtask sizes`).
    let manifest: String = splits.iter().map(|(k, v)| format!("{k}\t{}\n", v.join(" "))).collect();
    io(&dist, std::fs::write(dist.join("splits.tsv"), manifest))?;
    step("Precompressing the app (brotli, gzip)", || web::precompress(&dist))?;
    println!("    {} modules in dist/{pkg}, {} loaded on demand", wasm.len(), splits.len());
    Ok(dist)
}
