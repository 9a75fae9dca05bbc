// Elder mode, provable (issue 13): every route, in Chinese and English, with every text at
// least 18 CSS pixels and every tap target at least 60x60 (MIIT 2021 适老化 guidance), checked
// from computed styles and boxes in a real browser, since axe does not check either.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, phonePage, ready, shot } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Public routes a resident reaches without signing in; each waits for one element that says the
// page has its content.
const ROUTES = [
  ["/", ".service-card, .card"],
  ["/booking", "a[data-service]"],
  ["/booking/office?service=marriage", "a[data-office]"],
  ["/booking/day/tianmen?service=marriage", ".cal-day.open"],
  ["/benefits", "main a, main button"],
  ["/account", "input"],
  ["/charities", "main h1"],
  ["/volunteering", "main h1"],
];

/** Texts under 18px and targets under 60x60 on the page, described for the message. */
async function violations(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
    };
    const label = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} "${(el.textContent || el.value || "").trim().slice(0, 24)}"`;
    // Text: every element that directly holds visible text.
    for (const el of document.querySelectorAll("body *")) {
      if (!visible(el) || el.closest("[aria-hidden='true'], .skip-link, #boot")) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 18 - 0.01) out.push(`text ${size}px: ${label(el)}`);
    }
    // Targets: links, buttons, form controls, and labels of choices.
    for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [role=button], label.choice")) {
      if (!visible(el) || el.closest(".skip-link")) continue;
      // A checkbox or radio inside its labelled choice row: the row is the target.
      if (el.matches("input[type=checkbox], input[type=radio]") && el.closest("label")) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 60 - 0.5 || r.height < 60 - 0.5) out.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${label(el)}`);
    }
    return out;
  });
}

for (const lang of ["zh", "en"]) {
  test(`elder mode: every route has 18px text and 60x60 targets (${lang})`, async () => {
    const { context, page } = await phonePage(browser);
    await page.goto(BASE + "/");
    await page.evaluate((l) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", "1"); }, lang);
    const found = [];
    for (const [route, waitFor] of ROUTES) {
      await page.goto(BASE + route);
      await ready(page);
      await page.locator(waitFor).first().waitFor();
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains("elder")));
      const v = await violations(page);
      if (v.length) found.push(`${route}:\n  ${v.join("\n  ")}`);
      await shot(page, `elder-${route.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home"}-${lang}`);
    }
    assert.deepEqual(found, [], found.join("\n"));
    await context.close();
  });
}
