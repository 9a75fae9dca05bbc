// Marriage booking in a real browser against the real server: a couple books (office, day,
// time, partner), the partner confirms on their own phone, and the booking can be cancelled.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, phonePage, ready, axeViolations, elderViolations, shot, randomPhone, validId } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const newPhone = () => randomPhone("136");

/** Signs in through the API (cookies land in the page's context) and registers a real name. */
async function residentPage(name, id) {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/");
  await ready(page);
  const phone = newPhone();
  await page.evaluate(async (p) => {
    await fetch("/api/auth/code", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: p }) });
  }, phone);
  const body = (await (await fetch(`${BASE}/api/dev/outbox?phone=${phone}`)).json()).body;
  const code = body.match(/\d{6}/)[0];
  const status = await page.evaluate(async ([p, c, n, i]) => {
    await fetch("/api/auth/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: p, code: c }) });
    const r = await fetch("/api/me/real-name", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: n, id_number: i }) });
    return r.status;
  }, [phone, code, name, id]);
  assert.equal(status, 200);
  return { context, page, phone };
}

/** On the date page: checks the calendar announces full dates, moves by keyboard, and opens the
 *  first open weekday (Monday to Friday). Returns that day's aria-label. */
async function chooseWeekday(page) {
  const open = page.locator(".cal-day.open");
  await open.first().waitFor();
  const label = await open.first().getAttribute("aria-label");
  assert.match(label, /^\d{4}年\d{1,2}月\d{1,2}日 星期.，余 \d+ 个$/);
  // Only the focused day is in the tab order; the arrow keys move a day and a week.
  await open.first().focus();
  const from = await page.evaluate(() => document.activeElement.dataset.day);
  await page.keyboard.press("ArrowRight");
  const next = await page.evaluate(() => document.activeElement.dataset.day);
  assert.equal(new Date(next) - new Date(from), 86400000);
  await page.keyboard.press("ArrowDown");
  const week = await page.evaluate(() => document.activeElement.dataset.day);
  assert.equal(new Date(week) - new Date(next), 7 * 86400000);
  assert.equal(await page.locator('.cal-day[tabindex="0"]').count(), 1);
  const n = await open.count();
  for (let i = 0; i < n; i++) {
    const l = await open.nth(i).getAttribute("aria-label");
    if (/星期[一二三四五]/.test(l)) {
      await open.nth(i).focus();
      await page.keyboard.press("Enter");
      return l;
    }
  }
  throw new Error("no open weekday");
}

test("a couple books a marriage registration, checks it, reschedules, and the partner confirms", async () => {
  const him = await residentPage("张三", validId("19900307", true));
  const herId = validId("19920815", false);
  const her = await residentPage("李四", herId);
  const page = him.page;
  await page.goto(BASE + "/booking");
  await ready(page);
  await shot(page, "booking-start-zh-normal");
  await page.locator('a[data-service="marriage"]').click();
  await page.getByRole("heading", { name: "选择婚姻登记处" }).waitFor();
  assert.match(await page.textContent('a[data-office="tianmen"]'), /周一至周五 09:00–12:00、13:30–17:00/);
  await page.locator('a[data-office="tianmen"]').click();
  await page.getByRole("heading", { name: "选择日期" }).waitFor();
  await shot(page, "booking-day-zh-normal");
  assert.deepEqual(await axeViolations(page), []);
  await chooseWeekday(page);
  await page.getByRole("heading", { name: "选择时段" }).waitFor();
  const first = page.locator(".slot:not([disabled])").first();
  await first.waitFor();
  assert.match(await first.textContent(), /09:00.*余 3 个/);
  await shot(page, "booking-time-zh-normal");
  await first.click();
  // The partner: a wrong check digit is caught on the page, in plain words.
  await page.getByLabel("对方姓名").waitFor();
  await page.getByLabel("对方姓名").fill("李四");
  await page.getByLabel("对方身份证号").fill(herId.slice(0, 17) + (herId[17] === "1" ? "2" : "1"));
  await page.getByRole("button", { name: "继续" }).click();
  assert.match(await page.textContent("#partner-id-error"), /校验码对不上/);
  await page.getByLabel("对方身份证号").fill(herId);
  await page.getByRole("button", { name: "继续" }).click();
  // Check your answers: everything on one page, IDs masked, then submit.
  await page.getByRole("heading", { name: "核对预约信息" }).waitFor();
  const summary = await page.textContent(".summary");
  assert.match(summary, /结婚登记/);
  assert.match(summary, /天门市婚姻登记处/);
  assert.match(summary, new RegExp("李四 110\\*{11}" + herId.slice(14).replace("X", "\\X")));
  assert.ok(!summary.includes(herId));
  assert.match(await page.textContent("main"), /不再需要户口簿/);
  await shot(page, "booking-check-zh-normal");
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("button", { name: "提交预约" }).click();
  await page.getByRole("heading", { name: "预约已提交" }).waitFor();
  const reference = (await page.textContent(".reference")).trim();
  assert.match(reference, /^[34679ACDEFGHJKMNPQRTUVWXY]{8}$/);
  assert.match(await page.textContent(".booking-card"), /等待对方确认/);
  // The QR code of the reference loads, and the calendar file is offered.
  await page.waitForFunction(() => document.querySelector("img.qr")?.naturalWidth > 0);
  const ics = await page.evaluate(async () => (await fetch(document.querySelector('a[download="booking.ics"]').href)).text());
  assert.match(ics, /BEGIN:VEVENT/);
  await shot(page, "booking-done-zh-normal");
  assert.deepEqual(await axeViolations(page), []);

  // Her booking home puts the booking waiting for her first of all.
  await her.page.goto(BASE + "/booking");
  await ready(her.page);
  const waiting = her.page.locator(".waiting-for-me");
  await waiting.waitFor();
  assert.match(await waiting.textContent(), new RegExp(`有一个预约等您确认.*${reference}`));
  assert.ok(await her.page.evaluate(() => {
    const card = document.querySelector(".waiting-for-me");
    return [...document.querySelectorAll("main h2, main a")].every((el) => card.contains(el) || (card.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
  }), "the waiting booking comes before everything else on the page");
  await shot(her.page, "booking-start-waiting-zh-normal");
  assert.deepEqual(await axeViolations(her.page), []);
  // The text message she got carries the link that opens the confirmation page directly.
  const sms = (await (await fetch(`${BASE}/api/dev/outbox?phone=${her.phone}`)).json()).body;
  const link = sms.match(/https?:\/\/\S+\/booking\/confirm\?ref=([0-9A-Z]+)/);
  assert.ok(link, sms);
  assert.equal(link[1], reference);
  const bookerSms = (await (await fetch(`${BASE}/api/dev/outbox?phone=${him.phone}`)).json()).body;
  assert.ok(bookerSms.includes(`/booking/confirm?ref=${reference}`), "the booker can forward it");
  await her.page.goto(BASE + new URL(link[0]).pathname + new URL(link[0]).search);
  await ready(her.page);
  // She sees what she is confirming before she confirms it.
  await her.page.locator(`.booking-card[data-reference="${reference}"]`).waitFor();
  assert.match(await her.page.textContent(".booking-card"), /张三/);
  assert.match(await her.page.textContent(".booking-card"), /等待您确认/);
  assert.equal(await her.page.getByRole("button", { name: "取消预约" }).count(), 0, "only the booker may cancel");
  await shot(her.page, "booking-partner-check-zh-normal");
  assert.deepEqual(await axeViolations(her.page), []);
  await her.page.getByRole("button", { name: "确认预约" }).click();
  await her.page.getByText("已确认。").waitFor();
  await shot(her.page, "booking-confirm-zh-normal");

  // Back on the home page, his next appointment is one tap away.
  await page.goto(BASE + "/");
  await ready(page);
  const next = page.locator(".next-booking");
  await next.waitFor();
  assert.match(await next.textContent(), /您的下一个预约.*结婚登记.*09:00.*天门市婚姻登记处/);
  await shot(page, "home-next-booking-zh-normal");

  // Reschedule from "my bookings": the old time is kept until the new one is secured.
  await page.goto(BASE + "/booking/mine");
  await ready(page);
  const card = page.locator(`.booking-card[data-reference="${reference}"]`);
  await card.waitFor();
  assert.match(await card.textContent(), /已确认/);
  const before = await card.textContent();
  await card.getByRole("link", { name: "改约" }).click();
  await page.getByText(`正在为预约 ${reference} 改约`).waitFor();
  await chooseWeekday(page);
  const oldTime = JSON.parse((await api(page, "GET", "/api/bookings")).body).find((b) => b.reference === reference);
  await page.locator(".slot:not([disabled])").last().click();
  // The new time is checked first; until confirmed, the booking keeps its time.
  await page.getByRole("heading", { name: "核对改约" }).waitFor();
  const moveSummary = await page.textContent(".summary");
  assert.match(moveSummary, /原来的时间.*新的时间/s);
  assert.match(moveSummary, /张三.*李四/s);
  const still = JSON.parse((await api(page, "GET", "/api/bookings")).body).find((b) => b.reference === reference);
  assert.deepEqual([still.day, still.start_min], [oldTime.day, oldTime.start_min], "not moved before the check");
  await shot(page, "booking-move-check-zh-normal");
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("button", { name: "确认改到新时间" }).click();
  await page.getByRole("heading", { name: "已改约到新的时段。" }).waitFor();
  assert.equal((await page.textContent(".reference")).trim(), reference, "same booking, same reference");
  assert.notEqual(await page.textContent(".booking-card"), before);
  assert.match(await page.textContent(".booking-card"), /已确认/);

  await page.goto(BASE + "/booking/mine");
  await ready(page);
  await card.waitFor();
  await card.getByRole("button", { name: "取消预约" }).click();
  await card.getByText("确定要取消这个预约吗？").waitFor();
  await shot(page, "booking-mine-cancel-zh-normal");
  await card.getByRole("button", { name: "是，取消预约" }).click();
  await page.getByText("预约已取消").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await him.context.close();
  await her.context.close();
});

test("a re-issue is booked by one person, without a partner (English)", async () => {
  const me = await residentPage("钱九", validId("19750303", false));
  const page = me.page;
  await page.evaluate(() => localStorage.setItem("portal.lang", "en"));
  await page.goto(BASE + "/booking");
  await ready(page);
  await page.locator('a[data-service="reissue"]').click();
  await page.locator('a[data-office="changning"]').click();
  await page.getByRole("heading", { name: "Choose a date" }).waitFor();
  const open = page.locator(".cal-day.open");
  await open.first().waitFor();
  assert.match(await open.first().getAttribute("aria-label"), /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday) \d{1,2} [A-Z][a-z]+ \d{4}/);
  await shot(page, "booking-day-en-normal");
  await open.first().click();
  await page.locator(".slot:not([disabled])").first().click();
  await page.getByRole("heading", { name: "Check your booking" }).waitFor();
  assert.equal(await page.getByText("Partner", { exact: true }).count(), 0);
  await page.getByRole("button", { name: "Submit booking" }).click();
  await page.getByRole("heading", { name: "Booking submitted" }).waitFor();
  assert.match(await page.textContent(".booking-card"), /Confirmed/);
  assert.match(await page.textContent("main"), /original ID card/);
  await shot(page, "booking-done-en-normal");
  await me.context.close();
});

async function api(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const r = await fetch(p, { method: m, headers: { "content-type": "application/json" }, body: b ? JSON.stringify(b) : undefined });
    return { status: r.status, body: await r.text() };
  }, [method, path, body]);
}

/** The first day in the office's booking window that the server reports open and whose
 *  times include every `starts` (minutes after midnight) with a place left. */
async function openDayWith(office, service, starts) {
  const days = await (await fetch(`${BASE}/api/offices/${office}/days?service=${service}`)).json();
  assert.ok(Array.isArray(days) && days.length > 0, "the booking window lists days");
  for (const d of days.filter((d) => d.status === "open")) {
    const a = await (await fetch(`${BASE}/api/offices/${office}/availability?service=${service}&day=${d.day}`)).json();
    const free = new Set(a.slots.filter((s) => s.places_left > 0).map((s) => s.start_min));
    if (starts.every((m) => free.has(m))) return d.day;
  }
  throw new Error(`no open day at ${office} with ${starts.join(", ")} free`);
}

/** Moves the server's clock (dev mode) forward to 09:00 on `day` (YYYY-MM-DD) in the city. */
async function advanceToDay(day) {
  const info = await (await fetch(`${BASE}/api/info`)).json();
  const days = Math.round((new Date(day + "T00:00:00Z") - new Date(info.today + "T00:00:00Z")) / 86400000);
  if (days <= 0) return;
  const r = await fetch(`${BASE}/api/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance_secs: days * 86400 }) });
  assert.equal(r.status, 200);
  const after = await (await fetch(`${BASE}/api/info`)).json();
  assert.equal(after.today, day);
}

async function signInAgain(page, phone) {
  await api(page, "POST", "/api/auth/code", { phone });
  const body = (await (await fetch(`${BASE}/api/dev/outbox?phone=${phone}`)).json()).body;
  const r = await api(page, "POST", "/api/auth/verify", { phone, code: body.match(/\d{6}/)[0] });
  assert.equal(r.status, 200);
}

test("a divorce across the cooling-off period (server clock moved on in --dev)", async () => {
  const { execFileSync } = await import("node:child_process");
  const bin = process.env.PORTAL_SERVER_BIN, dataDir = process.env.PORTAL_E2E_DATA_DIR;
  assert.ok(bin && dataDir, "run through cargo xtask test");
  const him = await residentPage("王五", validId("19850101", true));
  const herId = validId("19870202", false);
  const her = await residentPage("赵六", herId);
  const page = him.page;
  await page.goto(BASE + "/booking");
  await ready(page);
  await page.locator('a[data-service="divorce"]').click();
  await page.locator('a[data-office="tianmen"]').click();
  await chooseWeekday(page);
  await page.locator(".slot:not([disabled])").first().click();
  await page.getByLabel("对方姓名").fill("赵六");
  await page.getByLabel("对方身份证号").fill(herId);
  await page.getByRole("button", { name: "继续" }).click();
  await page.getByRole("button", { name: "提交预约" }).click();
  await page.getByRole("heading", { name: "预约已提交" }).waitFor();
  await page.locator(".booking-card").waitFor();
  assert.match(await page.textContent("main"), /离婚协议/);
  const reference = (await page.textContent(".reference")).trim();
  assert.equal((await api(her.page, "POST", "/api/bookings/confirm", { reference })).status, 204);

  // The clerk receives the application at the first appointment.
  const clerkPhone = newPhone();
  execFileSync(bin, ["--data-dir", dataDir, "staff", "add", "--phone", clerkPhone, "--role", "clerk", "--office", "tianmen"], { stdio: "pipe" });
  const clerk = await phonePage(browser);
  await clerk.page.goto(BASE + "/");
  await signInAgain(clerk.page, clerkPhone);
  const mine = JSON.parse((await api(page, "GET", "/api/bookings")).body);
  const booking = mine.find((b) => b.reference === reference);
  // The clerk marks people on their appointment's day, not before: move the server's clock there.
  await advanceToDay(booking.day);
  await signInAgain(clerk.page, clerkPhone);
  await signInAgain(page, him.phone);
  for (const status of ["arrived", "completed"]) {
    assert.equal((await api(clerk.page, "POST", `/api/clerk/bookings/${booking.id}/status`, { status })).status, 204);
  }

  await page.goto(BASE + "/booking/divorce");
  await ready(page);
  await page.waitForSelector(".divorce-card");
  assert.match(await page.textContent(".divorce-card"), /冷静期中，还有 \d+ 天/);
  assert.equal(await page.getByRole("button", { name: "撤回离婚申请" }).count(), 1);
  await shot(page, "booking-divorce-cooling-zh-normal");
  assert.deepEqual(await axeViolations(page), []);

  // 35 days later the certificate window is open (sessions have expired meanwhile).
  const moved = await fetch(`${BASE}/api/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance_secs: 35 * 86400 }) });
  assert.equal(moved.status, 200);
  await signInAgain(page, him.phone);
  await page.goto(BASE + "/booking/divorce");
  await ready(page);
  await page.waitForSelector(".divorce-card");
  assert.match(await page.textContent(".divorce-card"), /冷静期已满/);
  assert.equal(await page.getByRole("button", { name: "撤回离婚申请" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "预约领证时间" }).count(), 1);
  await shot(page, "booking-divorce-window-zh-normal");
  await him.context.close();
  await her.context.close();
  await clerk.context.close();
});

test("the registry clerk sees the day's bookings masked and marks the couple arrived, then completed", async () => {
  const { execFileSync } = await import("node:child_process");
  const bin = process.env.PORTAL_SERVER_BIN, dataDir = process.env.PORTAL_E2E_DATA_DIR;
  assert.ok(bin && dataDir, "run through cargo xtask test");
  const himId = validId("19800505", true), herId = validId("19820606", false);
  const him = await residentPage("孙七", himId);
  const her = await residentPage("周八", herId);
  // A day the server says is open with both 10:00 and 14:00 free, whatever the date the
  // tests run on (earlier tests move the server's clock; holidays close days).
  const iso = await openDayWith("tianmen", "marriage", [600, 840]);
  const heldRes = await api(him.page, "POST", "/api/bookings/hold", { office: "tianmen", service: "marriage", day: iso, start_min: 600 });
  assert.equal(heldRes.status, 201, heldRes.body);
  const held = JSON.parse(heldRes.body);
  assert.equal((await api(him.page, "POST", `/api/bookings/${held.id}/details`, { partner: { name: "周八", id_number: herId } })).status, 200);
  assert.equal((await api(her.page, "POST", "/api/bookings/confirm", { reference: held.reference })).status, 204);

  // He also has a re-issue appointment that day, still to come.
  const reissueRes = await api(him.page, "POST", "/api/bookings/hold", { office: "tianmen", service: "reissue", day: iso, start_min: 840 });
  assert.equal(reissueRes.status, 201, reissueRes.body);
  const reissue = JSON.parse(reissueRes.body);
  assert.equal((await api(him.page, "POST", `/api/bookings/${reissue.id}/details`, {})).status, 200);
  // The day comes (the clerk marks people only on their day).
  await advanceToDay(iso);
  await signInAgain(him.page, him.phone);
  const clerkPhone = newPhone();
  execFileSync(bin, ["--data-dir", dataDir, "staff", "add", "--phone", clerkPhone, "--role", "clerk", "--office", "tianmen"], { stdio: "pipe" });
  const clerk = await phonePage(browser);
  await clerk.page.goto(BASE + "/");
  await signInAgain(clerk.page, clerkPhone);
  await clerk.page.goto(BASE + "/account");
  await ready(clerk.page);
  await clerk.page.getByRole("link", { name: "登记员工作台" }).click();
  await clerk.page.fill("#clerk-date", iso);
  const row = clerk.page.locator(`li[data-reference="${held.reference}"]`);
  await row.waitFor();
  // The clerk finds the couple by the reference they read out, typed loosely.
  await clerk.page.getByLabel("按预约号查找").fill(held.reference.slice(0, 4).toLowerCase() + "-" + held.reference.slice(4, 6));
  await clerk.page.waitForFunction(() => document.querySelectorAll(".clerk-list li").length === 1);
  await row.waitFor();
  await clerk.page.getByLabel("按预约号查找").fill("");
  const text = await row.textContent();
  assert.match(text, /10:00/);
  assert.match(text, new RegExp(`110\\*{11}${himId.slice(14)}`));
  assert.ok(!text.includes(himId), "ID numbers are masked");
  // A new slot plan is previewed first: the 10:00 booking it would drop is listed.
  await clerk.page.getByRole("link", { name: "登记处设置" }).click();
  await clerk.page.locator("#hours-0").waitFor();
  await clerk.page.waitForFunction(() => document.querySelector("#hours-0").value !== "");
  assert.equal(await clerk.page.inputValue("#hours-0"), "09:00-12:00 13:30-17:00");
  for (let i = 0; i < 5; i++) await clerk.page.fill(`#hours-${i}`, "14:00-17:00");
  await clerk.page.locator(".settings-form").nth(1).getByRole("button", { name: "查看影响" }).click();
  const preview = clerk.page.locator(".change-result");
  await preview.waitFor();
  assert.match(await preview.textContent(), new RegExp(held.reference));
  await shot(clerk.page, "clerk-settings-preview-zh-normal");
  assert.deepEqual(await axeViolations(clerk.page), []);
  await clerk.page.goBack();
  await clerk.page.fill("#clerk-date", iso);
  await row.waitFor();
  await row.getByRole("button", { name: "已到达" }).click();
  await row.getByRole("button", { name: "已办结" }).waitFor();
  assert.match(await row.textContent(), /已到达/);
  await shot(clerk.page, "clerk-day-zh-normal");
  assert.deepEqual(await axeViolations(clerk.page), []);
  await row.getByRole("button", { name: "已办结" }).click();
  await clerk.page.waitForFunction((r) => document.querySelector(`li[data-reference="${r}"]`)?.textContent.includes("已办结"), held.reference);
  // Closing the day lists the bookings it affects, so nobody is stranded silently.
  await clerk.page.getByLabel("关闭原因（会告知群众）").fill("设备检修");
  await clerk.page.getByRole("button", { name: "关闭这一天" }).click();
  const notice = clerk.page.getByRole("status").filter({ hasText: "已关闭" });
  await notice.waitFor();
  assert.match(await notice.textContent(), new RegExp(held.reference));
  // The couple's booking says the office is closed that day, with the reason.
  await him.page.goto(BASE + "/booking/mine");
  await ready(him.page);
  const card = him.page.locator(`.booking-card[data-reference="${reissue.reference}"]`);
  await card.waitFor();
  assert.match(await card.textContent(), /暂停办公（设备检修）/);
  assert.equal(await card.getByRole("link", { name: "改约" }).count(), 1);
  await shot(him.page, "booking-mine-closed-zh-normal");
  const sms = await (await fetch(`${BASE}/api/dev/outbox?phone=${him.phone}`)).json();
  assert.match(sms.body, /暂停办公（设备检修）.*改约/);
  await him.context.close();
  await her.context.close();
  await clerk.context.close();
});

test("the booking pages in Chinese and English, normal and elder mode, pass axe", async () => {
  const me = await residentPage("吴十", validId("19880808", true));
  for (const [lang, elder] of [["zh", false], ["zh", true], ["en", false], ["en", true]]) {
    const tag = `${lang}-${elder ? "elder" : "normal"}`;
    await me.page.evaluate(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elder]);
    await me.page.goto(BASE + "/booking");
    await ready(me.page);
    await me.page.locator('a[data-service="ceremony"]').waitFor();
    await shot(me.page, `booking-start-${tag}`);
    assert.deepEqual(await axeViolations(me.page), [], `start ${tag}`);
    await me.page.goto(BASE + "/booking/office?service=ceremony");
    await me.page.locator('a[data-office="zhonglou"]').waitFor();
    await shot(me.page, `booking-office-${tag}`);
    assert.deepEqual(await axeViolations(me.page), [], `office ${tag}`);
    await me.page.locator('a[data-office="zhonglou"]').click();
    await me.page.locator(".cal-day.open").first().waitFor();
    // No cell's text overflows its button, whatever the language and text size.
    const overflow = await me.page.evaluate(() => [...document.querySelectorAll(".cal-day")].filter((b) => b.scrollWidth > b.clientWidth + 1).length);
    assert.equal(overflow, 0, `calendar cells overflow in ${tag}`);
    if (elder) {
      // MIIT 2021: every target at least 60x60 CSS pixels in elder mode.
      const small = await me.page.evaluate(() => [...document.querySelectorAll(".cal-day, .slot")]
        .map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0 && (r.width < 60 || r.height < 60)).length);
      assert.equal(small, 0, `calendar days under 60x60 in ${tag}`);
    }
    await shot(me.page, `booking-day-${tag}`);
    assert.deepEqual(await axeViolations(me.page), [], `day ${tag}`);
    await me.page.locator(".cal-day.open").first().click();
    await me.page.locator(".slot").first().waitFor();
    await shot(me.page, `booking-time-${tag}`);
    assert.deepEqual(await axeViolations(me.page), [], `time ${tag}`);
  }
  await me.context.close();
});

test("a signed-out resident explores the free times, signs in when taking one, and lands back on it", async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/booking");
  await ready(page);
  // The services are there without signing in, with a word on when sign-in comes.
  assert.match(await page.textContent("main"), /不用登录也可以先看/);
  await page.locator('a[data-service="marriage"]').click();
  await page.locator('a[data-office="tianmen"]').click();
  await chooseWeekday(page);
  await page.getByRole("heading", { name: "选择时段" }).waitFor();
  const timeUrl = page.url();
  await page.locator(".slot:not([disabled])").first().click();
  // Taking a time asks for sign-in, then real-name registration, then comes straight back.
  await page.getByLabel("手机号").waitFor();
  assert.match(page.url(), /\/account\?next=/);
  const phone = newPhone();
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await page.getByLabel("验证码", { exact: true }).waitFor();
  const body = (await (await fetch(`${BASE}/api/dev/outbox?phone=${phone}`)).json()).body;
  await page.getByLabel("验证码", { exact: true }).fill(body.match(/\d{6}/)[0]);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByLabel("身份证号").waitFor();
  assert.match(page.url(), /\/account\/real-name\?next=/);
  await page.getByLabel("姓名").fill("郑十一");
  await page.getByLabel("身份证号").fill(validId("19910909", true));
  await page.getByRole("button", { name: "提交" }).click();
  await page.getByRole("heading", { name: "选择时段" }).waitFor();
  assert.equal(page.url(), timeUrl, "back on the times page");
  await page.locator(".slot:not([disabled])").first().click();
  await page.getByLabel("对方姓名").waitFor();
  await shot(page, "booking-after-sign-in-zh-normal");
  await context.close();
});

test("signed-out pages offer sign-in and come back (my bookings, the partner's confirm page)", async () => {
  for (const lang of ["zh", "en"]) {
    const { context, page } = await phonePage(browser);
    await page.goto(BASE + "/");
    await page.evaluate((l) => localStorage.setItem("portal.lang", l), lang);
    for (const path of ["/booking/mine", "/booking/confirm"]) {
      await page.goto(BASE + path);
      await ready(page);
      const notice = page.locator(".sign-in-notice");
      await notice.waitFor();
      const link = notice.getByRole("link", { name: lang === "zh" ? "登录" : "Sign in" });
      assert.equal(await link.getAttribute("href"), `/account?next=${encodeURIComponent(path)}`);
      assert.equal(await page.getByRole("button", { name: lang === "zh" ? "重试" : "Try again" }).count(), 0);
      await shot(page, `booking-signed-out${path.replace(/\//g, "-")}-${lang}-normal`);
    }
    await context.close();
  }
});

test("a partner below the legal age is told on the partner page, with the day they may marry", async () => {
  const me = await residentPage("冯十二", validId("19900101", true));
  const page = me.page;
  await page.goto(BASE + "/booking");
  await ready(page);
  await page.locator('a[data-service="marriage"]').click();
  await page.locator('a[data-office="tianmen"]').click();
  await chooseWeekday(page);
  await page.getByRole("heading", { name: "选择时段" }).waitFor();
  const day = new URL(page.url()).searchParams.get("day");
  await page.locator(".slot:not([disabled])").first().click();
  await page.getByLabel("对方姓名").waitFor();
  // She turns 20 a hundred days after the booked day.
  const birthday = new Date(new Date(day + "T00:00:00Z").getTime() + 100 * 86400000);
  const born = `${birthday.getUTCFullYear() - 20}${String(birthday.getUTCMonth() + 1).padStart(2, "0")}${String(birthday.getUTCDate()).padStart(2, "0")}`;
  await page.getByLabel("对方姓名").fill("褚十三");
  await page.getByLabel("对方身份证号").fill(validId(born, false));
  await page.getByRole("button", { name: "继续" }).click();
  const error = await page.textContent("#partner-id-error");
  assert.match(error, /还没到法定婚龄/);
  assert.ok(error.includes(`${birthday.getUTCFullYear()}年${birthday.getUTCMonth() + 1}月${birthday.getUTCDate()}日`), error);
  assert.equal(await page.getByRole("heading", { name: "核对预约信息" }).count(), 0, "still on the partner page");
  await shot(page, "booking-partner-too-young-zh-normal");
  await me.context.close();
});

test("the partner's details survive a reload and a change of time, and go when the booking is done", async () => {
  for (const [lang, elder] of [["zh", false], ["en", true]]) {
    const tag = `${lang}-${elder ? "elder" : "normal"}`;
    const zh = lang === "zh";
    const me = await residentPage("蒋十四", validId("19890404", true));
    const herId = validId("19910505", false);
    const page = me.page;
    await page.evaluate(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elder]);
    await page.goto(BASE + "/booking");
    await ready(page);
    await page.locator('a[data-service="marriage"]').click();
    await page.locator('a[data-office="tianmen"]').click();
    await page.locator(".cal-day.open").first().click();
    await page.locator(".slot:not([disabled])").first().click();
    await page.locator("#partner-name").fill("韩十五");
    await page.locator("#partner-id").fill(herId);
    await page.getByRole("button", { name: zh ? "继续" : "Continue" }).click();
    const check = page.getByRole("heading", { name: zh ? "核对预约信息" : "Check your booking" });
    await check.waitFor();
    // A reload keeps the partner (this tab's session storage, not local storage).
    await page.reload();
    await ready(page);
    await check.waitFor();
    await page.waitForFunction(() => /韩十五/.test(document.querySelector(".summary")?.textContent ?? ""));
    assert.equal(await page.evaluate(() => localStorage.getItem("portal.booking.partner")), null);
    // A change of time gives the hold back and comes straight back to the check, partner kept.
    await page.locator(".summary-row").filter({ hasText: zh ? "时间" : "When" }).getByRole("button").click();
    await page.locator(".cal-day.open").last().click();
    await page.locator(".slot:not([disabled])").last().click();
    await check.waitFor();
    await page.waitForFunction(() => /韩十五/.test(document.querySelector(".summary")?.textContent ?? ""));
    await shot(page, `booking-check-after-change-${tag}`);
    assert.deepEqual(await axeViolations(page), [], tag);
    if (elder) assert.deepEqual(await elderViolations(page), [], tag);
    // The partner page shows them too, to correct.
    await page.locator(".summary-row").filter({ hasText: zh ? "对方" : "Partner" }).getByRole("link").click();
    await page.locator("#partner-name").waitFor();
    assert.equal(await page.inputValue("#partner-name"), "韩十五");
    assert.equal(await page.inputValue("#partner-id"), herId);
    await page.getByRole("button", { name: zh ? "继续" : "Continue" }).click();
    await check.waitFor();
    await page.getByRole("button", { name: zh ? "提交预约" : "Submit booking" }).click();
    await page.locator(".booking-card").waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem("portal.booking.partner")), null, "cleared once submitted");
    await me.context.close();
  }
});

test("the partner's way in: the texted link, and real-name registration asked for, then back to confirm", async () => {
  for (const [lang, elder] of [["en", false], ["zh", true]]) {
    const tag = `${lang}-${elder ? "elder" : "normal"}`;
    const zh = lang === "zh";
    const him = await residentPage("秦十六", validId("19870707", true));
    const herId = validId("19890909", false);
    const iso = await openDayWith("tianmen", "marriage", [900]);
    const held = JSON.parse((await api(him.page, "POST", "/api/bookings/hold", { office: "tianmen", service: "marriage", day: iso, start_min: 900 })).body);
    assert.equal((await api(him.page, "POST", `/api/bookings/${held.id}/details`, { partner: { name: "尤十七", id_number: herId } })).status, 200);
    // She has an account but no real-name record yet: the booker forwards his text.
    const sms = (await (await fetch(`${BASE}/api/dev/outbox?phone=${him.phone}`)).json()).body;
    const url = new URL(sms.match(/https?:\/\/\S+\/booking\/confirm\?ref=[0-9A-Z]+/)[0]);
    const { context, page } = await phonePage(browser);
    await context.addInitScript(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elder]);
    await page.goto(BASE + "/");
    await ready(page);
    await signInAgain(page, newPhone());
    await page.goto(BASE + url.pathname + url.search);
    await ready(page);
    const notice = page.locator(".real-name-notice");
    await notice.waitFor();
    assert.match(await notice.textContent(), zh ? /实名登记/ : /real-name registration/);
    assert.equal(await page.getByRole("alert").count(), 0, "not told that nothing was found");
    await shot(page, `booking-confirm-needs-real-name-${tag}`);
    assert.deepEqual(await axeViolations(page), [], tag);
    if (elder) assert.deepEqual(await elderViolations(page), [], tag);
    await notice.getByRole("link").click();
    await page.locator("#name").waitFor();
    await page.locator("#name").fill("尤十七");
    await page.locator("#id_number").fill(herId);
    await page.locator("main form button[type=submit]").click();
    // Straight back to the confirmation page, the booking found by the reference in the link.
    const card = page.locator(`.booking-card[data-reference="${held.reference}"]`);
    await card.waitFor();
    assert.equal(new URL(page.url()).pathname, "/booking/confirm");
    await shot(page, `booking-confirm-from-link-${tag}`);
    if (elder) assert.deepEqual(await elderViolations(page), [], tag);
    await page.getByRole("button", { name: zh ? "确认预约" : /^Confirm/ }).click();
    await page.locator(".state.success").waitFor();
    await him.context.close();
    await context.close();
  }
});

/** Moves the server's clock forward to `minute` after midnight on `day` in the city. */
async function advanceToTime(day, minute) {
  const r = await fetch(`${BASE}/api/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance_secs: 0 }) });
  const { now } = await r.json();
  const target = Date.UTC(...day.split("-").map((x, i) => Number(x) - (i === 1 ? 1 : 0))) / 1000 + minute * 60 - 8 * 3600;
  if (target > now) {
    const moved = await fetch(`${BASE}/api/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance_secs: target - now }) });
    assert.equal(moved.status, 200);
  }
}

test("the clerk is asked before a no-show, can undo it the same day, and sees the office by name", async () => {
  const { execFileSync } = await import("node:child_process");
  const AxeBuilderModule = await import("@axe-core/playwright");
  const AxeBuilder = AxeBuilderModule.default?.default ?? AxeBuilderModule.default ?? AxeBuilderModule;
  const bin = process.env.PORTAL_SERVER_BIN, dataDir = process.env.PORTAL_E2E_DATA_DIR;
  assert.ok(bin && dataDir, "run through cargo xtask test");
  const herId = validId("19860606", false);
  const him = await residentPage("许十八", validId("19840404", true));
  const her = await residentPage("何十九", herId);
  const iso = await openDayWith("tianmen", "marriage", [540]);
  const held = JSON.parse((await api(him.page, "POST", "/api/bookings/hold", { office: "tianmen", service: "marriage", day: iso, start_min: 540 })).body);
  assert.equal((await api(him.page, "POST", `/api/bookings/${held.id}/details`, { partner: { name: "何十九", id_number: herId } })).status, 200);
  assert.equal((await api(her.page, "POST", "/api/bookings/confirm", { reference: held.reference })).status, 204);
  await advanceToTime(iso, 9 * 60 + 30); // half an hour after the 09:00 appointment
  const clerkPhone = newPhone();
  execFileSync(bin, ["--data-dir", dataDir, "staff", "add", "--phone", clerkPhone, "--role", "clerk", "--office", "tianmen"], { stdio: "pipe" });
  // One sign-in (a code a minute per number), then each language and text size in turn.
  const clerk = await phonePage(browser);
  await clerk.page.goto(BASE + "/");
  await ready(clerk.page);
  await signInAgain(clerk.page, clerkPhone);
  for (const [lang, elder] of [["zh", false], ["en", true]]) {
    const tag = `${lang}-${elder ? "elder" : "normal"}`;
    const zh = lang === "zh";
    await clerk.page.evaluate(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elder]);
    await clerk.page.goto(BASE + "/account");
    await ready(clerk.page);
    const roles = clerk.page.locator("#roles-title + ul");
    await clerk.page.waitForFunction((n) => document.querySelector("#roles-title + ul")?.textContent.includes(n), zh ? "天门市婚姻登记处" : "Tianmen");
    assert.ok(!/\btianmen\b/.test(await roles.textContent()), "the office by name, not its code");
    await shot(clerk.page, `account-clerk-role-${tag}`);
    await clerk.page.goto(BASE + "/clerk/tianmen");
    await ready(clerk.page);
    await clerk.page.fill("#clerk-date", iso);
    const row = clerk.page.locator(`li[data-reference="${held.reference}"]`);
    await row.waitFor();
    if (zh) {
      await row.getByRole("button", { name: "未到", exact: true }).click();
      // Asked first: nothing is marked yet.
      await row.getByText(/确认 .* 未到？/).waitFor();
      assert.match(await row.textContent(), /已确认/);
      await shot(clerk.page, `clerk-no-show-question-${tag}`);
      assert.deepEqual(await axeViolations(clerk.page), [], tag);
      await row.getByRole("button", { name: "返回" }).click();
      await row.getByRole("button", { name: "未到", exact: true }).click();
      await row.getByRole("button", { name: "确认未到" }).click();
      await row.getByRole("button", { name: "撤销“未到”" }).waitFor();
      assert.match(await row.textContent(), /未到/);
      await shot(clerk.page, `clerk-no-show-marked-${tag}`);
      await row.getByRole("button", { name: "撤销“未到”" }).click();
      await clerk.page.getByRole("status").filter({ hasText: "已撤销" }).waitFor();
      await row.getByRole("button", { name: "已到达" }).waitFor();
      assert.match(await row.textContent(), /已确认/);
      await shot(clerk.page, `clerk-no-show-undone-${tag}`);
    } else {
      await row.getByRole("button", { name: "Arrived" }).waitFor();
      await shot(clerk.page, `clerk-day-${tag}`);
      assert.deepEqual(await axeViolations(clerk.page), [], tag);
    }
    // The settings page's headings go in order (axe heading-order, a best-practice rule).
    await clerk.page.goto(BASE + "/clerk/tianmen/settings");
    await ready(clerk.page);
    await clerk.page.locator("#hours-0").waitFor();
    const order = await new AxeBuilder({ page: clerk.page }).withRules(["heading-order"]).analyze();
    assert.deepEqual(order.violations.map((v) => v.id), [], tag);
    await shot(clerk.page, `clerk-settings-${tag}`);
  }
  await clerk.context.close();
  // The undo is in the audit log.
  await him.context.close();
  await her.context.close();
});
