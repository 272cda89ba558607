// The walking skeleton's thin path, with the network really cut.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  deviceToken, eventually, serverCases, waitForServiceWorker, withApp,
} from "./harness.mjs";

test("a petition written and sent offline lands once when the network returns (English)", async () => {
  await withApp({ locale: "en-US" }, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("heading", { name: "Your drafts" }).waitFor();
    await waitForServiceWorker(page);

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
    const draftUrl = page.url();

    // Offline, a reload still opens the app, and the draft is all there.
    await context.setOffline(true);
    await page.reload();
    assert.equal(page.url(), draftUrl);
    await eventually(async () => (await page.getByLabel("Title").inputValue()) === "Gas still not connected",
      { what: "the title after an offline reload" });
    assert.match(await page.getByLabel("What happened, and what do you ask for?").inputValue(), /no gas/);
    assert.equal(await page.getByRole("radio", { name: "Complaint or claim" }).isChecked(), true);
    // The lists came from the office once and work offline.
    assert.equal(await page.getByLabel("Category").inputValue(), "utilities");
    assert.equal(await page.getByLabel("Street (sub-district) or town").inputValue(), "500103002");
    assert.equal(await page.getByLabel("Phone number").inputValue(), "138 0013 8000");

    // Still offline: Send puts it in the outbox, in plain words.
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("heading", { name: "My cases" }).waitFor();
    await page.getByText("Saved on this phone and waiting to send").waitFor();
    const waiting = page.getByRole("region", { name: "Saved on this phone, not yet sent" });
    await waiting.getByText("Gas still not connected").waitFor();
    await waiting.getByText("Waiting to send").waitFor();
    await page.getByRole("status").filter({ hasText: /Offline|waiting to send/ }).first().waitFor();
    assert.equal(await page.getByText(/Case no\./).count(), 0, "no case number before the office has it");

    // Online again: it goes by itself, without a tap.
    await context.setOffline(false);
    const received = page.getByRole("region", { name: "Received by the office" });
    await received.getByRole("link", { name: /Case no\. LB-\d{4}-\d{6}/ }).waitFor({ timeout: 30_000 });
    await received.getByText("Received", { exact: true }).waitFor();
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    assert.equal(await page.getByRole("region", { name: "Saved on this phone, not yet sent" }).count(), 0);
    assert.equal(await page.getByRole("link", { name: "Drafts" }).count(), 1);

    // Back to the draft's address: it says the petition was sent.
    await page.goto(draftUrl);
    await page.getByText("This petition has already been sent").waitFor();
    await page.getByRole("link", { name: "See what was sent" }).click();
    await page.getByRole("link", { name: "Back to my cases" }).click();

    // Tapping the case shows what was sent.
    await received.getByRole("link", { name: /Case no\./ }).click();
    await page.getByRole("heading", { name: "Gas still not connected" }).waitFor();
    await page.getByRole("heading", { name: "What you sent" }).waitFor();
    await page.getByText("Complaint or claim").waitFor();
    await page.getByText(/our building has no gas/).waitFor();

    // The server holds exactly one case for this device.
    const token = await deviceToken(page);
    assert.ok(token, "the app registered and kept its token");
    const cases = await serverCases(server.base, token);
    assert.equal(cases.length, 1);
    assert.match(cases[0].case_number, /^LB-\d{4}-\d{6}$/);
  });
});

test("the app speaks Chinese by default for a Chinese browser, and remembers a switch", async () => {
  await withApp({ locale: "zh-CN" }, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("heading", { name: "我的草稿" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
    await page.getByRole("button", { name: "写新信件" }).click();
    await page.getByRole("radio", { name: "建议意见" }).check();
    await page.getByLabel("类别").selectOption({ label: "交通出行" });
    await page.getByLabel("标题").fill("建议增设公交站台");
    await page.getByLabel("发生了什么？您的诉求是什么？").fill("小区门口没有公交站台，老人出行不便，建议增设。");
    await page.getByRole("status").filter({ hasText: "已保存在本机" }).waitFor();

    // Field errors are in Chinese too.
    await page.getByLabel("标题").fill("短");
    await page.getByLabel("发生了什么？您的诉求是什么？").focus();
    await page.getByText("请至少写 4 个字。").waitFor();
    await page.getByLabel("标题").fill("建议增设公交站台");

    await page.getByRole("button", { name: "发送" }).click();
    const received = page.getByRole("region", { name: "受理机关已收到" });
    await received.getByRole("link", { name: /件号 LB-\d{4}-\d{6}/ }).waitFor({ timeout: 30_000 });

    // Writing about the same matter again shows the case already sent.
    const number = (await received.getByRole("link", { name: /件号/ }).textContent()).replace("件号 ", "");
    await page.getByRole("link", { name: "草稿" }).click();
    await page.getByRole("button", { name: "写新信件" }).click();
    await page.getByLabel("标题").fill("公交站台太少");
    const similar = page.getByRole("region", { name: "您可能已经反映过此事" });
    await similar.getByRole("link", { name: new RegExp(number) }).waitFor();
    await page.getByRole("link", { name: "我的件" }).click();

    // Switch to English; the choice survives a reload.
    await page.getByRole("button", { name: /Switch to English/ }).click();
    await page.getByRole("heading", { name: "My cases" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "My cases" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  });
});
