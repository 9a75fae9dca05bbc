// The first screen of each main route as static HTML (issue 14: the largest paint should not
// wait for the WASM). Run by `cargo xtask build` after the app is built:
//
//   node xtask/prerender.mjs <dist> <out.json> /route ...
//
// Each route is opened in Debian Chromium, in Chinese and in English, with the app served
// straight from <dist> (no server: Playwright answers every request) and every /api request left
// unanswered, so what is captured is the page as the app draws it before any data arrives: the
// header, the heading, the page's fixed words and its loading states, never one database's data
// or a signed-in person's. Writes {route: {zh, en, title}}: each capture's body markup and
// the page's Chinese title.
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, normalize } from "node:path";

const [dist, out, ...routes] = process.argv.slice(2);
if (!dist || !out || routes.length === 0) {
  console.error("usage: node xtask/prerender.mjs <dist> <out.json> /route ...");
  process.exit(2);
}
const ORIGIN = "http://portal.prerender";
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".html": "text/html" };
const shell = readFileSync(join(dist, "index.html"));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const result = {};
try {
  for (const route of routes) {
    result[route] = {};
    for (const lang of ["zh", "en"]) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
      await context.addInitScript((l) => { if (l === "en") localStorage.setItem("portal.lang", "en"); }, lang);
      const errors = [];
      await context.route("**/*", async (r) => {
        const url = new URL(r.request().url());
        if (url.origin !== ORIGIN) return r.abort();
        if (url.pathname.startsWith("/api/")) return; // never answered: the page stays as first drawn
        if (url.pathname.startsWith("/pkg-")) {
          const file = normalize(join(dist, decodeURIComponent(url.pathname)));
          if (!file.startsWith(normalize(dist)) || !existsSync(file)) return r.fulfill({ status: 404 });
          const ext = file.slice(file.lastIndexOf("."));
          return r.fulfill({ status: 200, body: readFileSync(file), contentType: TYPES[ext] ?? "application/octet-stream" });
        }
        if (r.request().resourceType() === "document") return r.fulfill({ status: 200, body: shell, contentType: "text/html" });
        return r.fulfill({ status: 404 });
      });
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(ORIGIN + route);
      await page.waitForSelector("#boot", { state: "detached", timeout: 60_000 });
      await page.waitForSelector("main h1", { timeout: 60_000 });
      await page.waitForFunction(() => !document.querySelector(".route-progress"));
      await page.waitForTimeout(300);
      if (errors.length) throw new Error(`${route} (${lang}): ${errors.join(" | ")}`);
      result[route][lang] = await page.evaluate(() => {
        const keep = [...document.body.children].filter((e) => !["SCRIPT", "NOSCRIPT"].includes(e.tagName));
        // Inline styles would break the Content-Security-Policy (style-src 'self'); the app
        // sets them from code, which the policy allows, once it runs.
        const html = keep.map((e) => e.outerHTML).join("");
        return html.replace(/ style="[^"]*"/g, "").replace(/<!---->/g, "");
      });
      if (lang === "zh") result[route].title = await page.title();
      console.log(`    ${route} (${lang}): ${result[route][lang].length} characters`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
writeFileSync(out, JSON.stringify(result));
