// Coordination between open tabs of the app.
//
// Only one tab runs a sync pass at a time (Web Locks: a tab that finds the
// lock taken skips its pass; the holder is sending). Changes a tab makes to
// the shared IndexedDB are announced on a BroadcastChannel so the other
// tabs reload what they show.

const LOCK = "letterbox-sync";
const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("letterbox") : null;

/** Runs `pass` (returning a Promise) holding the sync lock; resolves to
 *  false without running it when another tab holds the lock. */
export function withSyncLock(pass) {
  if (!navigator.locks) return pass().then(() => true);
  return navigator.locks.request(LOCK, { ifAvailable: true }, (lock) =>
    lock ? pass().then(() => true) : false,
  );
}

export function announceChange() {
  if (channel) channel.postMessage("changed");
}

export function onChangeElsewhere(callback) {
  if (channel) channel.onmessage = () => callback();
}

/** Asks the browser (Chromium's Background Sync) to wake the service
 *  worker when the network is back, so queued work goes out even if the
 *  app has been closed. Elsewhere, sending resumes when the app opens. */
export function requestBackgroundSync() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.sync && registration.sync.register("letterbox-outbox"))
    .catch(() => {});
}

/** Shows a system notification. Through the service worker where there is
 *  one (Android's Chrome refuses `new Notification()` in a page), else
 *  directly. */
export function showNotification(title, tag) {
  const direct = () => {
    try {
      new Notification(title, { tag });
    } catch {
      // Nothing to show it with: the app's own "updated" marks remain.
    }
  };
  if ("serviceWorker" in navigator && navigator.serviceWorker.controller) {
    navigator.serviceWorker.ready
      .then((registration) => registration.showNotification(title, { tag }))
      .catch(direct);
  } else {
    direct();
  }
}
