// The resident controls their data: "Download my data" gives one JSON file
// with the phone's part and the office's; "Forget this phone" (after a
// confirmation) leaves a fresh app and a token the office no longer takes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { deviceToken, eventually, withApp } from "./harness.mjs";

async function sendPetition(page) {
  await page.getByRole("button", { name: "New petition" }).click();
  await page.getByRole("radio", { name: "Complaint or claim" }).check();
  await page.getByLabel("Title").fill("Gas still not connected");
  await page.getByLabel("What happened, and what do you ask for?")
    .fill("The developer and the gas company disagree, so our building has no gas. Please resolve it.");
  await page.getByLabel("Category").selectOption({ label: "Water, power and gas" });
  await page.getByLabel("District or county").selectOption({ label: "Yuzhong District" });
  await page.getByLabel("Street (sub-district) or town").selectOption({ label: "Jiefangbei Subdistrict" });
  await page.getByLabel("Full name").fill("Zhang San");
  await page.getByLabel("Phone number").fill("138 0013 8000");
  await page.getByLabel("Your address").fill("1 Minzu Road, Yuzhong");
  await page.getByRole("status").filter({ hasText: "Saved on this phone" }).waitFor();
  await page.getByRole("button", { name: "Send" }).click();
  const received = page.getByRole("region", { name: "Received by the office" });
  await received.getByRole("link", { name: /Case no\. LB-\d{4}-\d{6}/ }).waitFor({ timeout: 30_000 });
}

test("my data downloads as one file with the office's part, and a forgotten phone starts afresh", async () => {
  await withApp({ locale: "en-US" }, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("heading", { name: "Your drafts" }).waitFor();
    await sendPetition(page);
    const token = await deviceToken(page);
    assert.ok(token);

    await page.goto(`${server.base}/settings`);
    await page.getByRole("heading", { name: "Your data" }).waitFor();
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download my data" }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^letterbox-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(file.phone.cases.length, 1);
    assert.equal(file.office.petitions.length, 1);
    assert.equal(file.office.petitions[0].content.title, "Gas still not connected");
    assert.equal(file.office.petitions[0].identity.name, "Zhang San");
    assert.ok(file.phone.device_id);
    assert.ok(!JSON.stringify(file).includes(token), "the device token is never in the file");
    await page.getByRole("status").filter({ hasText: /is downloaded/ }).waitFor();

    // Offline, the file has the phone's part and says the office's is missing.
    await context.setOffline(true);
    const offline = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download my data" }).click();
    const partial = JSON.parse(await readFile(await (await offline).path(), "utf8"));
    assert.equal(partial.office, null);
    assert.match(partial.office_note, /could not be reached/);
    assert.equal(partial.phone.cases.length, 1);

    // Offline, forgetting offers the phone only, or later.
    await page.getByRole("button", { name: "Forget this phone" }).click();
    await page.getByRole("group", { name: "Forget this phone?" }).waitFor();
    await page.getByText(/Cases the office has already received stay with the office/).waitFor();
    await page.getByRole("button", { name: "Yes, forget this phone" }).click();
    await page.getByRole("alert").filter({ hasText: /could not be reached/ }).waitFor();
    await page.getByRole("button", { name: "Try again later" }).click();
    await context.setOffline(false);

    await page.getByRole("button", { name: "Forget this phone" }).click();
    await page.getByRole("button", { name: "Yes, forget this phone" }).click();
    await page.getByRole("heading", { name: "Your drafts" }).waitFor({ timeout: 30_000 });
    await page.goto(`${server.base}/cases`);
    await eventually(async () => (await page.getByText(/Case no\./).count()) === 0,
      { what: "no cases on a fresh phone" });
    assert.notEqual(await deviceToken(page), token, "the old token is gone from the phone");
    const answer = await fetch(`${server.base}/api/v1/devices/me/data`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(answer.status, 401);
  });
});
