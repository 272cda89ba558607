// `make audit`: Lighthouse (pinned in package.json, mobile preset: simulated
// slow 4G and a 4x slower CPU) on the release build served by the
// optimised server, as a new visitor meets it: the drafts page, the
// editor, a case page and a campaign page. Prints each category's score
// and FCP, LCP, TBT, CLS and the bytes transferred. A benchmark, not a
// test: it passes or fails nothing (figures go to docs/benchmarks.md).
//
// LETTERBOX_DIST and LETTERBOX_SERVER name the build (see the Makefile).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { cleanup, launch, startServer, tempDir } from "../tests/e2e/harness.mjs";
import { SLUG, addSupervisor, publishCampaign } from "../tests/e2e/campaign-desk.mjs";

const RUNS = Number(process.env.AUDIT_RUNS ?? 1);

const dataDir = tempDir("audit");
addSupervisor(dataDir);
const server = await startServer({ dataDir });
const staff = await launch({ serviceWorkers: "block" });
let chrome;
try {
  await (await publishCampaign(staff, server)).close();
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  // The editor and the case page of a phone that has none yet: each
  // page's own code and its "not on this phone" answer, as a link opened
  // on another phone would show it.
  const pages = [
    ["/", "/"],
    ["/drafts/{id}", "/drafts/01a22000-0000-7000-8000-000000000000"],
    ["/cases/{id}", "/cases/01a22000-0000-7000-8000-000000000000"],
    ["/c/{slug}", `/c/${SLUG}`],
  ];
  const row = (cells) => console.log(cells.map((c) => String(c).padStart(11)).join(""));
  row(["page", "perf", "a11y", "best pr.", "FCP ms", "LCP ms", "TBT ms", "CLS", "bytes"]);
  for (const [name, path] of pages) {
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(server.base + path, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices"],
      });
      const { categories: c, audits: a } = result.lhr;
      row([
        name,
        Math.round(c.performance.score * 100),
        Math.round(c.accessibility.score * 100),
        Math.round(c["best-practices"].score * 100),
        Math.round(a["first-contentful-paint"].numericValue),
        Math.round(a["largest-contentful-paint"].numericValue),
        Math.round(a["total-blocking-time"].numericValue),
        a["cumulative-layout-shift"].numericValue.toFixed(3),
        a["total-byte-weight"].numericValue,
      ]);
      for (const [id, audit] of Object.entries(a)) {
        const category = ["accessibility", "best-practices"].find((k) =>
          c[k].auditRefs.some((r) => r.id === id && r.weight > 0));
        if (category && audit.score !== null && audit.score < 1) console.log(`    ${category}: ${id}: ${audit.title}`);
      }
    }
  }
} finally {
  if (chrome) await chrome.kill();
  await staff.context.close();
  await server.stop();
  cleanup(staff.profile, dataDir);
}
