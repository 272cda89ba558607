// Trunk post-build hook: fills the service worker's precache list from the
// files Trunk just built (hashed names), and writes .br and .gz copies of
// every compressible file for the server to send as they are.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { ONE_BY_ONE } from "./size.mjs";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run through trunk build");

// The split wasm's files keep their names (the link module fetches them by
// name, relative to itself), so their directory carries the hash instead:
// `pkg-<hash>/`, cached for a year like Trunk's hashed files, and a phone
// never mixes files of two builds.
{
  const pkgHash = createHash("sha256");
  for (const name of readdirSync(join(dir, "pkg"), { recursive: true }).map(String).sort()) {
    const path = join(dir, "pkg", name);
    if (statSync(path).isFile()) pkgHash.update(name).update(readFileSync(path));
  }
  const pkg = `pkg-${pkgHash.digest("hex").slice(0, 16)}`;
  renameSync(join(dir, "pkg"), join(dir, pkg));
  const indexPath = join(dir, "index.html");
  const index = readFileSync(indexPath, "utf8");
  if (!index.includes('"/pkg/')) throw new Error("index.html does not load /pkg/");
  const cleaned = index
    .replaceAll('"/pkg/', `"/${pkg}/`)
    // Trunk leaves the skipped Rust link and the comment about it.
    .replace(/ *<!-- The wasm is built[\s\S]*?-->\n/, "")
    .replace(/ *<link data-trunk rel="rust"[^>]*>\n/, "");
  writeFileSync(indexPath, cleaned);
}

// The first paint, before any wasm: the header and the page's title, in
// the resident's language, drawn with the app's own classes so the app
// takes over without a jump (src/lib.rs removes it on mount). A campaign's
// link also gets its title and introduction from the server
// (server/src/campaign_page.rs). The words come from the translation
// files; the language is chosen here, once, for the loader too.
{
  const keys = ["app_name", "switch_language", "nav_main", "nav_drafts", "nav_cases", "nav_settings",
    "drafts_title", "drafts_lead", "editor_title", "cases_title", "settings_title", "follow_title", "sync_checking"];
  const words = {};
  for (const [file, tag] of [["zh-CN.json", "zh-CN"], ["en.json", "en"]]) {
    const table = JSON.parse(readFileSync(join(process.env.TRUNK_SOURCE_DIR ?? ".", "locales", file), "utf8"));
    words[tag] = Object.fromEntries(keys.map((k) => {
      if (!table[k]) throw new Error(`locales/${file}: no ${k}`);
      return [k, table[k]];
    }));
  }
  const frame = `<div id="first-paint-frame" data-first-paint>
<header class="top" data-first-paint>
<div class="brand"><span class="name" data-t="app_name"></span><span class="lang" data-t="switch_language" aria-hidden="true"></span></div>
<nav data-t-label="nav_main"><a href="/" data-t="nav_drafts"></a> <a href="/cases" data-t="nav_cases"></a> <a href="/settings" data-t="nav_settings"></a></nav>
<p class="sync ok" data-t="sync_checking"></p>
</header>
<main><h1></h1></main>
</div>
<script>
(function () {
  var words = ${JSON.stringify(words)};
  function ours(tag) {
    var t = String(tag || "").toLowerCase();
    return t.indexOf("zh") === 0 ? "zh-CN" : t.indexOf("en") === 0 ? "en" : null;
  }
  // The resident's remembered choice, else the browser's first of ours,
  // else Chinese (src/i18n/lang.rs). The loader reads it from <html lang>.
  var lang = null;
  try { lang = ours(localStorage.getItem("letterbox.lang")); } catch (e) { /* storage off */ }
  var wanted = navigator.languages || [];
  for (var i = 0; !lang && i < wanted.length; i++) lang = ours(wanted[i]);
  lang = lang || "zh-CN";
  document.documentElement.lang = lang;
  // That language's strings, fetched now, beside the wasm, rather than
  // after the loader has run (index.html takes this answer if it came).
  var main = document.querySelector('link[rel="modulepreload"]');
  if (main && window.fetch) {
    window.__letterboxStrings = fetch(main.href.replace(/letterbox\\.js$/, "strings-" + lang + ".json"))
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; });
  }
  var t = words[lang], frame = document.getElementById("first-paint-frame");
  var named = frame.querySelectorAll("[data-t]");
  for (var j = 0; j < named.length; j++) named[j].textContent = t[named[j].getAttribute("data-t")];
  frame.querySelector("nav").setAttribute("aria-label", t.nav_main);
  var path = location.pathname;
  // The current page's link is marked, as the app's header marks it.
  var links = frame.querySelectorAll("nav a");
  for (var k = 0; k < links.length; k++) {
    var href = links[k].getAttribute("href");
    if (href === "/" ? path === "/" : path === href || path.indexOf(href + "/") === 0) links[k].setAttribute("aria-current", "page");
  }
  var titles = { "/": "drafts_title", "/cases": "cases_title", "/settings": "settings_title", "/follow": "follow_title" };
  var key = titles[path] || (path.indexOf("/drafts/") === 0 ? "editor_title" : null);
  var page = frame.querySelector("main");
  if (key) page.firstChild.textContent = t[key]; else frame.removeChild(page);
  // The home page's lead paragraph, as the page draws it under the title.
  if (path === "/") {
    var lead = document.createElement("p");
    lead.className = "lead";
    lead.textContent = t.drafts_lead;
    page.appendChild(lead);
  }
  // A campaign's page already has its own first paint: the header goes
  // before it.
  var campaign = document.getElementById("first-paint");
  if (campaign) campaign.parentNode.insertBefore(frame.querySelector("header"), campaign);
})();
</script>
`;
  const indexPath = join(process.env.TRUNK_STAGING_DIR, "index.html");
  const index = readFileSync(indexPath, "utf8");
  if (!index.includes("<body>")) throw new Error("index.html has no <body>");
  writeFileSync(indexPath, index.replace("<body>", "<body>\n" + frame));
}

const files = [];
(function walk(d) {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(dir, path).split("\\").join("/"));
  }
})(dir);

const every = files
  .filter((f) => !f.endsWith(".br") && !f.endsWith(".gz") && f !== "sw.js")
  .sort();
// The split modules one by one are not precached: their bundles are, and
// the files are fetched only when a bundle cannot be (tools/build-wasm.mjs).
const shell = every.filter((f) => !ONE_BY_ONE.test(f));
const hash = createHash("sha256");
for (const f of every) hash.update(f).update(readFileSync(join(dir, f)));
const version = hash.digest("hex").slice(0, 16);
const urls = shell.map((f) => (f === "index.html" ? "/index.html" : "/" + f));

const swPath = join(dir, "sw.js");
const sw = readFileSync(swPath, "utf8")
  .replace('"__LETTERBOX_VERSION__"', JSON.stringify(version))
  .replace("__LETTERBOX_PRECACHE__", JSON.stringify(urls, null, 2));
if (sw.includes("__LETTERBOX_")) throw new Error("sw.js placeholders not replaced");
writeFileSync(swPath, sw);

const compressible = /\.(html|js|mjs|css|wasm|bin|json|webmanifest|svg|txt)$/;
for (const f of [...every, "sw.js"]) {
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
