// The chaos run shared by the chaos tests and the sync benchmark: petitions
// with photos drafted offline in the app, then sent through the proxy.
import assert from "node:assert/strict";
import { cleanup, deviceToken, eventually, launch, serverCases, sharedStorage, startServer, tempDir } from "./harness.mjs";
import { startProxy } from "./chaos-proxy.mjs";
import { makeFixtures } from "./fixtures.mjs";

const PHOTOS = 3;
const SEED = 20261128;
// One phone sends every petition of the run in one day, more than the
// daily quota per device (core limits): lifted here, tested in server/tests.
const QUOTA = ["--petitions-per-day", "0"];
const PETITIONS = 50;

/** What the phone holds: outbox size, cases and their statuses, photo hashes. */
function phoneState(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("letterbox");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = (store) => new Promise((ok, fail) => {
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const [outbox, cases, photos] = [await all("outbox"), await all("cases"), await all("photos")];
    db.close();
    return {
      outbox: outbox.length,
      cases: cases.map((c) => ({ id: c.id, status: c.status, number: c.case_number })),
      photos: Object.fromEntries(photos.map((p) => [p.id, p.sha256])),
    };
  });
}

async function draftOffline(page, fixtures, i) {
  await page.getByRole("link", { name: "Drafts" }).click();
  await page.getByRole("button", { name: "New petition" }).click();
  await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
  await page.getByLabel("Category").selectOption({ label: "Transport" });
  await page.getByLabel("Title").fill(`Chaos petition ${i + 1}`);
  await page.getByLabel("What happened, and what do you ask for?").fill(`Petition ${i + 1} written offline with ${PHOTOS} photos.`);
  await page.getByLabel("Choose photos").setInputFiles(
    [0, 1, 2].map((k) => ({ name: `p${i}-${k}.png`, mimeType: "image/png", buffer: fixtures.small[(i + k) % fixtures.small.length] })),
  );
  await eventually(async () => (await page.getByRole("list", { name: "Photos" }).getByRole("listitem").count()) === PHOTOS,
    { what: `photos of petition ${i + 1}` });
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("heading", { name: "My cases" }).waitFor();
}

/** `instances: 2` runs two servers on PostgreSQL and a bucket
 *  (`sharedStorage`) and the proxy sends each request to the other one
 *  than the last, as a load balancer might; the restart kills one of them. */
export async function chaosRun({ tabs = 1, petitions = PETITIONS, seed = SEED, faults = true, restart = true, instances = 1 } = {}) {
  const PETITIONS = petitions;
  const SEED = seed;
  console.log(`chaos seed ${SEED}: ${PETITIONS} petitions x ${PHOTOS} photos, ${tabs} tab(s), faults ${faults}, ${instances} instance(s)`);
  const shared = instances > 1 ? sharedStorage() : null;
  if (instances > 1 && !shared) throw new Error("two instances need tools/with-postgres.sh and tools/with-s3.sh");
  const env = shared?.env ?? {};
  const dataDirs = Array.from({ length: instances }, () => tempDir("chaos-data"));
  const servers = [];
  for (const dataDir of dataDirs) servers.push(await startServer({ dataDir, args: QUOTA, env }));
  let server = servers[0];
  const dataDir = dataDirs[0];
  const addr = new URL(server.base).host;
  let turn = 0;
  const proxy = await startProxy({ upstream: () => servers[turn++ % servers.length].base, seed: SEED + tabs, faults });
  const { context, profile } = await launch();
  const started = Date.now();
  try {
    const page = await context.newPage();
    await page.goto(proxy.base);
    // Online once, through the faults: the lists reach the phone.
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByLabel("Category").locator("option", { hasText: "Transport" }).waitFor({ state: "attached", timeout: 60_000 });
    const fixtures = await makeFixtures(page);

    await context.setOffline(true);
    for (let i = 0; i < PETITIONS; i++) await draftOffline(page, fixtures, i);
    const queued = await phoneState(page);
    assert.equal(queued.outbox, PETITIONS);
    assert.equal(Object.keys(queued.photos).length, PETITIONS * PHOTOS);

    const pages = [page];
    if (tabs > 1) {
      const second = await context.newPage();
      await second.goto(`${proxy.base}/cases`);
      pages.push(second);
    }
    const draftedAt = Date.now();
    await context.setOffline(false);

    // Kill the server once while the phone is sending, then bring it back.
    const restarted = (async () => {
      if (!restart) return;
      await eventually(async () => proxy.counts.pass > 40, { what: "sending under way", timeout: 120_000 });
      await server.stop("SIGKILL");
      await new Promise((r) => setTimeout(r, 1000));
      server = await startServer({ dataDir, addr, args: QUOTA, env });
      servers[0] = server;
    })();

    const token = await eventually(() => deviceToken(page), { what: "a device token" });
    await restarted;
    const direct = () => server.base;
    await eventually(async () => {
      const changes = await serverCases(direct(), token);
      const latest = new Map();
      for (const c of changes) latest.set(c.petition_id, c.status);
      const phone = await phoneState(page);
      return latest.size === PETITIONS && [...latest.values()].every((s) => s === "received")
        && phone.outbox === 0 && phone.cases.length === PETITIONS && phone.cases.every((c) => c.status === "received");
    }, { what: "every petition and photo landed and pulled", timeout: 600_000, interval: 1000 });
    const drained = Date.now() - draftedAt;

    // Exactly once, photos intact, phone equal to server.
    const changes = await serverCases(direct(), token);
    const ids = [...new Set(changes.map((c) => c.petition_id))];
    assert.equal(ids.length, PETITIONS, "exactly the petitions sent");
    const phone = await phoneState(page);
    let photos = 0;
    const numbers = new Set();
    for (const id of ids) {
      const res = await fetch(`${direct()}/api/v1/petitions/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const receipt = await res.json();
      assert.equal(receipt.status, "received");
      assert.equal(receipt.photos.length, PHOTOS);
      for (const p of receipt.photos) {
        assert.equal(p.sha256, phone.photos[p.id], `photo ${p.id} hash matches the phone`);
        photos += 1;
      }
      numbers.add(receipt.case_number);
    }
    assert.equal(photos, PETITIONS * PHOTOS);
    assert.equal(numbers.size, PETITIONS, "no case number given twice");
    assert.deepEqual(phone.cases.map((c) => c.id).sort(), [...ids].sort(), "the phone's cases are the server's");
    for (const p of pages) {
      await p.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    }
    console.log(`chaos seed ${SEED}, ${tabs} tab(s): ${PETITIONS} cases, ${photos} photos; drained in ${drained} ms ` +
      `(whole run ${Date.now() - started} ms); proxy ${JSON.stringify(proxy.counts)}`);
    return { drained, photos, counts: { ...proxy.counts } };
  } finally {
    await context.close();
    await proxy.stop();
    for (const s of servers) await s.stop();
    cleanup(profile, ...dataDirs, ...(shared ? [shared.keyDir] : []));
  }
}

