// Photo fixtures made by the tests in the browser itself (nothing binary is
// committed): a large camera JPEG with EXIF orientation 6 and GPS tags, a
// PNG screenshot, and small pictures in bulk.

/** Runs in the page: returns {jpeg: number[]} etc. */
export async function makeFixtures(page) {
  return page.evaluate(async () => {
    const canvasBytes = async (w, h, type, paint) => {
      const c = new OffscreenCanvas(w, h);
      const ctx = c.getContext("2d");
      paint(ctx, w, h);
      const blob = await c.convertToBlob({ type, quality: 0.92 });
      return new Uint8Array(await blob.arrayBuffer());
    };
    // A camera-like frame: noise-ish gradient, with the raw top-left
    // quadrant red so the orientation can be checked afterwards.
    // Sensor noise (a seeded generator) makes the JPEG as large as a real
    // 12-megapixel camera file.
    const camera = (ctx, w, h) => {
      const image = ctx.createImageData(w, h);
      let seed = 12345;
      for (let i = 0; i < image.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const n = seed >>> 24;
        image.data[i] = 60 + (n & 127);
        image.data[i + 1] = 90 + ((n >> 1) & 127);
        image.data[i + 2] = 120 + ((n >> 2) & 63);
        image.data[i + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
      ctx.fillStyle = "#ff0000"; ctx.fillRect(0, 0, w / 2, h / 2);
    };
    const raw = await canvasBytes(4000, 3000, "image/jpeg", camera);

    // EXIF (big-endian TIFF): IFD0 {Orientation = 6, GPSInfo -> GPS IFD},
    // GPS IFD {VersionID, LatitudeRef N, Latitude 29/1 33/1 45/1}.
    const tiff = [];
    const u16 = (v) => tiff.push((v >> 8) & 255, v & 255);
    const u32 = (v) => tiff.push((v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    tiff.push(0x4d, 0x4d); u16(42); u32(8);
    // IFD0 at 8: 2 entries (2 + 2*12 + 4 = 30 bytes) -> GPS IFD at 38.
    u16(2);
    u16(0x0112); u16(3); u32(1); u16(6); u16(0);
    u16(0x8825); u16(4); u32(1); u32(38);
    u32(0);
    // GPS IFD at 38: 3 entries (2 + 36 + 4 = 42) -> rationals at 80.
    u16(3);
    u16(0x0000); u16(1); u32(4); tiff.push(2, 3, 0, 0);
    u16(0x0001); u16(2); u32(2); tiff.push(0x4e, 0, 0, 0);
    u16(0x0002); u16(5); u32(3); u32(80);
    u32(0);
    for (const v of [29, 33, 45]) { u32(v); u32(1); }
    const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    const len = payload.length + 2;
    const app1 = [0xff, 0xe1, (len >> 8) & 255, len & 255, ...payload];
    const jpeg = new Uint8Array(raw.length + app1.length);
    jpeg.set(raw.slice(0, 2), 0);
    jpeg.set(app1, 2);
    jpeg.set(raw.slice(2), 2 + app1.length);
    // Bytes cross to the test as base64: a plain array of millions of
    // numbers is slow to serialise.
    const b64 = (bytes) => {
      let s = "";
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    };

    const screenshot = await canvasBytes(1170, 2532, "image/png", (ctx, w, h) => {
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = "#0b5394"; ctx.fillRect(0, 0, w, 180);
      ctx.fillStyle = "#222"; ctx.font = "48px sans-serif";
      for (let y = 300; y < h; y += 90) ctx.fillText("Water cut since Monday — building 3", 60, y);
    });
    const small = [];
    for (let i = 0; i < 10; i++) {
      small.push(b64(await canvasBytes(320, 240, "image/png", (ctx, w, h) => {
        ctx.fillStyle = `hsl(${i * 36} 70% 50%)`; ctx.fillRect(0, 0, w, h);
      })));
    }
    return { jpeg: b64(jpeg), screenshot: b64(screenshot), small };
  }).then((f) => ({
    jpeg: Buffer.from(f.jpeg, "base64"),
    screenshot: Buffer.from(f.screenshot, "base64"),
    small: f.small.map((s) => Buffer.from(s, "base64")),
  }));
}

/** Every stored photo record of the app, with facts about its bytes. */
export async function storedPhotos(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("letterbox");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const records = await new Promise((ok, fail) => {
      const r = db.transaction("photos").objectStore("photos").getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    db.close();
    const out = [];
    for (const rec of records) {
      const bytes = new Uint8Array(rec.bytes);
      let text = "";
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const bitmap = await createImageBitmap(new Blob([rec.bytes], { type: rec.mime }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext("2d");
      ctx.drawImage(bitmap, 0, 0);
      const pixel = (x, y) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", rec.bytes));
      out.push({
        id: rec.id,
        mime: rec.mime,
        size: bytes.length,
        width: bitmap.width,
        height: bitmap.height,
        // EXIF in JPEG is an APP1 "Exif" segment; in WebP an "EXIF" chunk.
        hasExif: text.includes("Exif\u0000") || text.includes("EXIF"),
        // Any TIFF block (where EXIF and GPS tags live) left anywhere.
        hasTiff: text.includes("MM\u0000*") || text.includes("II*\u0000"),
        topLeft: pixel(10, 10),
        topRight: pixel(bitmap.width - 10, 10),
        sha256: rec.sha256,
        sha256Actual: Array.from(digest, (x) => x.toString(16).padStart(2, "0")).join(""),
        thumbSize: rec.thumb.byteLength,
      });
    }
    return out;
  });
}
