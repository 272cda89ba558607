// axe-core (pinned in package.json) on every screen of the app, in both
// languages, and of the desk: zero violations. axe is evaluated into the
// page through the DevTools protocol, so the server's Content-Security-
// Policy stays as it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cleanup, launch, startServer, tempDir } from "./harness.mjs";
import { SLUG, addSupervisor, publishCampaign } from "./campaign-desk.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's violations on the page as it is now, in words a failure can show. */
async function violations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    // WCAG 2.1 A and AA, and axe's best practices.
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  return found;
}

async function check(page, where, report) {
  // The app's own page, not the first paint drawn before the wasm (it has
  // the same heading) nor the moment between the two.
  await page.waitForFunction(() => !document.querySelector("[data-first-paint]")
    && document.querySelector("h1"));
  const found = await violations(page);
  if (found.length) report.push(`${where}:\n  ${found.join("\n  ")}`);
}

/** The resident's screens, in the browser's language `locale`. */
async function residentScreens(server, locale, names, report) {
  const { context, profile } = await launch({ locale });
  try {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("heading", { name: names.drafts }).waitFor();
    await check(page, `${locale} drafts`, report);

    await page.getByRole("button", { name: names.newPetition }).click();
    await page.getByRole("radio").first().check();
    await page.getByRole("status").filter({ hasText: names.saved }).waitFor();
    await check(page, `${locale} editor`, report);

    for (const [path, heading] of [["/cases", names.cases], ["/settings", names.settings], ["/follow", names.follow]]) {
      await page.goto(new URL(path, server.base).href);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await check(page, `${locale} ${path}`, report);
    }
    await page.goto(new URL(`/c/${SLUG}`, server.base).href);
    await page.getByRole("button", { name: names.sendAnswers, exact: true }).waitFor();
    await check(page, `${locale} campaign`, report);
  } finally {
    await context.close();
    cleanup(profile);
  }
}

test("axe finds nothing on the app's screens, in both languages, nor on the desk", async () => {
  const dataDir = tempDir("data");
  addSupervisor(dataDir);
  const server = await startServer({ dataDir });
  const staff = await launch({ serviceWorkers: "block", locale: "en-US" });
  const report = [];
  try {
    const desk = await publishCampaign(staff, server);
    await desk.goto(`${server.base}/staff`);
    await check(desk, "desk queue", report);
    await desk.goto(`${server.base}/staff/campaigns`);
    await check(desk, "desk campaigns", report);
    await desk.goto(`${server.base}/staff/campaigns/${SLUG}`);
    await check(desk, "desk campaign", report);
    await desk.goto(`${server.base}/staff/campaigns/${SLUG}/results`);
    await check(desk, "desk results", report);

    await residentScreens(server, "en-US", {
      drafts: "Your drafts", newPetition: "New petition", saved: "Saved on this phone",
      cases: "My cases", settings: "Settings", follow: "Follow a case", sendAnswers: "Send",
    }, report);
    await residentScreens(server, "zh-CN", {
      drafts: "我的草稿", newPetition: "写新信件", saved: "已保存在本机",
      cases: "我的件", settings: "设置", follow: "查询事项进度", sendAnswers: "发送",
    }, report);
    assert.deepEqual(report, [], report.join("\n"));
  } finally {
    await staff.context.close();
    await server.stop();
    cleanup(staff.profile, dataDir);
  }
});
