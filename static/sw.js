// Service worker: precaches every file of one build so the whole app works offline after one visit.
// scripts/build-release.sh fills in VERSION (a hash of the build's file names, which carry content
// hashes) and ASSETS; a new deployment is a new VERSION, whose caches replace the old ones.
"use strict";
const VERSION = "__VERSION__";
const ASSETS = __ASSETS__;
const CACHE = "callback-lab-" + VERSION;
const SHELL = "./";

// Precached past the HTTP cache: static hosts send `Cache-Control: max-age=600`, so a plain fetch
// can return the previous deployment's page (naming files the new cache does not hold), and the
// app would not start offline once the old cache is gone. `no-cache` asks the server every time;
// an unchanged file costs a 304 where the host sends validators (GitHub Pages sends ETags).
self.addEventListener("install", (event) => {
  const fresh = ASSETS.map((url) => new Request(url, { cache: "no-cache" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith("callback-lab-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

// The page asks a waiting worker to take over when the user accepts "update available — reload".
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

/** The prerendered page of an address under this worker's scope (`…/lab` → `lab.html`). */
function prerendered(url) {
  const scope = new URL(self.registration.scope).pathname;
  const path = new URL(url).pathname;
  const route = path.startsWith(scope) ? path.slice(scope.length).replace(/\/+$/, "") : "";
  return route ? `${route}.html` : SHELL;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Fresh when online. Offline: the route's prerendered page (`lab` → `lab.html`), or for any
    // other address the guide's, in which the app renders the route itself.
    event.respondWith(
      fetch(request).catch(() => caches.open(CACHE).then((c) =>
        c.match(prerendered(request.url), { ignoreSearch: true }).then((hit) => hit || c.match(SHELL)))));
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request))));
});
