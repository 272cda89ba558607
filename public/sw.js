// Letterbox service worker: keeps the app shell so the app opens with no
// network. The build replaces the two placeholders below with the hashed
// file list and a version derived from it, so each release installs anew.
const VERSION = "__LETTERBOX_VERSION__";
const PRECACHE = __LETTERBOX_PRECACHE__;
const CACHE = "letterbox-shell-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
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
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
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
