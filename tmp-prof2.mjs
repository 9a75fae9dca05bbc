import { chromium } from "playwright-core";
const [url, focus, depthMax] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 6)];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
await page.goto(url);
await page.waitForSelector("#boot", { state: "detached" });
await page.waitForTimeout(1500);
const { profile } = await cdp.send("Profiler.stop");
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const incl = (n) => (self.get(n.id) ?? 0) + (n.children ?? []).reduce((s, c) => s + incl(byId.get(c)), 0);
const name = (n) => { const f = n.callFrame.functionName || `(${n.callFrame.url.split("/").pop()})`; return f.replace(/^_ZN/, "").replace(/17h[0-9a-f]{16}E$/, "").slice(0, 140); };
function show(n, d) {
  const t = incl(n);
  if (t < 4000 || d > depthMax) return;
  console.log(`${" ".repeat(d * 2)}${(t / 1000).toFixed(1)}ms ${name(n)}`);
  const kids = (n.children ?? []).map((c) => byId.get(c)).sort((a, b) => incl(b) - incl(a));
  for (const k of kids) show(k, d + 1);
}
for (const n of profile.nodes) if (name(n).includes(focus)) show(n, 0);
await browser.close();
