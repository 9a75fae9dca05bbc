// The app shell against the real server and the release WASM bundle: language and elder
// mode, the four sections, not-found, error and retry, accessibility of every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, phonePage, ready, axeViolations, elderViolations, shot, randomPhone } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PAGES = [
  ["home", "/", { zh: "民政便民服务", en: "Civil Affairs Services" }],
  ["booking", "/booking", { zh: "婚姻登记预约", en: "Marriage registration" }],
  ["benefits", "/benefits", { zh: "救助自测", en: "Benefit self-check" }],
  ["volunteering", "/volunteering", { zh: "志愿服务", en: "Volunteering" }],
  ["charities", "/charities", { zh: "慈善查询", en: "Charity lookup" }],
  ["not-found", "/no/such/page", { zh: "找不到这个页面", en: "Page not found" }],
];

test("smoke on a 360x740 phone: language, elder mode, every section, choices kept on reload", async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/");
  await ready(page);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.equal(await page.textContent("main h1"), "民政便民服务");
  // The regions come from the real API and database (demo data).
  await page.waitForSelector(".region-list li");
  assert.equal(await page.locator(".region-list li").count(), 4);
  assert.match(await page.textContent(".region-list"), /上海市长宁区/);

  await page.getByRole("button", { name: "Switch to English" }).click();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.textContent("main h1"), "Civil Affairs Services");
  assert.match(await page.textContent(".region-list"), /Changning District, Shanghai/);

  await page.getByRole("button", { name: "Large text" }).click();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("elder")), true);
  assert.equal(await page.getAttribute("button[aria-pressed]", "aria-pressed"), "true");

  for (const [, path, names] of PAGES.slice(1, 5)) {
    await page.getByRole("link", { name: new RegExp(names.en) }).click();
    await page.waitForURL(BASE + path);
    assert.equal(await page.textContent("main h1"), names.en);
    assert.equal(await page.locator("h1").count(), 1, `one h1 on ${path}`);
    assert.match(await page.title(), new RegExp(names.en));
    await page.locator("a.brand").click(); // the site name in the header leads home
    await page.waitForURL(BASE + "/");
  }

  await page.reload();
  await ready(page);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("elder")), true);
  assert.equal(await page.textContent("main h1"), "Civil Affairs Services");

  // And back: the choices are switches, not one-way doors.
  await page.getByRole("button", { name: "切换到中文" }).click();
  await page.getByRole("button", { name: "长辈版" }).click();
  await page.reload();
  await ready(page);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("elder")), false);
  assert.deepEqual(page.errors, []);
  await context.close();
});

for (const lang of ["zh", "en"]) {
  for (const elder of [false, true]) {
    const mode = `${lang}-${elder ? "elder" : "normal"}`;
    test(`every page passes axe with 0 violations (${mode}) and has one h1`, async () => {
      const { context, page } = await phonePage(browser);
      await context.addInitScript(([l, e]) => {
        localStorage.setItem("portal.lang", l);
        localStorage.setItem("portal.elder", e ? "1" : "0");
      }, [lang, elder]);
      for (const [name, path, names] of PAGES) {
        await page.goto(BASE + path);
        await ready(page);
        assert.equal(await page.textContent("main h1"), names[lang], `${path} in ${mode}`);
        assert.equal(await page.locator("h1").count(), 1);
        if (name === "home") await page.waitForSelector(".region-list li");
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `${path} in ${mode}`);
        // English text uses ": ", not the Chinese full-width colon after a word.
        if (lang === "en") assert.equal((await page.textContent("main")).match(/[A-Za-z)][：，。]/g), null, path);
        await shot(page, `${name}-${mode}`);
      }
      assert.deepEqual(page.errors, []);
      await context.close();
    });
  }
}

test("elder mode meets the MIIT 2021 sizes: text >= 18px, targets >= 60x60, line height >= 1.3", async () => {
  const { context, page } = await phonePage(browser);
  await context.addInitScript(() => localStorage.setItem("portal.elder", "1"));
  for (const path of ["/", "/booking"]) {
    await page.goto(BASE + path);
    await ready(page);
    if (path === "/") await page.waitForSelector(".region-list li");
    const report = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll("main p, main li, main h1, main h2, main .service-name")) {
        const cs = getComputedStyle(el);
        const size = parseFloat(cs.fontSize);
        const lh = parseFloat(cs.lineHeight);
        if (size < 18) bad.push(`font ${size}px: ${el.textContent.slice(0, 20)}`);
        if (!(lh / size >= 1.3)) bad.push(`line-height ${lh}/${size}: ${el.textContent.slice(0, 20)}`);
      }
      for (const el of document.querySelectorAll("a, button")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (el.classList.contains("skip-link")) continue; // off-screen until focused
        if (r.width < 60 || r.height < 60) bad.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${el.textContent.slice(0, 20)}`);
      }
      return bad;
    });
    assert.deepEqual(report, [], path);
  }
  await context.close();
});

test("keyboard: the skip link is first and moves focus to the main content", async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/");
  await ready(page);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "跳到主要内容");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  await context.close();
});

test("offline: the regions list shows a clear error in the user's language and recovers on retry", async () => {
  const { context, page } = await phonePage(browser);
  // Starts on the not-found page, whose "back home" link stays whatever sections go live.
  await page.goto(BASE + "/no/such/page");
  await ready(page);
  await context.setOffline(true);
  await page.locator("a.brand").click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /网络连接失败/);
  // The card that could not load says so quietly, not a heading over nothing.
  assert.equal((await page.textContent(".regions .offline-part")).trim(), "未能连接，请看页面上方的提示。");
  await shot(page, "home-offline-zh-normal");
  // Still offline: trying again says it once more, in the same one place.
  await page.getByRole("button", { name: "重试" }).click();
  assert.equal(await page.getByRole("alert").count(), 1);
  await context.setOffline(false);
  // Back online the page tries again by itself; the message goes once everything has loaded.
  await page.waitForSelector(".region-list li");
  await page.getByRole("alert").waitFor({ state: "detached" });
  assert.equal(await page.locator(".offline-part").count(), 0);
  await context.close();
});

test("offline: one message for the page, the header does not sign the resident out, cleared after a retry", async () => {
  for (const [lang, elder] of [["zh", false], ["en", true]]) {
    const zh = lang === "zh";
    const { context, page } = await phonePage(browser);
    await context.addInitScript(([l, e]) => {
      localStorage.setItem("portal.lang", l);
      localStorage.setItem("portal.elder", e ? "1" : "0");
    }, [lang, elder]);
    await page.goto(BASE + "/");
    await ready(page);
    const phone = randomPhone("135");
    await page.evaluate(async (p) => {
      await fetch("/api/auth/code", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: p }) });
    }, phone);
    const body = (await (await fetch(`${BASE}/api/dev/outbox?phone=${phone}`)).json()).body;
    await page.evaluate(async ([p, c]) => {
      await fetch("/api/auth/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: p, code: c }) });
    }, [phone, body.match(/\d{6}/)[0]]);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload(); // now served by the service worker, so it opens offline too
    await ready(page);
    const account = page.locator("a.account-link");
    await page.waitForFunction((t) => document.querySelector("a.account-link").textContent === t, zh ? "我的" : "Me");
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    // The booking page needs who is signed in and the offices: still one message.
    await page.goto(BASE + "/booking/office?service=marriage").catch(() => {});
    await ready(page);
    await alert.waitFor();
    assert.equal(await alert.count(), 1, "the same error is not said twice");
    assert.match(await alert.textContent(), zh ? /网络连接失败/ : /Could not reach the service/);
    assert.notEqual(await account.textContent(), zh ? "登录" : "Sign in", "not shown as signed out");
    await shot(page, `offline-booking-${lang}-${elder ? "elder" : "normal"}`);
    if (elder) assert.deepEqual(await elderViolations(page), [], lang);
    await context.setOffline(false);
    await page.getByRole("button", { name: zh ? "重试" : "Try again" }).click().catch(() => {});
    await page.locator('a[data-office="tianmen"]').waitFor();
    await alert.waitFor({ state: "detached" });
    assert.equal(await account.textContent(), zh ? "我的" : "Me");
    await context.close();
  }
});

test("unknown API route is a 404 problem; unknown app route is the app's not-found page", async () => {
  const res = await fetch(BASE + "/api/no-such-thing");
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = await res.json();
  assert.equal(body.code, "not_found");
  const app = await fetch(BASE + "/no/such/page");
  assert.equal(app.status, 200);
  assert.match(await app.text(), /<html lang="zh-CN">/);
});

test("first screens drawn ahead: each main route's heading is in its HTML, in the saved language, then the app takes over in place", async () => {
  // With JavaScript off, what the server sends is all there is: the route's own first screen
  // (not another route's, not only "loading"), in Chinese by default.
  const off = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const bare = await off.newPage();
  for (const [name, path, names] of PAGES.slice(0, 5)) {
    const res = await bare.goto(BASE + path);
    assert.equal(res.status(), 200, `${path} status`);
    assert.equal((await bare.locator("#boot.prerendered main h1").first().textContent()).trim(), names.zh, `${path} drawn heading`);
    assert.ok(await bare.locator("#boot .drawn[lang='zh-CN'] main h1").isVisible(), `${path}: the Chinese drawing shows`);
    assert.ok(!(await bare.locator("#boot .drawn[lang='en'] main h1").isVisible()), `${path}: the English one does not`);
    assert.equal(await bare.locator("#boot .drawn[lang='en'] main h1").textContent(), names.en, `${path} English drawing`);
    if (name === "booking") await shot(bare, "first-screen-booking-zh-no-js");
  }
  // A deep route is not given a main route's drawing: only the loading note.
  await bare.goto(BASE + "/booking/mine");
  assert.equal(await bare.locator("#boot.prerendered").count(), 0);
  assert.equal(await bare.locator("#boot main").count(), 0);
  await off.close();

  // With JavaScript: English and elder mode saved, the drawing shown is the English one, and
  // once the app has drawn the page the drawing is gone: one heading, the app's, nothing moved.
  const { context, page } = await phonePage(browser);
  await context.addInitScript(() => { localStorage.setItem("portal.lang", "en"); localStorage.setItem("portal.elder", "1"); });
  let drawnTop = null;
  await page.route("**/pkg-*/*.wasm", async (route) => {
    // Hold the app back until the drawing has been looked at.
    if (drawnTop === null) {
      await page.waitForFunction(() => document.readyState !== "loading").catch(() => {});
      drawnTop = await page.evaluate(() => {
        const h = document.querySelector("#boot .drawn[lang='en'] main h1");
        return h && getComputedStyle(h.closest(".drawn")).display !== "none" ? h.getBoundingClientRect().top : -1;
      }).catch(() => -1);
    }
    await route.continue();
  });
  await page.goto(BASE + "/benefits");
  await ready(page);
  assert.ok(drawnTop !== null && drawnTop >= 0, `the English drawing showed before the app ran (${drawnTop})`);
  assert.equal(await page.locator("h1").count(), 1);
  assert.equal(await page.textContent("main h1"), "Benefit self-check");
  const appTop = await page.evaluate(() => document.querySelector("main h1").getBoundingClientRect().top);
  assert.ok(Math.abs(appTop - drawnTop) < 1, `the heading stayed in place: drawn at ${drawnTop}, app at ${appTop}`);
  assert.equal(await page.locator("[inert]").count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});
