// The app is split: the first screen is the main module, every other page
// a wasm file of its own fetched when first opened, in one bundle with the
// chunks it shares with other pages (tools/build-wasm.mjs).
// A page's file that fails to arrive must not break the app, every page
// must open offline once the service worker has run, and opening every
// page logs no error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually, waitForServiceWorker, withApp } from "./harness.mjs";

/** Every lazy page: how to reach it from the header, and its heading. */
const PAGES = [
  { link: "My cases", path: "/cases", heading: "My cases" },
  { link: "Settings", path: "/settings", heading: "Settings" },
];

function collectErrors(page) {
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

test("a page whose code fails to arrive the first time still opens", async () => {
  // As in a chat app's browser: no service worker to fall back on.
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    // The app fetches every page's code once the first screen is up: that
    // fetch fails. Then, when the resident opens the page, its first fetch
    // fails too.
    let phase = "after the first screen";
    let early = 0;
    let opening = 0;
    await page.route(/\/bundle_load_settings_\d+\.bin$/, async (route) => {
      if (phase === "after the first screen") {
        early += 1;
        return route.abort("connectionreset");
      }
      opening += 1;
      return opening === 1 ? route.abort("connectionreset") : route.continue();
    });
    await page.goto(server.base);
    await page.getByRole("button", { name: "New petition" }).waitFor();
    await eventually(async () => early > 0, { what: "the pages' code fetched after the first screen" });
    phase = "opening";
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    assert.equal(opening, 2, "the failed fetch was tried again");
    // The app still works after it: back to the drafts, a new petition.
    await page.getByRole("link", { name: "Drafts" }).click();
    await page.getByRole("heading", { name: "Your drafts" }).waitFor();
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByLabel("Title").waitFor();
    const panics = errors.filter((e) => /panicked|unreachable|RuntimeError/.test(e));
    assert.deepEqual(panics, []);
  });
});

test("a page opened offline before its code arrived says why it waits, and opens when the network returns", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    // The app's fetch of every page's code after the first screen does not
    // bring the cases page's: the phone goes offline first.
    let early = 0;
    await page.route(/\/bundle_load_cases_\d+\.bin$/, (route) => {
      early += 1;
      return route.abort("internetdisconnected");
    });
    await page.goto(server.base);
    await page.getByRole("button", { name: "New petition" }).waitFor();
    await eventually(async () => early > 0, { what: "the pages' code fetched after the first screen" });
    await page.unroute(/\/bundle_load_cases_\d+\.bin$/);
    await context.setOffline(true);
    const tries = [];
    page.on("requestfailed", (r) => {
      if (/\/(bundle_load_cases_\d+\.bin|split_load_cases_[^/]*\.wasm|chunk_\d+\.wasm)$/.test(r.url())) tries.push(r.url());
    });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My cases" }).click();
    // The status region is there, empty, before its words: a screen reader
    // announces words added to a region it knows, not always a region
    // added with its words in. The words then fill that same element.
    const region = await page.waitForSelector('main p.lead[role="status"]:empty', { state: "attached", timeout: 5_000 });
    const waiting = page.getByRole("status").filter({ hasText: "it opens by itself once it is back online" });
    await waiting.waitFor();
    assert.match(await region.textContent(), /it opens by itself once it is back online/,
      "the words are in the region that was there before them");
    // Six tries with growing pauses take 8.5 s, then the files one by one
    // as many: offline, the app tries once and waits for the network
    // instead of spending its tries, and it is not stopped.
    await page.waitForTimeout(10_000);
    assert.equal(tries.length, 1, `tried once while offline, not ${tries.length} times`);
    assert.equal(await waiting.count(), 1, "still waiting, and saying why");
    await context.setOffline(false);
    await page.getByRole("heading", { name: "My cases", level: 1 }).waitFor({ timeout: 15_000 });
    assert.equal(await waiting.count(), 0, "the line is gone once the page is in");
    const panics = errors.filter((e) => /panicked|unreachable|RuntimeError/.test(e));
    assert.deepEqual(panics, []);
  });
});

test("a page whose bundle never arrives opens from its modules one by one", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    let refused = 0;
    await page.route(/\/bundle_load_settings_\d+\.bin$/, (route) => {
      refused += 1;
      return route.abort("connectionreset");
    });
    const oneByOne = [];
    page.on("request", (r) => {
      if (/\/(split_load_settings|chunk)_[^/]*\.wasm$/.test(r.url())) oneByOne.push(r.url());
    });
    await page.goto(server.base);
    await page.getByRole("button", { name: "New petition" }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    assert.ok(refused >= 6, `the bundle was tried ${refused} times`);
    assert.ok(oneByOne.some((u) => /split_load_settings_/.test(u)), "the page's own module fetched alone");
    assert.ok(oneByOne.some((u) => /chunk_/.test(u)), "and the chunks it needs");
    const panics = errors.filter((e) => /panicked|unreachable|RuntimeError/.test(e));
    assert.deepEqual(panics, []);
  });
});

test("a visit straight to a lazy page fetches its code beside the main module, not after it", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    // The main module is held back until the settings page's bundle is
    // asked for, or for five seconds: only a bundle fetched by the page's
    // loader, not by the app once running, can arrive first.
    let askedFirst;
    const bundleAsked = new Promise((resolve) => { askedFirst = resolve; });
    page.on("request", (r) => { if (/\/bundle_load_settings_\d+\.bin$/.test(r.url())) askedFirst(true); });
    const held = [];
    await page.route(/\/letterbox_bg\.wasm$/, async (route) => {
      held.push(await Promise.race([bundleAsked, new Promise((r) => setTimeout(() => r(false), 5000))]));
      return route.continue();
    });
    await page.goto(new URL("/settings", server.base).href);
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    assert.ok(held.length > 0, "the main module was fetched through the route");
    assert.ok(held.every(Boolean), "the page's bundle was asked for while the main module was held");
  });
});

test("every page opens offline once the service worker has precached the split app", async () => {
  await withApp({}, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("heading", { name: "Your drafts" }).waitFor();
    await waitForServiceWorker(page);
    // The precache holds every module of the split app, not only the first.
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      }
      return urls;
    });
    assert.ok(cached.some((u) => /\/bundle_load_editor_\d+\.bin$/.test(u)), "the editor's bundle");
    assert.ok(cached.some((u) => /\/bundle_engine_\d+\.bin$/.test(u)), "the sync engine's bundle");
    assert.ok(!cached.some((u) => /\/(split|chunk)_[^/]*\.wasm$/.test(u)), "not the same modules one by one");
    await context.setOffline(true);
    for (const { path, heading } of PAGES) {
      await page.goto(new URL(path, server.base).href);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    }
    await page.goto(new URL("/follow", server.base).href);
    await page.getByRole("heading", { name: "Follow a case", level: 1 }).waitFor();
  });
});

test("without a service worker, a first visit's pages still open offline once the app has fetched them", async () => {
  // A chat app's browser: no service worker; the HTTP cache is all there is.
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("button", { name: "New petition" }).waitFor();
    // After the first screen the app fetches every page's module.
    await eventually(async () => page.evaluate(() => performance.getEntriesByType("resource")
      .some((e) => /\/bundle_load_settings_\d+\.bin$/.test(e.name) && e.responseEnd > 0)),
    { what: "the settings page's module fetched after the first screen" });
    // The modules are fetched together; let the last of them arrive.
    await page.waitForTimeout(1000);
    await context.setOffline(true);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const { link, heading } of PAGES) {
      await nav.getByRole("link", { name: link }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    }
  });
});

test("opening every page of the split app logs no error", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(server.base);
    await page.getByRole("heading", { name: "Your drafts" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const { link, heading } of PAGES) {
      await nav.getByRole("link", { name: link }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    }
    // The editor, through the drafts page's own button.
    await nav.getByRole("link", { name: "Drafts" }).click();
    await page.getByRole("button", { name: "New petition" }).click();
    await eventually(async () => /\/drafts\//.test(page.url()), { what: "the editor's address" });
    await page.getByLabel("Title").waitFor();
    // A deep link straight into a lazy page.
    await page.goto(new URL("/follow", server.base).href);
    await page.getByRole("heading", { name: "Follow a case", level: 1 }).waitFor();
    assert.deepEqual(errors, []);
  });
});
