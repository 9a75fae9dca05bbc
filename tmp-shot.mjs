import { chromium } from "playwright-core";
import { execFileSync, spawn } from "node:child_process";
const BIN = process.env.BIN, DATA = "/tmp/shotdata", BASE = "http://127.0.0.1:8191";
execFileSync("rm", ["-rf", DATA]);
const srv = spawn(BIN, ["--demo", "--dev", "--bind", "127.0.0.1:8191", "--data-dir", DATA, "--static-dir", "dist", "--policy-dir", "policies"], { stdio: "ignore" });
for (let i = 0; i < 100; i++) { try { await fetch(BASE + "/healthz"); break; } catch { await new Promise((r) => setTimeout(r, 200)); } }
const phone = "13511112222";
execFileSync(BIN, ["--data-dir", DATA, "staff", "add", "--phone", phone, "--role", "organiser", "--org", "anning-community"]);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
const page = await ctx.newPage();
await page.goto(BASE + "/");
const api = (m, p, b) => page.evaluate(async ([m, p, b]) => { const r = await fetch(p, { method: m, headers: { "content-type": "application/json" }, body: b ? JSON.stringify(b) : undefined }); return { status: r.status, body: await r.text() }; }, [m, p, b]);
await api("POST", "/api/auth/code", { phone });
const body = (await (await fetch(`${BASE}/api/dev/outbox?phone=${phone}`)).json()).body;
await api("POST", "/api/auth/verify", { phone, code: body.match(/\d{6}/)[0] });
const d = new Date(Date.now() + 10 * 86400e3).toISOString().slice(0, 10);
for (let i = 0; i < 25; i++) {
  const a = await api("POST", "/api/volunteering/orgs/anning-community/activities", { title: `社区助老活动 ${i + 1}`, category: "community", district: "kunming-anning", address: "安宁市示例路 8 号" });
  await api("POST", `/api/volunteering/activities/${JSON.parse(a.body).id}/shifts`, { day: d, start_min: 540, end_min: 660, capacity: 5 });
}
await api("POST", "/api/auth/sign-out");
for (const [lang, elder] of [["zh", "0"], ["en", "1"]]) {
  await page.evaluate(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e); }, [lang, elder]);
  await page.goto(BASE + "/volunteering");
  await page.waitForSelector(".activity-card");
  await page.locator(".list-count").scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 200));
  await page.screenshot({ path: `/tmp/shot-more-${lang}-${elder}.png` });
  await page.locator("main button.wide").click();
  await page.waitForTimeout(1500);
  await page.locator(".list-count").scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 200));
  await page.screenshot({ path: `/tmp/shot-all-${lang}-${elder}.png` });
}
await browser.close();
srv.kill();
