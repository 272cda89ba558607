// Prints the first-load transfer size of a built app: index.html and the
// JS, wasm and CSS it loads, each brotli-compressed as the server sends it.
// Exits 1 when over the budget.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

export const BUDGET_BYTES = 150_000;

export function firstLoad(dir) {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const referenced = new Set(["index.html"]);
  for (const m of html.matchAll(/(?:href|src)="\/?([^"]+\.(?:js|wasm|css))"/g)) referenced.add(m[1]);
  // The wasm is fetched by the JS loader, not named in the HTML.
  for (const f of readdirSync(dir)) if (f.endsWith("_bg.wasm")) referenced.add(f);
  const rows = [...referenced].sort().map((file) => {
    const path = join(dir, file);
    const br = existsSync(path + ".br")
      ? readFileSync(path + ".br")
      : brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    return { file, raw: readFileSync(path).length, brotli: br.length };
  });
  return { rows, total: rows.reduce((sum, r) => sum + r.brotli, 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "dist";
  const { rows, total } = firstLoad(dir);
  for (const r of rows) console.log(`${String(r.brotli).padStart(8)}  ${String(r.raw).padStart(8)}  ${r.file}`);
  console.log(`${String(total).padStart(8)}  first-load bytes (brotli); budget ${BUDGET_BYTES}`);
  if (total > BUDGET_BYTES) {
    console.error(`over budget by ${total - BUDGET_BYTES} bytes`);
    process.exit(1);
  }
}
