// Trunk post-build hook: fills the service worker's precache list from the
// files Trunk just built (hashed names), and writes .br and .gz copies of
// every compressible file for the server to send as they are.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run through trunk build");

const files = [];
(function walk(d) {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(dir, path).split("\\").join("/"));
  }
})(dir);

const shell = files
  .filter((f) => !f.endsWith(".br") && !f.endsWith(".gz") && f !== "sw.js")
  .sort();
const hash = createHash("sha256");
for (const f of shell) hash.update(f).update(readFileSync(join(dir, f)));
const version = hash.digest("hex").slice(0, 16);
const urls = shell.map((f) => (f === "index.html" ? "/index.html" : "/" + f));

const swPath = join(dir, "sw.js");
const sw = readFileSync(swPath, "utf8")
  .replace('"__LETTERBOX_VERSION__"', JSON.stringify(version))
  .replace("__LETTERBOX_PRECACHE__", JSON.stringify(urls, null, 2));
if (sw.includes("__LETTERBOX_")) throw new Error("sw.js placeholders not replaced");
writeFileSync(swPath, sw);

const compressible = /\.(html|js|mjs|css|wasm|json|webmanifest|svg|txt)$/;
for (const f of [...shell, "sw.js"]) {
  if (!compressible.test(f)) continue;
  const data = readFileSync(join(dir, f));
  writeFileSync(join(dir, f + ".br"), brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }));
  writeFileSync(join(dir, f + ".gz"), gzipSync(data, { level: 9 }));
}
console.log(`postbuild: ${urls.length} files precached, version ${version}`);
