// Charity lookup in a real browser against the real server with its demo register: a resident
// searches by pinyin initials, opens an organisation and reads the verdict; a filing number is
// checked; shops are listed by district; every page is axe clean in zh/en, normal/elder.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, phonePage, ready, axeViolations, shot } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function setPrefs(page, lang, elder) {
  await page.goto(BASE + "/");
  await ready(page);
  await page.evaluate(([l, e]) => {
    localStorage.setItem("portal.lang", l);
    localStorage.setItem("portal.elder", e ? "1" : "0");
  }, [lang, elder]);
}

test("a resident finds a charity by pinyin initials and reads the verdict", async () => {
  const { context, page } = await phonePage(browser);
  await setPrefs(page, "zh", false);
  await page.goto(BASE + "/charities");
  await ready(page);
  await page.getByRole("heading", { name: "慈善查询" }).waitFor();
  await page.getByLabel("组织名称、拼音、统一社会信用代码或募捐备案编号").fill("csh");
  // The district select lives in the filters, folded away until asked for.
  await page.locator("details.filters summary").click();
  await page.getByLabel("地区").selectOption("hubei-tianmen");
  await page.getByRole("button", { name: "查询" }).click();
  await page.waitForURL(/\/charities\?q=csh&district=hubei-tianmen/);
  const hit = page.locator("a.charity-choice", { hasText: "天门市慈善总会（演示）" });
  await hit.waitFor();
  assert.match(await hit.textContent(), /可以公开募捐/);
  await shot(page, "charities-search-zh-normal");
  // The search lives in the URL: a reload shows the same results.
  await page.reload();
  await ready(page);
  await hit.waitFor();
  await hit.click();
  await page.waitForURL(/\/charities\/org\/51429006MJ0000302U$/);
  const verdict = page.locator(".verdict[data-verdict]");
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute("data-verdict"), "MayFundraise");
  assert.match(await verdict.textContent(), /已登记，正常活动，可以公开募捐/);
  assert.equal(await page.locator("h1").textContent().then((t) => t.includes("天门市慈善总会")), true);
  assert.match(await page.textContent("main"), /51429006MJ0000302U/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a filing number and an unknown code get a plain answer", async () => {
  const { context, page } = await phonePage(browser);
  await setPrefs(page, "en", false);
  const card = await (await fetch(`${BASE}/api/charities/51429006MJ0000302U`)).json();
  const filing = card.charity.campaigns[0].filing_number;
  await page.goto(`${BASE}/charities?q=${filing}`);
  await ready(page);
  await page.getByText("This is a filed fundraising campaign").waitFor();
  await page.goto(`${BASE}/charities?q=NOTFILED2026001`);
  await ready(page);
  await page.getByText("No filed fundraising campaign has this number").waitFor();
  // A one-character typo in a credit code: the check character is wrong, the real code offered.
  await page.goto(`${BASE}/charities?q=51429006MJ0000392U`);
  await ready(page);
  await page.getByRole("link", { name: "51429006MJ0000302U" }).waitFor();
  await page.goto(`${BASE}/charities/org/51429006MJ0000392U`);
  await ready(page);
  await page.getByText("No organisation with this credit code is on the register").waitFor();
  assert.deepEqual(page.errors.filter((e) => !e.includes("404")), []);
  await context.close();
});

test("charity shops by district", async () => {
  const { context, page } = await phonePage(browser);
  await setPrefs(page, "zh", false);
  await page.goto(`${BASE}/charities/shops?district=hubei-tianmen`);
  await ready(page);
  await page.locator(".shop-list li").first().waitFor();
  assert.equal(await page.locator(".shop-list li").count(), 4);
  assert.match(await page.textContent(".shop-list"), /天门市慈善超市（演示）/);
  assert.match(await page.textContent(".shop-list"), /周一至周六 9:00–18:00/);
  await context.close();
});

test("the charity pages in Chinese and English, normal and elder mode, pass axe", async () => {
  const { context, page } = await phonePage(browser);
  for (const [lang, elder] of [["zh", false], ["zh", true], ["en", false], ["en", true]]) {
    await setPrefs(page, lang, elder);
    const mode = `${lang}-${elder ? "elder" : "normal"}`;
    for (const [path, name, wait] of [
      ["/charities?q=cish", "search", "a.charity-choice"],
      ["/charities/org/51429006MJ0000302U", "card", ".verdict"],
      ["/charities/shops?district=hubei-tianmen", "shops", ".shop-list"],
    ]) {
      await page.goto(BASE + path);
      await ready(page);
      await page.locator(wait).first().waitFor();
      assert.deepEqual(await axeViolations(page), [], `${path} ${mode}`);
      await shot(page, `charities-${name}-${mode}`);
    }
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});
