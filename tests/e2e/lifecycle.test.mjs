// The case lifecycle end to end: a resident and the office staff, each in a
// browser of their own, against the real server. The resident sends a
// complaint with a photo; a clerk registers and assigns it; the housing
// handler accepts and replies "does not support"; the resident, with the
// network cut after a pull, still sees the timeline and the deadlines and
// rates "dissatisfied"; back online the rating lands and the desk shows it;
// the resident asks for a review within the window; the supervisor answers
// it and closes the case; the resident sees it. Another device sees nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  cleanup, deviceToken, eventually, launch, serverCases, startServer, tempDir, waitForServiceWorker, serverCommand,
} from "./harness.mjs";
import { makeFixtures } from "./fixtures.mjs";

const PASSWORD = "correct horse battery staple";

/** `letterbox-server staff add`, the password on standard input. */
function addStaff(dataDir, username, role, department) {
  const args = ["staff", "add", "--username", username, "--name", username, "--role", role];
  if (department) args.push("--department", department);
  const run = serverCommand(dataDir, args, { input: `${PASSWORD}\n` });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`added staff member ${username}`));
}

async function signIn(page, base, username) {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Cases to act on/ }).waitFor();
}

async function signOut(page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
}

/** Takes an action from the case page's form of that name. */
async function act(page, action, fill = async () => {}) {
  const form = page.getByRole("form", { name: action, exact: true });
  await fill(form);
  await form.getByRole("button", { name: action, exact: true }).click();
  await page.getByRole("heading", { name: /^Case LB-/ }).waitFor();
  assert.equal(await page.getByRole("form", { name: action, exact: true }).count(), 0, `${action} is done`);
}

test("a complaint from sending to the answer of its review, resident and staff side by side", async () => {
  const dataDir = tempDir("data");
  addStaff(dataDir, "clerk", "clerk");
  addStaff(dataDir, "housing", "handler", "housing");
  addStaff(dataDir, "chief", "supervisor");
  // A handler with a role that does not exist is refused by the command.
  const bad = serverCommand(dataDir, ["staff", "add", "--username", "x1x", "--role", "boss"], { input: `${PASSWORD}\n` });
  assert.notEqual(bad.status, 0);
  const server = await startServer({ dataDir });
  const resident = await launch({ locale: "en-US" });
  const staff = await launch({ locale: "en-US", serviceWorkers: "block" });
  const stranger = await launch({ locale: "en-US" });
  try {
    // The resident allowed notifications; a spy records each one the app
    // shows (the real Notification is still made).
    await resident.context.grantPermissions(["notifications"], { origin: server.base });
    await resident.context.addInitScript(() => {
      const Real = window.Notification;
      if (!Real) return;
      window.__notified = [];
      class Spy extends Real {
        constructor(title, options) {
          window.__notified.push(title);
          super(title, options);
        }
      }
      Object.defineProperty(Spy, "permission", { get: () => Real.permission });
      Spy.requestPermission = (...a) => Real.requestPermission(...a);
      window.Notification = Spy;
      const show = ServiceWorkerRegistration.prototype.showNotification;
      ServiceWorkerRegistration.prototype.showNotification = function (title, options) {
        window.__notified.push(title);
        return show.call(this, title, options);
      };
    });
    // The resident sends a complaint with a photo.
    const phone = await resident.context.newPage();
    await phone.goto(server.base);
    await waitForServiceWorker(phone);
    const fixtures = await makeFixtures(phone);
    await phone.getByRole("button", { name: "New petition" }).click();
    await phone.getByRole("radio", { name: "Complaint or claim" }).check();
    await phone.getByLabel("Title").fill("Garage fees doubled without notice");
    await phone.getByLabel("What happened, and what do you ask for?")
      .fill("The property company doubled the garage fees this month without any notice. Please review the charge.");
    await phone.getByLabel("Category").selectOption({ label: "Housing and property" });
    await phone.getByLabel("District or county").selectOption({ label: "Yuzhong District" });
    await phone.getByLabel("Full name").fill("Zhang San");
    await phone.getByLabel("Phone number").fill("138 0013 8000");
    await phone.getByLabel("Your address").fill("1 Minzu Road, Yuzhong");
    await phone.getByLabel("Choose photos").setInputFiles([
      { name: "notice.png", mimeType: "image/png", buffer: Buffer.from(fixtures.screenshot) },
    ]);
    await phone.getByRole("list", { name: "Photos" }).getByRole("img", { name: "Photo 1" }).waitFor();
    await phone.getByRole("button", { name: "Send" }).click();
    const received = phone.getByRole("region", { name: "Received by the office" });
    await received.getByRole("link", { name: /Case no\. LB-\d{4}-\d{6}/ }).waitFor({ timeout: 30_000 });
    // "All sent" only once the office holds the photo too.
    await phone.getByRole("status").filter({ hasText: "All sent" }).waitFor({ timeout: 30_000 });
    assert.equal(await received.getByText("1 of 1 photos received by the office").count(), 1);
    assert.equal(await phone.getByRole("region", { name: "Saved on this phone, not yet sent" }).count(), 0);
    const number = (await received.getByRole("link", { name: /Case no\./ }).textContent()).match(/LB-\d{4}-\d{6}/)[0];

    // The clerk registers it and assigns it to the housing department.
    const desk = await staff.context.newPage();
    await signIn(desk, server.base, "clerk");
    await desk.getByRole("link", { name: number }).click();
    await desk.getByRole("heading", { name: `Case ${number}` }).waitFor();
    await desk.getByRole("img", { name: `Photo 1 of case ${number}` }).waitFor();
    assert.ok(await desk.getByText("Zhang San").count() > 0, "a complainant's name is shown to the clerk");
    assert.equal(await desk.getByRole("form", { name: "Accept" }).count(), 0, "a clerk cannot accept");
    await act(desk, "Register");
    await act(desk, "Assign", (form) => form.getByLabel("District Housing and Urban-Rural Development Commission").check());
    await signOut(desk);

    // The housing handler accepts and replies "does not support".
    await signIn(desk, server.base, "housing");
    await desk.getByRole("link", { name: number }).click();
    await act(desk, "Accept");
    await act(desk, "Reply in writing", async (form) => {
      await form.getByLabel("Opinion").selectOption({ label: "Does not support the request" });
      await form.getByLabel("Note the petitioner will read")
        .fill("The fee follows the contract signed by the owners' committee.");
    });
    await desk.getByRole("region", { name: "History" }).getByRole("cell", { name: "Reply in writing" }).waitFor();
    await signOut(desk);

    // The resident's phone pulls the changes by itself; "My cases" counts
    // them, and the status change was a system notification.
    await phone.getByRole("link", { name: /My cases.*1 updated/ }).waitFor({ timeout: 30_000 });
    const notified = await eventually(async () => {
      const titles = await phone.evaluate(() => window.__notified);
      return titles.includes(`Case ${number}: Replied`) && titles;
    }, { what: "a notification of the reply" });
    assert.ok(notified.every((t) => t.startsWith(`Case ${number}: `)), JSON.stringify(notified));
    await received.getByRole("link", { name: new RegExp(number) }).click();
    const timeline = phone.getByRole("region", { name: "Progress" });
    await timeline.getByText("Written reply: does not support your request").waitFor();
    await timeline.getByText("The fee follows the contract signed by the owners' committee.").waitFor();
    await timeline.getByText("Registered", { exact: true }).first().waitFor();
    await timeline.getByText(/Passed to District Housing/).waitFor();
    assert.ok(await timeline.getByText("Updated since your last visit").count() >= 3, "the office's steps are marked new");
    await phone.getByText(/^Query code: [2-9A-Z]{8}$/).waitFor();
    const due = phone.getByRole("region", { name: "What is due" });
    await due.getByText("You may ask for a review").waitFor();
    await due.getByText(/by \d{4}-\d{2}-\d{2} \(Regulations Art\. 35\)/).waitFor();
    await due.getByText(/\d+ days left/).waitFor();

    // The network goes; the case is still all there, and a rating is saved.
    await resident.context.setOffline(true);
    await phone.reload();
    await timeline.getByText("Written reply: does not support your request").waitFor();
    await due.getByText("You may ask for a review").waitFor();
    const rate = phone.getByRole("region", { name: "Rate the answer" });
    await rate.getByRole("button", { name: "Send my rating" }).click();
    await rate.getByRole("alert").getByText("Choose how satisfied you are.").waitFor();
    await rate.getByRole("radio", { name: "Dissatisfied" }).check();
    await rate.getByLabel("Result").selectOption("1");
    await rate.getByLabel("Comment (optional)").fill("The contract was never shown to us.");
    await rate.getByRole("button", { name: "Send my rating" }).click();
    const pending = phone.getByRole("region", { name: "Saved on this phone, not yet sent" });
    await pending.getByText("Rating").waitFor();
    await phone.getByText("You rated this answer: Dissatisfied.").waitFor();
    await phone.getByRole("status").filter({ hasText: /Offline|waiting/ }).first().waitFor();

    // Back online, the rating lands once and the desk shows it.
    await resident.context.setOffline(false);
    await eventually(async () => (await pending.count()) === 0, { timeout: 30_000, what: "the rating sent" });
    await timeline.getByText("You rated the answer: Dissatisfied").waitFor();
    await signIn(desk, server.base, "chief");
    await desk.goto(`${server.base}/staff?all=1`);
    await desk.getByRole("link", { name: number }).click();
    await desk.getByRole("region", { name: "Ratings" }).getByText(/Dissatisfied \(timeliness –, attitude –, result 1\)/).waitFor();
    await desk.getByText("The contract was never shown to us.").waitFor();

    // Within the window, one tap asks for a review, prefilled from the case.
    const review = phone.getByRole("region", { name: "Not satisfied? Ask for a review" });
    assert.match(await review.getByLabel("Why you disagree").inputValue(), new RegExp(`case ${number}`));
    await review.getByText(/You can ask for a review until \d{4}-\d{2}-\d{2}/).waitFor();
    await review.getByRole("button", { name: "Request a review" }).click();
    await timeline.getByText("You asked for a review").waitFor({ timeout: 30_000 });

    // The supervisor answers the review and closes the case.
    await desk.reload();
    await act(desk, "Answer the review", async (form) => {
      await form.getByLabel("Opinion").selectOption({ label: "Explains" });
      await form.getByLabel("Note the petitioner will read").fill("The committee will show the contract on Monday.");
    });
    await act(desk, "Close");
    await desk.goto(`${server.base}/staff/report`);
    await desk.getByRole("row", { name: /District Housing and Urban-Rural Development Commission/ })
      .getByText("0 / 1 (0%)").waitFor();

    // The resident sees the review's answer and the case closed.
    await timeline.getByText("Review answered: explains the matter").waitFor({ timeout: 30_000 });
    await timeline.getByText("The committee will show the contract on Monday.").waitFor();
    await phone.locator("dd.state", { hasText: "Closed" }).waitFor({ timeout: 30_000 });
    // Seen as it arrived: the count on "My cases" is gone, the marks stay.
    await eventually(async () => (await phone.getByRole("link", { name: /My cases.*updated/ }).count()) === 0,
      { what: "no updated count while the case is open" });
    const answered = timeline.getByRole("listitem").filter({ hasText: "Review answered: explains the matter" });
    await answered.getByText("Updated since your last visit").waitFor();
    const reply = timeline.getByRole("listitem").filter({ hasText: "Written reply" });
    assert.equal(await reply.getByText("Updated since your last visit").count(), 0, "seen at the earlier visit");
    await phone.getByRole("region", { name: "Not satisfied with the review? Ask for a re-check" }).waitFor();
    assert.equal(await phone.getByRole("region", { name: "Withdraw this case" }).count(), 0, "no withdrawal after a reply");

    // The server holds exactly one rating and one review request, in order.
    const token = await deviceToken(phone);
    const feed = await serverCases(server.base, token);
    const actions = feed.map((c) => c.event?.action?.type);
    assert.deepEqual(actions, [
      "receive", "attachments_complete", "register", "assign", "accept", "reply", "rate", "request_review",
      "answer_review", "close",
    ]);

    // Another resident's device sees none of it.
    const other = await stranger.context.newPage();
    await other.goto(server.base);
    await other.getByRole("link", { name: "My cases" }).click();
    await other.getByText("You have not sent anything yet.").waitFor();
    const theirs = await eventually(() => deviceToken(other), { what: "the other device's token" });
    assert.deepEqual(await serverCases(server.base, theirs), []);
    const caseId = new URL(phone.url()).pathname.split("/").pop();
    const peek = await fetch(`${server.base}/api/v1/petitions/${caseId}`, { headers: { authorization: `Bearer ${theirs}` } });
    assert.equal(peek.status, 404);
    const poke = await fetch(`${server.base}/api/v1/petitions/${caseId}/requests/${crypto.randomUUID()}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${theirs}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "withdraw" }),
    });
    assert.equal(poke.status, 404);
    // And a resident's token opens no staff page.
    const sneak = await fetch(`${server.base}/staff`, { headers: { authorization: `Bearer ${token}` }, redirect: "manual" });
    assert.equal(sneak.status, 303);

    // With the case number and the query code, another phone follows it.
    const code = (await phone.getByText(/^Query code: /).textContent()).replace("Query code: ", "");
    await other.getByRole("link", { name: "Follow a case sent from another phone" }).click();
    await other.getByLabel("Case number").fill(number);
    await other.getByLabel("Query code").fill("ABCDEFGH");
    await other.getByRole("button", { name: "Follow this case" }).click();
    await other.getByRole("alert").getByText("No case matches that number and code.").waitFor();
    await other.getByLabel("Query code").fill(code.toLowerCase());
    await other.getByRole("button", { name: "Follow this case" }).click();
    await other.getByRole("heading", { name: "Garage fees doubled without notice" }).waitFor();
    await other.getByRole("region", { name: "Progress" }).getByText("Review answered: explains the matter").waitFor();
    await other.getByText(/You follow this case with its query code/).waitFor();
    assert.equal(await other.getByRole("region", { name: /Ask for a re-check/ }).count(), 0, "only the sender's phone acts");
    await other.getByRole("link", { name: "Back to my cases" }).click();
    await other.getByRole("region", { name: "Received by the office" }).getByRole("link", { name: new RegExp(number) }).waitFor();

    // Someone who leaves the office is disabled from the command line.
    const disable = serverCommand(dataDir, ["staff", "disable", "--username", "housing"]);
    assert.equal(disable.status, 0, disable.stderr);
    const listed = serverCommand(dataDir, ["staff", "list"]);
    assert.match(listed.stdout, /^housing\t.*\tdisabled /m);
    await desk.goto(`${server.base}/staff/login`);
    await desk.getByLabel("Username").fill("housing");
    await desk.getByLabel("Password").fill(PASSWORD);
    await desk.getByRole("button", { name: "Sign in" }).click();
    await desk.getByRole("alert").getByText("The username or password is wrong.").waitFor();
  } finally {
    await resident.context.close();
    await staff.context.close();
    await stranger.context.close();
    await server.stop();
    cleanup(resident.profile, staff.profile, stranger.profile, dataDir);
  }
});
