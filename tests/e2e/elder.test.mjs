// Elder mode, provable (issue 13): every route, in Chinese and English, with every text at
// least 18 CSS pixels and every tap target at least 60x60 (MIIT 2021 适老化 guidance), checked
// from computed styles and boxes in a real browser, since axe does not check either.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, phonePage, ready, shot, elderViolations } from "./support.mjs";

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
      const v = await elderViolations(page);
      if (v.length) found.push(`${route}:\n  ${v.join("\n  ")}`);
      await shot(page, `elder-${route.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home"}-${lang}`);
    }
    assert.deepEqual(found, [], found.join("\n"));
    await context.close();
  });
}
