// The photo pipeline, in the browser's own decoders and encoders: faster
// than decoding in wasm, and it keeps the wasm small. Every limit comes
// from letterbox-core through the `limits` argument.
//
// Re-encoding through a canvas keeps only pixels: EXIF (GPS included) and
// every other metadata segment are dropped. `imageOrientation: "from-image"`
// applies the EXIF orientation first, so the stored picture is upright.

const QUALITIES = [0.82, 0.72, 0.62, 0.52, 0.42, 0.34];

/** The image format by its first bytes, whatever the file name says. */
export async function sniff(file) {
  const b = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const ascii = (from, to) => String.fromCharCode(...b.slice(from, to));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b[0] === 0x89 && ascii(1, 4) === "PNG") return "png";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (ascii(0, 3) === "GIF") return "gif";
  if (ascii(0, 2) === "BM") return "bmp";
  if (ascii(4, 8) === "ftyp") {
    const brand = ascii(8, 12);
    if (brand.startsWith("avi")) return "avif";
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) return "heic";
  }
  return null;
}

function canvas(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  return c;
}

function toBlob(c, type, quality) {
  if (c.convertToBlob) return c.convertToBlob({ type, quality });
  return new Promise((ok) => c.toBlob(ok, type, quality));
}

function draw(bitmap, longEdge) {
  const scale = Math.min(1, longEdge / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const c = canvas(width, height);
  const ctx = c.getContext("2d");
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, width, height);
  return c;
}

/** The picture in the first of `types` (core's allowed types, preferred
 *  first) that fits the target, quality lowered step by step; where none
 *  does, the smallest encoding found (the caller checks the hard limit). */
async function encode(c, target, types) {
  let smallest = null;
  for (const type of types) {
    for (const quality of QUALITIES) {
      const blob = await toBlob(c, type, quality);
      if (!blob || blob.type !== type) break; // this browser cannot encode it
      if (blob.size <= target) return blob;
      if (!smallest || blob.size < smallest.size) smallest = blob;
    }
  }
  return smallest;
}

/** The largest picture, long edge by long edge (core's steps), whose
 *  encoding fits the hard limit: a photo too noisy to compress is made
 *  smaller rather than refused. */
async function encodeWithin(bitmap, limits) {
  for (const edge of limits.longEdges) {
    const c = draw(bitmap, edge);
    const blob = await encode(c, limits.targetBytes, limits.mimeTypes);
    if (blob && blob.size <= limits.maxBytes) return { blob, c };
  }
  return null;
}

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Resolves to {ok: true, bytes, mime, width, height, thumb, thumbMime,
 * sha256, ms} or {ok: false, reason} with reason one of: too_large,
 * not_image, heic, cannot_decode, too_many_pixels, too_big_after.
 */
export async function processPhoto(file, limits) {
  const started = performance.now();
  if (file.size > limits.maxInputBytes) return { ok: false, reason: "too_large" };
  const format = await sniff(file);
  if (!format) return { ok: false, reason: "not_image" };
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch (e) {
    return { ok: false, reason: format === "heic" ? "heic" : "cannot_decode" };
  }
  try {
    if (bitmap.width * bitmap.height > limits.maxPixels) return { ok: false, reason: "too_many_pixels" };
    const fitted = await encodeWithin(bitmap, limits);
    if (!fitted) return { ok: false, reason: "too_big_after" };
    const { blob, c: full } = fitted;
    const thumbBlob = await encode(draw(bitmap, limits.thumbEdge), limits.targetBytes, limits.mimeTypes);
    const bytes = await blob.arrayBuffer();
    return {
      ok: true,
      bytes,
      mime: blob.type,
      width: full.width,
      height: full.height,
      thumb: await thumbBlob.arrayBuffer(),
      thumbMime: thumbBlob.type,
      sha256: await sha256Hex(bytes),
      ms: performance.now() - started,
    };
  } finally {
    bitmap.close();
  }
}

/** An object URL for stored bytes, to show them; revoke when done. */
export function objectUrl(buffer, mime) {
  return URL.createObjectURL(new Blob([buffer], { type: mime }));
}
