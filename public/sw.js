// Letterbox service worker: keeps the app shell so the app opens with no
// network. The build replaces the two placeholders below with the hashed
// file list and a version derived from it, so each release installs anew.
const VERSION = "__LETTERBOX_VERSION__";
const PRECACHE = __LETTERBOX_PRECACHE__;
const CACHE = "letterbox-shell-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // The split app's files are named by their build (`/pkg-<hash>/`):
      // the copies the page just fetched are good. The rest must be fresh.
      .then((cache) => cache.addAll(PRECACHE.map((url) =>
        new Request(url, { cache: url.startsWith("/pkg-") ? "default" : "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith("letterbox-shell-") && key !== CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // The API is never served from a cache: the app must see the real network.
  // Nor is the staff desk, which shares the origin but is not the app: its
  // pages come from the server, never as the app's shell.
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")
      || url.pathname === "/staff" || url.pathname.startsWith("/staff/")) return;
  if (request.mode === "navigate") {
    // Every page of the app is the same shell; routing happens in the app.
    event.respondWith(
      caches.match("/index.html", { cacheName: CACHE })
        .then((cached) => cached || fetch(request))
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true })
      .then((cached) => cached || fetch(request))
  );
});

// Background Sync (Chromium): when work is queued and the app is closed,
// the browser wakes this worker once the network is back. The worker only
// delivers what the app queued, as it was queued: petitions, their photos,
// follow-ups, and answers to campaigns with theirs. Each is idempotent at the office (its id was made on the
// phone), so when the app next opens and sends the same records, the office
// answers with what it already holds and the app records them as sent.
// Every decision (what is due, what a refusal means) stays in the app.
const SYNC_TAG = "letterbox-outbox";

self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(withSyncLock(deliver));
});

// The same lock the app's tabs take: never two senders at once.
function withSyncLock(work) {
  if (!self.navigator.locks) return work();
  return self.navigator.locks.request("letterbox-sync", { ifAvailable: true },
    (lock) => (lock ? work() : undefined));
}

function request(r) {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
}

// Opens the app's database as it is; never creates or upgrades it.
function openAppDb() {
  const open = indexedDB.open("letterbox");
  open.onupgradeneeded = () => open.transaction.abort();
  return request(open).then((db) => {
    // The app is upgrading or erasing its database ("Forget this phone"):
    // let go at once, or the app would wait for this delivery to finish.
    // What this delivery did not finish, the app sends itself.
    db.onversionchange = () => db.close();
    return db;
  });
}

const read = (db, store, key) => {
  const s = db.transaction(store).objectStore(store);
  return request(key === undefined ? s.getAll() : s.get(key));
};

// A busy or failing office, or no network: the browser tries again later.
function retryable(status) {
  return status === 401 || status === 408 || status === 429 || status >= 500;
}

async function deliver() {
  let db;
  try {
    db = await openAppDb();
  } catch {
    return;
  }
  try {
    const device = await read(db, "meta", "device");
    if (!device || !device.token) return;
    const auth = { authorization: `Bearer ${device.token}` };
    const cases = await read(db, "cases");
    const held = new Set(cases.map((c) => c.id));
    const records = (await read(db, "outbox"))
      .filter((r) => r.state === "waiting")
      .sort((a, b) => a.queued_at_ms - b.queued_at_ms);
    for (const record of records) {
      if (record.petition) {
        const res = await fetch("/api/v1/petitions", {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify(record.petition),
        });
        if (retryable(res.status)) throw new Error(`the office answered ${res.status}`);
        if (!res.ok) continue; // refused: the app shows why when it opens
        held.add(record.petition.id);
        for (const photo of record.petition.photos || []) {
          await deliverPhoto(db, auth, record.petition.id, photo);
        }
      } else if (record.campaign_response) {
        // An answer to a campaign, then the photos it lists.
        const { slug, response } = record.campaign_response;
        const base = `/api/v1/campaigns/${encodeURIComponent(slug)}/responses/${response.id}`;
        const res = await fetch(base, {
          method: "PUT",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify(response),
        });
        if (retryable(res.status)) throw new Error(`the office answered ${res.status}`);
        if (res.ok) {
          for (const answer of response.answers || []) {
            for (const photo of (answer.value && answer.value.photos) || []) {
              await deliverPhotoTo(db, auth, `${base}/photos/${photo.id}`, photo);
            }
          }
        }
      } else if (record.follow_up && held.has(record.follow_up.petition_id)) {
        // A request about a case goes only once the office holds the case.
        const res = await fetch(`/api/v1/petitions/${record.follow_up.petition_id}/requests/${record.id}`, {
          method: "PUT",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify(record.follow_up.request),
        });
        if (retryable(res.status)) throw new Error(`the office answered ${res.status}`);
        // A supplement declares its photos; they go up right after it.
        if (res.ok) {
          for (const photo of record.follow_up.request.photos || []) {
            await deliverPhoto(db, auth, record.follow_up.petition_id, photo);
          }
        }
      }
    }
    // Photos of cases the office holds that are still to go up (a
    // supplement's, or ones an earlier pass did not finish).
    for (const c of cases) {
      if (c.followed) continue;
      const have = new Set(c.photos_received || []);
      for (const photo of c.photos || []) {
        if (!have.has(photo.id)) await deliverPhoto(db, auth, c.id, photo);
      }
    }
  } finally {
    db.close();
  }
}

function deliverPhoto(db, auth, petition, photo) {
  return deliverPhotoTo(db, auth, `/api/v1/petitions/${petition}/photos/${photo.id}`, photo);
}

async function deliverPhotoTo(db, auth, url, photo) {
  const stored = await read(db, "photos", photo.id);
  if (!stored) return;
  const head = await fetch(url, { method: "HEAD", headers: auth });
  const offset = head.headers.get("upload-offset");
  // Held whole, or part-sent (the app resumes that from the office's offset).
  if (head.ok && offset !== null && offset !== "0") return;
  const bytes = photo.sha256.match(/../g).map((h) => parseInt(h, 16));
  const digest = `sha-256=:${btoa(String.fromCharCode(...bytes))}:`;
  const res = await fetch(url, {
    method: "PUT",
    headers: { ...auth, "content-type": photo.mime, "content-digest": digest },
    body: stored.bytes,
  });
  if (retryable(res.status)) throw new Error(`the office answered ${res.status}`);
}

// Tapping a case notification opens the app (an open window if there is one).
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) return open.focus().then((w) => w && w.navigate("/cases"));
      return self.clients.openWindow("/cases");
    }),
  );
});
