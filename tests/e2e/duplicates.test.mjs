// A resend — a lost response, a double tap, two tabs — never makes a
// second case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceToken, eventually, serverCases, waitForServiceWorker, withApp } from "./harness.mjs";

async function writeDraft(page, title) {
  await page.getByRole("button", { name: "New petition" }).click();
  await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
  await page.getByLabel("Category").selectOption({ label: "Transport" });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What happened, and what do you ask for?")
    .fill("Please add a bus stop at the gate of our community for older residents.");
  await page.getByRole("status").filter({ hasText: "Saved on this phone" }).waitFor();
}

test("a response lost after the server committed is resent and lands once", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    let cut = 0;
    await page.route("**/api/v1/petitions", async (route) => {
      if (cut === 0) {
        cut += 1;
        const response = await route.fetch(); // the server stores it...
        assert.equal(response.status(), 201);
        await route.abort("connectionreset"); // ...and the phone never hears back.
        return;
      }
      await route.continue();
    });
    await page.goto(server.base);
    await writeDraft(page, "Bus stop at the gate");
    // A double tap on Send.
    await page.getByRole("button", { name: "Send" }).dblclick();
    const received = page.getByRole("region", { name: "Received by the office" });
    await received.getByRole("link", { name: /Case no\. LB-/ }).waitFor({ timeout: 30_000 });
    assert.equal(cut, 1, "the first answer was cut");
    const token = await deviceToken(page);
    const cases = await serverCases(server.base, token);
    assert.equal(cases.length, 1, "one case on the server");
    assert.equal(await received.getByRole("listitem").count(), 1, "one case on the phone");
  });
});

test("two tabs sending the same queued petition make one case", async () => {
  await withApp({}, async ({ server, context }) => {
    const first = await context.newPage();
    await first.goto(server.base);
    await first.getByRole("heading", { name: "Your drafts" }).waitFor();
    // The first visit online brings the office's lists and the app's pages
    // to the phone (a page opened offline before that is another test's,
    // in split.test.mjs).
    await first.getByRole("button", { name: "New petition" }).click();
    await first.getByLabel("Category").locator("option", { hasText: "Transport" }).waitFor({ state: "attached" });
    await waitForServiceWorker(first);
    await context.setOffline(true);
    await first.getByRole("link", { name: "Drafts" }).click();
    await writeDraft(first, "Two tabs, one case");
    await first.getByRole("button", { name: "Send" }).click();
    await first.getByText("Waiting to send", { exact: true }).waitFor();

    const second = await context.newPage();
    await context.setOffline(false);
    await second.goto(`${server.base}/cases`);
    for (const page of [first, second]) {
      await page.getByRole("region", { name: "Received by the office" })
        .getByRole("link", { name: /Case no\. LB-/ })
        .waitFor({ timeout: 30_000 });
    }
    const token = await deviceToken(first);
    await eventually(async () => (await serverCases(server.base, token)).length === 1, { what: "one case" });
    // Let any late second send finish, then check again.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await serverCases(server.base, token)).length, 1);
  });
});
