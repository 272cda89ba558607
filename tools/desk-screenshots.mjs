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
// A published campaign with a few answers, for the campaign pages.
const pad = (n) => String(n).padStart(2, "0");
const china = (ms) => {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const campaignForm = {
  slug: "jfb-2026", title_zh: "解放碑步行街改造征求意见", title_en: "Jiefangbei pedestrian street renovation",
  intro_zh: "渝中区拟对解放碑步行街进行改造，现公开征求意见。", intro_en: "Yuzhong District plans to renovate the Jiefangbei pedestrian street and asks for your views.",
  department: "housing", district: "500103", opens_at: china(Date.now() - 86_400_000), closes_at: china(Date.now() + 14 * 86_400_000), results_public: "1",
  q0_type: "single_choice", q0_id: "plan", q0_prompt_zh: "您支持哪个方案？", q0_prompt_en: "Which plan do you support?", q0_required: "1", q0_options: "a: 方案一 | Plan one\nb: 方案二 | Plan two",
  q1_type: "multiple_choice", q1_id: "needs", q1_prompt_zh: "最需要增加什么？", q1_options: "seats: 座椅 | Seats\nshade: 遮阳 | Shade\ntoilets: 公厕 | Toilets", q1_max_picks: "2",
  q2_type: "scale", q2_id: "overall", q2_prompt_zh: "总体评价", q2_required: "1", q2_low_zh: "不满意", q2_high_zh: "满意",
  q3_type: "long_text", q3_id: "more", q3_prompt_zh: "其他意见", q3_max_chars: "500", q3_photos: "3",
};
const answersSent = [["a", ["seats"], 4, "希望保留老树"], ["b", ["seats", "toilets"], 2, "公厕太少"], ["b", ["shade"], 5, ""]];

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
    if (locale === "zh-CN" && name === "phone") {
      const created = await page.request.post(`${server.base}/staff/campaigns`, { form: campaignForm, headers: { origin: server.base } });
      if (!created.ok()) throw new Error(`campaign not created: ${created.status()}`);
      await page.request.post(`${server.base}/staff/campaigns/jfb-2026/publish`, { form: {}, headers: { origin: server.base } });
      for (const [n, [plan, needs, overall, more]] of answersSent.entries()) {
        const { token: phone } = await api("/devices");
        const id = `019378a2-5b1c-7d3e-8f40-00000000000${n}`;
        const answers = [
          { question: "plan", value: { type: "choice", option: plan } },
          { question: "needs", value: { type: "choices", options: needs } },
          { question: "overall", value: { type: "scale", value: overall } },
          { question: "more", value: { type: "text", text: more } },
        ];
        await api(`/campaigns/jfb-2026/responses/${id}`, { method: "PUT", token: phone, body: { id, answered_at: new Date().toISOString(), answers } });
      }
    }
    for (const [what, path] of [["campaigns", "/staff/campaigns"], ["campaign", "/staff/campaigns/jfb-2026"], ["campaign-new", "/staff/campaigns/new"], ["campaign-results", "/staff/campaigns/jfb-2026/results"]]) {
      await page.goto(`${server.base}${path}`);
      await shot(what);
    }
    // The poster is an SVG document: shown inside a page, as a printer would.
    const poster = await page.request.get(`${server.base}/staff/campaigns/jfb-2026/poster.svg`);
    await page.setContent(`<body style="margin:0">${await poster.text()}</body>`);
    await shot("poster");
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
