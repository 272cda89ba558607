// Campaign benchmarks (numbers, not pass/fail). Run: make bench-campaign
//  - answers accepted per second: one response per phone, 16 phones at a
//    time, each a new device, to a 10-question campaign;
//  - the desk's results page with BENCH_RESPONSES (default 100,000)
//    responses: the time to render it (counts by the database), median
//    and 95th percentile of 20 loads; and the residents' results API.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

if (!process.env.LETTERBOX_DIST) {
  const dist = mkdtempSync(join(tmpdir(), "letterbox-bench-dist-"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>Letterbox</title>");
  process.env.LETTERBOX_DIST = dist;
}
const { startServer, tempDir, cleanup } = await import("../tests/e2e/harness.mjs");

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 100_000);
const CLIENTS = 16;
const SERVER = process.env.LETTERBOX_SERVER ?? "target/server/letterbox-server";
const PASSWORD = "correct horse battery staple";

// A small deterministic generator (mulberry32), so every run answers alike.
let seed = 20261128;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const dataDir = tempDir("bench-campaign");
const add = spawnSync(SERVER, ["--data-dir", dataDir, "staff", "add", "--username", "chen", "--name", "chen", "--role", "supervisor"], { input: `${PASSWORD}\n`, encoding: "utf8" });
if (add.status !== 0) throw new Error(add.stderr);
// One new device per answer from one address: the registration limit per
// address (core limits) is lifted for the benchmark.
const server = await startServer({ dataDir, args: ["--registration-burst", "0"] });
try {
  // Desk forms come from the desk's origin and carry the session's token.
  const origin = new URL(server.base).origin;
  const login = await fetch(`${server.base}/staff/login`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ username: "chen", password: PASSWORD }),
  });
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const queue = await (await fetch(`${server.base}/staff`, { headers: { cookie } })).text();
  const csrf = queue.match(/name="csrf" value="([^"]+)"/)?.[1];
  if (!csrf) throw new Error("no form token on the desk's page");
  const desk = (path, form) => fetch(`${server.base}${path}`, {
    method: form ? "POST" : "GET", redirect: "manual",
    headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded", "accept-language": "zh-CN" },
    body: form ? new URLSearchParams({ ...form, csrf }) : undefined,
  });
  const pad = (n) => String(n).padStart(2, "0");
  const china = (ms) => {
    const d = new Date(ms + 8 * 3600_000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
  // Ten questions: four single choices, two multiple choices, two scales,
  // a short and a long text.
  const form = {
    slug: "bench-2026", title_zh: "公交线路调整征求意见", intro_zh: "渝北区拟调整公交线路，现公开征求意见。",
    department: "transport", opens_at: china(Date.now() - 86_400_000), closes_at: china(Date.now() + 14 * 86_400_000), results_public: "1",
  };
  const options = "a: 甲\nb: 乙\nc: 丙\nd: 丁\ne: 戊";
  const questions = [];
  for (let i = 0; i < 4; i++) questions.push({ type: "single_choice", options });
  for (let i = 0; i < 2; i++) questions.push({ type: "multiple_choice", options, max_picks: "3" });
  for (let i = 0; i < 2; i++) questions.push({ type: "scale", low_zh: "不满意", high_zh: "满意" });
  questions.push({ type: "short_text", max_chars: "100" }, { type: "long_text", max_chars: "1000", photos: "0" });
  questions.forEach((q, i) => {
    form[`q${i}_id`] = `q${i}`;
    form[`q${i}_prompt_zh`] = `第${i + 1}个问题`;
    for (const [k, v] of Object.entries(q)) form[`q${i}_${k}`] = v;
  });
  const saved = await desk("/staff/campaigns", form);
  if (saved.status !== 303) throw new Error(`campaign not saved: ${saved.status} ${await saved.text()}`);
  const published = await desk("/staff/campaigns/bench-2026/publish", {});
  if (published.status !== 303) throw new Error(`not published: ${published.status}`);

  const texts = ["龙头寺站", "希望增加夜班车", "早高峰太挤", "保留现有线路", "增设站台", ""];
  const answer = (id) => ({
    id, answered_at: new Date().toISOString(),
    answers: [
      ...[0, 1, 2, 3].map((i) => ({ question: `q${i}`, value: { type: "choice", option: pick(["a", "b", "c", "d", "e"]) } })),
      ...[4, 5].map((i) => ({ question: `q${i}`, value: { type: "choices", options: ["a", "b", "c", "d", "e"].filter(() => random() < 0.4).slice(0, 3) } })),
      ...[6, 7].map((i) => ({ question: `q${i}`, value: { type: "scale", value: 1 + Math.floor(random() * 5) } })),
      { question: "q8", value: { type: "text", text: pick(texts) } },
      { question: "q9", value: { type: "text", text: `${pick(texts)}${pick(texts)}` } },
    ],
  });
  const uuid7 = (n) => {
    const hex = n.toString(16).padStart(12, "0");
    return `01937a00-0000-7000-8000-${hex}`;
  };
  let next = 0;
  let accepted = 0;
  let putMs = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < RESPONSES) {
      const n = next++;
      const { token } = await (await fetch(`${server.base}/api/v1/devices`, { method: "POST" })).json();
      const id = uuid7(n);
      const body = JSON.stringify(answer(id));
      const p0 = performance.now();
      const r = await fetch(`${server.base}/api/v1/campaigns/bench-2026/responses/${id}`, {
        method: "PUT", body, headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      });
      await r.arrayBuffer();
      putMs += performance.now() - p0;
      if (r.status === 201) accepted += 1;
      else throw new Error(`answer ${n}: ${r.status}`);
    }
  }));
  const wall = (performance.now() - t0) / 1000;
  console.log(`answers: ${accepted} accepted (one new device each) in ${wall.toFixed(1)} s; ` +
    `PUT alone ${Math.round(accepted / (putMs / CLIENTS / 1000))} answers/s with ${CLIENTS} concurrent phones (loopback, SQLite)`);

  const time = async (what, load) => {
    const times = [];
    for (let i = 0; i < 21; i++) {
      const s = performance.now();
      const r = await load();
      const text = await r.text();
      if (r.status !== 200) throw new Error(`${what}: ${r.status} ${text.slice(0, 200)}`);
      if (i > 0) times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const p95 = times[Math.floor(times.length * 0.95) - 1];
    console.log(`${what} with ${accepted} responses: median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (20 loads after a warm-up)`);
  };
  await time("desk results page", () => desk("/staff/campaigns/bench-2026/results"));
  await desk("/staff/campaigns/bench-2026/close", {});
  await time("residents' results API", () => fetch(`${server.base}/api/v1/campaigns/bench-2026/results`));
} finally {
  await server.stop();
  cleanup(dataDir);
}
