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
// The result goes to target/split-pkg, which index.html copies to `pkg/`;
// tools/postbuild.mjs then renames it after its content's hash.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CRATE = "letterbox";
const release = process.env.TRUNK_PROFILE === "release";
const root = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const target = join(root, "target");
const raw = join(target, "split-raw");
const out = join(target, "split-pkg");

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

run("cargo", [
  "build", "--lib", "--target", "wasm32-unknown-unknown", "-p", CRATE, "--features", "app",
  ...(release ? ["--release"] : []),
]);
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

const linkModule = "__wasm_split.js";
for (const file of readdirSync(raw)) {
  if (file === `${CRATE}.wasm`) continue;
  cpSync(join(raw, file), join(out, file), { recursive: true });
}

// A chunk's fetch retried with growing pauses before the load gives up: a
// phone on a weak network often loses one request and gets the next.
// Exported: the page's loader fetches the strings table with it too.
const RETRYING_FETCH = `
export async function __letterboxFetch(url) {
  let wait = 300;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
      if (attempt >= 6) return response;
    } catch (e) {
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
// Every module, fetched once the first screen is up (index.html calls
// `warm`): the pages then open offline even on a first visit, before the
// service worker has run, and in a chat app's browser that has none. The
// files are cached for a year (their directory carries the build's hash).
const everyModule = readdirSync(out).filter((f) => f.endsWith(".wasm") && f !== `${CRATE}_bg.wasm`).sort();
const WARM = `
export function warm() {
  for (const file of ${JSON.stringify(everyModule)}) {
    fetch(new URL("./" + file, import.meta.url)).catch(() => {});
  }
}
`;
writeFileSync(linkPath, RETRYING_FETCH + link.replace(/\bfetch\(/g, "__letterboxFetch(") + WARM);

if (release) {
  const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");
  for (const file of readdirSync(out).filter((f) => f.endsWith(".wasm"))) {
    const path = join(out, file);
    run(existsSync(wasmOpt) ? wasmOpt : "wasm-opt", [
      "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
      "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
      path, "-o", path,
    ]);
  }
}
// Each language's strings, in the order of the `Msg` variants build.rs
// generates (its keys sorted bytewise; keys are ASCII snake_case), for the
// loader to fetch the active one (src/i18n/strings.rs).
const bytewise = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
for (const [file, tag] of [["zh-CN.json", "zh-CN"], ["en.json", "en"]]) {
  const table = JSON.parse(readFileSync(join(root, "locales", file), "utf8"));
  const values = Object.keys(table).sort(bytewise).map((key) => table[key]);
  writeFileSync(join(out, `strings-${tag}.json`), JSON.stringify(values));
}

const modules = readdirSync(out).filter((f) => f.endsWith(".wasm"));
console.log(`build-wasm: ${modules.length} wasm modules in ${out}`);
