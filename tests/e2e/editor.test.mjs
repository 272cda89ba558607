// The form follows the kind of petition, the profile fills it in, and the
// position is shared only when asked for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withApp } from "./harness.mjs";

test("each kind says what it needs and why, with errors next to the fields", async () => {
  await withApp({}, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    await page.getByRole("button", { name: "New petition" }).click();

    await page.getByRole("radio", { name: "Complaint or claim" }).check();
    await page.getByText("The Regulations (Art. 19) require a complaint to give your real name").waitFor();
    assert.equal(await page.getByRole("checkbox", { name: /Give my name/ }).count(), 0, "no opt-out for a complaint");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("alert").filter({ hasText: "Please fix the marked fields" }).waitFor();
    const title = page.getByLabel("Title");
    assert.equal(await title.getAttribute("aria-invalid"), "true");
    assert.equal(await title.evaluate((el) => el === document.activeElement), true, "focus goes to the first problem");
    for (const label of ["Category", "District or county", "Full name", "Phone number", "Your address"]) {
      assert.equal(await page.getByLabel(label).getAttribute("aria-invalid"), "true", label);
    }
    await page.getByLabel("Phone number").fill("12");
    await page.getByLabel("Phone number").blur();
    await page.getByText("Enter a phone number: digits, with spaces or hyphens if you like.").waitFor();

    await page.getByRole("radio", { name: "Report or accusation" }).check();
    await page.getByText("Your identity is protected: only authorised staff").waitFor();
    // Anonymous by default: the identity fields are hidden until chosen.
    assert.equal(await page.getByLabel("Full name").isVisible(), false);
    await page.getByRole("checkbox", { name: "Give my name and phone number so the office can contact me" }).check();
    assert.equal(await page.getByLabel("Full name").isVisible(), true);

    await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
    await page.getByText("You may make a suggestion anonymously.").waitFor();
    await page.getByRole("checkbox", { name: "Several people are affected (a group matter)" }).check();
    await page.getByLabel("How many people are affected?").fill("1");
    await page.getByLabel("How many people are affected?").blur();
    await page.getByText("Enter 2 or more.").waitFor();
  });
});

test("the profile on the phone fills in a new petition", async () => {
  await withApp({ locale: "zh-CN" }, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(`${server.base}/settings`);
    await page.getByRole("heading", { name: "本机保存的个人信息" }).waitFor();
    await page.getByLabel("真实姓名").fill("张三");
    await page.getByLabel("联系电话").fill("138 0013 8000");
    await page.getByLabel("您的住址").fill("渝中区民族路 1 号");
    await page.getByRole("status").filter({ hasText: "已保存在本机" }).waitFor();
    await page.getByText(/已使用 .+，应用可用/).waitFor();

    await page.getByRole("link", { name: "草稿" }).click();
    await page.getByRole("button", { name: "写新信件" }).click();
    await page.getByRole("radio", { name: "申诉求决" }).check();
    assert.equal(await page.getByLabel("真实姓名").inputValue(), "张三");
    assert.equal(await page.getByLabel("联系电话").inputValue(), "138 0013 8000");
    await page.getByText("根据《信访工作条例》第十九条").waitFor();
  });
});

test("the position is asked for only on request, rounded, and can be removed", async () => {
  await withApp({}, async ({ server, context }) => {
    await context.grantPermissions(["geolocation"], { origin: server.base });
    await context.setGeolocation({ latitude: 29.5587654, longitude: 106.5771239 });
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("button", { name: "New petition" }).click();
    assert.equal(await page.getByText(/Position added/).count(), 0);
    await page.getByRole("button", { name: "Use my location" }).click();
    await page.getByText("Position added: 29.5588, 106.5771").waitFor();
    await page.getByRole("button", { name: "Remove my position" }).click();
    await page.getByRole("button", { name: "Use my location" }).waitFor();
    assert.equal(await page.getByText(/Position added/).count(), 0);
  });
});
