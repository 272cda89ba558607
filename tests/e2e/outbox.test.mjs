// What waits on the phone is visible, with its reason; the resident can
// send now, or fix a refused petition and send it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceToken, serverCases, withApp } from "./harness.mjs";

async function writeAndSend(page, title) {
  await page.getByRole("button", { name: "New petition" }).click();
  await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
  await page.getByLabel("Category").selectOption({ label: "Environment" });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What happened, and what do you ask for?").fill("Trucks unload at night behind building 4; the noise wakes everyone.");
  await page.getByRole("button", { name: "Send" }).click();
}

test("a busy server's Retry-After is honoured, and Send now goes at once", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    let busy = true;
    await page.route("**/api/v1/petitions", (route) =>
      busy
        ? route.fulfill({ status: 503, headers: { "retry-after": "600", "content-type": "application/problem+json" },
            body: JSON.stringify({ type: "/problems/unavailable", title: "Service unavailable", status: 503, detail: "busy" }) })
        : route.continue());
    await page.goto(server.base);
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    await writeAndSend(page, "Night noise behind building 4");
    const waiting = page.getByRole("region", { name: "Saved on this phone, not yet sent" });
    await waiting.getByText("Tried 1 times").waitFor();
    await waiting.getByText("Not sent yet: the office is busy just now. Your text is kept and the app will try again by itself.").waitFor();
    await waiting.getByText(/Next try/).waitFor();
    busy = false;
    // Without Send now it would wait ten minutes.
    await waiting.getByRole("button", { name: "Send now" }).click();
    await page.getByRole("region", { name: "Received by the office" })
      .getByRole("link", { name: /Case no\. LB-/ }).waitFor({ timeout: 15_000 });
  });
});

test("a phone over the office's quota is told in plain words, and its petition waits", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    let full = true;
    await page.route("**/api/v1/petitions", (route) =>
      full
        ? route.fulfill({ status: 429, headers: { "retry-after": "3600", "content-type": "application/problem+json" },
            body: JSON.stringify({ type: "/problems/rate-limited", title: "Too many requests", status: 429, detail: "Try again in 3600 seconds." }) })
        : route.continue());
    await page.goto(server.base);
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    await writeAndSend(page, "Broken street light on Minzu Road");
    const waiting = page.getByRole("region", { name: "Saved on this phone, not yet sent" });
    await waiting.getByText(/^Not sent yet: the office takes only so many from one phone at a time\. Your text is kept/).waitFor();
    await waiting.getByText(/Next try/).waitFor();
    full = false;
    await waiting.getByRole("button", { name: "Send now" }).click();
    await page.getByRole("region", { name: "Received by the office" })
      .getByRole("link", { name: /Case no\. LB-/ }).waitFor({ timeout: 15_000 });
  });
});

test("a refused petition says why, and goes back to the drafts to be fixed", async () => {
  await withApp({ serviceWorkers: "block" }, async ({ server, context }) => {
    const page = await context.newPage();
    let refuse = true;
    await page.route("**/api/v1/petitions", (route) =>
      refuse
        ? route.fulfill({ status: 422, headers: { "content-type": "application/problem+json" },
            body: JSON.stringify({ type: "/problems/invalid", title: "Some fields are not valid", status: 422, detail: "category unknown",
              errors: [{ field: "category", code: "unknown" }] }) })
        : route.continue());
    await page.goto(server.base);
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    await writeAndSend(page, "Refused at first");
    const waiting = page.getByRole("region", { name: "Saved on this phone, not yet sent" });
    await waiting.getByText("Needs your attention").waitFor();
    await waiting.getByText("The office could not accept it as written").waitFor();
    await page.getByRole("status").filter({ hasText: "1 need your attention" }).waitFor();
    refuse = false;

    await waiting.getByRole("button", { name: "Fix and send again" }).click();
    await page.getByRole("heading", { name: "Write your petition" }).waitFor();
    assert.equal(await page.getByLabel("Title").inputValue(), "Refused at first");
    assert.equal(await page.getByLabel("Category").inputValue(), "environment");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("region", { name: "Received by the office" })
      .getByRole("link", { name: /Case no\. LB-/ }).waitFor({ timeout: 15_000 });
    const token = await deviceToken(page);
    assert.equal((await serverCases(server.base, token)).length, 1);
  });
});
