// Volunteering in a real browser against the real server: a resident registers and signs up
// for a shift, the organiser checks them in and out on the check-in screen and approves the
// hours, the resident prints the certificate and the public verify page confirms it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BASE, SHOTS, launch, phonePage, ready, axeViolations, shot, randomPhone, validId } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ORG = "red-cross-tianmen";
const newPhone = () => randomPhone("135");

async function api(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const r = await fetch(p, { method: m, headers: { "content-type": "application/json" }, body: b ? JSON.stringify(b) : undefined });
    return { status: r.status, body: await r.text() };
  }, [method, path, body]);
}

async function signIn(page, phone) {
  await api(page, "POST", "/api/auth/code", { phone });
  const body = (await (await fetch(`${BASE}/api/dev/outbox?phone=${phone}`)).json()).body;
  const r = await api(page, "POST", "/api/auth/verify", { phone, code: body.match(/\d{6}/)[0] });
  assert.equal(r.status, 200);
}

async function axeClean(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
}

/** English text uses ": ", not the Chinese full-width colon after a word ("Next shift："). */
async function englishPunctuation(page, what) {
  const bad = (await page.textContent("main")).match(/[A-Za-z)][：，。]/g);
  assert.equal(bad, null, `${what}: Chinese punctuation in English text`);
}

/** Screenshots of the current page in zh/en, normal/elder (the page reloads for each). */
async function shots(page, name, waitFor) {
  for (const lang of ["zh", "en"]) {
    for (const elder of [false, true]) {
      await page.evaluate(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elder]);
      await page.reload();
      await ready(page);
      if (waitFor) await page.waitForSelector(waitFor);
      await axeClean(page, `${name} ${lang} ${elder ? "elder" : "normal"}`);
      if (lang === "en") await englishPunctuation(page, name);
      await shot(page, `volunteering-${name}-${lang}-${elder ? "elder" : "normal"}`);
    }
  }
  await page.evaluate(() => { localStorage.setItem("portal.lang", "zh"); localStorage.setItem("portal.elder", "0"); });
}

/** Opens an activity card's add-shift form (`form`: its `.add-shift`) and sends one shift. */
async function sendShiftForm(form, day, start, end, places) {
  await form.locator("summary").click();
  await form.locator('input[type="date"]').fill(day);
  await form.locator('input[type="time"]').first().fill(start);
  await form.locator('input[type="time"]').nth(1).fill(end);
  await form.locator("input[inputmode=numeric]").fill(String(places));
  await form.locator("button[type=submit]").click();
}

/** Elder mode on the current page (reloaded): text >= 18px, line height >= 1.3, targets >= 60x60. */
async function elderProblems(page, waitFor) {
  await page.evaluate(() => localStorage.setItem("portal.elder", "1"));
  await page.reload();
  await ready(page);
  if (waitFor) await page.waitForSelector(waitFor);
  const bad = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll("main p, main li, main h1, main h2, main span, main dd, main dt, main label, main td, main th")) {
      if (!el.textContent.trim()) continue;
      const cs = getComputedStyle(el);
      const size = parseFloat(cs.fontSize);
      const lh = parseFloat(cs.lineHeight);
      if (size < 18) bad.push(`font ${size}px: ${el.textContent.slice(0, 20)}`);
      if (!(lh / size >= 1.3)) bad.push(`line-height ${lh}/${size}: ${el.textContent.slice(0, 20)}`);
    }
    for (const el of document.querySelectorAll("main a, main button, main input, main select, main summary")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (el.type === "checkbox") continue;
      if (r.width < 60 || r.height < 60) bad.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${el.textContent.slice(0, 20)}`);
    }
    return bad;
  });
  await page.evaluate(() => localStorage.setItem("portal.elder", "0"));
  await page.reload();
  await ready(page);
  return bad;
}

/** Moves the dev server's clock to `minute` on `day` (UTC+8), from the server's own now. */
async function moveClockTo(serverNow, day, minute) {
  const [y, m, d] = day.split("-").map(Number);
  const target = Date.UTC(y, m - 1, d, 0, minute) / 1000 - 8 * 3600;
  const r = await fetch(`${BASE}/api/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance_secs: Math.round(target - serverNow) }) });
  assert.ok(r.ok);
}

const localDay = (secs) => new Date((secs + 8 * 3600) * 1000).toISOString().slice(0, 10);

test("a resident signs up, the organiser checks them in and out and approves, the certificate verifies", async () => {
  const { execFileSync } = await import("node:child_process");
  const bin = process.env.PORTAL_SERVER_BIN, dataDir = process.env.PORTAL_E2E_DATA_DIR;
  assert.ok(bin && dataDir, "run through cargo xtask e2e");

  // The organiser of the demo Red Cross team adds a shift tomorrow (the server's tomorrow).
  const orgPhone = newPhone();
  execFileSync(bin, ["--data-dir", dataDir, "staff", "add", "--phone", orgPhone, "--role", "organiser", "--org", ORG], { stdio: "pipe" });
  const org = await phonePage(browser);
  await org.page.goto(BASE + "/");
  await ready(org.page);
  await signIn(org.page, orgPhone);
  const acts = JSON.parse((await api(org.page, "GET", `/api/volunteering/orgs/${ORG}/activities`)).body);
  const activity = acts.items[0];
  const code0 = JSON.parse((await api(org.page, "GET", `/api/volunteering/shifts/${activity.shifts[0].id}/code`)).body);
  const now = code0.rotates_at - 15;
  const day = localDay(now + 86400);
  // The organiser adds the shift on their activities page.
  await org.page.goto(`${BASE}/organiser/${ORG}`);
  await ready(org.page);
  const form = org.page.locator(".add-shift").first();
  await sendShiftForm(form, day, "09:00", "12:00", 3);
  let shift;
  for (let i = 0; i < 50 && !shift; i++) {
    const list = JSON.parse((await api(org.page, "GET", `/api/volunteering/orgs/${ORG}/activities`)).body);
    shift = list.items.find((a) => a.id === activity.id).shifts.find((s) => s.day === day && s.start_min === 540 && s.capacity === 3);
    if (!shift) await org.page.waitForTimeout(100);
  }
  assert.ok(shift, "the shift was added");
  await shots(org.page, "organiser", ".add-shift");
  for (const [name, path, sel] of [["org-profile", `/organiser/${ORG}/profile`, "#org-credit"], ["org-new", `/organiser/${ORG}/new`, "#act-title"], ["org-corrections", `/organiser/${ORG}/corrections`, ".state.empty"]]) {
    await org.page.goto(BASE + path);
    await ready(org.page);
    await org.page.waitForSelector(sel);
    await axeClean(org.page, name);
    await shot(org.page, `volunteering-${name}-zh-normal`);
  }

  // The organiser edits the activity: the form comes filled in; the change is saved.
  await org.page.goto(`${BASE}/organiser/${ORG}`);
  await ready(org.page);
  await org.page.locator(`a[href="/organiser/${ORG}/activity/${activity.id}"]`).click();
  await org.page.waitForFunction(() => document.querySelector("#act-title")?.value.length > 0);
  assert.equal(await org.page.inputValue("#act-title"), activity.title);
  await shots(org.page, "org-edit", "#act-title");
  await org.page.waitForFunction(() => document.querySelector("#act-title")?.value.length > 0);
  assert.deepEqual(await elderProblems(org.page, "#act-title"), [], "edit activity, elder");
  await org.page.waitForFunction(() => document.querySelector("#act-title")?.value.length > 0);
  await org.page.fill("#act-bring", "水杯、帽子（测试编辑）");
  await org.page.click("form button[type=submit]");
  await org.page.waitForURL(new RegExp(`/organiser/${ORG}$`));
  const edited = JSON.parse((await api(org.page, "GET", `/api/volunteering/activities/${activity.id}`)).body);
  assert.equal(edited.bring, "水杯、帽子（测试编辑）");
  assert.equal(edited.title, activity.title, "the rest is kept");

  // Anyone browses without signing in; filters live in the URL.
  const anon = await phonePage(browser);
  await anon.page.goto(BASE + "/volunteering?district=hubei-tianmen");
  await ready(anon.page);
  await anon.page.waitForSelector(".activity-card");
  assert.match(anon.page.url(), /district=hubei-tianmen/);
  await shots(anon.page, "list", ".activity-card");

  // The resident registers as a volunteer and signs up.
  const phone = newPhone();
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/");
  await ready(page);
  await signIn(page, phone);
  assert.equal((await api(page, "POST", "/api/me/real-name", { name: "陈志愿", id_number: validId("19560303", true) })).status, 200);
  await page.goto(`${BASE}/volunteering/activities/${activity.id}`);
  await ready(page);
  await page.getByRole("link", { name: "注册志愿者" }).click();
  await page.waitForSelector("#emergency_name");
  await axeClean(page, "register");
  await shot(page, "volunteering-register-zh-normal");
  await page.check('fieldset.districts input[value="hubei-tianmen"]');
  await page.fill("#emergency_name", "陈家属");
  await page.fill("#emergency_phone", "13912345678");
  await page.check("#pledge");
  await page.click("form button[type=submit]");
  await page.waitForURL(/\/volunteering\/me$/);
  await page.waitForSelector(".volunteer-number");
  const profile = JSON.parse((await api(page, "GET", "/api/volunteering/me")).body);
  assert.deepEqual([profile.districts, profile.sms_lang], [["hubei-tianmen"], "zh"]);
  await page.goto(`${BASE}/volunteering/activities/${activity.id}`);
  await ready(page);
  await page.locator(`.shift-row[data-shift="${shift.id}"] button`).click();
  await page.waitForSelector(".state.success");
  assert.match(await page.textContent(".state.success"), /已报名/);
  await shots(page, "activity", `.shift-row[data-shift="${shift.id}"] .shift-mine`);

  // 8:50 on the day: the organiser shows the code; the resident types it.
  await moveClockTo(now, day, 8 * 60 + 50);
  await signIn(org.page, orgPhone);
  await signIn(page, phone);
  await org.page.goto(`${BASE}/organiser/shift/${shift.id}`);
  await ready(org.page);
  await org.page.waitForSelector(".big-code");
  await org.page.waitForSelector(".roster-row");
  const code = await org.page.getAttribute(".big-code", "data-code");
  assert.match(code, /^\d{6}$/);
  await page.goto(BASE + "/volunteering/me");
  await ready(page);
  await page.fill("#code-in", code);
  await page.click(".code-form button[type=submit]");
  await page.waitForSelector("#code-out");
  await shots(page, "me", ".signup-card");

  // 12:05: the organiser checks them out from the list and approves the hours.
  const at850 = JSON.parse((await api(org.page, "GET", `/api/volunteering/shifts/${shift.id}/code`)).body).rotates_at - 15;
  await moveClockTo(at850, day, 12 * 60 + 5);
  await signIn(org.page, orgPhone);
  await signIn(page, phone);
  await org.page.reload();
  await ready(org.page);
  const row = org.page.locator(".roster-row").first();
  await row.getByRole("button", { name: "签退" }).click();
  await row.getByRole("button", { name: "确认" }).click();
  await org.page.locator(".roster-row .record-status", { hasText: "已认证" }).waitFor();
  await shots(org.page, "checkin-screen", ".big-code");

  // The resident sees 3 verified hours, makes a certificate and prints it.
  await page.goto(BASE + "/volunteering/hours");
  await ready(page);
  await page.waitForSelector(".record-card.verified");
  assert.match(await page.textContent(".total"), /3 小时/);
  await axeClean(page, "hours");
  await shot(page, "volunteering-hours-zh-normal");
  // The period is the shift's day: earlier browser tests may have moved the server's clock
  // into another year than the phone's.
  await page.fill("#cert-from", day);
  await page.fill("#cert-to", day);
  // 谁记录谁证明: the certificate for the Red Cross team's records, issued in its name.
  await page.selectOption("#cert-org", ORG);
  await page.click(".cert-form button[type=submit]");
  await page.waitForURL(/\/volunteering\/certificate\//);
  await page.waitForSelector(".certificate .cert-code");
  const certCode = (await page.textContent(".certificate .cert-code")).trim();
  assert.match(certCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  assert.ok((await page.textContent(".certificate")).includes(activity.org_name), "issued by the organisation");
  await shots(page, "certificate", ".certificate .cert-code");
  const file = await page.evaluate(async (h) => {
    const r = await fetch(h);
    return { status: r.status, cd: r.headers.get("content-disposition"), body: await r.text() };
  }, await page.getAttribute(".cert-download", "href"));
  assert.equal(file.status, 200);
  assert.match(file.cd, /^attachment; filename="volunteer-certificate-[0-9A-Z-]+\.html"$/);
  assert.ok(file.body.includes(certCode) && file.body.includes("陈志愿") && file.body.includes("<svg"));
  // The file as it opens on its own (offline: nothing to fetch), on screen and printed.
  const filePage = await phonePage(browser);
  await filePage.page.setContent(file.body);
  await shot(filePage.page, "volunteering-certificate-file");
  await filePage.page.setViewportSize({ width: 794, height: 1123 });
  await filePage.page.emulateMedia({ media: "print" });
  await shot(filePage.page, "volunteering-certificate-file-print");
  await filePage.context.close();
  await page.emulateMedia({ media: "print" });
  await shot(page, "volunteering-certificate-print");
  await page.emulateMedia({ media: "screen" });

  // Whoever is shown the certificate checks it without signing in.
  await anon.page.goto(`${BASE}/volunteering/verify/${certCode}`);
  await ready(anon.page);
  await anon.page.waitForSelector(".verify-result");
  assert.match(await anon.page.textContent(".verify-result"), /有效/);
  const shown = await anon.page.textContent("main");
  assert.ok(shown.includes("陈**") && !shown.includes("陈志愿"), "only the masked name");
  await shots(anon.page, "verify", ".verify-result");
  await anon.page.goto(`${BASE}/volunteering/verify/${certCode.slice(0, -1)}${certCode.endsWith("A") ? "B" : "A"}`);
  await ready(anon.page);
  await anon.page.waitForSelector(".verify-result");
  assert.match(await anon.page.textContent(".verify-result"), /查无此证明/);

  // A second shift the same afternoon (worked without check-in) and one in two days.
  const addShift = async (d, start, end) => {
    const r = await api(org.page, "POST", `/api/volunteering/activities/${activity.id}/shifts`, { day: d, start_min: start, end_min: end, capacity: 3 });
    assert.equal(r.status, 201, r.body);
    return JSON.parse(r.body);
  };
  const afternoon = await addShift(day, 13 * 60, 14 * 60);
  const later = await addShift(localDay(now + 3 * 86400), 9 * 60, 10 * 60);
  for (const s of [afternoon, later]) assert.equal((await api(page, "POST", `/api/volunteering/shifts/${s.id}/signup`)).status, 201);

  // 16:30: the resident reports the afternoon's hour; it waits for the organiser.
  const at1205 = JSON.parse((await api(org.page, "GET", `/api/volunteering/shifts/${afternoon.id}/code`)).body).rotates_at - 15;
  await moveClockTo(at1205, day, 16 * 60 + 30);
  await signIn(org.page, orgPhone);
  await signIn(page, phone);
  await page.goto(BASE + "/volunteering/me");
  await ready(page);
  await page.waitForSelector(".report-form");
  assert.equal(await page.locator(".report-form").count(), 1, "only the shift without check-in");
  await shots(page, "me-report", ".report-form");
  await page.reload();
  await ready(page);
  await page.waitForSelector(".report-form");
  await page.click(".report-form summary");
  await page.fill(".report-form .report-hours", "1");
  await page.fill(".report-form .report-note", "手机没电没能签到，帮忙分装餐盒");
  await page.click(".report-form button[type=submit]");
  await page.waitForSelector(".report-form .state.success");
  await shot(page, "volunteering-me-reported-zh-normal");
  let mine = JSON.parse((await api(page, "GET", "/api/volunteering/me/hours")).body);
  assert.equal(mine.verified_half_hours, 6, "not counted before it is approved");
  await org.page.goto(`${BASE}/organiser/shift/${afternoon.id}`);
  await ready(org.page);
  await org.page.waitForSelector(".roster-row .self-reported");
  await shots(org.page, "shift-reported", ".roster-row .self-reported");
  await org.page.reload();
  await ready(org.page);
  await org.page.waitForSelector(".roster-row .self-reported");
  await org.page.locator(".roster-row").first().getByRole("button", { name: "确认" }).click();
  await org.page.locator(".roster-row .record-status", { hasText: "已认证" }).waitFor();
  mine = JSON.parse((await api(page, "GET", "/api/volunteering/me/hours")).body);
  assert.equal(mine.verified_half_hours, 8);

  // The points history: each verified record's points and the total.
  await page.goto(BASE + "/volunteering/points");
  await ready(page);
  await page.waitForSelector(".points-table");
  assert.equal(await page.locator(".points-table tbody tr").count(), 2);
  assert.match(await page.textContent(".points-total"), new RegExp(`${mine.points}$`));
  await shots(page, "points", ".points-table");
  assert.deepEqual(await elderProblems(page, ".points-table"), [], "points, elder");

  // The organiser cancels the shift in two days; the resident gets a text.
  await org.page.goto(`${BASE}/organiser/shift/${later.id}`);
  await ready(org.page);
  await org.page.waitForSelector(".cancel-shift button");
  await shots(org.page, "shift-cancel", ".cancel-shift button");
  assert.deepEqual(await elderProblems(org.page, ".cancel-shift button"), [], "shift page, elder");
  await org.page.getByRole("button", { name: "取消这个班次" }).click();
  await org.page.waitForSelector(".confirm-cancel");
  assert.match(await org.page.textContent(".confirm-cancel"), /1 人/);
  await axeClean(org.page, "cancel confirm");
  await shot(org.page, "volunteering-shift-cancel-confirm-zh-normal");
  await org.page.getByRole("button", { name: "确定取消班次" }).click();
  await org.page.waitForSelector(".cancel-shift .state.success");
  assert.match(await org.page.textContent(".cancel-shift .state.success"), /已短信通知 1 人/);
  const text = (await (await fetch(`${BASE}/api/dev/outbox?phone=${phone}`)).json()).body;
  assert.match(text, /已取消志愿服务班次/);
  await shot(org.page, "volunteering-shift-cancelled-zh-normal");

  // The organisation revokes the certificate; the verify page says so, with the date.
  await org.page.goto(`${BASE}/organiser/${ORG}/certificates`);
  await ready(org.page);
  await org.page.waitForSelector("#revoke-code");
  await shots(org.page, "revoke", "#revoke-code");
  assert.deepEqual(await elderProblems(org.page, "#revoke-code"), [], "revoke, elder");
  await org.page.fill("#revoke-code", certCode);
  await org.page.fill("#revoke-reason", "测试：记录有误，更正后重新出具");
  await org.page.click("form button[type=submit]");
  await org.page.waitForSelector(".revoke-done");
  await anon.page.goto(`${BASE}/volunteering/verify/${certCode}`);
  await ready(anon.page);
  await anon.page.waitForSelector(".verify-result");
  assert.match(await anon.page.textContent(".verify-result"), new RegExp(`已于 ${day} 被出具单位撤销`));
  await shots(anon.page, "verify-revoked", ".verify-result");

  // 401/403/404 are answered and shown by the app, but the browser logs them as errors. Once in
  // CI a 401 was logged here whose request the message did not name (it now carries the URL).
  for (const p of [page, org.page, anon.page]) assert.deepEqual(p.errors.filter((e) => !/status of 40[134]/.test(e)), []);
  await context.close();
  await org.context.close();
  await anon.context.close();
});

test("the activity list comes 20 at a time: show more appends the next page and says when all are shown", async () => {
  const { execFileSync } = await import("node:child_process");
  const bin = process.env.PORTAL_SERVER_BIN, dataDir = process.env.PORTAL_E2E_DATA_DIR;
  assert.ok(bin && dataDir, "run through cargo xtask e2e");
  const org = "anning-community", district = "kunming-anning", phone = newPhone();
  execFileSync(bin, ["--data-dir", dataDir, "staff", "add", "--phone", phone, "--role", "organiser", "--org", org], { stdio: "pipe" });
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/");
  await ready(page);
  await signIn(page, phone);
  const demo = JSON.parse((await api(page, "GET", `/api/volunteering/orgs/${org}/activities`)).body);
  const code = JSON.parse((await api(page, "GET", `/api/volunteering/shifts/${demo.items[0].shifts[0].id}/code`)).body);
  const day = localDay(code.rotates_at - 15 + 10 * 86400);
  const before = JSON.parse(await (await fetch(`${BASE}/api/volunteering/activities?district=${district}`)).text());
  let total = before.items.length;
  for (let p = before; p.next; ) {
    p = JSON.parse(await (await fetch(`${BASE}/api/volunteering/activities?district=${district}&before=${p.next}`)).text());
    total += p.items.length;
  }
  // Enough for a second page and part of a third.
  assert.ok(total < 25, `${total} activities already in ${district}`);
  const add = 45 - total;
  for (let i = 0; i < add; i++) {
    const a = await api(page, "POST", `/api/volunteering/orgs/${org}/activities`, { title: `翻页测试活动 ${i + 1}`, category: "community", district, address: "安宁市示例路 8 号" });
    assert.equal(a.status, 201, a.body);
    const s = await api(page, "POST", `/api/volunteering/activities/${JSON.parse(a.body).id}/shifts`, { day, start_min: 9 * 60, end_min: 11 * 60, capacity: 5 });
    assert.equal(s.status, 201, s.body);
  }
  // The organiser's own list comes a page at a time too. A shift added to an activity on the
  // second page joins that card in place: both pages stay shown.
  await page.goto(`${BASE}/organiser/${org}`);
  await ready(page);
  await page.waitForSelector(".activity-list .edit-activity");
  const orgCards = () => page.locator(".activity-list > li").count();
  assert.equal(await orgCards(), 20);
  assert.match(await page.textContent(".list-count"), /已显示 20 项活动/);
  await page.locator("main button", { hasText: "显示更多活动" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".activity-list > li").length > 20);
  const shown = await orgCards();
  const card = page.locator(".activity-list > li").nth(20);
  const shiftsBefore = await card.locator(".office-choice").count();
  await sendShiftForm(card.locator(".add-shift"), day, "14:00", "16:00", 4);
  await card.locator(".office-choice").nth(shiftsBefore).waitFor();
  assert.match(await card.locator(".office-choice").nth(shiftsBefore).textContent(), /14:00/);
  // The form says what it added and empties the day, so a second press adds nothing twice.
  assert.match(await card.locator(".shift-added").textContent(), /已添加班次：.*14:00/);
  assert.equal(await card.locator('input[type="date"]').inputValue(), "");
  // The card as the organiser sees it (the whole page is 20-odd cards long).
  await card.screenshot({ path: join(SHOTS, "volunteering-organiser-shift-added-zh-normal.png") });
  await card.locator("button[type=submit]").click();
  await card.locator(".add-shift .state.error").waitFor();
  assert.match(await card.locator(".add-shift .state.error").textContent(), /请选择日期/);
  assert.equal(await card.locator(".office-choice").count(), shiftsBefore + 1);
  assert.equal(await orgCards(), shown, "the pages already shown stay");
  await axeClean(page, "organiser list with show more");
  await api(page, "POST", "/api/auth/sign-out");
  await page.goto(`${BASE}/volunteering?district=${district}`);
  await ready(page);
  await page.waitForSelector(".activity-card");
  const cards = () => page.locator(".activity-card").count();
  const more = page.locator("main button", { hasText: "显示更多活动" });
  assert.equal(await cards(), 20);
  assert.match(await page.textContent(".list-count"), /已显示 20 项活动/);
  await axeClean(page, "list with show more");
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll(".activity-card").length === 40);
  assert.match(await page.textContent(".list-count"), /已显示 40 项活动/);
  // Focus moved to the first new card, so a keyboard or screen reader carries on from there.
  await page.waitForFunction(() => document.activeElement === document.querySelectorAll(".activity-card")[20]);
  // Newest first, each once, across the pages.
  const ids = await page.$$eval(".activity-card", (as) => as.map((a) => Number(a.getAttribute("href").split("/").pop())));
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll(".activity-card").length === 45);
  assert.match(await page.textContent(".list-count"), /已显示全部 45 项活动/);
  assert.equal(await more.count(), 0, "no show more after the last page");
  await shot(page, "volunteering-list-all-shown-zh-normal");
  // A changed filter (through the form, in the same page) starts again from its own first
  // page: none of the 45 community activities stays listed.
  await page.selectOption("#f-category", "elder_care");
  await page.click("form.filters button[type=submit]");
  await page.waitForURL(/category=elder_care/);
  await page.waitForFunction(() => ![...document.querySelectorAll(".activity-title")].some((t) => t.textContent.includes("翻页测试活动")) && document.querySelector(".activity-card, .state.empty"));
  assert.ok((await cards()) < 20);
  assert.equal(await more.count(), 0);
  // The end date is a filter too: a day before the new shifts leaves none of them.
  await page.selectOption("#f-category", "");
  await page.fill("#f-to", localDay(code.rotates_at - 15 + 9 * 86400));
  await page.click("form.filters button[type=submit]");
  await page.waitForURL(/to=/);
  await page.waitForFunction(() => ![...document.querySelectorAll(".activity-title")].some((t) => t.textContent.includes("翻页测试活动")) && document.querySelector(".activity-card, .state.empty"));
  await context.close();
});

test("elder mode on volunteering pages: text >= 18px, targets >= 60x60, line height >= 1.3", async () => {
  const { context, page } = await phonePage(browser);
  await context.addInitScript(() => localStorage.setItem("portal.elder", "1"));
  const first = JSON.parse(await (await fetch(`${BASE}/api/volunteering/activities`)).text()).items[0];
  for (const [path, sel] of [["/volunteering", ".activity-card"], [`/volunteering/activities/${first.id}`, ".shift-row"], ["/volunteering/verify", "#verify-code"]]) {
    await page.goto(BASE + path);
    await ready(page);
    await page.waitForSelector(sel);
    const report = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll("main p, main li, main h1, main h2, main span, main dd, main dt, main label")) {
        if (!el.textContent.trim()) continue;
        const cs = getComputedStyle(el);
        const size = parseFloat(cs.fontSize);
        const lh = parseFloat(cs.lineHeight);
        if (size < 18) bad.push(`font ${size}px: ${el.textContent.slice(0, 20)}`);
        if (!(lh / size >= 1.3)) bad.push(`line-height ${lh}/${size}: ${el.textContent.slice(0, 20)}`);
      }
      for (const el of document.querySelectorAll("main a, main button, main input, main select")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (el.type === "checkbox") continue;
        if (r.width < 60 || r.height < 60) bad.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${el.textContent.slice(0, 20)}`);
      }
      return bad;
    });
    assert.deepEqual(report, [], path);
  }
  await context.close();
});
