// Identity verification in a real browser (issue 11): a resident's real-name record is verified
// (dev mode's gateway says it matches) and 我的 says how; a registry clerk verifies a resident at
// the counter from /staff/identity, with field errors named, and the resident's page then says
// "窗口核验". Both pages pass axe in zh/en and meet elder sizes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { BASE, launch, phonePage, ready, axeViolations, shot, elderViolations, randomPhone, validId } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const newPhone = () => randomPhone("137");

const randomId = () => validId("19880808");

async function signIn(page, phone) {
  await page.goto(BASE + "/account");
  await ready(page);
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await page.getByText("验证码已发送到").waitFor();
  const res = await fetch(`${BASE}/api/dev/outbox?phone=${phone}`);
  const code = (await res.json()).body.match(/\d{6}/)[0];
  await page.getByLabel("验证码", { exact: true }).fill(code);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByText("已登录：").waitFor();
}

test("a clerk verifies a resident at the counter; the resident's page says how they were verified", async () => {
  const bin = process.env.PORTAL_SERVER_BIN, dataDir = process.env.PORTAL_E2E_DATA_DIR;
  assert.ok(bin && dataDir, "run through cargo xtask e2e (needs PORTAL_SERVER_BIN and PORTAL_E2E_DATA_DIR)");
  // The resident registers online: dev mode's gateway says the record matches the number.
  const resident = await phonePage(browser);
  const phone = newPhone(), id = randomId();
  await signIn(resident.page, phone);
  await resident.page.getByRole("link", { name: "去实名登记" }).click();
  await resident.page.getByLabel("姓名").fill("孙七");
  await resident.page.getByLabel("身份证号").fill(id);
  await resident.page.getByRole("button", { name: "提交" }).click();
  await resident.page.getByText("身份已核验（手机号与身份信息一致）").waitFor();
  await shot(resident.page, "account-verified-gateway-zh-normal");

  // The clerk, granted the role on the server, finds the counter page from 我的.
  const clerkPhone = newPhone();
  execFileSync(bin, ["--data-dir", dataDir, "staff", "add", "--phone", clerkPhone, "--role", "clerk", "--scope", "tianmen"], { stdio: "pipe" });
  const clerk = await phonePage(browser);
  await signIn(clerk.page, clerkPhone);
  await clerk.page.getByRole("link", { name: "现场核验身份" }).click();
  await clerk.page.getByRole("heading", { level: 1, name: "现场核验身份" }).waitFor();
  // Field errors are named at the field.
  await clerk.page.getByLabel("手机号").fill("12345");
  await clerk.page.getByLabel("姓名").fill("孙七");
  await clerk.page.getByLabel("身份证号").fill(id);
  await clerk.page.getByRole("button", { name: "核验", exact: true }).click();
  assert.match(await clerk.page.textContent("#phone-error"), /位数不对/);
  await shot(clerk.page, "staff-identity-error-zh-normal");
  await clerk.page.getByLabel("手机号").fill(phone);
  await clerk.page.getByRole("button", { name: "核验", exact: true }).click();
  await clerk.page.getByText(`已核验：孙七，身份证 110***********${id.slice(14)}。`).waitFor();
  assert.equal(await clerk.page.getByLabel("手机号").inputValue(), "", "the form is cleared for the next person");
  await shot(clerk.page, "staff-identity-done-zh-normal");

  await resident.page.reload();
  await ready(resident.page);
  await resident.page.getByText("身份已核验（窗口核验）").waitFor();
  const audit = await clerk.page.evaluate(async () => (await fetch("/api/me/data")).json());
  assert.ok(audit.audit.some((e) => e.action === "identity.verified_at_counter"));

  for (const lang of ["zh", "en"]) {
    for (const elder of [false, true]) {
      for (const { page, path } of [{ page: clerk.page, path: "/staff/identity" }, { page: resident.page, path: "/account" }]) {
        await page.evaluate(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elder]);
        await page.goto(BASE + path);
        await ready(page);
        if (path === "/account") await page.waitForSelector("section.card p.state");
        assert.deepEqual(await axeViolations(page), [], `${path} ${lang} ${elder}`);
        if (elder) assert.deepEqual(await elderViolations(page), [], `${path} ${lang} elder`);
        await shot(page, `${path === "/account" ? "account-verified" : "staff-identity"}-${lang}-${elder ? "elder" : "normal"}`);
      }
    }
  }
  await resident.context.close();
  await clerk.context.close();
});
