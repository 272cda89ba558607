// Photos are processed on the phone: upright, within the limits, with no
// metadata left; unusable files are refused at once with the reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceToken, eventually, withApp } from "./harness.mjs";
import { makeFixtures, storedPhotos } from "./fixtures.mjs";

const file = (name, mimeType, bytes) => ({ name, mimeType, buffer: Buffer.from(bytes) });

test("a camera JPEG comes out upright, small, and without EXIF or GPS; a PNG works", async () => {
  await withApp({}, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    const fixtures = await makeFixtures(page);
    assert.ok(fixtures.jpeg.length > 1_000_000, `a large input (${fixtures.jpeg.length} bytes)`);
    // The input really carries EXIF with orientation 6 and a GPS IFD.
    const head = fixtures.jpeg.subarray(0, 200).toString("latin1");
    assert.ok(head.includes("Exif\u0000\u0000MM\u0000*"), "EXIF block in the input");
    assert.ok(fixtures.jpeg.subarray(0, 200).includes(Buffer.from([0x88, 0x25])), "GPSInfo tag in the input");
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByLabel("Title").fill("Broken pavement");
    await page.getByLabel("Choose photos").setInputFiles([
      file("IMG_0001.JPG", "image/jpeg", fixtures.jpeg),
      file("Screenshot.png", "image/png", fixtures.screenshot),
    ]);
    const photos = page.getByRole("list", { name: "Photos" });
    await eventually(async () => (await photos.getByRole("listitem").count()) === 2, { what: "two photos" });
    await photos.getByRole("img", { name: "Photo 1" }).waitFor();
    await page.getByText(/2 of 9 photos/).waitFor();

    const stored = await storedPhotos(page);
    assert.equal(stored.length, 2);
    // Orientation 6: the 4000×3000 sensor image is shown 3000×4000, scaled
    // to a long edge of 2048, and the raw top-left (red) is now top-right.
    const cam = stored.find((p) => p.width === 1536);
    assert.ok(cam, `a 1536×2048 photo among ${JSON.stringify(stored.map((p) => [p.width, p.height]))}`);
    assert.equal(cam.height, 2048);
    assert.ok(cam.topRight[0] > 200 && cam.topRight[1] < 60, `top-right is red: ${cam.topRight}`);
    assert.ok(!(cam.topLeft[0] > 200 && cam.topLeft[1] < 60), `top-left is not red: ${cam.topLeft}`);
    for (const p of stored) {
      assert.ok(["image/webp", "image/jpeg"].includes(p.mime), p.mime);
      assert.ok(p.size <= 400_000, `${p.size} bytes`);
      assert.ok(Math.max(p.width, p.height) <= 2048);
      assert.equal(p.hasExif, false, "no EXIF left");
      assert.equal(p.hasTiff, false, "no TIFF block (EXIF, GPS) left");
      assert.equal(p.sha256, p.sha256Actual, "the kept hash is the bytes' hash");
      assert.ok(p.thumbSize > 0 && p.thumbSize < 40_000);
    }

    // Reload: the photos are still there, in order.
    await page.reload();
    await page.getByRole("list", { name: "Photos" }).getByRole("img", { name: "Photo 2" }).waitFor();
  });
});

test("a photo too noisy to compress is made smaller, never refused", async () => {
  await withApp({}, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    // Pure colour noise (a seeded generator): a 12-megapixel camera-sized
    // JPEG, and a 2048×1536 one where scaling to the long edge averages
    // nothing away, the worst case for the encoder.
    const noise = await page.evaluate(async () => {
      const make = async (w, h, seed) => {
        const c = new OffscreenCanvas(w, h);
        const ctx = c.getContext("2d");
        const image = ctx.createImageData(w, h);
        for (let i = 0; i < image.data.length; i += 4) {
          for (let k = 0; k < 3; k++) {
            seed = (seed * 1103515245 + 12345) >>> 0;
            image.data[i + k] = seed >>> 24;
          }
          image.data[i + 3] = 255;
        }
        ctx.putImageData(image, 0, 0);
        const blob = await c.convertToBlob({ type: "image/jpeg", quality: 0.92 });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      };
      return { camera: await make(4000, 3000, 7), edge: await make(2048, 1536, 11) };
    });
    assert.ok(noise.camera.length > 8_000_000, `a camera-sized input (${noise.camera.length} bytes)`);
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByLabel("Title").fill("Gravel on the path");
    await page.getByLabel("Choose photos").setInputFiles([
      file("IMG_NIGHT.JPG", "image/jpeg", noise.camera),
      file("IMG_GRAVEL.JPG", "image/jpeg", noise.edge),
    ]);
    const photos = page.getByRole("list", { name: "Photos" });
    await eventually(async () => (await photos.getByRole("listitem").count()) === 2, { what: "both photos kept", timeout: 60_000 });
    assert.equal(await page.getByText(/still too large after shrinking/).count(), 0);
    const stored = await storedPhotos(page);
    assert.equal(stored.length, 2);
    for (const p of stored) {
      assert.ok(p.size <= 600_000, `${p.size} bytes within the hard limit`);
      assert.ok(Math.max(p.width, p.height) <= 2048);
      assert.equal(p.sha256, p.sha256Actual);
    }
    // The worst case did not fit at 2048 px: it went down a step.
    const gravel = stored.find((p) => p.width * 3 === p.height * 4 && p.width < 2048);
    assert.ok(gravel, `one scaled below 2048 px: ${JSON.stringify(stored.map((p) => [p.width, p.height, p.size]))}`);
  });
});

test("a text file named .jpg and a tenth photo are refused with the reason; the draft is untouched", async () => {
  await withApp({}, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    const fixtures = await makeFixtures(page);
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByLabel("Title").fill("Photos and a note");
    await page.getByLabel("Choose photos").setInputFiles(
      file("notes.jpg", "image/jpeg", Buffer.from("These are my notes, not a picture.")),
    );
    await page.getByRole("alert").getByText("“notes.jpg” is not a photo").waitFor();
    assert.equal(await page.getByLabel("Title").inputValue(), "Photos and a note");

    await page.getByLabel("Choose photos").setInputFiles(
      fixtures.small.map((bytes, i) => file(`p${i + 1}.png`, "image/png", bytes)),
    );
    await page.getByRole("alert").getByText("already has 9 photos").waitFor();
    await page.getByRole("alert").getByText("“p10.png”").waitFor();
    const photos = page.getByRole("list", { name: "Photos" });
    await eventually(async () => (await photos.getByRole("listitem").count()) === 9, { what: "nine photos" });
    assert.equal((await storedPhotos(page)).length, 9);

    // Reorder and remove, by keyboard-reachable buttons with names.
    await photos.getByRole("button", { name: "Move photo 2 earlier" }).click();
    await photos.getByRole("button", { name: "Remove photo 9" }).click();
    await eventually(async () => (await photos.getByRole("listitem").count()) === 8, { what: "eight photos" });
    await eventually(async () => (await storedPhotos(page)).length === 8, { what: "eight stored" });
    assert.equal(await page.getByLabel("Title").inputValue(), "Photos and a note");
  });
});

test("a petition's photos follow it to the office, and the case becomes received", async () => {
  await withApp({}, async ({ server, context }) => {
    const page = await context.newPage();
    await page.goto(server.base);
    await page.getByRole("status").filter({ hasText: "All sent" }).waitFor();
    const fixtures = await makeFixtures(page);
    await page.getByRole("button", { name: "New petition" }).click();
    await page.getByRole("radio", { name: "Suggestion or opinion" }).check();
    await page.getByLabel("Category").selectOption({ label: "Transport" });
    await page.getByLabel("Title").fill("Broken pavement by the school");
    await page.getByLabel("What happened, and what do you ask for?").fill("The pavement outside the school gate is broken; children trip.");
    // A camera photo (sent in resumable pieces) and a small one (one PUT).
    await page.getByLabel("Choose photos").setInputFiles([
      file("camera.jpg", "image/jpeg", fixtures.jpeg),
      file("b.png", "image/png", fixtures.small[1]),
    ]);
    const photos = page.getByRole("list", { name: "Photos" });
    await eventually(async () => (await photos.getByRole("listitem").count()) === 2, { what: "two photos" });
    const local = await storedPhotos(page);
    assert.ok(local.some((p) => p.size > 128 * 1024), "one photo is larger than an upload piece");
    await page.getByRole("button", { name: "Send" }).click();
    const received = page.getByRole("region", { name: "Received by the office" });
    await received.getByText("Received", { exact: true }).waitFor({ timeout: 30_000 });
    await received.getByText("2 of 2 photos received by the office").waitFor();

    const token = await deviceToken(page);
    const link = await received.getByRole("link", { name: /Case no\./ }).getAttribute("href");
    const id = link.split("/").pop();
    const res = await fetch(`${server.base}/api/v1/petitions/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const receipt = await res.json();
    assert.equal(receipt.status, "received");
    assert.deepEqual(receipt.photos.map((p) => p.sha256).sort(), local.map((p) => p.sha256).sort());
  });
});
