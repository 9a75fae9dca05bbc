// Accounts in a real browser against the real server: sign in with the code read from the
// dev outbox (as a phone would receive it), wrong code, resend countdown, real-name with a
// field error, my data, sign out; an administrator reads the audit log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { BASE, launch, phonePage, ready, axeViolations, shot, randomPhone, validId } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const newPhone = () => randomPhone("139");

const randomId = () => validId("19900307");

async function outboxCode(phone) {
  const res = await fetch(`${BASE}/api/dev/outbox?phone=${phone}`);
  assert.equal(res.status, 200);
  const { body } = await res.json();
  return body.match(/\d{6}/)[0];
}

async function signIn(page, phone, { wrongFirst = false } = {}) {
  await page.goto(BASE + "/account");
  await ready(page);
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await page.getByText("验证码已发送到").waitFor();
  const code = await outboxCode(phone);
  if (wrongFirst) {
    await page.getByLabel("验证码", { exact: true }).fill(code === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByRole("alert").waitFor();
    assert.match(await page.getByRole("alert").textContent(), /验证码不对/);
  }
  await page.getByLabel("验证码", { exact: true }).fill(code);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByText("已登录：").waitFor();
}

test("a resident signs in, registers their real name, downloads their data and signs out", async () => {
  const { context, page } = await phonePage(browser);
  const phone = newPhone();
  await page.goto(BASE + "/account");
  await ready(page);
  // A malformed number is caught at the field, before anything is sent.
  await page.getByLabel("手机号").fill("12345");
  await page.getByRole("button", { name: "获取验证码" }).click();
  assert.match(await page.textContent("#phone-error"), /位数不对/);
  await shot(page, "account-sign-in-error-zh-normal");
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  const resend = page.getByRole("button", { name: /秒后可重新获取/ });
  await resend.waitFor();
  assert.equal(await resend.isDisabled(), true);
  await shot(page, "account-code-zh-normal");
  const code = await outboxCode(phone);
  await page.getByLabel("验证码", { exact: true }).fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  assert.match(await page.getByRole("alert").textContent(), /验证码不对/);
  await page.getByLabel("验证码", { exact: true }).fill(code);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByText("已登录：").waitFor();
  assert.match(await page.textContent("main"), new RegExp(phone.slice(0, 3) + "\\*\\*\\*\\*" + phone.slice(7)));
  assert.equal(await page.textContent("a.account-link"), "我的");
  await shot(page, "account-overview-zh-normal");

  await page.getByRole("link", { name: "去实名登记" }).click();
  await page.getByLabel("姓名").fill("张三");
  const id = randomId();
  const wrong = id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
  await page.getByLabel("身份证号").fill(wrong); // wrong check character
  await page.getByRole("button", { name: "提交" }).click();
  assert.match(await page.textContent("#id_number-error"), /校验码对不上/);
  await shot(page, "account-real-name-error-zh-normal");
  await page.getByLabel("身份证号").fill(id.toLowerCase());
  await page.getByRole("button", { name: "提交" }).click();
  await page.getByText(`张三，身份证 110***********${id.slice(14)}`).waitFor();

  const data = await page.evaluate(async () => (await fetch("/api/me/data")).json());
  assert.equal(data.id_number, id);
  assert.equal(data.phone, phone);
  assert.ok(data.audit.some((e) => e.action === "auth.sign_in"));

  await page.getByRole("button", { name: "退出登录" }).click();
  await page.getByLabel("手机号").waitFor();
  assert.equal(await page.textContent("a.account-link"), "登录");
  const me = await page.evaluate(async () => (await fetch("/api/me")).status);
  assert.equal(me, 401);
  // The wrong code (400) and the signed-out /api/me check (401) are expected errors.
  assert.deepEqual(page.errors.filter((e) => !/status of (400|401)/.test(e)), []);
  await context.close();
});

test("an administrator reads the audit log; account pages pass axe in every mode", async () => {
  const phone = newPhone();
  const bin = process.env.PORTAL_SERVER_BIN, dataDir = process.env.PORTAL_E2E_DATA_DIR;
  assert.ok(bin && dataDir, "run through cargo xtask test (needs PORTAL_SERVER_BIN and PORTAL_E2E_DATA_DIR)");
  execFileSync(bin, ["--data-dir", dataDir, "staff", "add", "--phone", phone, "--role", "admin"], { stdio: "pipe" });
  const { context, page } = await phonePage(browser);
  await signIn(page, phone);
  await page.getByRole("link", { name: "操作日志" }).click();
  await page.waitForSelector(".audit-list li");
  assert.match(await page.textContent(".audit-list"), /auth\.sign_in/);
  assert.match(await page.textContent(".audit-list"), /staff\.role_granted/);
  await page.getByLabel("按操作筛选").fill("staff.");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll(".audit-action")].every((e) => e.textContent.startsWith("staff.")));
  await shot(page, "admin-audit-zh-normal");
  for (const lang of ["zh", "en"]) {
    for (const elder of [false, true]) {
      await page.evaluate(([l, e]) => { localStorage.setItem("portal.lang", l); localStorage.setItem("portal.elder", e ? "1" : "0"); }, [lang, elder]);
      for (const path of ["/account", "/account/real-name", "/admin/audit"]) {
        await page.goto(BASE + path);
        await ready(page);
        if (path === "/account") await page.waitForSelector("section.card");
        if (path === "/admin/audit") await page.waitForSelector(".audit-list li");
        assert.deepEqual(await axeViolations(page), [], `${path} ${lang} ${elder}`);
        await shot(page, `${path.slice(1).replace("/", "-")}-${lang}-${elder ? "elder" : "normal"}`);
      }
    }
  }
  await context.close();
});
