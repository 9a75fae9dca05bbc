//! What the app's main module holds, by crate and by the app's own feature modules (issue 14:
//! "a per-feature attribution of the wasm"). Every route loads the main module, so whatever
//! sits in it is paid on every first load.
//!
//! `cargo xtask build` keeps a copy of each module as wasm-bindgen left it, before `wasm-opt`
//! strips the names (`<target>/app-names/`). This reads the function names there and adds up
//! each function body's bytes by the crate (and, for the app's crates, the module) its name
//! belongs to. The sizes are before `wasm-opt -Oz`, so they are larger than what ships; the
//! shares are what to read.

use crate::Result;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// One module's code and data, and its code split by owner.
pub struct Attribution {
    pub code: usize,
    pub data: usize,
    /// `(owner, bytes)`, largest first.
    pub owners: Vec<(String, usize)>,
}

/// The crates whose code is split by module (`portal::booking`, `portal_api::benefits`...).
const APP_CRATES: [&str; 2] = ["portal", "portal_api"];

/// Who a function belongs to, from its (mangled or not) name.
pub fn owner(name: &str) -> String {
    let plain = format!("{:#}", rustc_demangle::demangle(name));
    // `<portal::booking::Page as leptos::IntoView>::into_view` belongs to the type's crate;
    // `<&T as core::fmt::Debug>::fmt` to the trait's when the type has no path.
    let mut s = plain.as_str();
    loop {
        let t = s.trim_start_matches(['<', '&', '[', '(', '*', ' ']);
        let t = t.strip_prefix("mut ").or_else(|| t.strip_prefix("dyn ")).unwrap_or(t);
        let t = t.strip_prefix("const ").unwrap_or(t);
        if t.len() == s.len() {
            break;
        }
        s = t;
    }
    let path: Vec<&str> = s
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .next()
        .unwrap_or("")
        .split("::")
        .collect();
    match path.as_slice() {
        [krate, module, ..] if APP_CRATES.contains(krate) && !module.is_empty() => {
            format!("{krate}::{module}")
        }
        [krate, _, ..] if !krate.is_empty() => (*krate).to_string(),
        _ if plain.starts_with("__wbg") || plain.starts_with("__wbindgen") => {
            "wasm-bindgen glue".into()
        }
        _ => "(other: unnamed or not Rust)".into(),
    }
}

fn span<T: TryInto<usize>>(r: std::ops::Range<T>) -> usize {
    let (a, b) = (r.start.try_into().unwrap_or(0), r.end.try_into().unwrap_or(0));
    b.saturating_sub(a)
}

/// Reads one module.
pub fn attribute(wasm: &Path) -> Result<Attribution> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let err = |e: wasmparser::BinaryReaderError| format!("{}: {e}", wasm.display());
    let mut imported = 0u32;
    let mut bodies: Vec<usize> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut data = 0;
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.map_err(err)? {
            Payload::ImportSection(r) => {
                for i in r.into_imports() {
                    if matches!(i.map_err(err)?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(span(body.range())),
            Payload::DataSection(r) => data += span(r.range()),
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(r) = c.as_known() {
                    for sub in r {
                        if let Name::Function(map) = sub.map_err(err)? {
                            for n in map {
                                let n = n.map_err(err)?;
                                names.insert(n.index, n.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(format!("{} has no function names", wasm.display()));
    }
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for (i, len) in bodies.iter().enumerate() {
        let who = names
            .get(&(imported + i as u32))
            .map_or_else(|| "(other: unnamed or not Rust)".into(), |n| owner(n));
        *by.entry(who).or_default() += len;
    }
    let mut owners: Vec<(String, usize)> = by.into_iter().collect();
    owners.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Attribution { code: bodies.iter().sum(), data, owners })
}

/// Prints the main module's attribution (the largest owners) and returns it as JSON rows.
pub fn print_main(root: &Path) -> Result<Option<serde_json::Value>> {
    let path = crate::target_dir(root).join("app-names/portal_bg.wasm");
    if !path.exists() {
        println!("\n    (no {}: build the app to see what the main module holds)", path.display());
        return Ok(None);
    }
    let a = attribute(&path)?;
    let pct = |n: usize| n as f64 * 100.0 / a.code.max(1) as f64;
    println!(
        "\n    main module before wasm-opt: code {} B, data {} B; code by owner:",
        a.code, a.data
    );
    let mut rows = Vec::new();
    for (who, n) in &a.owners {
        if rows.len() < 30 {
            println!("    {who:<40} {n:>9} {:>5.1}%", pct(*n));
        }
        rows.push(serde_json::json!({ "owner": who, "bytes": n }));
    }
    if a.owners.len() > 30 {
        let rest: usize = a.owners[30..].iter().map(|o| o.1).sum();
        println!(
            "    {:<40} {rest:>9} {:>5.1}%",
            format!("{} others", a.owners.len() - 30),
            pct(rest)
        );
    }
    Ok(Some(serde_json::json!({ "code": a.code, "data": a.data, "owners": rows })))
}

#[cfg(test)]
mod tests {
    use super::owner;

    #[test]
    fn owners_follow_the_type_or_the_path() {
        assert_eq!(owner("_ZN4core3fmt5write17h0123456789abcdefE"), "core");
        assert_eq!(owner("portal::booking::pages::hold::{{closure}}"), "portal::booking");
        assert_eq!(
            owner("<portal_api::benefits::Household as serde::de::Deserialize>::deserialize"),
            "portal_api::benefits"
        );
        assert_eq!(owner("<&mut serde_json::de::Deserializer<R> as x::Y>::z"), "serde_json");
        assert_eq!(owner("__wbindgen_malloc"), "wasm-bindgen glue");
        assert_eq!(owner("memcpy"), "(other: unnamed or not Rust)");
    }
}
