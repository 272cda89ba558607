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
import { makeFixtures } from "../tests/e2e/fixtures.mjs";

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
const fixtures = await makeFixtures(page);
// WeChat's own browser on Android: the page offers the way to keep the answer.
const WECHAT = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560";
for (const locale of ["zh-CN", "en-US"]) {
  for (const [name, viewport, userAgent] of [["phone", { width: 390, height: 844 }], ["desk", { width: 1280, height: 800 }], ["wechat", { width: 390, height: 844 }, WECHAT]]) {
    const context = await browser.newContext({ locale, viewport, serviceWorkers: "block", ...(userAgent ? { userAgent } : {}) });
    const resident = await context.newPage();
    await resident.goto(`${server.base}/c/jfb-2026`);
    await resident.getByRole("button", { name: /Send|发送|提交/ }).waitFor();
    // A photo on the long text, as a resident adds it.
    await resident.locator("input[type=file][multiple]").setInputFiles([
      { name: "street.png", mimeType: "image/png", buffer: Buffer.from(fixtures.screenshot) },
    ]);
    await resident.locator("ol.photos img").first().waitFor();
    await resident.screenshot({ path: join(OUT, `campaign-${locale}-${name}.png`), fullPage: true });
    await context.close();
  }
}
// Two answers with photos, sent as a phone sends them, and the desk's
// results page showing the photos beside their text.
const jpeg = await page.evaluate(async () => {
  const c = new OffscreenCanvas(640, 480);
  const ctx = c.getContext("2d");
  ctx.fillStyle = "#7a9"; ctx.fillRect(0, 0, 640, 480);
  ctx.fillStyle = "#345"; ctx.fillRect(80, 200, 480, 200);
  return [...new Uint8Array(await (await c.convertToBlob({ type: "image/jpeg", quality: 0.8 })).arrayBuffer())];
});
const bytes = Buffer.from(jpeg);
const { createHash, randomUUID } = await import("node:crypto");
const sha = createHash("sha256").update(bytes).digest();
for (const text of ["希望保留老树，并在树下增加座椅。", "步道太窄，周末人很多。"]) {
  const { token } = await (await fetch(`${server.base}/api/v1/devices`, { method: "POST" })).json();
  const id = randomUUID();
  const photo = randomUUID();
  const auth = { authorization: `Bearer ${token}` };
  const body = { id, answered_at: new Date().toISOString(), answers: [
    { question: "plan", value: { type: "choice", option: "a" } },
    { question: "overall", value: { type: "scale", value: 4 } },
    { question: "more", value: { type: "text", text, photos: [{ id: photo, sha256: sha.toString("hex"), bytes: bytes.length, mime: "image/jpeg" }] } },
  ] };
  const put = await fetch(`${server.base}/api/v1/campaigns/jfb-2026/responses/${id}`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!put.ok) throw new Error(`answer: ${put.status} ${await put.text()}`);
  const up = await fetch(`${server.base}/api/v1/campaigns/jfb-2026/responses/${id}/photos/${photo}`, { method: "PUT", headers: { ...auth, "content-type": "image/jpeg", "content-digest": `sha-256=:${sha.toString("base64")}:` }, body: bytes });
  if (!up.ok) throw new Error(`photo: ${up.status} ${await up.text()}`);
}
for (const [name, viewport] of [["phone", { width: 390, height: 844 }], ["desk", { width: 1280, height: 800 }]]) {
  await page.setViewportSize(viewport);
  await page.goto(`${server.base}/staff/campaigns/jfb-2026/results`);
  await page.screenshot({ path: join(OUT, `results-zh-CN-${name}.png`), fullPage: true });
}
await browser.close();
await server.stop();
console.log(`screenshots in ${OUT}`);
