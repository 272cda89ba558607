// Chaos: petitions with photos drafted offline, then sent through a proxy
// that drops, delays, refuses and cuts responses after the server
// committed, while the server is killed and restarted once. Everything must
// land exactly once, and the phone must agree with the server.
//
// Replay a failure with CHAOS_SEED=<printed seed>.
import { test } from "node:test";
import { chaosRun } from "./chaos-run.mjs";

const SEED = Number(process.env.CHAOS_SEED ?? 20261128);
const PETITIONS = Number(process.env.CHAOS_PETITIONS ?? 50);

test(`chaos: petitions with photos drafted offline land exactly once through faults and a restart (seed ${SEED})`, async () => {
  await chaosRun({ tabs: 1, petitions: PETITIONS, seed: SEED });
});

test(`chaos with two tabs open (seed ${SEED})`, async () => {
  await chaosRun({ tabs: 2, petitions: PETITIONS, seed: SEED });
});
