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

/// The stylesheet as it goes inside `<style>`: comments, indentation and blank lines dropped
/// (strings kept as written). Brotli takes care of the rest, so this is no minifier (a
/// real one, lightningcss, would add a large dependency tree to every build for ~1 KB).
pub fn inline_css(css: &str) -> Result<String> {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == '\\' {
                    out.extend(chars.next());
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '/' && chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                loop {
                    match chars.next() {
                        Some('/') if prev == '*' => break,
                        Some(c) => prev = c,
                        None => return Err("style/main.css: a comment is never closed".into()),
                    }
                }
            }
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    if quote.is_some() {
        return Err("style/main.css: a string is never closed".into());
    }
    let out: Vec<&str> =
        out.lines().map(|l| l.trim_matches([' ', '\t'])).filter(|l| !l.is_empty()).collect();
    let out = out.join("\n");
    if out.to_ascii_lowercase().contains("</style") {
        return Err("style/main.css holds \"</style\", which would end the page's <style>".into());
    }
    Ok(out)
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

    // The stylesheet goes into every page as a `<style>` (issue 14: a linked one held the
    // first paint back 1.4 s in Lighthouse, sharing the slow link with the preloaded WASM).
    // The server allows that one block by its hash (`security_headers`).
    let css_path = root.join("style/main.css");
    let css = inline_css(&io(&css_path, std::fs::read_to_string(&css_path))?)?;

    let mut files: Vec<PathBuf> =
        io(&stage, std::fs::read_dir(&stage))?.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut h = Sha256::new();
    for f in &files {
        h.update(f.file_name().unwrap_or_default().as_encoded_bytes());
        h.update(io(f, std::fs::read(f))?);
    }
    // The pages carry the stylesheet: a change to it alone must still name a new build, so the
    // service worker replaces the pages it keeps for offline use.
    h.update(css.as_bytes());
    let pkg = format!("pkg-{}", &hex(&h.finalize())[..16]);

    let dist = root.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    io(&dist, std::fs::create_dir_all(&dist))?;
    io(&dist, std::fs::rename(&stage, dist.join(&pkg)))?;

    let template = io(&root.join("index.html"), std::fs::read_to_string(root.join("index.html")))?;
    let head = format!(
        "<style>{css}</style>\n  \
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

#[cfg(test)]
mod tests {
    use super::inline_css;

    #[test]
    fn the_inlined_stylesheet_keeps_every_rule_and_string() {
        let css = "/* head\n  note */\n:root {\n  --a: 1px; /* why */\n}\n\n\
                   a::before { content: \"/* not a comment */\"; }\n\
                   b::after { content: '\\'/*'; }\n";
        let out = inline_css(css).unwrap();
        assert_eq!(
            out,
            ":root {\n--a: 1px;\n}\na::before { content: \"/* not a comment */\"; }\n\
             b::after { content: '\\'/*'; }"
        );
        assert!(inline_css("a{} /* open").is_err());
        assert!(inline_css("a::before{content:\"x}").is_err());
        assert!(inline_css("a::before{content:\"</style>\"}").is_err());
    }

    #[test]
    fn the_real_stylesheet_inlines() {
        let css = include_str!("../../style/main.css");
        let out = inline_css(css).unwrap();
        assert!(!out.contains("/*"), "a comment is left");
        assert_eq!(out.matches('{').count(), css.matches('{').count() - comment_braces(css));
        assert!(out.len() < css.len());
    }

    fn comment_braces(css: &str) -> usize {
        css.split("/*")
            .skip(1)
            .map(|c| c.split("*/").next().unwrap_or("").matches('{').count())
            .sum()
    }
}
