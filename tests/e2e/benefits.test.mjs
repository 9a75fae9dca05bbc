// Benefit self-assessment in a real browser against the real server: the wizard, field
// errors, back and reload keeping answers, the result cards with their numbers, no household
// data in any request, offline use via the service worker, and accessibility of each page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, phonePage, ready, axeViolations, elderViolations, shot } from "./support.mjs";


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

const cont = (page, name = "继续") => page.getByRole("button", { name, exact: true }).click();

/** Answers the wizard for a Tianmen family of three; returns the requests made meanwhile. */
async function answerFamily(page, { screenshots = false } = {}) {
  await page.goto(BASE + "/benefits");
  await ready(page);
  await page.getByRole("link", { name: "开始自测" }).click();
  await page.getByLabel("湖北省天门市").check();
  await page.getByLabel("城镇户口").check();
  if (screenshots) await shot(page, "benefits-q-region-zh-normal");
  await cont(page);
  await page.getByRole("button", { name: "增加一人" }).click();
  await page.getByRole("button", { name: "增加一人" }).click();
  assert.match(await page.textContent("output"), /3/);
  await cont(page);
  await page.getByLabel("年龄（周岁）").fill("45");
  await page.check("#disability-no");
  await cont(page);
  await page.getByLabel("和您的关系").selectOption("spouse");
  await page.getByLabel("年龄（周岁）").fill("43");
  await page.check("#disability-no");
  await cont(page);
  await page.getByLabel("和您的关系").selectOption("child");
  await page.getByLabel("年龄（周岁）").fill("８");   // full-width digits, as a Chinese IME types them
  await page.check("#disability-no");
  await page.getByLabel("有父母抚养").check();
  if (screenshots) await shot(page, "benefits-q-person-zh-normal");
  await cont(page);
  await page.getByLabel("工资、务工和经营收入").fill("600");
  await cont(page);
  await page.getByLabel("工资、务工和经营收入").fill("300");
  await cont(page);
  await cont(page); // the child has no income
  await page.getByLabel("全家存款、现金和理财合计").fill("5,000");
  await cont(page);
  await cont(page); // no large costs
  await page.check("#emergency-none"); // nothing is preselected
  await cont(page);
  // No supporter question: the child's parents live here and are of working age, so their
  // duty and ability to support is derived from the answers, not asked.
  await page.waitForSelector("dl.summary");
  if (screenshots) await shot(page, "benefits-check-zh-normal");
  await page.getByRole("button", { name: "继续" }).click();
  await page.waitForSelector(".result-card");
}

test("a family completes the self-check and sees 低保 with its arithmetic; nothing leaves the phone", async () => {
  const { context, page } = await phonePage(browser);
  const requests = [];
  page.on("request", (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
  await answerFamily(page, { screenshots: true });
  const dibao = page.locator('[data-programme="dibao"]');
  assert.match(await dibao.locator(".eligibility").textContent(), /很可能符合/);
  assert.match(await dibao.locator(".amount").textContent(), /约 ¥540 \/ 月/);
  const why = await dibao.locator(".reasons").textContent();
  assert.match(why, /¥300/);
  assert.match(why, /¥480/);
  assert.match(why, /\(¥480 − ¥300\) × 3/);
  assert.match(await page.textContent(".results-for"), /湖北省天门市/);
  // The figure behind the amount, with its source and date in force.
  const figures = await dibao.locator(".figures").textContent();
  assert.match(figures, /城市低保标准 ¥480/);
  assert.match(figures, /2017-01-01 起执行/);
  assert.match(figures, /天门市民政事业发展/);
  // The child has two parents in the household, able to support: not 特困.
  assert.equal(await page.locator('[data-programme="tekun"].likely, [data-programme="tekun"].maybe').count(), 0);
  assert.match(await page.textContent(".total"), /¥540/);
  await shot(page, "benefits-result-zh-normal");

  // Privacy: only GETs of the app, its info and the policy files; no bodies, no queries but the
  // region code as the district of the public charity lists on the result page.
  const allowed = [/^\/$/, /^\/benefits/, /^\/api\/(info|regions|policies|auth\/session)$/, /^\/api\/policies\/hubei-tianmen\/[0-9a-f]{16}$/, /^\/(pkg-[0-9a-f]{16}\/)?[\w.-]+\.(js|wasm|css)$/, /^\/sw\.js$/];
  for (const r of requests) {
    const u = new URL(r.url);
    assert.equal(r.method, "GET", r.url);
    assert.equal(r.body ?? null, null, r.url);
    if (/^\/api\/charit/.test(u.pathname)) {
      assert.ok(onlyDistrict(u, "hubei-tianmen"), r.url);
      continue;
    }
    assert.equal(u.search, "", r.url);
    assert.ok(allowed.some((re) => re.test(u.pathname)), `unexpected request ${u.pathname}`);
  }
  assert.ok(requests.some((r) => /\/api\/policies\/hubei-tianmen\//.test(r.url)), "the policy file was fetched");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("bad input gets a clear message at the field; back and reload keep answers; clear removes them", async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/benefits/region");
  await ready(page);
  await cont(page);
  const summary = page.getByRole("alert");
  assert.match(await summary.textContent(), /请选择所在地区/);
  await page.getByLabel("昆明市安宁市").check();
  await page.getByLabel("城镇户口").check();
  await cont(page);
  await cont(page); // one person
  await page.getByLabel("年龄（周岁）").fill("130");
  await cont(page);
  assert.match(await page.textContent("#age-error"), /0 到 120/);
  assert.equal(await page.getAttribute("#age", "aria-invalid"), "true");
  await page.getByLabel("年龄（周岁）").fill("67");
  await page.check("#disability-no");
  await page.check("#self_care-full"); // asked from 60 on, and not preselected
  await cont(page);
  await page.getByLabel("工资、务工和经营收入").fill("abc");
  await page.getByLabel("养老金", { exact: true }).fill("-5");
  await cont(page);
  assert.match(await page.textContent("#wages-error"), /请只填写数字/);
  assert.match(await page.textContent("#pension-error"), /不能是负数/);
  await shot(page, "benefits-q-income-errors-zh-normal");
  await page.getByLabel("工资、务工和经营收入").fill("");
  await page.getByLabel("养老金", { exact: true }).fill("1,200");
  // A pension brings the question of which one it is (it decides 特困's income test).
  await page.getByLabel("城乡居民基本养老金").check();
  await cont(page);
  // Back twice: the answers are still there.
  await page.getByRole("link", { name: "上一步" }).click();
  assert.equal(await page.inputValue("#pension"), "1200");
  assert.equal(await page.isChecked("#pension_kind-residents_basic"), true);
  await page.getByRole("link", { name: "上一步" }).click();
  assert.equal(await page.inputValue("#age"), "67");
  // Reload: kept in this tab.
  await page.reload();
  await ready(page);
  assert.equal(await page.inputValue("#age"), "67");
  await page.goto(BASE + "/benefits");
  await ready(page);
  await page.getByRole("button", { name: "清除我的回答" }).click();
  assert.match(await page.getByRole("status").last().textContent(), /已清除/);
  // Without consent to keep them, answers live in this tab only (session storage).
  assert.equal(await page.evaluate(() => localStorage.getItem("portal.benefits")), null);
  const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem("portal.benefits")));
  assert.equal(saved.region, null);
  assert.equal(saved.household.members.length, 1);
  await context.close();
});

test("works offline once loaded: the service worker serves the app and the policy", async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE + "/benefits");
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now controlled by the service worker
  await ready(page);
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller));
  await answerFamily(page);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await page.waitForSelector('[data-programme="dibao"] .amount');
  assert.match(await page.locator('[data-programme="dibao"] .amount').textContent(), /¥540/);
  await context.setOffline(false);
  await context.close();
});

for (const lang of ["zh", "en"]) {
  for (const elder of [false, true]) {
    const mode = `${lang}-${elder ? "elder" : "normal"}`;
    test(`self-check pages pass axe (${mode})`, async () => {
      const { context, page } = await phonePage(browser);
      await context.addInitScript(([l, e]) => {
        localStorage.setItem("portal.lang", l);
        localStorage.setItem("portal.elder", e ? "1" : "0");
        if (!localStorage.getItem("portal.benefits")) {
          localStorage.setItem("portal.benefits", JSON.stringify({
            region: "shanghai-changning", started: true,
            // Money is integer fen in storage: ¥900 is 90000.
            household: { hukou: "urban", savings: 0, vehicles: 0, extra_housing: false, medical_monthly: 0, education_monthly: 0, emergency: "none", outside_supporter_able: false,
              members: [
                { relation: "applicant", age: 72, pension: 90000, pension_kind: "retirement", wages: 0, old_age_allowance: 0, other_income: 0, disability: { kind: "physical", grade: 2 }, grave_illness: false, student: false, own_earnings: false, self_care: "partial", child_status: "none" },
                { relation: "spouse", age: 70, pension: 60000, pension_kind: "retirement", wages: 0, old_age_allowance: 0, other_income: 0, disability: null, grave_illness: false, student: false, own_earnings: false, self_care: "full", child_status: "none" } ] },
          }));
        }
      }, [lang, elder]);
      for (const path of ["/benefits", "/benefits/region", "/benefits/person-1", "/benefits/income-2", "/benefits/costs", "/benefits/check", "/benefits/result"]) {
        await page.goto(BASE + path);
        await ready(page);
        if (path.endsWith("result")) await page.waitForSelector(".result-card");
        if (path.endsWith("region")) await page.waitForSelector('input[name="region"]');
        assert.equal(await page.locator("h1").count(), 1, path);
        assert.deepEqual(await axeViolations(page), [], `${path} ${mode}`);
        await shot(page, `benefits${path.replace("/benefits", "").replace("/", "-") || "-intro"}-${mode}`);
      }
      if (lang === "en") {
        const care = page.locator('[data-programme="disability_care"]');
        assert.match(await care.locator(".amount").textContent(), /about ¥150 a month/);
        assert.match(await page.locator('[data-programme="old_age"] .amount').textContent(), /about ¥300 a month/);
      }
      assert.deepEqual(page.errors, []);
      await context.close();
    });
  }
}

test("no answer is pre-filled, the part count never jumps, each question is printed once", async () => {
  for (const [lang, elder] of [["zh", false], ["en", true]]) {
    const tag = `${lang}-${elder ? "elder" : "normal"}`;
    const zh = lang === "zh";
    const { context, page } = await phonePage(browser);
    await context.addInitScript(([l, e]) => {
      localStorage.setItem("portal.lang", l);
      localStorage.setItem("portal.elder", e ? "1" : "0");
    }, [lang, elder]);
    const parts = [];
    const progress = async () => {
      const t = await page.textContent(".progress-text");
      const m = t.match(zh ? /第 (\d+) 部分，共 (\d+) 部分/ : /Part (\d+) of (\d+)/);
      assert.ok(m, t);
      parts.push([Number(m[1]), Number(m[2])]);
    };
    const next = () => page.getByRole("button", { name: zh ? "继续" : "Continue", exact: true }).click();
    await page.goto(BASE + "/benefits/region");
    await ready(page);
    await page.waitForSelector('input[name="region"]');
    await progress();
    assert.equal(await page.locator('input[name="hukou"]:checked').count(), 0, "no registration type chosen");
    await page.check('input[value="hubei-tianmen"]');
    await page.check("#hukou-rural");
    await next();
    await progress();
    await page.getByRole("button", { name: zh ? "增加一人" : "One more" }).click();
    await next();
    // Person 1: nothing chosen; an empty answer names each missing question.
    await progress();
    assert.equal(await page.inputValue("#age"), "");
    assert.equal(await page.locator('input[type="radio"]:checked').count(), 0);
    await next();
    const summary = await page.getByRole("alert").textContent();
    assert.match(summary, zh ? /年龄.*残疾人证/s : /age.*disability certificate/is);
    await shot(page, `benefits-person-missing-${tag}`);
    if (elder) assert.deepEqual(await elderViolations(page), [], `person-missing ${tag}`);
    assert.deepEqual(await axeViolations(page), [], tag);
    await page.fill("#age", "72");
    await page.check("#disability-yes");
    await next();
    assert.match(await page.getByRole("alert").textContent(), zh ? /残疾类别.*残疾等级/s : /kind of disability.*grade/is);
    await page.selectOption("#kind", "physical");
    await page.check("#grade-2");
    await page.check("#self_care-partial");
    await next();
    // Person 2: the relationship has no default either.
    await progress();
    assert.equal(await page.inputValue("#relation"), "");
    await page.fill("#age", "70");
    await page.check("#disability-no");
    await page.check("#self_care-full");
    await next();
    assert.match(await page.getByRole("alert").textContent(), zh ? /关系/ : /related/);
    await page.selectOption("#relation", "spouse");
    await next();
    await progress();
    await page.fill("#pension", "300");
    await page.check("#pension_kind-residents_basic");
    await next();
    await progress();
    await next();
    for (let i = 0; i < 2; i++) { await progress(); await next(); } // assets, costs
    // Emergency: the question is the page's heading, said once on screen.
    await progress();
    const visibleTwice = await page.evaluate(() => {
      const q = document.querySelector("main h1").textContent.trim();
      return [...document.querySelectorAll("main *")].filter((el) => el.children.length === 0 && el.textContent.trim() === q && el.getBoundingClientRect().width > 1).length;
    });
    assert.equal(visibleTwice, 1, "the question is printed once");
    assert.equal(await page.locator('input[name="emergency"]:checked').count(), 0);
    await next();
    assert.equal(await page.getByRole("alert").count(), 1);
    // In English a sudden illness: its one-off range says how it is worked out.
    await page.check(zh ? "#emergency-none" : "#emergency-illness");
    await next();
    // Supporter: asked here (two people over 60), with no default.
    await progress();
    assert.equal(await page.locator('input[name="supporter"]:checked').count(), 0);
    await next();
    assert.equal(await page.getByRole("alert").count(), 1);
    await shot(page, `benefits-supporter-missing-${tag}`);
    if (elder) assert.deepEqual(await elderViolations(page), [], `supporter-missing ${tag}`);
    await page.check("#supporter-no");
    await next();
    // Check: place names, every row labelled, disability and ability to work listed.
    await page.waitForSelector("dl.summary");
    await progress();
    const check = await page.textContent("dl.summary");
    assert.ok(!check.includes("hubei-tianmen"), "the place by name, not its code");
    await page.waitForFunction((n) => document.querySelector("dl.summary").textContent.includes(n), zh ? "湖北省天门市" : "Tianmen");
    assert.equal(await page.locator(".summary-row dt:empty").count(), 0, "every row labelled");
    assert.match(check, zh ? /有残疾人证.*肢体/s : /disability certificate.*physical/is);
    assert.match(check, zh ? /劳动能力/ : /Ability to work/);
    await shot(page, `benefits-check-${tag}`);
    if (elder) assert.deepEqual(await elderViolations(page), [], `check ${tag}`);
    assert.deepEqual(await axeViolations(page), [], tag);
    // The part count: always "of 6", never back, never skipping.
    assert.ok(parts.every(([, total]) => total === 6), JSON.stringify(parts));
    for (let i = 1; i < parts.length; i++) {
      const step = parts[i][0] - parts[i - 1][0];
      assert.ok(step === 0 || step === 1, JSON.stringify(parts));
    }
    // The result: a ¥300 pension is income that does not count for 特困, never "no income".
    await next();
    await page.waitForSelector(".result-card");
    const text = await page.textContent("main");
    assert.ok(!(zh ? /您本人没有劳动能力、没有收入/ : /You has/).test(text), text);
    if (!zh) {
      assert.ok(!/\bYou has\b/.test(text));
      const range = await page.locator('[data-programme="temp_emergency"] .amount').textContent();
      assert.match(range, /about ¥[\d,]+–¥[\d,]+, one-off \(¥[\d,]+ a month for 1 to \d+ months\)/);
    }
    await shot(page, `benefits-result-pension-${tag}`);
    await context.close();
  }
});
