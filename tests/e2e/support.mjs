// Shared browser-test helpers: Debian Chromium through playwright-core, a phone viewport,
// and a screenshot folder under target/ for people to look at.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilderModule from "@axe-core/playwright";

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;

export const BASE = process.env.PORTAL_URL ?? "http://127.0.0.1:8080";
export const SHOTS = process.env.PORTAL_SCREENSHOTS ?? join(process.cwd(), "target", "screenshots");
mkdirSync(SHOTS, { recursive: true });

// The flags this machine needs (DEVELOPERS.md); Playwright adds --headless and a fresh
// --user-data-dir of its own for every launch.
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
  });
}

/** A phone-sized page that fails the test on any console error or page error. */
export async function phonePage(browser, { width = 360, height = 740 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 2, locale: "zh-CN" });
  const page = await context.newPage();
  page.errors = [];
  // With the URL, so a failed request in a test names what failed.
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(`${m.text()} ${m.location()?.url ?? ""}`.trim()); });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return { context, page };
}

/** Waits until the app has mounted (the boot note is gone and an h1 is shown). Every page
 *  runs under the server's Content-Security-Policy: a violation fails the test here. */
export async function ready(page) {
  await page.waitForSelector("#boot", { state: "detached" });
  await page.waitForSelector("main h1");
  const csp = (page.errors ?? []).filter((e) => /Content Security Policy/i.test(e));
  if (csp.length) throw new Error(`Content-Security-Policy violations: ${csp.join(" | ")}`);
}

export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Saves a full-page screenshot, after checking that nothing runs past the screen's right
 *  edge (a page that scrolls sideways on a phone): every screenshot checks it. */
export async function shot(page, name) {
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= w) return [];
    // (When no box passes the edge, text overflowing its box does: still a failure.)
    // The innermost elements that pass the edge name the culprit.
    const past = [...document.querySelectorAll("body *")].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > w + 1 && getComputedStyle(el).position !== "fixed";
    });
    const named = past
      .filter((el) => !past.some((o) => o !== el && el.contains(o)))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right ${Math.round(el.getBoundingClientRect().right)} > ${w}`);
    return named.length ? named : [`the page is ${document.documentElement.scrollWidth} px wide, no box past the edge: text overflowing its box`];
  });
  if (wide.length) throw new Error(`${name}: the page is wider than the screen: ${wide.join("; ")}`);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Elder mode (MIIT 2021): texts under 18px and tap targets under 60x60 on the page, described
 *  for the message; empty when the page meets both. */
export async function elderViolations(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
    };
    const label = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.textContent || el.value || "").trim().slice(0, 24)}"`;
    for (const el of document.querySelectorAll("body *")) {
      if (!visible(el) || el.closest("[aria-hidden='true'], .skip-link, #boot, .visually-hidden")) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 18 - 0.01) out.push(`text ${size}px: ${label(el)}`);
    }
    for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [role=button], label.choice")) {
      if (!visible(el) || el.closest(".skip-link")) continue;
      if (el.matches("input[type=checkbox], input[type=radio]") && el.closest("label")) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 60 - 0.5 || r.height < 60 - 0.5) out.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${label(el)}`);
    }
    return out;
  });
}

/** A mainland mobile number no other test run is likely to have drawn: `prefix` (three digits,
 *  one per test file so a failure log tells where the number came from) and eight random digits. */
export function randomPhone(prefix = "138") {
  return prefix + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
}

/** A valid resident ID number (GB 11643-1999: area, birth date, sequence, check character) born
 *  on `birth` (YYYYMMDD), a man when `male` is true, a woman when false, either when left out.
 *  The area code starts 110 (the tests read masked numbers as "110***…") and its other three
 *  digits and the sequence are random, about 5 × 10⁵ values per birth date and sex, and a number
 *  is never drawn twice in one test file: a real-name record is refused (409) when its number is
 *  already taken, and a 50-value sequence once gave two residents of one CI run the same number. */
const drawnIds = new Set();
export function validId(birth, male) {
  for (;;) {
    const area = 110000 + Math.floor(Math.random() * 1000); // the server checks only the first digit
    let seq = Math.floor(Math.random() * 1000);
    if (male !== undefined) seq = seq - (seq % 2) + (male ? 1 : 0);
    const body = String(area) + birth + String(seq).padStart(3, "0");
    if (drawnIds.has(body)) continue;
    drawnIds.add(body);
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
    return body + "10X98765432"[sum % 11];
  }
}
