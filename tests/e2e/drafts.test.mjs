// Drafts are never lost: reloads, a browser restart with the same profile,
// several drafts at once, delete with undo, and a full disk.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanup, eventually, launch, startServer } from "./harness.mjs";

async function newDraft(page, { kind, title, body }) {
  await page.getByRole("link", { name: "Drafts" }).click();
  await page.getByRole("button", { name: "New petition" }).click();
  await page.getByRole("radio", { name: kind }).check();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What happened, and what do you ask for?").fill(body);
  await page.getByRole("status").filter({ hasText: "Saved on this phone" }).waitFor();
  return page.url();
}

test("drafts survive a reload and a browser restart, each kept apart", async () => {
  const server = await startServer();
  let { context, profile } = await launch();
  try {
    let page = await context.newPage();
    await page.goto(server.base);
    const first = await newDraft(page, {
      kind: "Report or accusation", title: "Official asks for fees",
      body: "A clerk at the street office asked for an unofficial fee to stamp a form.",
    });
    const second = await newDraft(page, {
      kind: "Suggestion or opinion", title: "More benches in the park",
      body: "Older residents need somewhere to rest along the river path.",
    });
    assert.notEqual(first, second);
    await page.reload();
    await page.getByRole("link", { name: "Drafts" }).click();
    const list = page.getByRole("list", { name: "Your drafts" });
    await list.getByRole("link", { name: "Official asks for fees" }).waitFor();
    await list.getByRole("link", { name: "More benches in the park" }).waitFor();
    assert.equal(await list.getByRole("listitem").count(), 2);

    // Close the whole browser, start it again on the same profile.
    await context.close();
    ({ context } = await launch({ profile }));
    page = await context.newPage();
    await page.goto(first);
    await eventually(async () => (await page.getByLabel("Title").inputValue()) === "Official asks for fees",
      { what: "the first draft after a restart" });
    assert.match(await page.getByLabel("What happened, and what do you ask for?").inputValue(), /unofficial fee/);
    assert.equal(await page.getByRole("radio", { name: "Report or accusation" }).isChecked(), true);
    await page.goto(second);
    await eventually(async () => (await page.getByLabel("Title").inputValue()) === "More benches in the park",
      { what: "the second draft after a restart" });
    assert.equal(await page.getByRole("radio", { name: "Suggestion or opinion" }).isChecked(), true);
  } finally {
    await context.close();
    await server.stop();
    cleanup(profile, server.dataDir);
  }
});

test("a deleted draft comes back with Undo", async () => {
  const server = await startServer();
  const { context, profile } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(server.base);
    await newDraft(page, {
      kind: "Complaint or claim", title: "Water cut for a week",
      body: "Our building has had no water for seven days and nobody answers the phone.",
    });
    await newDraft(page, {
      kind: "Suggestion or opinion", title: "Street lights on Minzu Road",
      body: "Several lights have been out since October; the road is dark at night.",
    });
    await page.getByRole("link", { name: "Drafts" }).click();
    const list = page.getByRole("list", { name: "Your drafts" });
    await list.getByRole("button", { name: "Delete draft: Water cut for a week" }).click();
    await page.getByText("Draft deleted.").waitFor();
    await eventually(async () => (await list.getByRole("listitem").count()) === 1, { what: "one draft left" });
    await list.getByRole("link", { name: "Street lights on Minzu Road" }).waitFor();

    await page.getByRole("button", { name: "Undo" }).click();
    await list.getByRole("link", { name: "Water cut for a week" }).waitFor();
    assert.equal(await list.getByRole("listitem").count(), 2);
    await page.reload();
    await page.getByRole("list", { name: "Your drafts" }).getByRole("link", { name: "Water cut for a week" }).waitFor();
  } finally {
    await context.close();
    await server.stop();
    cleanup(profile, server.dataDir);
  }
});

test("when the quota runs out the resident is told, and earlier drafts are intact", async () => {
  const server = await startServer();
  let { context, profile } = await launch();
  try {
    let page = await context.newPage();
    await page.goto(server.base);
    const kept = await newDraft(page, {
      kind: "Suggestion or opinion", title: "Saved before the disk filled",
      body: "This draft was saved while there was still room on the phone.",
    });
    // Restart with a quota far below what the app already uses, set before
    // the app opens its database (Chromium checks the quota as the
    // database is opened and grows).
    await context.close();
    ({ context } = await launch({ profile }));
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.base).origin;
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1 });
    await page.goto(server.base);
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
    const typed = "This one does not fit";
    await page.getByLabel("Title").fill(typed);
    await page.getByRole("status").filter({ hasText: "storage for the app is full" }).waitFor();
    await page.getByText("Nothing already saved was lost").waitFor();
    // What was typed is still on screen.
    assert.equal(await page.getByLabel("Title").inputValue(), typed);

    // With room again, the earlier draft is all there.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin });
    await page.goto(kept);
    await eventually(async () => (await page.getByLabel("Title").inputValue()) === "Saved before the disk filled",
      { what: "the earlier draft" });
    assert.match(await page.getByLabel("What happened, and what do you ask for?").inputValue(), /still room/);
  } finally {
    await context.close();
    await server.stop();
    cleanup(profile, server.dataDir);
  }
});
