// ilgi service worker. TEMPLATE: tools/sw-precache.mjs writes dist/sw.js from
// this file after each build, filling in the build id and the asset list.
// Strategy: precache the whole build at install, serve it cache-first, and
// wait for the page to say when to switch to a new build (no surprise reload).
const BUILD = "__ILGI_BUILD__";
const ASSETS = __ILGI_ASSETS__;
const CACHE = "ilgi-app-" + BUILD;
const SHELL = "/index.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      // Fetch past the HTTP cache so a new build never precaches stale files,
      // and store only successful responses.
      await Promise.all(
        ASSETS.map(async (path) => {
          const response = await fetch(new Request(path, { cache: "reload" }));
          if (!response.ok) throw new Error("precache failed: " + path + " " + response.status);
          await cache.put(path, response);
        }),
      );
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("ilgi-app-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    // Every route of the single-page app is the same shell.
    event.respondWith(
      caches.open(CACHE).then(async (cache) => (await cache.match(SHELL)) || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(url.pathname);
      return cached || fetch(request);
    }),
  );
});
