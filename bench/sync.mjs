// Sync benchmarks (numbers, not pass/fail). Run: make bench-sync
//  - drain an outbox of 100 petitions x 3 photos over loopback, no faults;
//  - the same through the chaos proxy (with one server kill);
//  - server-side requests per second for idempotent replays of a petition.
import { chaosRun } from "../tests/e2e/chaos-run.mjs";
import { cleanup, startServer } from "../tests/e2e/harness.mjs";

const PETITIONS = Number(process.env.BENCH_PETITIONS ?? 100);

const clean = await chaosRun({ petitions: PETITIONS, faults: false, restart: false, seed: 1 });
console.log(`drain, no faults: ${PETITIONS} petitions x 3 photos in ${clean.drained} ms`);
const chaos = await chaosRun({ petitions: PETITIONS, faults: true, restart: true, seed: 20261128 });
console.log(`drain, chaos proxy + one server kill: ${PETITIONS} petitions x 3 photos in ${chaos.drained} ms; ` +
  `faults ${JSON.stringify(chaos.counts)}`);

// Idempotent replays: the same petition, again and again, from 16 clients.
const server = await startServer();
try {
  const { token } = await (await fetch(`${server.base}/api/v1/devices`, { method: "POST" })).json();
  const id = "019378a2-5b1c-7d3e-8f40-" + Date.now().toString(16).padStart(12, "0").slice(-12);
  const body = JSON.stringify({ id, kind: "suggestion", title: "增设公交站台", body: "建议在小区门口增设公交站台。",
    category: "transport" });
  const post = () => fetch(`${server.base}/api/v1/petitions`, {
    method: "POST", body, headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  });
  const first = await post();
  if (first.status !== 201) throw new Error(`create: ${first.status}`);
  const TOTAL = 4000;
  const CLIENTS = 16;
  let sent = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (sent < TOTAL) {
      sent += 1;
      const r = await post();
      await r.arrayBuffer();
      if (r.status === 200) ok += 1;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`idempotent replays: ${ok}/${TOTAL} answered 200 in ${seconds.toFixed(2)} s = ` +
    `${Math.round(TOTAL / seconds)} requests/s (${CLIENTS} concurrent clients, loopback)`);
} finally {
  await server.stop();
  cleanup(server.dataDir);
}
