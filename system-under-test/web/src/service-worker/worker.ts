/**
 * PayPass's service worker, the standards' "service worker for caching": the build's hashed assets (JS, CSS, and
 * images once fetched) are served from Cache Storage, cache first: a hashed name never changes content, so a cached
 * copy is always right and a repeat visit or a route change needs no network for code. Everything else (index.html,
 * the API, the socket) goes to the network untouched: index.html is revalidated on every visit, so a new build is
 * picked up at once, and the old build's cache is dropped when the new worker activates.
 *
 * Not a module of the app: service-worker/plugin.ts compiles this file into dist/sw.js and puts the build's list
 * of assets (PRECACHE) and a cache name that changes with it (CACHE_NAME) in front.
 */
declare const PRECACHE: readonly string[];
declare const CACHE_NAME: string;

const CACHE_PREFIX = 'paypass-static-';

/** The parts of a service worker's global scope and events used here (the DOM typings do not describe workers). */
interface WaitingEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchingEvent extends WaitingEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: WaitingEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchingEvent) => void): void;
}

const worker = self as unknown as WorkerScope;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE_NAME)
      .then((cache) => cache.addAll([...PRECACHE]))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE_NAME).map((n) => caches.delete(n))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || !url.pathname.startsWith('/assets/')) return;
  event.respondWith(cacheFirst(request));
});

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE_NAME);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
