// Screenshots of a resident's campaign page (/c/<slug>) in both languages,
// on a phone-sized and a desk-sized window, to look at after changing it.
// Not a test. Needs the test build (`make test-dist`) and the debug server.
//
//   LETTERBOX_DIST=target/test-dist node tools/campaign-screenshots.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { startServer, tempDir } from "../tests/e2e/harness.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const SERVER = resolve(ROOT, process.env.LETTERBOX_SERVER ?? "target/debug/letterbox-server");
const OUT = resolve(ROOT, "target/screenshots/campaign");
const PASSWORD = "correct horse battery staple";
const dataDir = tempDir("campaign-shots");
const add = spawnSync(SERVER, ["--data-dir", dataDir, "staff", "add", "--username", "chen", "--name", "陈主任", "--role", "supervisor"], { input: `${PASSWORD}\n`, encoding: "utf8" });
if (add.status !== 0) throw new Error(add.stderr);
const server = await startServer({ dataDir });
const pad = (n) => String(n).padStart(2, "0");
const china = (ms) => {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--headless"] });
const desk = await browser.newContext({ locale: "zh-CN" });
const page = await desk.newPage();
await page.goto(`${server.base}/staff/login`);
await page.locator("#username").fill("chen");
await page.locator("#password").fill(PASSWORD);
await page.locator("form[action='/staff/login'] button").click();
await page.waitForURL(`${server.base}/staff`);
const form = {
  slug: "jfb-2026", title_zh: "解放碑步行街改造征求意见", title_en: "Jiefangbei pedestrian street renovation",
  intro_zh: "渝中区拟对解放碑步行街进行改造，现公开征求意见。欢迎您在截止日期前提出宝贵意见。",
  intro_en: "Yuzhong District plans to renovate the Jiefangbei pedestrian street and asks for your views before the closing date.",
  department: "housing", district: "500103", opens_at: china(Date.now() - 86_400_000), closes_at: china(Date.now() + 14 * 86_400_000), results_public: "1",
  q0_type: "single_choice", q0_id: "plan", q0_prompt_zh: "您支持哪个方案？", q0_prompt_en: "Which plan do you support?", q0_required: "1", q0_options: "a: 方案一：保留老树 | Plan one: keep the old trees\nb: 方案二：拓宽步道 | Plan two: wider walkways",
  q1_type: "multiple_choice", q1_id: "needs", q1_prompt_zh: "最需要增加什么？（最多两项）", q1_prompt_en: "What is most needed? (two at most)", q1_options: "seats: 座椅 | Seats\nshade: 遮阳 | Shade\ntoilets: 公厕 | Toilets", q1_max_picks: "2",
  q2_type: "scale", q2_id: "overall", q2_prompt_zh: "您对改造计划的总体评价", q2_prompt_en: "Overall, how do you rate the plan?", q2_required: "1", q2_low_zh: "不满意", q2_low_en: "Dissatisfied", q2_high_zh: "满意", q2_high_en: "Satisfied",
  q3_type: "long_text", q3_id: "more", q3_prompt_zh: "其他意见和建议", q3_prompt_en: "Anything else?", q3_max_chars: "500", q3_photos: "3",
};
const created = await page.request.post(`${server.base}/staff/campaigns`, { form, headers: { origin: server.base } });
if (!created.ok()) throw new Error(`campaign not created: ${created.status()}`);
await page.request.post(`${server.base}/staff/campaigns/jfb-2026/publish`, { form: {}, headers: { origin: server.base } });
mkdirSync(OUT, { recursive: true });
for (const locale of ["zh-CN", "en-US"]) {
  for (const [name, viewport] of [["phone", { width: 390, height: 844 }], ["desk", { width: 1280, height: 800 }]]) {
    const context = await browser.newContext({ locale, viewport, serviceWorkers: "block" });
    const resident = await context.newPage();
    await resident.goto(`${server.base}/c/jfb-2026`);
    await resident.getByRole("button", { name: /Send|发送|提交/ }).waitFor();
    await resident.screenshot({ path: join(OUT, `campaign-${locale}-${name}.png`), fullPage: true });
    await context.close();
  }
}
await browser.close();
await server.stop();
console.log(`screenshots in ${OUT}`);
