// RunReady's service worker (served from /sw.js, scope /). Rendered by config/pwa.py.
// Static assets: cache first, from a cache named after their contents. Pages: always the
// network (they are personal and change by the minute); without one, the offline page.
const VERSION = "{{ version }}";
const STATIC_CACHE = `runready-static-${VERSION}`;
const PRECACHE = {{ precache|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const STATIC_PREFIX = "{{ static_prefix }}";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => cache.addAll([...PRECACHE, OFFLINE_URL])).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("runready-") && n !== STATIC_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

// Web push: the payload holds only a headline, a line of text and a link into the app.
self.addEventListener("push", (event) => {
  let message = { title: "RunReady", body: "", url: "/" };
  try {
    message = { ...message, ...event.data.json() };
  } catch {
    // not JSON: show the default title
  }
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      icon: `${STATIC_PREFIX}icons/icon-192.png`,
      tag: message.tag || undefined,
      data: { url: message.url },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === target.href);
      return open ? open.focus() : self.clients.openWindow(target.href);
    }),
  );
});
