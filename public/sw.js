// Service worker: the app works offline once loaded. The shell (index.html and the hashed
// JS/WASM/CSS it names) and the benefit policy files are cached; nothing else is stored.
// Household answers never pass through here: the self-assessment sends no requests with them.
// `cargo xtask build` names the cache after the build and lists every module of the app (the
// main one and one per route), so every page opens offline once the portal has been loaded.
const CACHE = "portal-dev";
const MODULES = [/*MODULES*/];
// The main routes whose first screen is drawn ahead (each its own page); every other route
// starts from /shell.html, the loading note.
const PAGES = [/*PAGES*/];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    let html = "";
    for (const page of new Set(["/", "/shell.html", ...PAGES])) {
      const res = await fetch(page, { cache: "no-cache" });
      if (!res.ok) continue;
      await cache.put(page, res.clone());
      if (page === "/") html = await res.text();
    }
    const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
    await cache.addAll([...new Set([...assets, ...MODULES])]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

/** Only the app's own files are kept: an HTML page for the shell, JSON only for the policy
 *  files. An error page, or a navigation that answered JSON, is never stored. */
function storable(res, kind) {
  const type = res.headers.get("content-type") ?? "";
  return res.ok && (kind === "html" ? type.startsWith("text/html") : type.includes("json"));
}

async function networkFirst(request, cacheKey, kind) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (storable(res, kind)) await cache.put(cacheKey ?? request, res.clone());
    return res;
  } catch (e) {
    const hit = await cache.match(cacheKey ?? request);
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate" && !url.pathname.startsWith("/api/")) {
    // A main route is kept as its own page; any other route as the shell.
    const key = url.pathname === "/" || PAGES.includes(url.pathname) ? url.pathname : "/shell.html";
    event.respondWith(networkFirst(req, key, "html").catch(async (e) => {
      const cache = await caches.open(CACHE);
      const hit = (await cache.match("/shell.html")) ?? (await cache.match("/"));
      if (hit) return hit;
      throw e;
    }));
  } else if (url.pathname === "/api/policies") {
    event.respondWith(networkFirst(req, undefined, "json"));
  } else if (url.pathname.startsWith("/api/policies/") || /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$|^\/pkg-[0-9a-f]{16}\//.test(url.pathname)) {
    // Versioned by content: never changes.
    event.respondWith(cacheFirst(req));
  }
});
