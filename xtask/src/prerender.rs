//! The first screen of each main route as static HTML, so the largest paint does not wait for
//! the WASM (issue 14: LCP). `xtask/prerender.mjs` draws each route in Debian Chromium with
//! the built app and every `/api` request left unanswered, in Chinese and in English; this
//! writes the drawing into a copy of the page as `<div id="boot" class="prerendered">`:
//!
//! - `dist/index.html` is `/` with its first screen; `dist/pre/<name>.html` is `/<name>`'s (the
//!   server serves each for its exact path); `dist/shell.html`, the loading note only, is every
//!   other path's (a deep page like `/booking/mine` would otherwise flash another page).
//! - The drawing is inert (nothing in it can be tapped or focused before the app runs) and the
//!   app is hidden until it has drawn the same route (style/main.css: `#boot.prerendered ~ *`);
//!   the app then removes it in the same frame (`ui::boot_done`), so nothing moves.
//! - The saved language chooses which copy shows before the first paint (the page's pre-paint
//!   script sets `lang`); elder mode is a class on `<html>`, so the same markup serves both.
//!
//! `PORTAL_PRERENDER=0` skips it (every route starts with the loading note, as before).

use crate::{Result, run, step, target_dir, tools};
use std::path::Path;

/// The main routes drawn ahead, and the file under `dist/` each is served from.
pub const PAGES: &[(&str, &str)] = &[
    ("/", "index.html"),
    ("/benefits", "pre/benefits.html"),
    ("/booking", "pre/booking.html"),
    ("/volunteering", "pre/volunteering.html"),
    ("/charities", "pre/charities.html"),
    ("/account", "pre/account.html"),
];

const OPEN: &str = "<!--BOOT-->";
const CLOSE: &str = "<!--/BOOT-->";

/// Writes `shell.html` and, unless skipped or Chromium cannot be had, every page of [`PAGES`].
/// Returns the paths (`/`, `/benefits`...) that now have their own first screen.
pub fn first_screens(root: &Path, dist: &Path) -> Result<Vec<&'static str>> {
    let index = dist.join("index.html");
    let shell = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    if !shell.contains(OPEN) || !shell.contains(CLOSE) {
        return Err(format!("index.html has no {OPEN} … {CLOSE} around the loading note"));
    }
    std::fs::write(dist.join("shell.html"), &shell).map_err(|e| e.to_string())?;
    if std::env::var("PORTAL_PRERENDER").is_ok_and(|v| v == "0") {
        println!(
            "    PORTAL_PRERENDER=0: no first screens; every route starts with the loading note"
        );
        return Ok(vec![]);
    }
    if let Err(e) = tools::ensure_browser() {
        println!(
            "\n    !! First screens NOT drawn ahead (Chromium is needed to draw them: {e}).\n    \
             !! The portal works; every route starts with the loading note instead."
        );
        return Ok(vec![]);
    }
    let out = target_dir(root).join("prerender.json");
    let dist_s = dist.to_str().ok_or("non-UTF-8 dist path")?;
    let out_s = out.to_str().ok_or("non-UTF-8 target path")?;
    step("Drawing each main route's first screen ahead (Chromium, xtask/prerender.mjs)", || {
        let mut args = vec!["xtask/prerender.mjs", dist_s, out_s];
        args.extend(PAGES.iter().map(|(route, _)| *route));
        run(root, "node", &args, &[])
    })?;
    let json = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let drawn: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dist.join("pre")).map_err(|e| e.to_string())?;
    for (route, file) in PAGES {
        let text = |lang: &str| {
            drawn[route][lang]
                .as_str()
                .map(str::to_owned)
                .ok_or(format!("{route}: no {lang} drawing"))
        };
        let mut page = compose(&shell, &text("zh")?, &text("en")?)?;
        if let (Some(title), Some(a), Some(b)) =
            (drawn[route]["title"].as_str(), page.find("<title>"), page.find("</title>"))
        {
            page.replace_range(a + "<title>".len()..b, &escape(title));
        }
        std::fs::write(dist.join(file), page).map_err(|e| format!("{file}: {e}"))?;
    }
    Ok(PAGES.iter().map(|(route, _)| *route).collect())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The shell with its loading note replaced by the two drawings.
pub fn compose(shell: &str, zh: &str, en: &str) -> Result<String> {
    let (Some(a), Some(b)) = (shell.find(OPEN), shell.find(CLOSE)) else {
        return Err(format!("no {OPEN} … {CLOSE} in the shell"));
    };
    if b < a {
        return Err(format!("{CLOSE} before {OPEN} in the shell"));
    }
    // A drawing holds no script or style block: the page's only ones are the shell's, whose
    // hashes the server's Content-Security-Policy allows.
    for tag in ["<script", "<style"] {
        if [zh, en].iter().any(|d| d.to_ascii_lowercase().contains(tag)) {
            return Err(format!("a drawn first screen holds a {tag}>"));
        }
    }
    Ok(format!(
        "{}<div id=\"boot\" class=\"prerendered\">\
         <p class=\"visually-hidden\" role=\"status\">\
         <span lang=\"zh-CN\">正在加载…</span> <span lang=\"en\">Loading…</span></p>\
         <div class=\"drawn\" lang=\"zh-CN\" inert>{zh}</div>\
         <div class=\"drawn\" lang=\"en\" inert>{en}</div></div>{}",
        &shell[..a],
        &shell[b + CLOSE.len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::compose;

    #[test]
    fn the_drawing_replaces_only_the_loading_note() {
        let shell = "<body><!--BOOT--><div id=\"boot\">…</div><!--/BOOT--><noscript>x</noscript>";
        let page =
            compose(shell, "<main><h1>民政</h1></main>", "<main><h1>Civil</h1></main>").unwrap();
        assert!(page.starts_with("<body><div id=\"boot\" class=\"prerendered\">"));
        assert!(page.contains("lang=\"zh-CN\" inert><main><h1>民政</h1></main></div>"));
        assert!(page.contains("lang=\"en\" inert><main><h1>Civil</h1></main></div></div>"));
        assert!(page.ends_with("<noscript>x</noscript>"));
        assert!(!page.contains("…</div>"));
        assert!(compose(shell, "<SCRIPT>x</SCRIPT>", "").is_err());
        assert!(compose(shell, "", "<style>a{}</style>").is_err());
        assert!(compose("<body>", "", "").is_err());
    }
}
