// Beyond one machine (issue 13; numbers, not pass/fail). Run: make bench-city
// (beside a throwaway PostgreSQL cluster, tools/with-postgres.sh).
//  1. Idempotent petition submissions per second (POST /petitions, a new
//     id each, 16 phones at a time, each of 64 devices sending in turn) on
//     SQLite, on PostgreSQL with one instance, and with two instances (each
//     request to the other one than the last); beside each, the raw
//     insert rate of the same rows into the same database: the year's
//     counter, the petition with its folded progress, its first change, one
//     transaction each, 16 connections (pgbench) or SQLite's one writer
//     (Python's sqlite3, WAL, synchronous=FULL, as the server runs it).
//     Three rounds of 5 s each, submissions and raw in turns; the medians.
//  2. Sync pulls per second with 10,000 devices and 1,000,000 changes in
//     the feed (100,000 cases, 10 changes each), a random device and
//     cursor each pull, 16 at a time, on both databases.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

if (!process.env.LETTERBOX_DIST) {
  const dist = mkdtempSync(join(tmpdir(), "letterbox-bench-dist-"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>Letterbox</title>");
  process.env.LETTERBOX_DIST = dist;
}
const { startServer, tempDir, cleanup } = await import("../tests/e2e/harness.mjs");
const { seeded } = await import("../tests/e2e/chaos-proxy.mjs");

const SERVER = process.env.LETTERBOX_SERVER ?? "target/server/letterbox-server";
const CLUSTER = process.env.LETTERBOX_TEST_DATABASE_URL;
if (!CLUSTER && process.env.BENCH_STORES !== "sqlite") throw new Error("run me through tools/with-postgres.sh (make bench-city)");
const CLIENTS = 16;
const DEVICES = 64;
// Each round of submissions, and each raw run, lasts SECONDS.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FEED_DEVICES = 10_000;
const CASES_PER_DEVICE = 10;
const CHANGES_PER_CASE = 10;
const PULLS = Number(process.env.BENCH_PULLS ?? 20_000);
const PG_BIN = spawnSync("bash", ["-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1"], { encoding: "utf8" }).stdout.trim();

// The chaos proxy's seeded generator: every run pulls alike.
const random = seeded(20261128);

function run(cmd, args, options = {}) {
  const done = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  if (done.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${done.stderr || done.stdout}`);
  return done.stdout;
}

/** A fresh database on the cluster, migrated by the server. */
function freshPostgres(name) {
  run("psql", [CLUSTER, "-q", "-c", `CREATE DATABASE ${name}`]);
  const url = CLUSTER.replace(/\/[^/]*$/, `/${name}`);
  run(SERVER, ["--data-dir", tempDir("migrate"), "migrate"], { env: { ...process.env, DATABASE_URL: url } });
  return url;
}

/** One store's servers: SQLite in a data directory, or PostgreSQL. */
async function servers({ postgres, instances }) {
  const key = join(tempDir("key"), "query-code.key");
  writeFileSync(key, Buffer.alloc(32, 7));
  const url = postgres ? freshPostgres(`bench_${Date.now()}`) : null;
  const env = url ? { DATABASE_URL: url, LETTERBOX_QUERY_KEY_FILE: key } : {};
  const dataDir = tempDir("bench-city");
  const list = [];
  for (let i = 0; i < instances; i++) {
    list.push(await startServer({
      dataDir: url ? tempDir("bench-city") : dataDir,
      env,
      args: ["--petitions-per-day", "0", "--registration-burst", "0", "--max-concurrent-requests", "256"],
    }));
  }
  return { list, url, dataDir };
}

function petition(id) {
  return {
    id, kind: "suggestion", category: "transport", title: "增设公交站台",
    body: "建议在小区门口增设公交站台，方便老人出行。每天早上七点到九点之间候车的人很多。",
  };
}

/** A UUIDv7, as the app makes a petition's id. */
function uuidv7() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Petitions accepted per second, `CLIENTS` at a time, for `SECONDS`. */
async function submissions(list) {
  let turn = 0;
  const next = () => list[turn++ % list.length].base;
  const tokens = [];
  for (let i = 0; i < DEVICES; i++) {
    const res = await fetch(`${next()}/api/v1/devices`, { method: "POST" });
    tokens.push((await res.json()).token);
  }
  let accepted = 0;
  const other = {};
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    let k = c;
    while (Date.now() < until) {
      const token = tokens[k++ % tokens.length];
      const res = await fetch(`${next()}/api/v1/petitions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(petition(uuidv7())),
      });
      await res.arrayBuffer();
      if (res.status === 201) accepted++; else other[res.status] = (other[res.status] ?? 0) + 1;
    }
  }));
  if (Object.keys(other).length) console.log(`  answers other than 201: ${JSON.stringify(other)}`);
  return accepted / ((Date.now() - started) / 1000);
}

const RAW_SQL = (device) => `
BEGIN;
INSERT INTO case_counters (year, last_seq) VALUES (2026, 1)
  ON CONFLICT (year) DO UPDATE SET last_seq = case_counters.last_seq + 1 RETURNING last_seq;
INSERT INTO petitions (id, device_id, case_number, kind, title, body, status, received_at, category,
  district, street, community, address, lat, lon, people_affected, content_json, identity_hmac,
  progress_json, due_on)
  VALUES (:id, '${device}', :id, 'suggestion', '增设公交站台',
  '建议在小区门口增设公交站台，方便老人出行。每天早上七点到九点之间候车的人很多。', 'received',
  '2026-11-28T09:30:00Z', 'transport', NULL, NULL, NULL, '', NULL, NULL, NULL, :content, NULL,
  :progress, '2026-12-14');
INSERT INTO case_changes (petition_id, device_id, status, at, event_json)
  VALUES (:id, '${device}', 'received', '2026-11-28T09:30:00Z', :event);
COMMIT;
`;
const CONTENT = JSON.stringify(petition("00000000-0000-7000-8000-000000000000"));
const EVENT = '{"seq":0,"status":"received","at":"2026-11-28T09:30:00Z","action":{"type":"receive"}}';
const PROGRESS = '{"status":"received","due_on":"2026-12-14","events":1}';

/** Raw inserts per second into PostgreSQL, 16 connections (pgbench). */
function rawPostgres(url) {
  const device = "01939c3e-0000-7000-8000-0000000000aa";
  run("psql", [url, "-q", "-c", `INSERT INTO devices (id, token_hash, created_at) VALUES ('${device}', 'raw', 'now') ON CONFLICT DO NOTHING`]);
  const quote = (s) => `'${s.replace(/'/g, "''")}'`;
  // One id per transaction (pgbench's variables): the petition's, reused
  // by its change and its update.
  const script = "\\set n random(1, 2000000000)\n" + RAW_SQL(device)
    .replaceAll(":id", "('raw-' || :n || '-' || :client_id)")
    .replaceAll(":content", quote(CONTENT)).replaceAll(":event", quote(EVENT)).replaceAll(":progress", quote(PROGRESS));
  const file = join(tempDir("pgbench"), "raw.sql");
  writeFileSync(file, script);
  const out = run(`${PG_BIN}/pgbench`, ["-n", "-c", String(CLIENTS), "-j", "2", "-T", String(SECONDS), "-f", file, url]);
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  if (!tps) throw new Error(out);
  return tps;
}

/** Raw inserts per second into the server's SQLite file, one writer. */
function rawSqlite(dataDir) {
  const py = `
import sqlite3, sys, time, uuid
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL"); db.execute("PRAGMA foreign_keys=ON")
device = "01939c3e-0000-7000-8000-0000000000aa"
db.execute("INSERT OR IGNORE INTO devices (id, token_hash, created_at) VALUES (?, 'raw', 'now')", (device,))
sql = sys.stdin.read()
n = 0; until = time.time() + float(sys.argv[2]); start = time.time()
while time.time() < until:
    pid = "raw-" + str(uuid.uuid4())
    db.executescript(sql.replace(":id", "'" + pid + "'"))
    n += 1
print(n / (time.time() - start))
`;
  const script = RAW_SQL("01939c3e-0000-7000-8000-0000000000aa")
    .replaceAll(":content", `'${CONTENT.replace(/'/g, "''")}'`)
    .replaceAll(":event", `'${EVENT}'`).replaceAll(":progress", `'${PROGRESS}'`)
    .replace("RETURNING last_seq", "");
  return Number(run("python3", ["-c", py, join(dataDir, "letterbox.sqlite3"), String(SECONDS)], { input: script }).trim());
}

/** Fills the feed: devices with known tokens, cases, changes. Device
 *  `i` has the id `uuid(i)` and the token `feed-<i>`. */
function seedFeed({ url, dataDir }) {
  const uuid = url
    ? (e) => `'00000000-0000-7000-8000-' || lpad((${e})::text, 12, '0')`
    : (e) => `'00000000-0000-7000-8000-' || printf('%012d', ${e})`;
  const series = url
    ? (name, last) => `WITH ${name}(i) AS (SELECT generate_series(0, ${last}))`
    : (name, last) => `WITH RECURSIVE ${name}(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM ${name} WHERE i < ${last})`;
  const caseId = (e) => uuid(e).replace("-8000-", "-9000-");
  const hash = url ? `encode(sha256(convert_to('feed-' || i, 'UTF8')), 'hex')` : `'feed-' || i`;
  const cases = FEED_DEVICES * CASES_PER_DEVICE;
  const sql = `
${series("d", FEED_DEVICES - 1)}
INSERT INTO devices (id, token_hash, created_at) SELECT ${uuid("i")}, ${hash}, 'now' FROM d;
${series("p", cases - 1)}
INSERT INTO petitions (id, device_id, case_number, kind, title, body, status, received_at)
  SELECT ${caseId("i")}, ${uuid(`i / ${CASES_PER_DEVICE}`)}, 'LB-F-' || i, 'suggestion', 't', 'b', 'received', 'now' FROM p;
${series("c", cases * CHANGES_PER_CASE - 1)}
INSERT INTO case_changes (petition_id, device_id, status, at, event_json)
  SELECT ${caseId(`i / ${CHANGES_PER_CASE}`)}, ${uuid(`i / ${CASES_PER_DEVICE * CHANGES_PER_CASE}`)}, 'received', '2026-11-28T09:30:00Z', NULL FROM c;
`;
  if (url) {
    run("psql", [url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql + "ANALYZE;"]);
  } else {
    const py = `
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(sys.stdin.read())
db.executemany("UPDATE devices SET token_hash = ? WHERE token_hash = ?", [(hashlib.sha256(("feed-%d" % i).encode()).hexdigest(), "feed-%d" % i) for i in range(${FEED_DEVICES})])
db.commit(); db.execute("ANALYZE")
`;
    run("python3", ["-c", py, join(dataDir, "letterbox.sqlite3")], { input: sql });
  }
}

/** Sync pulls per second: a random device, from a random cursor. */
async function pulls(list) {
  let turn = 0;
  let done = 0;
  let changes = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (done < PULLS) {
      done++;
      const device = Math.floor(random() * FEED_DEVICES);
      const cursor = random() < 0.5 ? 0 : Math.floor(random() * FEED_DEVICES * CASES_PER_DEVICE * CHANGES_PER_CASE);
      const res = await fetch(`${list[turn++ % list.length].base}/api/v1/sync?cursor=${cursor}&limit=100`, {
        headers: { authorization: `Bearer feed-${device}` },
      });
      if (!res.ok) throw new Error(`sync: ${res.status}`);
      changes += (await res.json()).changes.length;
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  return { perSecond: PULLS / seconds, changesPerPull: changes / PULLS };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
// BENCH_STORES=sqlite measures SQLite alone (an older server, say).
const STORES = [["SQLite", false, 1], ["PostgreSQL, 1 instance", true, 1], ["PostgreSQL, 2 instances", true, 2]]
  .filter(([, postgres]) => process.env.BENCH_STORES !== "sqlite" || !postgres);
for (const [label, postgres, instances] of STORES) {
  const { list, url, dataDir } = await servers({ postgres, instances });
  try {
    // Rounds of each, taken in turns, so that a slow minute of the disk
    // weighs on both; the medians are compared.
    const rates = [], raws = [];
    for (let round = 0; round < ROUNDS; round++) {
      rates.push(await submissions(list));
      raws.push(postgres ? rawPostgres(url) : rawSqlite(dataDir));
    }
    const rate = median(rates), raw = median(raws);
    const row = { label, submissions: Math.round(rate), raw: Math.round(raw), ratio: `${Math.round((100 * rate) / raw)} %`,
      rounds: rates.map((r, i) => `${Math.round(r)}/${Math.round(raws[i])}`).join(" ") };
    if (instances === 1) {
      seedFeed({ url, dataDir });
      const p = await pulls(list);
      row.pulls = Math.round(p.perSecond);
      row.changesPerPull = p.changesPerPull.toFixed(1);
    }
    console.log(JSON.stringify(row));
    results.push(row);
  } finally {
    for (const s of list) await s.stop();
    cleanup(dataDir);
  }
}
console.table(results);
