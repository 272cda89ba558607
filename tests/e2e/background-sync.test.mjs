// Background Sync: a petition queued offline goes out when the network is
// back even though the app was closed (the browser wakes the service
// worker). When the app opens again it finds the office already holds it,
// and nothing is sent twice. The same for an answer to a campaign.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  cleanup, deviceToken, eventually, launch, serverCases, startServer, tempDir, waitForServiceWorker, withApp,
} from "./harness.mjs";
import { makeFixtures } from "./fixtures.mjs";
import {
  SLUG, TITLE, addPhoto, addSupervisor, answer, answered, deskPhotos, publishCampaign, responses, saved,
} from "./campaign-desk.mjs";

test("a petition queued offline is delivered by the service worker with the app closed", async () => {
  await withApp({ locale: "en-US" }, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await waitForServiceWorker(page);
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    const token = await eventually(() => deviceToken(page), { what: "the device token" });
    const fixtures = await makeFixtures(page);
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByLabel("Category").locator("option", { hasText: "Transport" }).waitFor({ state: "attached" });

    await context.setOffline(true);
    await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
    await page.getByLabel("Title").fill("Bus stop without a shelter");
    await page.getByLabel("What happened, and what do you ask for?")
      .fill("The stop at Jiefangbei has no shelter; please add one before the rainy season.");
    await page.getByLabel("Category").selectOption({ label: "Transport" });
    await page.getByLabel("Choose photos").setInputFiles([
      { name: "stop.png", mimeType: "image/png", buffer: Buffer.from(fixtures.screenshot) },
    ]);
    await page.getByRole("list", { name: "Photos" }).getByRole("img", { name: "Photo 1" }).waitFor();
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Saved on this phone and waiting to send").waitFor();
    // The app asked the browser to wake the worker when the network returns.
    const tags = await eventually(async () => {
      const t = await page.evaluate(async () => (await navigator.serviceWorker.ready).sync.getTags());
      return t.includes("letterbox-outbox") && t;
    }, { what: "a background sync registration" });
    assert.deepEqual(tags, ["letterbox-outbox"]);

    // The app is closed; the network comes back; the browser fires the sync
    // (Chromium does so by itself on reconnecting; the test also fires it
    // through DevTools so the run does not depend on that timing — a second
    // delivery is harmless, the office holds each id once).
    await page.close();
    assert.equal((await serverCases(server.base, token)).length, 0, "nothing was sent while offline");
    await context.setOffline(false);
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    const registrations = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
    await cdp.send("ServiceWorker.enable");
    const registration = await eventually(
      () => registrations.find((r) => r.scopeURL.startsWith(server.base) && !r.isDeleted),
      { what: "the app's service worker registration" },
    );
    await cdp.send("ServiceWorker.dispatchSyncEvent", {
      origin: new URL(server.base).origin,
      registrationId: registration.registrationId,
      tag: "letterbox-outbox",
      lastChance: false,
    });
    const changes = await eventually(async () => {
      const c = await serverCases(server.base, token);
      return c.some((x) => x.status === "received") && c;
    }, { timeout: 30_000, what: "the petition and its photo at the office" });
    assert.deepEqual(changes.map((c) => c.event.action.type), ["receive", "attachments_complete"]);

    // The app opens again: the office already had it; one case, all sent.
    const again = await context.newPage();
    await again.goto(`${server.base}/cases`);
    const received = again.getByRole("region", { name: "Received by the office" });
    await received.getByRole("link", { name: /Case no\. LB-\d{4}-\d{6}/ }).waitFor({ timeout: 30_000 });
    await received.getByText("1 of 1 photos received by the office").waitFor({ timeout: 30_000 });
    await again.getByRole("status").filter({ hasText: "All sent" }).waitFor({ timeout: 30_000 });
    assert.equal(await received.getByRole("link", { name: /Case no\./ }).count(), 1);
    const after = await serverCases(server.base, token);
    assert.equal(after.filter((c) => c.event.action.type === "receive").length, 1, "received once");
  });
});

test("a campaign answer queued offline, with its photo, is delivered by the service worker with the app closed", async () => {
  const dataDir = tempDir("data");
  addSupervisor(dataDir);
  const server = await startServer({ dataDir });
  const staff = await launch({ serviceWorkers: "block" });
  const resident = await launch({ locale: "en-US" });
  try {
    const desk = await publishCampaign(staff, server);
    const fixtures = await makeFixtures(desk);
    const page = await resident.context.newPage();
    await page.goto(`${server.base}/c/${SLUG}`);
    await page.getByRole("heading", { name: TITLE }).waitFor();
    await waitForServiceWorker(page);
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    await answer(page, "Change them");
    await addPhoto(page, fixtures.screenshot);
    await saved(page).waitFor();
    await resident.context.setOffline(true);
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Your answer is saved on this phone and will be sent when the network allows.").waitFor();
    await eventually(async () => {
      const t = await page.evaluate(async () => (await navigator.serviceWorker.ready).sync.getTags());
      return t.includes("letterbox-outbox");
    }, { what: "a background sync registration" });

    // The app is closed, the network returns, the browser wakes the worker.
    await page.close();
    assert.deepEqual(await responses(desk), [], "nothing was sent while offline");
    await resident.context.setOffline(false);
    const blank = await resident.context.newPage();
    const cdp = await resident.context.newCDPSession(blank);
    const registrations = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
    await cdp.send("ServiceWorker.enable");
    const registration = await eventually(
      () => registrations.find((r) => r.scopeURL.startsWith(server.base) && !r.isDeleted),
      { what: "the app's service worker registration" },
    );
    await cdp.send("ServiceWorker.dispatchSyncEvent", {
      origin: new URL(server.base).origin,
      registrationId: registration.registrationId,
      tag: "letterbox-outbox",
      lastChance: false,
    });
    const rows = await eventually(async () => {
      const r = await responses(desk);
      return r.length === 1 && r;
    }, { timeout: 30_000, what: "the answer at the office" });
    assert.equal(rows[0][0], "1");
    assert.deepEqual(await eventually(async () => {
      const photos = await deskPhotos(desk);
      return photos.length === 1 && photos;
    }, { timeout: 30_000, what: "its photo at the office" }), [true]);

    // The app opens again: the office already had it; one response.
    const again = await resident.context.newPage();
    await again.goto(`${server.base}/c/${SLUG}`);
    await answered(again).waitFor({ timeout: 30_000 });
    await again.getByRole("status").filter({ hasText: "All sent" }).waitFor({ timeout: 30_000 });
    const after = await responses(desk);
    assert.equal(after.length, 1);
    assert.equal(after[0][0], "1", "the same revision: delivered once");
  } finally {
    for (const b of [staff, resident]) await b.context.close();
    await server.stop();
    cleanup(staff.profile, resident.profile, server.dataDir);
  }
});
