// Screenshots of the staff desk, to look at after changing it: the queue,
// a case, the report and the sign-in page, in Chinese and English, on a
// phone-sized and a desk-sized window. Not a test; writes PNGs into
// target/screenshots/desk/. Needs the debug server binary
// (`cargo build -p letterbox-server`).
//
//   node tools/desk-screenshots.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { startServer, tempDir } from "../tests/e2e/harness.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const SERVER = resolve(ROOT, process.env.LETTERBOX_SERVER ?? "target/debug/letterbox-server");
const OUT = resolve(ROOT, "target/screenshots/desk");
const PASSWORD = "correct horse battery staple";

const dataDir = tempDir("shots");
const run = spawnSync(SERVER, ["--data-dir", dataDir, "staff", "add", "--username", "chen", "--name", "陈主任", "--role", "supervisor"], { input: `${PASSWORD}\n`, encoding: "utf8" });
if (run.status !== 0) throw new Error(run.stderr);
const server = await startServer({ dataDir });
const api = async (path, { token, body, method = "POST" } = {}) => {
  const r = await fetch(`${server.base}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return r.json();
};
const { token } = await api("/devices");
const titles = ["小区燃气无法开通", "解放碑路灯夜间不亮", "建议增加公交夜班线路"];
const ids = [];
for (const [i, title] of titles.entries()) {
  const id = crypto.randomUUID().replace(/^(.{14})./, "$17");
  const v7 = `0193${Date.now().toString(16).slice(-8)}`.slice(0, 8) + id.slice(8);
  const body = {
    id: v7.slice(0, 14) + "7" + v7.slice(15), kind: i === 2 ? "suggestion" : "complaint", title,
    body: "开发商与燃气公司合同纠纷，小区至今无法通气，请协调解决。", category: "utilities",
    location: { district: "500103", street: "500103002", address: "民族路 1 号" },
    identity: i === 2 ? null : { name: "张三", phone: "138 0013 8000", address: "渝中区民族路 1 号 3-2" },
  };
  const r = await api("/petitions", { token, body });
  ids.push(r.id);
}
mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--headless"] });
for (const locale of ["zh-CN", "en-US"]) {
  for (const [name, viewport] of [["phone", { width: 390, height: 844 }], ["desk", { width: 1280, height: 800 }]]) {
    const context = await browser.newContext({ locale, viewport });
    const page = await context.newPage();
    const shot = async (what) => page.screenshot({ path: join(OUT, `${what}-${locale}-${name}.png`), fullPage: true });
    await page.goto(`${server.base}/staff/login`);
    await shot("login");
    await page.locator("#username").fill("chen");
    await page.locator("#password").fill(PASSWORD);
    await page.locator("form[action='/staff/login'] button").click();
    await page.waitForURL(`${server.base}/staff`);
    await shot("queue");
    await page.goto(`${server.base}/staff/cases/${ids[0]}`);
    await shot("case");
    await page.goto(`${server.base}/staff/report`);
    await shot("report");
    for (const extra of (process.env.DESK_PAGES ?? "").split(",").filter(Boolean)) {
      await page.goto(`${server.base}${extra}`);
      await shot(extra.replace(/[^a-z0-9]+/gi, "_"));
    }
    await context.close();
  }
}
await browser.close();
await server.stop();
writeFileSync(join(OUT, "README.txt"), "Made by tools/desk-screenshots.mjs\n");
console.log(`screenshots in ${OUT}`);
