// What each entry screen must download before it is usable, brotli
// quality 11 as the server sends it (the .br files tools/postbuild.mjs
// writes), and the whole app. One row per entry; exits 1 when a row is over
// its budget (issue 12). Sizes are deterministic for a given build.
//
// An entry needs the page (index.html), the CSS, the main module (its JS,
// the JS it imports statically, its wasm), one language's strings and, for
// a lazy page, the page's bundle: its split module with every chunk it
// depends on (as the link module `__wasm_split.js` lists them) in one file
// (tools/build-wasm.mjs). The sync engine's split is started after the
// first screen and counted only in the whole app, which is what the service
// worker precaches: the bundles, not the same modules one by one.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

/** The modules one by one, fetched only when their bundle cannot be. */
export const ONE_BY_ONE = /(^|\/)(split|chunk)_[^/]*\.wasm$/;

/** Entry (its path, and the row's label) → the split point its page is in
 * (null: the main module only). */
export const ENTRIES = [
  { path: "/", entry: "/ (drafts, new petition)", split: null, budget: 150_000 },
  { path: "/drafts/{id}", entry: "/drafts/{id} (the editor)", split: "load_editor", budget: 150_000 },
  { path: "/c/{slug}", entry: "/c/{slug} (a campaign)", split: "load_campaign", budget: 150_000 },
  { path: "/cases/{id}", entry: "/cases/{id}", split: "load_case", budget: 170_000 },
];

function brotliSize(path) {
  if (existsSync(path + ".br")) return readFileSync(path + ".br").length;
  return brotliCompressSync(readFileSync(path), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}

function walk(dir, base = dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, base, out);
    else out.push(path.slice(base.length + 1));
  }
  return out;
}

/** The split points and their chunks, read from the link module. */
export function splitGraph(pkgDir) {
  const link = readFileSync(join(pkgDir, "__wasm_split.js"), "utf8");
  const graph = new Map();
  const re = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{[\s\S]*?"\.\/([^"]+\.wasm)"[\s\S]*?\n, \[([^\]]*)\]\)\);/g;
  for (const m of link.matchAll(re)) {
    const chunks = m[3].split(",").map((s) => s.trim()).filter(Boolean)
      .map((name) => name.replace(/^__chunk_/, "chunk_") + ".wasm");
    graph.set(m[1], [m[2], ...chunks]);
  }
  if (graph.size === 0) throw new Error("no split points found in __wasm_split.js");
  return graph;
}

export function measure(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const pkg = html.match(/"\/(pkg-[0-9a-f]+)\/letterbox\.js"/)?.[1];
  if (!pkg) throw new Error(`${dist}/index.html does not load /pkg-<hash>/letterbox.js`);
  const pkgDir = join(dist, pkg);
  const css = [...html.matchAll(/href="\/([^"]+\.css)"/g)].map((m) => m[1]);
  // The main JS and what it imports statically (the link module, snippets).
  const mainJs = readFileSync(join(pkgDir, "letterbox.js"), "utf8");
  // Each file once: the glue imports the link module once per split point.
  const imported = [...new Set([...mainJs.matchAll(/from\s*['"]\.\/([^'"]+\.js)['"]/g)].map((m) => m[1]))]
    .map((file) => join(pkg, file));
  // One language's strings (Chinese, the default and the larger).
  const main = [
    "index.html", ...css, join(pkg, "letterbox.js"), ...imported,
    join(pkg, "letterbox_bg.wasm"), join(pkg, "strings-zh-CN.json"),
  ];
  const bundles = readdirSync(pkgDir).filter((f) => /^bundle_.*\.bin$/.test(f));
  const rows = ENTRIES.map(({ path, entry, split, budget }) => {
    const files = [...main];
    if (split) {
      const bundle = bundles.find((f) => new RegExp(`^bundle_${split}_\\d+\\.bin$`).test(f));
      if (!bundle) throw new Error(`no bundle for the split point ${split}`);
      files.push(join(pkg, bundle));
    }
    const bytes = files.reduce((sum, f) => sum + brotliSize(join(dist, f)), 0);
    const wasm = files.filter((f) => /\.(wasm|bin)$/.test(f)).reduce((sum, f) => sum + brotliSize(join(dist, f)), 0);
    return { path, entry, bytes, wasm, budget, files: files.length };
  });
  const all = walk(dist).filter((f) => !/\.(br|gz)$/.test(f) && !/\.(png|svg|webmanifest)$/.test(f))
    .filter((f) => !ONE_BY_ONE.test(f));
  const whole = all.reduce((sum, f) => sum + brotliSize(join(dist, f)), 0);
  const wasmFiles = all.filter((f) => /\.(wasm|bin)$/.test(f)).length;
  return { rows, whole, wasmFiles };
}

// `node tools/size.mjs <dist> [--enforce <path>,...]`: with --enforce,
// only the entries named (by path: `/`, `/c/{slug}`, ...) fail the run;
// the others are printed with how far over they are. `make test` enforces
// the entries that are within budget, so none of them can grow past it
// unnoticed while the others are worked on; `make size` enforces every one.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = args.indexOf("--enforce");
  const enforced = flag < 0 ? null : new Set((args[flag + 1] ?? "").split(","));
  const dist = args.filter((_, i) => flag < 0 || (i !== flag && i !== flag + 1))[0] ?? "dist";
  const paths = new Set(ENTRIES.map(({ path }) => path));
  for (const path of enforced ?? []) {
    if (!paths.has(path)) throw new Error(`--enforce ${path}: not an entry (${[...paths].join(", ")})`);
  }
  const { rows, whole, wasmFiles } = measure(dist);
  const pad = (v, n = 9) => String(v).padStart(n);
  console.log(`${"bytes".padStart(9)} ${"of wasm".padStart(9)} ${"budget".padStart(9)}  files  entry`);
  let over = 0;
  for (const r of rows) {
    const counts = enforced === null || enforced.has(r.path);
    const mark = r.bytes > r.budget ? `  OVER by ${r.bytes - r.budget}${counts ? "" : " (not enforced here)"}` : "";
    if (r.bytes > r.budget && counts) over++;
    console.log(`${pad(r.bytes)} ${pad(r.wasm)} ${pad(r.budget)} ${pad(r.files, 6)}  ${r.entry}${mark}`);
  }
  console.log(`${pad(whole)} ${"".padStart(9)} ${"-".padStart(9)} ${pad(wasmFiles, 6)}  the whole app (precached after the first screen; wasm files and bundles)`);
  if (over) {
    console.error(`${over} entr${over === 1 ? "y is" : "ies are"} over budget`);
    process.exit(1);
  }
}
