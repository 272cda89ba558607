// tools/wasm-names.mjs on a module made here byte by byte: no browser, no
// build; it runs with the end-to-end suite because that is where the
// build's own tools are tested (make test-e2e).
import { test } from "node:test";
import assert from "node:assert/strict";
import { shortenNames } from "../../tools/wasm-names.mjs";

const IMPORT = "__wbg_answer_0123456789abcdef";
const EXPORT = "wasm_bindgen_0123456789abcdef___convert__closures_____invoke_______true_";

const bytes = (...parts) => Buffer.from(parts.flat());
const str = (s) => [s.length, ...Buffer.from(s)];
const leb = (n) => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >> 7)]);
const section = (id, body) => [id, ...leb(body.length), ...body];

// Two imports (one from wasm-bindgen's glue, one from a snippet), two
// functions calling them, exported as a closure shim, a stream source and
// `mount`.
const module = bytes(
  [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  section(1, [1, 0x60, 0, 1, 0x7f]),
  section(2, [2, ...str("./letterbox_bg.js"), ...str(IMPORT), 0, 0, ...str("./snippets/x.js"), ...str("other"), 0, 0]),
  section(3, [2, 0, 0]),
  section(7, [3, ...str(EXPORT), 0, 2, ...str("intounderlyingsource_pull"), 0, 3, ...str("mount"), 0, 3]),
  section(10, [2, 4, 0, 0x10, 0, 0x0b, 4, 0, 0x10, 1, 0x0b]),
);
const glue = `return {
  imports: { ${IMPORT}: () => 42 },
  call: (wasm) => wasm.${EXPORT}(),
};`;

test("the glue's imports and the closure shims get short names in both files, and the module still links", async () => {
  const { wasm, glue: renamed, renamed: count, dropped } = shortenNames(module, glue);
  assert.equal(count, 2);
  assert.equal(dropped, 1);
  assert.ok(!renamed.includes(IMPORT) && !renamed.includes(EXPORT), renamed);
  const { imports, call } = new Function(renamed)();
  const { instance } = await WebAssembly.instantiate(wasm, {
    "./letterbox_bg.js": imports,
    "./snippets/x.js": { other: () => 7 },
  });
  assert.equal(call(instance.exports), 42);
  assert.equal(instance.exports.mount(), 7, "a snippet's import and `mount` keep their names");
  assert.equal(instance.exports.intounderlyingsource_pull, undefined, "the stream source is no longer exported");
  assert.ok(wasm.length < module.length);
});

test("a name the glue does not hold stops the build instead of leaving a dangling import", () => {
  assert.throws(() => shortenNames(module, glue.replace(IMPORT, "__wbg_other_fedcba9876543210")), /is in the glue 0 times/);
});

test("a module cut short is refused", () => {
  assert.throws(() => shortenNames(module.subarray(0, module.length - 3), glue));
});

test("an import written twice keeps one short name, and the next import gets its own", async () => {
  const A = "__wbg_a_0123456789abcdef";
  const B = "__wbg_b_0123456789abcdef";
  const glueImport = (field) => [...str("./letterbox_bg.js"), ...str(field), 0, 0];
  const twice = bytes(
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    section(1, [1, 0x60, 0, 1, 0x7f]),
    section(2, [3, ...glueImport(A), ...glueImport(A), ...glueImport(B)]),
    section(3, [2, 0, 0]),
    section(7, [2, ...str("mount"), 0, 3, ...str("other"), 0, 4]),
    section(10, [2, 4, 0, 0x10, 1, 0x0b, 4, 0, 0x10, 2, 0x0b]),
  );
  const { wasm, glue: renamed } = shortenNames(twice, `return { ${A}: () => 42, ${B}: () => 7 };`);
  const { instance } = await WebAssembly.instantiate(wasm, { "./letterbox_bg.js": new Function(renamed)() });
  assert.equal(instance.exports.mount(), 42);
  assert.equal(instance.exports.other(), 7);
});
