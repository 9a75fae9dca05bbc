// Benefit self-assessment, issue 12 in a real browser against the real server: the new
// programmes (医疗救助 a year, the allowance for poor elders) with their cited or placeholder
// figures, next steps (where to apply, what to bring, a one-page printable summary), the
// district's charity shops and charities, and 政策找人: answers kept on the phone only with
// consent, a new policy version noticed on the next start and explained, one-tap delete, and
// no request that carries an answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, launch, phonePage, ready, axeViolations, shot } from "./support.mjs";


/** A request to the public charity lists whose only parameters are the district (and, for
 *  charities, active=true): the region code is all that leaves the phone. */
function onlyDistrict(u, region) {
  const params = JSON.stringify(Object.fromEntries([...u.searchParams].sort()));
  if (u.pathname === "/api/charity-shops") return params === JSON.stringify({ district: region });
  if (u.pathname === "/api/charities") return params === JSON.stringify({ active: "true", district: region });
  return false;
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const KEY = "portal.benefits";
const member = (m) => ({ relation: "applicant", age: 40, pension: 0, pension_kind: "retirement", wages: 0, old_age_allowance: 0, other_income: 0, disability: null, grave_illness: false, student: false, own_earnings: false, self_care: "full", child_status: "none", ...m });
const household = (members, extra = {}) => ({ hukou: "urban", savings: 0, vehicles: 0, extra_housing: false, medical_monthly: 0, education_monthly: 0, medical_yearly: 0, emergency: "none", outside_supporter_able: false, members, ...extra });

/** Puts working answers in this tab's storage (as the wizard would) and opens the result. */
async function openResult(page, region, h) {
  await page.goto(BASE + "/benefits");
  await ready(page);
  await page.evaluate(([k, v]) => sessionStorage.setItem(k, v), [KEY, JSON.stringify({ region, household: h, started: true })]);
  await page.goto(BASE + "/benefits/result");
  await ready(page);
  await page.waitForSelector(".result-card");
}

/** Texts under 18px and targets under 60x60 inside `root` (elder mode), as elder.test.mjs. */
async function elderViolations(page, root) {
  return page.evaluate((sel) => {
    const out = [];
    const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
    for (const box of document.querySelectorAll(sel)) {
      for (const el of [box, ...box.querySelectorAll("*")]) {
        if (!visible(el)) continue;
        if ([...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && parseFloat(getComputedStyle(el).fontSize) < 17.99) out.push(`text ${getComputedStyle(el).fontSize}: ${el.textContent.trim().slice(0, 30)}`);
        if (el.matches("a[href], button")) { const r = el.getBoundingClientRect(); if (r.width < 59.5 || r.height < 59.5) out.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${el.textContent.trim().slice(0, 30)}`); }
      }
    }
    return out;
  }, root);
}

// A Tianmen elder of 70 living alone on ¥300 a month who partly cannot look after herself and
// paid ¥1,000 for medical care last year after insurance.
const elder = household([member({ age: 70, wages: 30000, self_care: "partial" })], { medical_yearly: 100000 });

test("new programmes, where to apply, what to bring, a one-page summary and local charities", async () => {
  const { context, page } = await phonePage(browser);
  const requests = [];
  page.on("request", (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
  await openResult(page, "hubei-tianmen", elder);
  const medical = page.locator('[data-programme="medical"].result-card');
  assert.match(await medical.locator(".amount").textContent(), /每年约 ¥700/);
  assert.match(await medical.locator(".reasons").textContent(), /70%/);
  // The 70% is Tianmen's own plan; the yearly cap is a placeholder and says so beside it.
  const figures = await medical.locator(".figures").textContent();
  assert.match(figures, /医疗救助比例（低保、特困） 70%/);
  assert.match(figures, /天门市民政局《天门市民政事业发展“十三五”规划》/);
  assert.doesNotMatch(figures, /shared\/domain|\.txt|README/, "no file paths shown to residents");
  assert.match(await medical.locator('[data-param="MedicalCapYearly"]').textContent(), /示例数据/);
  assert.equal(await medical.locator(".example-note").count(), 1);
  const care = page.locator('[data-programme="elder_care"].result-card');
  assert.match(await care.locator(".amount").textContent(), /约 ¥150 \/ 月/);
  assert.match(await care.locator(".reasons").textContent(), /70 岁/);
  // Where to apply (demo office, marked) and what to bring, for each programme she may get.
  const next = page.locator(".next-steps");
  assert.match(await next.textContent(), /社区事务受理服务中心/);
  assert.match(await next.locator(".office").first().textContent(), /演示/);
  assert.match(await next.locator('.apply-list [data-programme="medical"]').textContent(), /医保结算单/);
  assert.ok(await next.locator('.apply-list [data-programme="dibao"]').count() === 1);
  // The print button calls window.print(); the print stylesheet shows only the summary.
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.getByRole("button", { name: "打印或保存一页摘要" }).click();
  assert.equal(await page.evaluate(() => window.__printed), 1);
  // Charity shops and charities of the district, from the public charity API.
  await page.waitForSelector(".help-list.shops li");
  await page.waitForSelector(".help-list.charities li");
  assert.match(await page.locator(".help-list.shops").textContent(), /天门市/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "benefits-next-zh-normal");
  for (const part of ["next-steps", "local-help", "keep"]) {
    await page.locator(`.${part}`).screenshot({ path: `${SHOTS}/benefits-part-${part}-zh-normal.png` });
  }
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".print-summary").isVisible(), true);
  assert.equal(await page.locator(".result-card").first().isVisible(), false);
  assert.match(await page.locator(".print-summary").textContent(), /医疗救助.*每年约 ¥700/s);
  // The rows add up to more than the total (低保 and 特困 are either/or): the page says so.
  const printed = await page.locator(".print-summary").textContent();
  assert.match(printed, /每月合计约 ¥[\d,.]+只计“很可能符合”的按月项目/, "the total says what it counts");
  const either = await page.locator(".print-summary .print-choices").textContent();
  for (const part of ["最低生活保障", "特困人员救助供养", "（对您家更多）"]) {
    assert.ok(either.includes(part), `the either/or is printed with ${part}: ${either.slice(0, 200)}`);
  }
  await shot(page, "benefits-print-zh");
  const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
  assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, "the summary fits one A4 page");
  await page.emulateMedia({ media: "screen" });
  // Only the region code goes out, as the district of two public lists; nothing else.
  for (const r of requests) {
    const u = new URL(r.url);
    assert.equal(r.method, "GET", r.url);
    assert.equal(r.body ?? null, null, r.url);
    if (u.search) {
      assert.ok(onlyDistrict(u, "hubei-tianmen"), `unexpected query ${r.url}`);
    }
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

for (const lang of ["zh", "en"]) {
  for (const elderMode of [false, true]) {
    const mode = `${lang}-${elderMode ? "elder" : "normal"}`;
    test(`next steps and kept answers pass axe and elder sizes (${mode})`, async () => {
      const { context, page } = await phonePage(browser);
      await context.addInitScript(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elderMode]);
      await openResult(page, "kunming-anning", household([member({ age: 45, wages: 20000 }), member({ relation: "parent", age: 82 }), member({ relation: "child", age: 9, grave_illness: true })], { medical_yearly: 200000 }));
      await page.waitForSelector(".help-list.shops li");
      await page.locator(".keep button").click();
      await page.waitForSelector(".kept dl");
      assert.deepEqual(await axeViolations(page), [], mode);
      if (elderMode) assert.deepEqual(await elderViolations(page, ".next-steps, .kept, .local-help"), [], mode);
      await page.locator('[data-programme="child_hardship"].result-card').waitFor();
      await shot(page, `benefits-next-${mode}`);
      for (const part of ["next-steps", "kept", "local-help"]) {
        await page.locator(`.${part}`).screenshot({ path: `${SHOTS}/benefits-part-${part}-${mode}.png` });
      }
      if (lang === "en") {
        assert.match(await page.locator('[data-programme="medical"].result-card .amount').textContent(), /about ¥1,400 a year/);
        assert.match(await page.locator(".kept").textContent(), /Delete from this phone/);
      }
      assert.deepEqual(page.errors, []);
      await context.close();
    });
  }
}

test("政策找人: kept answers meet a new policy version on the next start; nothing is sent; one tap deletes", async () => {
  const index = await (await fetch(BASE + "/api/policies")).json();
  const entry = index.find((p) => p.region === "hubei-tianmen");
  const original = await (await fetch(BASE + entry.url)).json();
  const { context, page } = await phonePage(browser);
  try {
    // A single resident earning ¥500: above Tianmen's urban 低保 standard of ¥480.
    await openResult(page, "hubei-tianmen", household([member({ wages: 50000 })]));
    assert.match(await page.locator('[data-programme="near_poor"].result-card .eligibility').textContent(), /很可能符合/);
    // Without consent nothing is in local storage; with it, the answers are listed.
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
    await page.getByRole("button", { name: "同意，保存在这部手机上" }).click();
    const kept = page.locator(".kept");
    await page.waitForFunction(() => /湖北省天门市/.test(document.querySelector(".kept")?.textContent ?? ""));
    assert.match(await kept.textContent(), /¥500/);
    const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
    assert.equal(stored.keep, true);
    assert.equal(stored.seen.version, entry.version);

    // The bureau publishes a new version: the urban standard rises to ¥520 (dated the server's
    // today, or the phone's if that is earlier, so the figure is in force on the phone too).
    const info = await (await fetch(BASE + "/api/info")).json();
    const phoneToday = await page.evaluate(() => { const d = new Date(Date.now() + 8 * 3600e3); return d.toISOString().slice(0, 10); });
    const from = info.today < phoneToday ? info.today : phoneToday;
    const raised = structuredClone(original);
    raised.params.dibao_urban.push({ value: 52000, from, source: "browser test: a new standard published while the app was closed", example: false });
    const res = await fetch(BASE + "/api/dev/policies", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(raised) });
    assert.equal(res.status, 200, await res.text());

    const requests = [];
    page.on("request", (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData(), headers: r.headers() }));
    await page.goto(BASE + "/");
    await ready(page);
    const notice = page.locator(".change-notice");
    await notice.waitFor();
    const said = await notice.textContent();
    assert.match(said, new RegExp(`从 ${from} 起，城市低保标准调整为 ¥520（原来是 ¥480）`));
    assert.match(said, /您可能符合最低生活保障（低保）了：约 ¥20 \/ 月/);
    assert.deepEqual(await axeViolations(page), []);
    await shot(page, "benefits-policy-change-zh-normal");
    // The network log: plain GETs of the app and the policy; no body, no query, no answers.
    for (const r of requests) {
      const u = new URL(r.url);
      assert.equal(r.method, "GET", r.url);
      assert.equal(r.body ?? null, null, r.url);
      assert.equal(u.search, "", r.url);
      assert.ok(!r.url.includes("50000"), r.url);
      assert.ok(!JSON.stringify(r.headers).includes("wages"), r.url);
    }
    assert.ok(requests.some((r) => new URL(r.url).pathname === "/api/policies"), "the index was checked");

    // Until the resident has seen it, the notice comes back on every start: in English and
    // elder mode too.
    await page.evaluate(() => { localStorage.setItem("portal.lang", "en"); localStorage.setItem("portal.elder", "1"); });
    await page.reload();
    await ready(page);
    await notice.waitFor();
    assert.match(await notice.textContent(), new RegExp(`From ${from}, the urban 低保 standard is ¥520 \\(was ¥480\\)`));
    assert.match(await notice.textContent(), /You may now be eligible for Minimum living guarantee \(低保\): about ¥20 a month/);
    assert.deepEqual(await elderViolations(page, ".change-notice"), []);
    assert.deepEqual(await axeViolations(page), []);
    await shot(page, "benefits-policy-change-en-elder");
    await page.evaluate(() => { localStorage.setItem("portal.lang", "zh"); localStorage.setItem("portal.elder", "0"); });
    await page.reload();
    await ready(page);
    await notice.waitFor();

    // "See the new result": 低保 now likely; the notice does not come back.
    await notice.getByRole("link", { name: "查看新的结果" }).click();
    await page.waitForSelector('[data-programme="dibao"].result-card.likely');
    assert.match(await page.locator('[data-programme="dibao"] .amount').textContent(), /约 ¥20 \/ 月/);
    await page.goto(BASE + "/");
    await ready(page);
    await page.waitForTimeout(500);
    assert.equal(await page.locator(".change-notice").count(), 0);

    // One tap deletes everything kept on the phone.
    await page.goto(BASE + "/benefits");
    await ready(page);
    await page.getByRole("button", { name: "从这部手机上删除" }).click();
    assert.match(await page.getByRole("status").last().textContent(), /已从这部手机上删除/);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
    const left = await page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)), KEY);
    assert.equal(left.region, null);
    assert.equal(left.household.members[0].wages, 0);
    assert.deepEqual(page.errors, []);
  } finally {
    const back = await fetch(BASE + "/api/dev/policies", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(original) });
    assert.equal(back.status, 200);
    await context.close();
  }
});
