// Suggestion campaigns end to end, the resident's side: a supervisor
// publishes a campaign through the desk; a resident opens its link in a
// fresh browser (the title, introduction and link-preview tags are in the
// page before the app runs), answers one question of each type, loses the
// network, reloads (the answer is still there), sends, and the answer
// arrives once the network is back; changing it keeps one response at
// revision 2; a photo on the long text reaches the desk. Without a service
// worker, and without IndexedDB (some chat apps' browsers), the page still
// works online and sends, and a chat app's browser is told how to keep the
// answer. An answer queued offline before the close counts; one made
// after it does not. The office's answer reaches an open app through the
// sync feed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanup, eventually, launch, startServer, tempDir, waitForServiceWorker } from "./harness.mjs";
import { makeFixtures } from "./fixtures.mjs";
import {
  FIELDS, INTRO, SLUG, TITLE, WECHAT, addPhoto, addSupervisor, answer, answered, chinaTime, deskPhotos,
  postForm, publishCampaign, responses, saved,
} from "./campaign-desk.mjs";

test("a resident answers a campaign offline, sends it, and changes it", async () => {
  const dataDir = tempDir("data");
  addSupervisor(dataDir);
  const server = await startServer({ dataDir });
  const staff = await launch({ serviceWorkers: "block" });
  const resident = await launch({ locale: "en-US" });
  const plain = await launch({ locale: "en-US", serviceWorkers: "block", userAgent: WECHAT });
  const chat = await launch({ locale: "en-US", serviceWorkers: "block" });
  try {
    const desk = await publishCampaign(staff, server);
    const fixtures = await makeFixtures(desk);

    // Before any script runs: the page itself carries the campaign.
    const raw = await fetch(`${server.base}/c/${SLUG}`, { headers: { "accept-language": "en-US,en;q=0.9" } });
    const html = await raw.text();
    assert.match(html, new RegExp(`<title>${TITLE}</title>`));
    assert.match(html, /<meta property="og:title" content="Yubei bus routes: your views">/);
    assert.match(html, /<meta property="og:description" content="Yubei District plans to change some bus routes &amp; stops\. Tell us what you think\.">/);
    assert.match(html, /<meta property="og:type" content="website">/);
    assert.match(html, new RegExp(`<meta property="og:image" content="${server.base}/icons/icon-512.png">`));
    assert.match(html, /<div id="first-paint"><main><h1>Yubei bus routes: your views<\/h1><p class="campaign-intro">Yubei District plans to change some bus routes &amp; stops\./);
    const icon = await fetch(`${server.base}/icons/icon-512.png`);
    assert.equal(icon.status, 200);

    // A resident opens the link in a fresh browser and answers.
    const phone = await resident.context.newPage();
    await phone.goto(`${server.base}/c/${SLUG}`);
    await phone.getByRole("heading", { name: TITLE }).waitFor();
    await phone.getByText(INTRO).waitFor();
    await phone.getByText(/^Open for answers: closes in 10 days, on \d{4}-\d{2}-\d{2}\.$/).waitFor();
    assert.equal(await phone.locator("#first-paint").count(), 0, "the app replaced the first paint");
    await waitForServiceWorker(phone);
    // Send with a required question blank: core's words next to it.
    await phone.getByRole("button", { name: "Send" }).click();
    const plan = phone.getByRole("group", { name: /Which plan do you support\? \(required\)/ });
    await plan.getByText("Please answer this question.").waitFor();
    assert.equal(await plan.getByRole("radio", { name: "Keep the routes" }).getAttribute("aria-invalid"), "true");
    await answer(phone, "Change them");
    await addPhoto(phone, fixtures.screenshot);
    await saved(phone).waitFor();
    assert.equal(await plan.getByText("Please answer this question.").count(), 0);
    // A browser that keeps the app has no need of the chat-app note.
    assert.equal(await phone.getByRole("heading", { name: "Keep your answer on this phone" }).count(), 0);

    // Offline, the page comes back with the answer as it was left.
    await resident.context.setOffline(true);
    await phone.reload();
    await phone.getByRole("heading", { name: TITLE }).waitFor();
    assert.ok(await plan.getByRole("radio", { name: "Change them" }).isChecked());
    assert.ok(await phone.getByRole("checkbox", { name: "Night" }).isChecked());
    assert.ok(!(await phone.getByRole("checkbox", { name: "Evening rush" }).isChecked()));
    assert.ok(await phone.getByRole("radio", { name: "4", exact: true }).isChecked());
    assert.equal(await phone.getByRole("textbox", { name: "Which stop do you use most?" }).inputValue(), "Longtousi");
    assert.equal(await phone.getByRole("textbox", { name: "Anything else?" }).inputValue(), "More buses at night, please.");
    await phone.getByText("28 of 500 characters").waitFor();
    await phone.getByRole("list", { name: "Photos" }).getByRole("img", { name: "Photo 1" }).waitFor();

    // Sent offline: kept on the phone, delivered when the network returns.
    await phone.getByRole("button", { name: "Send" }).click();
    await phone.getByText("Your answer is saved on this phone and will be sent when the network allows.").waitFor();
    assert.deepEqual(await responses(desk), []);
    await resident.context.setOffline(false);
    await answered(phone).waitFor({ timeout: 30_000 });
    let rows = await responses(desk);
    assert.equal(rows.length, 1);
    assert.equal(rows[0][0], "1");
    assert.deepEqual(rows[0].slice(3), ["调整", "早高峰; 夜间", "4", "Longtousi", "More buses at night, please."]);
    // The photo goes up after the answer; "All sent" once the office has it.
    await phone.getByRole("status").filter({ hasText: "All sent" }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await deskPhotos(desk), [true]);

    // A changed answer replaces the first: still one response.
    await plan.getByRole("radio", { name: "Keep the routes" }).check();
    await phone.getByRole("button", { name: "Send" }).click();
    rows = await eventually(async () => {
      const r = await responses(desk);
      return r.length === 1 && r[0][0] === "2" ? r : null;
    }, { what: "revision 2", timeout: 30_000 });
    assert.equal(rows[0][3], "保留");
    await answered(phone).waitFor();
    await eventually(async () => (await phone.getByText(/will be sent when the network allows/).count()) === 0,
      { what: "the outbox emptied" });

    // Without a service worker (in WeChat's browser) the page works and
    // sends online, and says how to keep the answer: the link to copy.
    await plain.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.base });
    const second = await plain.context.newPage();
    await second.goto(`${server.base}/c/${SLUG}`);
    await second.getByRole("heading", { name: TITLE }).waitFor();
    const note = second.getByRole("complementary", { name: "Keep your answer on this phone" });
    await note.getByText(/open this page in your phone’s browser: in the chat app, tap ··· at the top right/).waitFor();
    assert.equal(await note.getByRole("textbox", { name: "Link to this page" }).inputValue(), `${server.base}/c/${SLUG}`);
    await note.getByRole("button", { name: "Copy the link" }).click();
    await note.getByText("Link copied. Paste it into your browser.").waitFor();
    assert.equal(await second.evaluate(() => navigator.clipboard.readText()), `${server.base}/c/${SLUG}`);
    await answer(second, "Keep the routes");
    await second.getByRole("button", { name: "Send" }).click();
    await answered(second).waitFor({ timeout: 30_000 });
    assert.equal((await responses(desk)).length, 2);

    // Without IndexedDB (a chat app's browser): sent straight away, and
    // the resident is told the phone could not keep it.
    await chat.context.addInitScript(() => {
      Object.defineProperty(window, "indexedDB", { get() { throw new DOMException("blocked", "SecurityError"); } });
    });
    const third = await chat.context.newPage();
    await third.goto(`${server.base}/c/${SLUG}`);
    await third.getByRole("heading", { name: TITLE }).waitFor();
    await third.getByText(/This phone cannot keep your answer here/).waitFor();
    await third.getByRole("heading", { name: "Keep your answer on this phone" }).waitFor();
    await answer(third, "Change them");
    await addPhoto(third, fixtures.screenshot);
    await third.getByRole("button", { name: "Send" }).click();
    await third.getByText("Your answer was received by the office, but it could not be kept on this phone.").waitFor();
    await answered(third).waitFor();
    assert.equal((await responses(desk)).length, 3);
    // Its photo, held in memory, went with it.
    assert.deepEqual(await deskPhotos(desk), [true, true]);
  } finally {
    for (const b of [staff, resident, plain, chat]) await b.context.close();
    await server.stop();
    cleanup(staff.profile, resident.profile, plain.profile, chat.profile, server.dataDir);
  }
});

test("an answer queued offline before the close counts; one made after the office closed early is refused in plain words, and kept", async () => {
  const dataDir = tempDir("data");
  addSupervisor(dataDir);
  const server = await startServer({ dataDir });
  const staff = await launch({ serviceWorkers: "block" });
  const resident = await launch({ locale: "en-US", serviceWorkers: "block" });
  const early = await launch({ locale: "en-US", serviceWorkers: "block" });
  try {
    const desk = await publishCampaign(staff, server);
    // One resident sends while offline, before the office closes...
    const first = await early.context.newPage();
    await first.goto(`${server.base}/c/${SLUG}`);
    await first.getByRole("heading", { name: TITLE }).waitFor();
    await answer(first, "Keep the routes");
    await early.context.setOffline(true);
    await first.getByRole("button", { name: "Send" }).click();
    await first.getByText("Your answer is saved on this phone and will be sent when the network allows.").waitFor();

    const phone = await resident.context.newPage();
    await phone.goto(`${server.base}/c/${SLUG}`);
    await phone.getByRole("heading", { name: TITLE }).waitFor();
    await answer(phone, "Change them");
    await saved(phone).waitFor();
    // The phone is offline when the office closes the campaign early.
    await resident.context.setOffline(true);
    const closed = await postForm(desk, `/staff/campaigns/${SLUG}/close`, {});
    assert.equal(closed.status, 200, closed.text);
    // ...and its answer, made before the close, arrives after it: counted.
    await early.context.setOffline(false);
    await answered(first).waitFor({ timeout: 30_000 });
    const counted = await responses(desk);
    assert.equal(counted.length, 1);
    assert.equal(counted[0][3], "保留");
    // The office counts whole seconds, and an answer made in the second of
    // the close counts: answer in the next one.
    const closedSecond = Math.floor(Date.now() / 1000);
    await eventually(() => Math.floor(Date.now() / 1000) > closedSecond, { interval: 20, what: "the next second" });
    await phone.getByRole("button", { name: "Send" }).click();
    await phone.getByText("Your answer is saved on this phone and will be sent when the network allows.").waitFor();
    await resident.context.setOffline(false);
    const today = chinaTime(0).slice(0, 10);
    await phone.getByText(`This campaign closed on ${today}; your answer could not be counted.`).waitFor({ timeout: 30_000 });
    await phone.getByText(`Closed on ${today}.`).waitFor();
    // Nothing for the resident to do elsewhere: the indicator does not ask.
    await phone.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    assert.equal(await phone.getByRole("textbox", { name: "Anything else?" }).inputValue(), "More buses at night, please.");
    assert.equal(await phone.getByRole("button", { name: "Send" }).count(), 0, "no Send once closed");
    assert.deepEqual(await responses(desk), counted, "the late answer was not counted");
  } finally {
    for (const b of [staff, resident, early]) await b.context.close();
    await server.stop();
    cleanup(staff.profile, resident.profile, early.profile, server.dataDir);
  }
});

test("the home screen lists a campaign, marks the office's answer new, and its page shows the results", async () => {
  const dataDir = tempDir("data");
  addSupervisor(dataDir);
  const server = await startServer({ dataDir });
  const staff = await launch({ serviceWorkers: "block" });
  const resident = await launch({ locale: "en-US" });
  try {
    const desk = await publishCampaign(staff, server, { ...FIELDS, results_public: "1" });
    const home = await resident.context.newPage();
    await home.goto(`${server.base}/`);
    const campaigns = home.getByRole("list", { name: "Asking for your views" });
    const item = campaigns.getByRole("listitem").filter({ hasText: TITLE });
    await item.getByRole("link", { name: TITLE }).waitFor();
    await item.getByText("Open: closes in 10 days").waitFor();
    await item.getByText("New", { exact: true }).waitFor();
    await waitForServiceWorker(home);

    // The list is kept: offline, the home screen still shows it.
    await resident.context.setOffline(true);
    await home.reload();
    await item.getByRole("link", { name: TITLE }).waitFor();
    await resident.context.setOffline(false);

    // Opened from the list and answered: no longer new.
    await item.getByRole("link", { name: TITLE }).click();
    await home.getByRole("heading", { name: TITLE }).waitFor();
    await answer(home, "Change them");
    await home.getByRole("button", { name: "Send" }).click();
    await answered(home).waitFor({ timeout: 30_000 });
    assert.equal(await home.getByRole("heading", { name: "Results" }).count(), 0, "no results while open");
    await home.goto(`${server.base}/`);
    await item.getByRole("link", { name: TITLE }).waitFor();
    assert.equal(await item.getByText("New", { exact: true }).count(), 0);

    // The office closes it and publishes its answer.
    const closed = await postForm(desk, `/staff/campaigns/${SLUG}/close`, {});
    assert.equal(closed.status, 200, closed.text);
    const answerEn = "We will keep route 618 and add night buses from January.";
    const published = await postForm(desk, `/staff/campaigns/${SLUG}/answer`, {
      answer_zh: "保留618路，一月起增开夜班车。", answer_en: answerEn,
    });
    assert.equal(published.status, 200, published.text);

    // The open app hears of it through the sync feed: the campaign is
    // marked new, and says why (no reload).
    await item.getByText("Closed: the office has answered").waitFor({ timeout: 30_000 });
    await item.getByText("New", { exact: true }).waitFor();
    await item.getByRole("link", { name: TITLE }).click();
    await home.getByRole("heading", { name: TITLE }).waitFor();

    const checkOutcome = async () => {
      await home.getByRole("heading", { name: "The office's answer" }).waitFor();
      await home.getByText(answerEn).waitFor();
      await home.getByRole("heading", { name: "Results" }).waitFor();
      await home.getByText("Responses in all: 1.").waitFor();
      const bar = async (question, option, text, value) => {
        const region = home.getByRole("region", { name: question });
        const meter = region.getByRole("meter", { name: option, exact: true });
        assert.equal(await meter.getAttribute("value"), value, `${question} ${option}`);
        const count = await meter.getAttribute("aria-describedby");
        assert.equal(await region.locator(`#${count}`).textContent(), text, `${question} ${option}`);
      };
      await bar("Which plan do you support?", "Change them", "1 (100%)", "100");
      await bar("Which plan do you support?", "Keep the routes", "0 (0%)", "0");
      await bar("When do you ride?", "Morning rush", "1 (100%)", "100");
      await bar("When do you ride?", "Evening rush", "0 (0%)", "0");
      await bar("When do you ride?", "Night", "1 (100%)", "100");
      await bar("Overall, how do you rate the plan?", "4", "1 (100%)", "100");
      await bar("Overall, how do you rate the plan?", "5 · Satisfied", "0 (0%)", "0");
      await home.getByRole("region", { name: "Which plan do you support?" }).getByText("1 answered this question.").waitFor();
      // Texts are read on the desk, not counted here.
      assert.equal(await home.getByRole("region", { name: "Which stop do you use most?" }).count(), 0);
    };
    await checkOutcome();

    // Seen; and after one visit, all of it reads offline.
    await home.goto(`${server.base}/`);
    await item.getByText("Closed: the office has answered").waitFor();
    assert.equal(await item.getByText("New", { exact: true }).count(), 0);
    await resident.context.setOffline(true);
    await home.goto(`${server.base}/c/${SLUG}`);
    await home.getByRole("heading", { name: TITLE }).waitFor();
    await checkOutcome();
  } finally {
    for (const b of [staff, resident]) await b.context.close();
    await server.stop();
    cleanup(staff.profile, resident.profile, server.dataDir);
  }
});

test("an unknown campaign's link is the plain app, which says not found", async () => {
  const server = await startServer();
  const { context, profile } = await launch({ locale: "en-US", serviceWorkers: "block" });
  try {
    const html = await (await fetch(`${server.base}/c/no-such-campaign`)).text();
    // No campaign in the page: no preview tags, no campaign first paint
    // (the header frame every page has is `first-paint-frame`).
    assert.doesNotMatch(html, /og:title|id="first-paint"/);
    const page = await context.newPage();
    await page.goto(`${server.base}/c/no-such-campaign`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
  } finally {
    await context.close();
    await server.stop();
    cleanup(profile, server.dataDir);
  }
});
