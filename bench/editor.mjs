// Editor benchmarks, in headless Chromium on this machine. Prints numbers;
// passes or fails nothing. Run: make bench-editor
//
//  - photo processing: a 12-megapixel camera JPEG (EXIF orientation 6, GPS),
//    from picking the file to the stored photo, median of RUNS;
//  - autosave write latency (end of the typing pause to the committed
//    IndexedDB transaction) p50/p95, with 1,000 drafts in the store;
//  - drafts list render time with 1,000 drafts, median of RUNS.
import { launch, startServer, cleanup } from "../tests/e2e/harness.mjs";
import { makeFixtures, storedPhotos } from "../tests/e2e/fixtures.mjs";

const RUNS = 5;
const DRAFTS = 1000;
const KEYSTROKES = 60;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x) => `${x.toFixed(1)} ms`;

const server = await startServer();
const { context, profile } = await launch();
try {
  const page = await context.newPage();
  await page.goto(server.base);
  await page.getByRole("heading", { name: "Your drafts" }).waitFor();

  // Photo processing.
  const fixtures = await makeFixtures(page);
  const photoMs = [];
  let bytes = [];
  await page.evaluate(() => {
    window.__photo = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "photo") window.__photo.push(e.duration);
    }).observe({ entryTypes: ["measure"] });
  });
  for (let i = 0; i < RUNS; i++) {
    await page.getByRole("link", { name: "Drafts" }).click();
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByLabel("Title").fill(`Photo run ${i}`);
    const before = (await storedPhotos(page)).length;
    const t0 = Date.now();
    await page.getByLabel("Choose photos").setInputFiles({ name: "IMG.JPG", mimeType: "image/jpeg", buffer: fixtures.jpeg });
    await page.getByRole("list", { name: "Photos" }).getByRole("img", { name: "Photo 1" }).waitFor({ timeout: 60_000 });
    photoMs.push(Date.now() - t0);
    const stored = await storedPhotos(page);
    if (stored.length !== before + 1) throw new Error("photo not stored");
    bytes = stored.map((p) => p.size);
  }
  const processing = await page.evaluate(() => window.__photo);
  console.log(`photo: input ${fixtures.jpeg.length} bytes 4000x3000; decode+orient+scale+encode+hash median ` +
    `${ms(median(processing))} (runs: ${processing.map((x) => x.toFixed(0)).join(", ")}); pick-to-thumbnail median ` +
    `${ms(median(photoMs))}; output ${median(bytes)} bytes median`);

  // 1,000 drafts, written the way the app writes them.
  await page.evaluate(async (n) => {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open("letterbox"); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    await new Promise((ok, fail) => {
      const tx = db.transaction("drafts", "readwrite");
      const store = tx.objectStore("drafts");
      const now = Date.now();
      for (let i = 0; i < n; i++) {
        const id = crypto.randomUUID().replace(/^(.{14})./, "$17");
        store.put({ id, kind: "suggestion", title: `草稿 ${i} 小区燃气无法开通`, body: "开发商与燃气公司合同纠纷，小区至今无法通气。".repeat(4),
          category: "utilities", location: { address: "" }, group: false, identity: { name: "", phone: "", address: "" },
          share_identity: false, photos: [], created_at_ms: now - i, updated_at_ms: now - i });
      }
      tx.oncomplete = ok; tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, DRAFTS);

  // Drafts list render.
  const listMs = [];
  await page.evaluate(() => {
    window.__load = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "drafts-load") window.__load.push(e.duration);
    }).observe({ entryTypes: ["measure"] });
  });
  for (let i = 0; i < RUNS; i++) {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    listMs.push(await page.evaluate(async (n) => {
      const t0 = performance.now();
      document.querySelector('nav a[href="/"]').click();
      await new Promise((ok) => {
        const check = () => (document.querySelectorAll("ul.cards > li").length >= n ? ok() : requestAnimationFrame(check));
        check();
      });
      // Until the frame with the list is painted.
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      return performance.now() - t0;
    }, DRAFTS));
  }
  const loads = await page.evaluate(() => window.__load);
  console.log(`drafts list: ${DRAFTS} drafts rendered, median ${ms(median(listMs))} (runs: ${listMs.map((x) => x.toFixed(0)).join(", ")}); ` +
    `of which reading them from IndexedDB median ${ms(median(loads))}`);

  // Autosave write latency with the 1,000 drafts present.
  await page.getByRole("button", { name: "New petition" }).click();
  await page.getByLabel("Title").fill("Autosave timing");
  await page.getByRole("status").filter({ hasText: "Saved on this phone" }).waitFor();
  await page.evaluate(() => {
    window.__autosave = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "autosave") window.__autosave.push(e.duration);
    }).observe({ entryTypes: ["measure"] });
  });
  const body = page.getByLabel("What happened, and what do you ask for?");
  for (let i = 0; i < KEYSTROKES; i++) {
    await body.press("a");
    await page.waitForTimeout(340); // past the 300 ms pause, so each key saves
  }
  await page.waitForTimeout(500);
  const saves = await page.evaluate(() => window.__autosave);
  console.log(`autosave: ${saves.length} saves with ${DRAFTS} drafts stored; p50 ${ms(pct(saves, 50))}, p95 ${ms(pct(saves, 95))}, max ${ms(Math.max(...saves))}`);
} finally {
  await context.close();
  await server.stop();
  cleanup(profile, server.dataDir);
}
