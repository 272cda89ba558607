// Trunk pre_build hook: builds the app's wasm and splits it into a main
// module and one file per lazy page, which Trunk cannot do (trunk-rs/trunk
// #1022). The steps and their order are cargo-leptos's (see
// ../shared/reference/reviews/wasm-splitting.md, 1a); each one depends on
// the one before:
//
//   1. cargo build of the library, linked with relocations (the
//      `--emit-relocs` in .cargo/config.toml);
//   2. wasm-split-cli: the main module (not yet bound), `split_*.wasm` per
//      split point, `chunk_*.wasm` for code several of them share, and the
//      link module `__wasm_split.js` that fetches them;
//   3. wasm-bindgen on the main module only, keeping the exports the chunks
//      import (`--keep-lld-exports`);
//   4. in release, wasm-opt on every module separately, never closed-world
//      (the chunks use the main module's exports and table).
//
// The link module's fetches are made to retry (see RETRYING_FETCH): on
// Leptos 0.8 a chunk that fails to load panics the app.
//
// Then (see BUNDLES) each split point's module and every chunk it needs are
// joined into one file, `bundle_<split point>.bin`, fetched and compressed
// as one: the splitter makes a chunk for every set of split points sharing
// code, and two hundred small files compressed apart came to a third more
// bytes than the same files compressed together (issue 12). The files one
// by one stay beside the bundles, fetched only if a bundle cannot be.
//
// The result goes to target/split-pkg, which index.html copies to `pkg/`;
// tools/postbuild.mjs then renames it after its content's hash.
import { execFile, execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { splitGraph } from "./size.mjs";
import { shortenNames } from "./wasm-names.mjs";

const CRATE = "letterbox";
const release = process.env.TRUNK_PROFILE === "release";
const root = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const target = join(root, "target");
const raw = join(target, "split-raw");
const out = join(target, "split-pkg");

function run(cmd, args, env = process.env) {
  execFileSync(cmd, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
}

async function runAsync(cmd, args) {
  await promisify(execFile)(cmd, args, { cwd: root });
}

// In release the standard library is rebuilt with the app, for size: a
// panic stops the module at once (`immediate-abort`: no message formatting,
// no unwinding tables, no source paths), where the prebuilt library would
// carry the machinery to print it. A panic already ends the app in the
// browser (panic = "abort" in Cargo.toml); only its console line is lost,
// and the debug build the wasm tests use keeps it. Measured 19,821 to
// 21,215 bytes off each entry (issue 12, docs/benchmarks.md).
//
// These are unstable options of the stable compiler, enabled for this one
// build by RUSTC_BOOTSTRAP, as the Linux kernel builds its Rust; setup
// installs the library's source (rust-src). Unstable options can change
// from one release to the next, so the build stops on any compiler but the
// one they were measured with (RUSTC below). The variable replaces
// .cargo/config.toml's flags for the target, so it repeats --emit-relocs.
const RUSTC = "1.95.";
if (release) {
  const version = execFileSync("rustc", ["--version"], { cwd: root, encoding: "utf8" }).trim();
  if (!version.startsWith(`rustc ${RUSTC}`)) {
    throw new Error(`the release build's unstable options were measured with rustc ${RUSTC}x, not ${version}: ` +
      "measure again (make size, docs/benchmarks.md) and update RUSTC in tools/build-wasm.mjs");
  }
}
const releaseEnv = {
  ...process.env,
  RUSTC_BOOTSTRAP: "1",
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:
    "-Clink-args=--emit-relocs -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none",
};
run("cargo", [
  "build", "--lib", "--target", "wasm32-unknown-unknown", "-p", CRATE, "--features", "app",
  ...(release ? ["--release", "-Zbuild-std=std,panic_abort"] : []),
], release ? releaseEnv : process.env);
const built = join(target, "wasm32-unknown-unknown", release ? "release" : "debug", `${CRATE}.wasm`);

rmSync(raw, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });
mkdirSync(raw, { recursive: true });
mkdirSync(out, { recursive: true });

run("wasm-split-cli", [built, raw, "--target", "web", "--out-name", CRATE]);
run("wasm-bindgen", [
  "--target", "web", "--keep-lld-exports", "--no-typescript",
  "--out-name", CRATE, "--out-dir", out, join(raw, `${CRATE}.wasm`),
]);
{
  // Short names between the main module and its glue (tools/wasm-names.mjs).
  const wasmPath = join(out, `${CRATE}_bg.wasm`);
  const gluePath = join(out, `${CRATE}.js`);
  const named = shortenNames(readFileSync(wasmPath), readFileSync(gluePath, "utf8"));
  writeFileSync(wasmPath, named.wasm);
  writeFileSync(gluePath, named.glue);
  console.log(`build-wasm: ${named.renamed} names shortened, ${named.dropped} unused exports dropped`);
}

const linkModule = "__wasm_split.js";
for (const file of readdirSync(raw)) {
  if (file === `${CRATE}.wasm`) continue;
  cpSync(join(raw, file), join(out, file), { recursive: true });
}

// A chunk's fetch retried with growing pauses before the load gives up: a
// phone on a weak network often loses one request and gets the next. While
// the browser knows it has no network at all, no try counts: on Leptos 0.8
// a module that fails to load stops the app, so a page opened offline
// before its code arrived waits for the browser's online event and then
// opens. Half a minute at most: a browser that is wrong about being
// offline sends no event.
// Exported: the page's loader fetches the strings table with it too.
const RETRYING_FETCH = `
export async function __letterboxFetch(url) {
  let wait = 300;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok || attempt >= 6) return response;
    } catch (e) {
      if (navigator.onLine === false) {
        await new Promise((resolve) => {
          const done = () => {
            removeEventListener("online", done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, 30000);
          addEventListener("online", done);
        });
        attempt = 0;
        wait = 300;
        continue;
      }
      if (attempt >= 6) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 4000);
  }
}
`;
const linkPath = join(out, linkModule);
const link = readFileSync(linkPath, "utf8");
const fetches = link.match(/\bfetch\(/g)?.length ?? 0;
if (fetches === 0) throw new Error(`${linkModule}: no fetch( to make retrying; has the splitter changed?`);
writeFileSync(linkPath, RETRYING_FETCH + link.replace(/\bfetch\(/g, "__letterboxFetch("));

if (release) {
  // Two hundred modules: as many wasm-opt processes at once as there are
  // cores.
  const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");
  const queue = readdirSync(out).filter((f) => f.endsWith(".wasm"));
  const optimise = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const path = join(out, file);
      await runAsync(existsSync(wasmOpt) ? wasmOpt : "wasm-opt", [
        "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
        "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
        path, "-o", path,
      ]);
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, optimise));
}
// One bundle per split point: its module and every chunk it needs, joined
// after wasm-opt. The link module's loader for the split point fetches the
// bundle first and hands its parts to the module loads (a part is used
// once; a chunk an earlier page already loaded is skipped). If the bundle
// cannot be fetched, the loads fetch the files one by one as before.
//
// A bundle says what it holds: a header of little-endian u32s (how many
// numbers follow; the length of the split point's own module; then each
// chunk's number and length), then the modules in that order. The link
// module, which the first screen downloads, then names the bundles only.
const graph = splitGraph(out);
const bundles = {};
for (const [point, files] of graph) {
  const name = `bundle_${point}.bin`;
  if (files[0] !== `split_${point}.wasm`) throw new Error(`${point}: its own module is not listed first`);
  const layout = [];
  const bytes = files.map((file, i) => {
    const data = readFileSync(join(out, file));
    if (i > 0) {
      const chunk = /^chunk_(\d+)\.wasm$/.exec(file);
      if (!chunk) throw new Error(`${point}: ${file} is not a chunk`);
      layout.push(Number(chunk[1]));
    }
    layout.push(data.length);
    return data;
  });
  const header = Buffer.alloc(4 * (layout.length + 1));
  [layout.length, ...layout].forEach((n, i) => header.writeUInt32LE(n, 4 * i));
  writeFileSync(join(out, name), Buffer.concat([header, ...bytes]));
  bundles[point] = name;
}
const BUNDLES = `
const bundleParts = new Map();
const taken = new Set();
const bundleLoads = new Map();
function loadBundle(name) {
  let load = bundleLoads.get(name);
  if (load === undefined) {
    load = __letterboxFetch(new URL("./" + name, import.meta.url))
      .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(name + ": " + response.status))))
      .then((buffer) => {
        const view = new DataView(buffer);
        const count = buffer.byteLength >= 4 ? view.getUint32(0, true) : 0;
        let at = 4 * (count + 1);
        if (count % 2 !== 1 || at > buffer.byteLength) throw new Error(name + ": not a bundle");
        const number = (i) => view.getUint32(4 * (i + 1), true);
        const parts = [[name.replace(/^bundle_(.*)\\.bin$/, "split_$1.wasm"), number(0)]];
        for (let i = 1; i < count; i += 2) parts.push(["chunk_" + number(i) + ".wasm", number(i + 1)]);
        const total = parts.reduce((sum, [, length]) => sum + length, at);
        if (total !== buffer.byteLength) throw new Error(name + ": not the bundle this build made");
        for (const [file, length] of parts) {
          if (!taken.has(file)) bundleParts.set(file, buffer.slice(at, at + length));
          at += length;
        }
      })
      .catch((e) => {
        console.warn("fetching the files one by one:", e);
        bundleLoads.delete(name);
      });
    bundleLoads.set(name, load);
  }
  return load;
}
function bundled(name, load) {
  return async () => {
    await loadBundle(name);
    return load();
  };
}
// Every page's bundle, fetched once the first screen is up (index.html
// calls \`warm\`): the pages then open offline even on a first visit,
// before the service worker has run, and in a chat app's browser that has
// none. The files are cached for a year (their directory carries the
// build's hash).
export function warm() {
  for (const name of ${JSON.stringify(Object.values(bundles))}) {
    fetch(new URL("./" + name, import.meta.url)).catch(() => {});
  }
}
`;
// The page a visit lands on has its bundle fetched beside the main module
// (index.html calls `prefetchFor`, and waits for it before `warm`), not
// once the main module has run and the router asked for it: on a slow
// network that wait is a round trip and the main module's start. The
// routes are read from src/app.rs, the one list of them: each
// `<Route path=... view=X/>` whose view is made by `lazy_page!(X, load_x,
// ...)`.
function entryRoutes() {
  const app = readFileSync(join(root, "src", "app.rs"), "utf8");
  const loaders = new Map(
    [...app.matchAll(/lazy_page!\(\s*(\w+),\s*(\w+),/g)].map((m) => [m[1], m[2]]),
  );
  const routes = [...app.matchAll(/<Route path=path!\("([^"]+)"\) view=(\w+)\/>/g)]
    .filter(([, , view]) => loaders.has(view))
    .map(([, path, view]) => [`^${path.replace(/:\w+/g, "[^/]+")}$`, loaders.get(view)]);
  if (loaders.size === 0 || routes.length !== loaders.size) {
    throw new Error(`src/app.rs: ${loaders.size} lazy pages but ${routes.length} routes to them`);
  }
  return routes;
}
const ENTRY_ROUTES = entryRoutes().map(([path, name]) => {
  const point = [...graph.keys()].find((k) => new RegExp(`^${name}_\\d+$`).test(k));
  if (!point) throw new Error(`no split point ${name} for the route ${path}`);
  return [path, bundles[point]];
});
const PREFETCH = `
export function prefetchFor(path) {
  const loads = [];
  for (const [route, name] of ${JSON.stringify(ENTRY_ROUTES)}) {
    if (new RegExp(route).test(path)) loads.push(loadBundle(name));
  }
  return Promise.all(loads);
}
`;
let linked = readFileSync(linkPath, "utf8");
let wrapped = 0;
linked = linked.replace(
  /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?\n, \[[^\]]*\])\)\);/g,
  (whole, point, inner) => {
    const bundle = bundles[point];
    if (!bundle) return whole;
    wrapped += 1;
    return `export const __wasm_split_load_${point} = wrapAsyncCb(bundled(${JSON.stringify(bundle)}, makeLoad(${inner})));`;
  },
);
if (wrapped !== graph.size) throw new Error(`${linkModule}: ${wrapped} of ${graph.size} loaders bundled; has the splitter changed?`);
// Every module's loader is the same five lines but for the file's name:
// one function instead (the first screen downloads this file). A module
// that came in a bundle is compiled from its bytes, not streamed from a
// made-up response: streaming consumed every part of a bundle on the main
// thread in one go (a 150 ms task at Lighthouse's CPU), where
// \`WebAssembly.instantiate\` compiles each in the background.
const FILE_LOAD = `
function fileLoad(file, deps) {
  return makeLoad(() => {
    const part = bundleParts.get(file);
    taken.add(file);
    if (part) {
      bundleParts.delete(file);
      return async (imports) => WebAssembly.instantiate(part, imports);
    }
    const src = __letterboxFetch(new URL("./" + file, import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
  }, deps);
}
`;
let fileLoads = 0;
linked = linked.replace(
  /makeLoad\(\(\) => \{\n    const src = __letterboxFetch\(new URL\("\.\/([\w.]+\.wasm)", import\.meta\.url\)\);\n    src\.catch\(\(\) => \{\}\);\n    return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[/g,
  (whole, file) => {
    fileLoads += 1;
    return `fileLoad(${JSON.stringify(file)}, [`;
  },
);
const modulesSplit = readdirSync(raw).filter((f) => f.endsWith(".wasm") && f !== `${CRATE}.wasm`).length;
if (fileLoads !== modulesSplit) throw new Error(`${linkModule}: ${fileLoads} of ${modulesSplit} loaders made short; has the splitter changed?`);
// The splitter's comments name every split point needing each chunk: a
// third of the file, which the first screen downloads.
writeFileSync(linkPath, BUNDLES + PREFETCH + FILE_LOAD + linked.replace(/^\/\* [^\n]*\*\/\n/gm, ""));

// Each language's strings, in the order of the `Msg` variants build.rs
// generates (its keys sorted bytewise; keys are ASCII snake_case), for the
// loader to fetch the active one (src/i18n/strings.rs).
const bytewise = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
for (const [file, tag] of [["zh-CN.json", "zh-CN"], ["en.json", "en"]]) {
  const table = JSON.parse(readFileSync(join(root, "locales", file), "utf8"));
  const values = Object.keys(table).sort(bytewise).map((key) => table[key]);
  writeFileSync(join(out, `strings-${tag}.json`), JSON.stringify(values));
}

// In release every script is minified: the glue wasm-bindgen writes for
// all the modules' imports, the link module and the snippets came to 15 KB
// of brotli on every entry, 4.2 KB of it names, spaces and comments.
// Exported names are kept: the page and the modules import them by name.
if (release) {
  const { minify } = await import("terser");
  const scripts = readdirSync(out, { recursive: true }).filter((f) => f.endsWith(".js"));
  for (const file of scripts) {
    const path = join(out, file);
    const result = await minify(readFileSync(path, "utf8"), { module: true, compress: true, mangle: true });
    writeFileSync(path, result.code);
  }
}

const modules = readdirSync(out).filter((f) => f.endsWith(".wasm"));
console.log(`build-wasm: ${modules.length} wasm modules in ${out}`);
