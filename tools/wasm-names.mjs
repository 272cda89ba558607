// Short names between the main module and its JavaScript glue (issue 12).
//
// wasm-bindgen names each import the glue provides `__wbg_<name>_<hash>`
// and each closure shim the module exports `wasm_bindgen_<hash>___convert…`
// (up to 300 characters). Every such name is written twice, once in the
// module's import or export section and once in the glue, and the two files
// are compressed apart: about 320 imports carry 16 hex digits each that no
// compressor can shrink. Short names saved 9.3 KB of brotli on every entry
// (both files). The split modules import only memory, the function table
// and one global from the main module, never these names, so renaming them
// in the two files that hold them is enough.
//
// Also drops the exports of wasm-streams' stream sources (`IntoUnderlying…`):
// server_fn, which leptos always links, brings them, the app streams
// nothing through them, and as exports they keep their code alive. Their
// classes stay in the glue, unused.
//
// Only the import and export sections are rewritten; every other byte of
// the module is copied. Anything unexpected stops the build.

/** The glue's module name for wasm-bindgen's imports. */
const GLUE = "./letterbox_bg.js";
const LONG_EXPORT = /^wasm_bindgen_[0-9a-f]{16}___/;
const DROPPED_EXPORT = /^(__wbg_)?intounderlying/;

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, at];
    if (shift >= 35) throw new Error("wasm-names: a LEB128 number too long");
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return Buffer.from(out);
}

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  return [bytes.subarray(start, start + length).toString("utf8"), start + length];
}

const name = (text) => {
  const data = Buffer.from(text, "utf8");
  return Buffer.concat([u32(data.length), data]);
};

/** The end of a reference or value type starting at `at`. */
function skipType(bytes, at) {
  const byte = bytes[at];
  // (ref null? heaptype): the heap type is a signed LEB128 number.
  if (byte === 0x63 || byte === 0x64) return readU32(bytes, at + 1)[1];
  return at + 1;
}

function skipLimits(bytes, at) {
  const flags = bytes[at];
  if (flags > 0x07) throw new Error(`wasm-names: limits with flags ${flags}`);
  let next = readU32(bytes, at + 1)[1];
  if (flags & 0x01) next = readU32(bytes, next)[1];
  return next;
}

/** The end of an import's description starting at its kind byte. */
function skipImportDesc(bytes, at) {
  const kind = bytes[at];
  switch (kind) {
    case 0x00: return readU32(bytes, at + 1)[1]; // function: type index
    case 0x01: return skipLimits(bytes, skipType(bytes, at + 1)); // table
    case 0x02: return skipLimits(bytes, at + 1); // memory
    case 0x03: return skipType(bytes, at + 1) + 1; // global: type, mutability
    case 0x04: return readU32(bytes, at + 2)[1]; // tag: attribute, type index
    default: throw new Error(`wasm-names: an import of kind ${kind}`);
  }
}

/** `_0`, `_1`, … `_z`, `_10`, …: never a name wasm-bindgen writes. */
const shortName = (i) => "_" + i.toString(36);

/**
 * Renames in `wasm` (a Buffer) and `glue` (the glue's source) as described
 * above. Returns the new module and glue, and counts for the build's log.
 */
export function shortenNames(wasm, glue) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error("wasm-names: not a wasm module");
  // Old name → [short name, "import" | "export"]. A name met twice (wasm
  // allows an import to repeat) keeps its first short name.
  const renames = new Map();
  let next = 0;
  const rename = (field, kind) => {
    const known = renames.get(field);
    if (known && known[1] !== kind) throw new Error(`wasm-names: ${field} is both an import and an export`);
    if (!known) renames.set(field, [shortName(next++), kind]);
    return renames.get(field)[0];
  };
  const kept = new Set();
  const parts = [wasm.subarray(0, 8)];
  let dropped = 0;
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readU32(wasm, at + 1);
    const end = start + size;
    if (id === 2 || id === 7) {
      let [count, p] = readU32(wasm, start);
      const entries = [];
      for (let i = 0; i < count; i++) {
        if (id === 2) {
          const [module, afterModule] = readName(wasm, p);
          const [field, afterField] = readName(wasm, afterModule);
          const descEnd = skipImportDesc(wasm, afterField);
          const desc = wasm.subarray(afterField, descEnd);
          if (module === GLUE) {
            entries.push(Buffer.concat([wasm.subarray(p, afterModule), name(rename(field, "import")), desc]));
          } else {
            kept.add(field);
            entries.push(wasm.subarray(p, descEnd));
          }
          p = descEnd;
        } else {
          const [field, afterField] = readName(wasm, p);
          const descEnd = readU32(wasm, afterField + 1)[1];
          if (DROPPED_EXPORT.test(field)) {
            dropped++;
          } else if (LONG_EXPORT.test(field)) {
            entries.push(Buffer.concat([name(rename(field, "export")), wasm.subarray(afterField, descEnd)]));
          } else {
            kept.add(field);
            entries.push(wasm.subarray(p, descEnd));
          }
          p = descEnd;
        }
      }
      if (p !== end) throw new Error(`wasm-names: section ${id} is ${size} bytes but its entries end at ${p - start}`);
      const body = Buffer.concat([u32(entries.length), ...entries]);
      parts.push(Buffer.from([id]), u32(body.length), body);
    } else {
      parts.push(wasm.subarray(at, end));
    }
    at = end;
  }
  if (at !== wasm.length) throw new Error("wasm-names: the last section runs past the end");
  for (const [short] of renames.values()) {
    if (kept.has(short)) throw new Error(`wasm-names: ${short} is already a name`);
  }

  // In wasm-bindgen's glue an import is one key of the imports object
  // (`name: function`) and an export is read as `wasm.name`; only those are
  // tied to the module, and only those are renamed (the glue also names a
  // function of its own after each closure shim, which terser shortens).
  // An import that is not exactly one key, or an export never read, stops
  // the build rather than be guessed at. Names are \w+ (wasm-bindgen's), so
  // a match cannot take part of a longer name.
  let newGlue = glue;
  for (const [old, [short, kind]] of renames) {
    if (!/^\w+$/.test(old)) throw new Error(`wasm-names: ${JSON.stringify(old)} is not a plain name`);
    const use = kind === "import" ? new RegExp(`\\b${old}:`, "g") : new RegExp(`\\bwasm\\.${old}\\b`, "g");
    const uses = newGlue.match(use)?.length ?? 0;
    if (uses === 0 || (kind === "import" && uses !== 1)) {
      throw new Error(`wasm-names: the ${kind} ${old} is in the glue ${uses} times`);
    }
    newGlue = newGlue.replace(use, kind === "import" ? `${short}:` : `wasm.${short}`);
  }
  return { wasm: Buffer.concat(parts), glue: newGlue, renamed: renames.size, dropped };
}
