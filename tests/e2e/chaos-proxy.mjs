// A fault-injecting HTTP proxy for the chaos tests: it sits between the
// browser and the real server and, for API requests, drops connections,
// delays, answers 502/503/429 (with Retry-After), or lets the server commit
// and then cuts the response. Faults come from a seeded generator, so a
// failing run can be replayed with the printed seed.
import http from "node:http";

/** mulberry32: small, fast, seeded. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS = [
  ["drop", 0.08],
  ["503", 0.06],
  ["429", 0.04],
  ["502", 0.06],
  ["commit-then-cut", 0.10],
  ["delay", 0.10],
];

export async function startProxy({ upstream, seed, faults = true }) {
  const random = seeded(seed);
  const counts = Object.fromEntries([...FAULTS.map(([f]) => [f, 0]), ["pass", 0], ["upstream-down", 0]]);
  const pick = () => {
    let r = random();
    for (const [fault, p] of FAULTS) {
      if (r < p) return fault;
      r -= p;
    }
    return "pass";
  };

  const forward = (req, res, { cutAfterCommit = false } = {}) => {
    const target = new URL(req.url, upstream());
    const out = http.request(target, { method: req.method, headers: req.headers }, (up) => {
      if (cutAfterCommit) {
        // The server has answered (and committed); the phone never hears.
        up.resume();
        up.on("end", () => res.socket?.destroy());
        return;
      }
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    out.on("error", () => {
      counts["upstream-down"] += 1;
      res.socket?.destroy();
    });
    req.pipe(out);
  };

  const problem = (res, status, retryAfter) => {
    const body = JSON.stringify({ type: "about:blank", title: "Injected fault", status, detail: "chaos proxy" });
    const headers = { "content-type": "application/problem+json" };
    if (retryAfter) headers["retry-after"] = String(retryAfter);
    res.writeHead(status, headers);
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const faultable = faults && req.url.startsWith("/api/") && !req.url.startsWith("/api/v1/health");
    const fault = faultable ? pick() : "pass";
    counts[fault] += 1;
    switch (fault) {
      case "drop":
        req.socket.destroy();
        return;
      case "503":
        req.resume();
        return problem(res, 503, 1);
      case "429":
        req.resume();
        return problem(res, 429, 1);
      case "502":
        req.resume();
        return problem(res, 502);
      case "commit-then-cut":
        return forward(req, res, { cutAfterCommit: true });
      case "delay":
        return void setTimeout(() => forward(req, res), 100 + Math.floor(random() * 900));
      default:
        return forward(req, res);
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    counts,
    stop: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}
