// A published campaign for end-to-end tests: a supervisor added through the
// server's command, the campaign created and published through the desk's
// forms (with the session's form token, as a browser posts them), one
// answer of each question type, and what the desk then holds.
import assert from "node:assert/strict";
import { eventually, serverCommand } from "./harness.mjs";

export const PASSWORD = "correct horse battery staple";
export const SLUG = "yubei-bus-e2e";
export const TITLE = "Yubei bus routes: your views";
export const INTRO = "Yubei District plans to change some bus routes & stops. Tell us what you think.";

export function addSupervisor(dataDir) {
  const run = serverCommand(dataDir, ["staff", "add", "--username", "chief", "--role", "supervisor"],
    { input: `${PASSWORD}\n` });
  assert.equal(run.status, 0, run.stderr);
}

/** A `datetime-local` value in China time, `days` from now. */
export function chinaTime(days) {
  const at = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return at.toISOString().slice(0, 16);
}

export const FIELDS = {
  slug: SLUG,
  title_zh: "渝北区公交线路调整征求意见",
  title_en: TITLE,
  intro_zh: "渝北区拟调整部分公交线路和站点，现公开征求意见。",
  intro_en: INTRO,
  department: "transport",
  district: "",
  opens_at: chinaTime(-1),
  closes_at: chinaTime(10),
  q0_type: "single_choice", q0_id: "route", q0_required: "1",
  q0_prompt_zh: "您支持哪个方案？", q0_prompt_en: "Which plan do you support?",
  q0_options: "keep: 保留 | Keep the routes\nchange: 调整 | Change them",
  q1_type: "multiple_choice", q1_id: "times", q1_max_picks: "2",
  q1_prompt_zh: "您通常什么时候乘车？", q1_prompt_en: "When do you ride?",
  q1_options: "am: 早高峰 | Morning rush\npm: 晚高峰 | Evening rush\nnight: 夜间 | Night",
  q2_type: "scale", q2_id: "overall", q2_required: "1",
  q2_prompt_zh: "总体评价", q2_prompt_en: "Overall, how do you rate the plan?",
  q2_low_zh: "不满意", q2_low_en: "Dissatisfied", q2_high_zh: "满意", q2_high_en: "Satisfied",
  q3_type: "short_text", q3_id: "stop", q3_max_chars: "40",
  q3_prompt_zh: "您最常用哪个站？", q3_prompt_en: "Which stop do you use most?",
  q4_type: "long_text", q4_id: "more", q4_max_chars: "500", q4_photos: "2",
  q4_prompt_zh: "其他意见", q4_prompt_en: "Anything else?",
};

/** Posts a desk form as the signed-in desk page would: its cookie, its
 *  origin, and the session's form token that every desk form carries. The
 *  desk's policy allows no script, so not with fetch from the page. */
export async function postForm(desk, path, fields) {
  const csrf = await desk.locator('input[name="csrf"]').first().inputValue();
  const origin = new URL(desk.url()).origin;
  const res = await desk.request.post(new URL(path, origin).href, { form: { ...fields, csrf }, headers: { origin } });
  return { status: res.status(), url: res.url(), text: res.ok() ? "" : await res.text() };
}

/** The responses as the desk's CSV lists them: [revision, …answers]. */
export async function responses(desk) {
  const res = await desk.request.get(new URL(`/staff/campaigns/${SLUG}/responses.csv`, desk.url()).href);
  const csv = res.ok() ? await res.text() : `error ${res.status()}`;
  const rows = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/).slice(1);
  return rows.map((row) => [...row.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
    .map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"')).slice(0, -1));
}

/** A chat app's browser (WeChat's, on Android). */
export const WECHAT = "Mozilla/5.0 (Linux; Android 12; M2007J3SC) AppleWebKit/537.36 (KHTML, like Gecko) "
  + "Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160083 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) "
  + "WeChat/arm64 Weixin NetType/4G Language/zh_CN";

/** Adds a photo to the long text and waits for its thumbnail. */
export async function addPhoto(page, bytes) {
  await page.getByLabel("Choose photos").setInputFiles([
    { name: "crossing.png", mimeType: "image/png", buffer: Buffer.from(bytes) },
  ]);
  await page.getByRole("list", { name: "Photos" }).getByRole("img", { name: "Photo 1" }).waitFor();
}

/** The photos beside the text answers on the desk's results page, each
 *  with whether it loaded as a picture. */
export async function deskPhotos(desk) {
  await desk.goto(new URL(`/staff/campaigns/${SLUG}/results`, desk.url()).href);
  const images = desk.getByRole("img", { name: /^Photo \d+ of \d+ with this answer$/ });
  const count = await images.count();
  const out = [];
  for (let i = 0; i < count; i++) {
    const img = images.nth(i);
    await img.scrollIntoViewIfNeeded();
    out.push(await eventually(() => img.evaluate((el) => el.complete && el.naturalWidth > 0), { what: "the photo loads" }));
  }
  return out;
}

/** Answers one question of each type. */
export async function answer(page, plan) {
  await page.getByRole("group", { name: /Which plan do you support\?/ }).getByRole("radio", { name: plan }).check();
  const times = page.getByRole("group", { name: /When do you ride\?/ });
  await times.getByRole("checkbox", { name: "Morning rush" }).check();
  await times.getByRole("checkbox", { name: "Night" }).check();
  await page.getByRole("group", { name: /Overall, how do you rate the plan\?/ })
    .getByRole("radio", { name: "4", exact: true }).check();
  await page.getByRole("textbox", { name: "Which stop do you use most?" }).fill("Longtousi");
  await page.getByRole("textbox", { name: "Anything else?" }).fill("More buses at night, please.");
}

/** Signs the supervisor in on the desk and publishes the campaign
 *  through the desk's form; gives the desk page. */
export async function publishCampaign(staff, server, fields = FIELDS) {
  const desk = await staff.context.newPage();
  await desk.goto(`${server.base}/staff/login`);
  await desk.getByLabel("Username").fill("chief");
  await desk.getByLabel("Password").fill(PASSWORD);
  await desk.getByRole("button", { name: "Sign in" }).click();
  await desk.getByRole("heading", { name: /Cases to act on/ }).waitFor();
  const created = await postForm(desk, "/staff/campaigns", fields);
  assert.ok(created.url.endsWith(`/staff/campaigns/${SLUG}`), `${created.status} ${created.text}`);
  const published = await postForm(desk, `/staff/campaigns/${SLUG}/publish`, {});
  assert.equal(published.status, 200, published.text);
  return desk;
}

export const saved = (page) => page.getByRole("status").filter({ hasText: /^Saved on this phone$/ });
export const answered = (page) => page.getByText(/^You answered on .+; you can change your answer until .+\.$/);
