// Test harness: the real server binary over a temporary SQLite file, and
// Debian's Chromium driven by playwright-core. Nothing is mocked.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "../..");
export const DIST = resolve(ROOT, process.env.LETTERBOX_DIST ?? "target/test-dist");
const SERVER = resolve(ROOT, process.env.LETTERBOX_SERVER ?? "target/debug/letterbox-server");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `letterbox-${prefix}-`));
}

/** Starts the server; resolves once it prints its address. `args` are
 * more flags (a quota lifted for a test that sends more than a phone would). */
export async function startServer({ dataDir = tempDir("data"), addr = "127.0.0.1:0", args = [], env = {} } = {}) {
  const child = spawn(SERVER, ["--addr", addr, "--data-dir", dataDir, "--dist", DIST, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn", ...storageEnv(dataDir), ...env },
  });
  const base = await new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const m = /^listening on (http:\/\/\S+)$/.exec(line.trim());
      m ? ok(m[1]) : fail(new Error(`unexpected server output: ${line}`));
    });
    child.once("exit", (code) => fail(new Error(`server exited with ${code}`)));
  });
  return {
    base,
    dataDir,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill(signal);
      await exited;
    },
  };
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** A browser profile of its own (kept on disk, so it survives a restart). */
export async function launch({ profile = tempDir("profile"), locale = "en-US", serviceWorkers = "allow", userAgent } = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale,
    serviceWorkers,
    ...(userAgent ? { userAgent } : {}),
    viewport: { width: 390, height: 844 },
  });
  context.setDefaultTimeout(20_000);
  watchContentSecurityPolicy(context);
  return { context, profile };
}

/** Every page reports what its Content-Security-Policy blocked; closing
 *  the context fails the test if anything was (the server's policy must
 *  never break the app or the desk). */
function watchContentSecurityPolicy(context) {
  const violations = [];
  context.on("console", (msg) => {
    const text = msg.text();
    if (text.startsWith("CSP violation:")) violations.push(`${msg.location().url}: ${text}`);
  });
  context.addInitScript(() => {
    addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    }, true);
  });
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join("\n")}`);
  };
}

export function cleanup(...dirs) {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

/** Polls until `check` returns a truthy value or throws its last error. */
export async function eventually(check, { timeout = 20_000, interval = 100, what = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

/** The device token the app keeps in IndexedDB. */
export async function deviceToken(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open("letterbox");
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction("meta").objectStore("meta").get("device");
      get.onsuccess = () => { db.close(); ok(get.result ? get.result.token : null); };
      get.onerror = () => fail(get.error);
    };
  }));
}

/** Every case the server holds for this token, read from the sync feed. */
export async function serverCases(base, token) {
  const res = await fetch(`${base}/api/v1/sync?cursor=0&limit=500`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`sync: ${res.status}`);
  return (await res.json()).changes;
}

/** Waits until the page is controlled by the service worker. */
export async function waitForServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true }));
    }
  });
}

/** Runs `body` with a fresh server and a fresh browser profile, then
 *  closes both and removes their files, whatever happened. */
export async function withApp(options, body) {
  const server = await startServer();
  const { context, profile } = await launch(options);
  try {
    await body({ server, context });
  } finally {
    await context.close();
    await server.stop();
    cleanup(profile, server.dataDir);
  }
}

/** The city pass of the suite (`LETTERBOX_E2E_CITY=1`, issue 13): every
 *  server and command over one data directory uses a database, a bucket
 *  prefix and a key of that directory's own on PostgreSQL and S3. */
const CITY = process.env.LETTERBOX_E2E_CITY === "1";
const cityStores = new Map();

/** The environment a server or command over `dataDir` runs with: nothing
 *  extra on SQLite; in the city pass its own database, made on first use. */
export function storageEnv(dataDir) {
  if (!CITY) return {};
  if (!cityStores.has(dataDir)) {
    const shared = sharedStorage();
    if (!shared) throw new Error("LETTERBOX_E2E_CITY=1 needs tools/with-postgres.sh and tools/with-s3.sh");
    cityStores.set(dataDir, shared.env);
  }
  return cityStores.get(dataDir);
}

/** `letterbox-server --data-dir <dataDir> <args>` (staff accounts and the
 *  like), over the same storage as the servers of that directory. */
export function serverCommand(dataDir, args, options = {}) {
  return spawnSync(SERVER, ["--data-dir", dataDir, ...args], {
    encoding: "utf8",
    ...options,
    env: { ...process.env, ...storageEnv(dataDir), ...(options.env ?? {}) },
  });
}

/** What a city's instances share (issue 13): a fresh database on the
 *  PostgreSQL cluster `LETTERBOX_TEST_DATABASE_URL` names
 *  (tools/with-postgres.sh), migrated once, a fresh prefix in the bucket
 *  `LETTERBOX_TEST_PHOTOS` names (tools/with-s3.sh), and one query-code
 *  key file; `null` when the suite runs without them. */
export function sharedStorage() {
  const cluster = process.env.LETTERBOX_TEST_DATABASE_URL;
  const bucket = process.env.LETTERBOX_TEST_PHOTOS;
  if (!cluster || !bucket) return null;
  const name = `e2e_${Date.now()}_${Math.floor(Math.random() * 1e9)}`;
  const created = spawnSync("psql", [cluster, "-q", "-c", `CREATE DATABASE ${name}`], { encoding: "utf8" });
  if (created.status !== 0) throw new Error(`CREATE DATABASE: ${created.stderr}`);
  const databaseUrl = cluster.replace(/\/[^/]*$/, `/${name}`);
  const keyDir = tempDir("key");
  const keyFile = join(keyDir, "query-code.key");
  writeFileSync(keyFile, randomBytes(32));
  const env = { DATABASE_URL: databaseUrl, LETTERBOX_PHOTOS: `${bucket}/${name}`, LETTERBOX_QUERY_KEY_FILE: keyFile };
  const scratch = tempDir("migrate");
  const migrated = spawnSync(SERVER, ["--data-dir", scratch, "migrate"], { env: { ...process.env, ...env }, encoding: "utf8" });
  rmSync(scratch, { recursive: true, force: true });
  if (migrated.status !== 0) throw new Error(`migrate: ${migrated.stderr}`);
  return { env, keyDir };
}
