// The resident's own steps on a case: a new draft that looks like an open
// case is added to it as a supplement (words and photo), and a case is
// withdrawn after a confirmation. Both go through the outbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceToken, eventually, serverCases, withApp } from "./harness.mjs";
import { makeFixtures } from "./fixtures.mjs";

async function writeDraft(page, title, body) {
  await page.getByRole("button", { name: "New petition" }).click();
  await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
  await page.getByLabel("Category").selectOption({ label: "Transport" });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What happened, and what do you ask for?").fill(body);
  await page.getByRole("status").filter({ hasText: "Saved on this phone" }).waitFor();
}

test("a similar draft is added to the open case instead, photo included, and the case is then withdrawn", async () => {
  await withApp({ locale: "en-US" }, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    const fixtures = await makeFixtures(page);
    await writeDraft(page, "小区门口增设公交站台", "老人出行不便，请在小区门口增设公交站台。");
    await page.getByRole("button", { name: "Send" }).click();
    const received = page.getByRole("region", { name: "Received by the office" });
    await received.getByRole("link", { name: /Case no\. LB-/ }).waitFor({ timeout: 30_000 });
    const number = (await received.getByRole("link", { name: /Case no\./ }).textContent()).match(/LB-\d{4}-\d{6}/)[0];

    // What is typed on the case page survives the page being told of
    // changes elsewhere (another tab sends a petition meanwhile).
    await received.getByRole("link", { name: new RegExp(number) }).click();
    const typing = page.getByRole("region", { name: "Add information" }).getByLabel("What you want to add");
    await typing.fill("正在输入的补充内容");
    const other = await context.newPage();
    await other.goto(server.base);
    await writeDraft(other, "路灯不亮", "小区东门路灯坏了一个月，请尽快维修。");
    await other.getByRole("button", { name: "Send" }).click();
    await other.getByRole("region", { name: "Received by the office" }).getByRole("listitem").nth(1).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    assert.equal(await typing.inputValue(), "正在输入的补充内容");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "supplement-text", "focus kept");
    await other.close();
    await typing.fill("");

    // Past midnight (the phone's clock moved a day on), the days left count
    // down on the open page, without a reload.
    const due = page.getByRole("region", { name: "What is due" });
    const left = Number((await due.getByText(/\d+ days left/).textContent()).match(/(\d+) days left/)[1]);
    await page.evaluate(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 86_400_000;
    });
    await due.getByText(`${left - 1} days left`).waitFor({ timeout: 15_000 });
    await page.getByRole("link", { name: "Back to my cases" }).click();

    // A second draft about the same matter: the hint offers the open case.
    await page.getByRole("link", { name: "Drafts" }).click();
    await writeDraft(page, "公交站台什么时候增设", "站台的事已经反映过，补充一张现场照片。");
    await page.getByLabel("Choose photos").setInputFiles([
      { name: "gate.png", mimeType: "image/png", buffer: Buffer.from(fixtures.screenshot) },
    ]);
    await page.getByRole("list", { name: "Photos" }).getByRole("img", { name: "Photo 1" }).waitFor();
    const hint = page.getByRole("region", { name: "You may already have sent this" });
    await hint.getByRole("link", { name: "Add to this case instead" }).click();
    const supplement = page.getByRole("region", { name: "Add information" });
    assert.match(await supplement.getByLabel("What you want to add").inputValue(), /补充一张现场照片/);
    await supplement.getByText("1 photo", { exact: true }).waitFor();
    await supplement.getByRole("button", { name: "Add to this case" }).click();
    const timeline = page.getByRole("region", { name: "Progress" });
    await timeline.getByText("You added information").waitFor({ timeout: 30_000 });
    await timeline.getByText(/补充一张现场照片/).waitFor();
    // The draft became the supplement; its photo goes up into the case.
    await page.getByText("1 of 1 photos received by the office").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Drafts" }).click();
    await page.getByText(/^No drafts yet\./).waitFor();
    assert.equal(await page.getByRole("link", { name: /公交站台什么时候增设/ }).count(), 0, "no longer a draft");

    // Withdrawing asks first; "No" keeps the case.
    await page.getByRole("link", { name: /My cases/ }).click();
    await received.getByRole("link", { name: new RegExp(number) }).click();
    const withdraw = page.getByRole("region", { name: "Withdraw this case" });
    // By keyboard: the question takes the focus, on the safe answer.
    await withdraw.getByRole("button", { name: "Withdraw…" }).focus();
    await page.keyboard.press("Enter");
    const dialog = withdraw.getByRole("alertdialog");
    await dialog.getByText(`Withdraw case ${number}? The office will stop handling it.`).waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await eventually(async () => (await focused()) === "No, keep it", { what: "focus on the safe answer" });
    await page.keyboard.press("Enter");
    assert.equal(await withdraw.getByRole("alertdialog").count(), 0);
    await eventually(async () => (await focused()) === "Withdraw…", { what: "focus back on Withdraw…" });
    await withdraw.getByRole("button", { name: "Withdraw…" }).click();
    await withdraw.getByLabel("Reason (optional)").fill("已经解决");
    await withdraw.getByRole("button", { name: "Yes, withdraw" }).click();
    await timeline.getByText("You withdrew the case").waitFor({ timeout: 30_000 });
    await page.locator("dd.state", { hasText: "Withdrawn" }).waitFor();
    assert.equal(await page.getByRole("region", { name: "Withdraw this case" }).count(), 0);
    assert.equal(await page.getByRole("region", { name: "Add information" }).count(), 0, "a withdrawn case takes no more");

    const token = await deviceToken(page);
    const feed = await eventually(async () => {
      const f = await serverCases(server.base, token);
      return f.some((c) => c.status === "withdrawn") && f.filter((c) => c.case_number === number);
    }, { what: "the withdrawal at the office" });
    const actions = feed.map((c) => c.event.action.type);
    assert.deepEqual(actions, ["receive", "supplement", "withdraw"]);
    assert.equal(feed[1].event.action.photos, 1);
    assert.equal(feed[2].event.note, "已经解决");
  });
});
