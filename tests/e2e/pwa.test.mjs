// The app is an installable PWA whose shell is served the way an
// offline-first app needs it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { waitForServiceWorker, withApp } from "./harness.mjs";

test("Chromium finds the app installable, with both icon sizes", async () => {
  await withApp({}, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("heading", { name: "Your drafts" }).waitFor();
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send("Page.getAppManifest");
    assert.deepEqual(manifest.errors, []);
    const parsed = JSON.parse(manifest.data);
    assert.equal(parsed.display, "standalone");
    assert.equal(parsed.start_url, "/");
    const sizes = parsed.icons.map((i) => i.sizes);
    assert.ok(sizes.includes("192x192") && sizes.includes("512x512"));
    for (const icon of parsed.icons) {
      const res = await fetch(new URL(icon.src, server.base));
      assert.equal(res.status, 200, icon.src);
      assert.equal(res.headers.get("content-type"), "image/png");
    }
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors, []);
    // Detached before the context closes: a session left open rejected
    // after it, as an unhandled rejection charged to the next test.
    await cdp.detach();
  });
});

test("hashed files are cached for a year, the shell is revalidated, text is brotli", async () => {
  await withApp({}, async ({ server }) => {
    const html = await fetch(server.base, { headers: { "accept-encoding": "br" } });
    assert.equal(html.headers.get("cache-control"), "no-cache");
    assert.equal(html.headers.get("content-encoding"), "br");
    const body = await html.text();
    const wasm = /["'](\/[^"']+_bg\.wasm)["']/.exec(body)?.[1];
    assert.ok(wasm, "index.html names the wasm");
    const res = await fetch(new URL(wasm, server.base), { headers: { "accept-encoding": "br, gzip" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-encoding"), "br");
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    const sw = await fetch(new URL("/sw.js", server.base));
    assert.equal(sw.headers.get("cache-control"), "no-cache");
    const swText = await sw.text();
    assert.ok(swText.includes(wasm), "the service worker precaches the built wasm");
    assert.ok(!swText.includes("__LETTERBOX_"), "placeholders were filled at build time");
  });
});
