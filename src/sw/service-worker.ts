// The service worker: keeps the app shell (HTML, JS, CSS, ONNX Runtime's WASM, the gallery and
// the basemap) so a reload works with no network, keeps model files from /models/ once the app
// has fetched them, and serves the page and workers with the content security policy built from
// the hosts the user allowed.
//
// Hand-written rather than vite-plugin-pwa: the worker has to rewrite headers (isolation, CSP) on
// every response and the page's CSP meta element, which Workbox's strategies would wrap without
// simplifying; the precache list is a few lines of the build plugin (src/build/service-worker.ts).
import { contentSecurityPolicy, readAllowedHosts, type AllowedHosts } from '../core/privacy/csp';
import { ISOLATION, replaceMetaPolicy, withHeaders } from './headers';
import { MODEL_CACHE, SHELL_CACHE_PREFIX, type AllowReply, type ToServiceWorker } from './messages';

declare const __WHEREABOUTS_PRECACHE__: string[];
declare const __WHEREABOUTS_ON_DEMAND__: string[];
declare const __WHEREABOUTS_VERSION__: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${__WHEREABOUTS_VERSION__}`;
const PRECACHED = new Set(__WHEREABOUTS_PRECACHE__);
/** Shell files not precached but kept once fetched (the HEIC decoder). */
const ON_DEMAND = new Set(__WHEREABOUTS_ON_DEMAND__);
const POLICY_CACHE = 'whereabouts-policy';
const POLICY_KEY = '/__whereabouts/allowed-hosts';

async function allowedHosts(): Promise<AllowedHosts> {
  const stored = await (await caches.open(POLICY_CACHE)).match(POLICY_KEY);
  return readAllowedHosts(stored ? await stored.json().catch(() => null) : null);
}

async function storeAllowedHosts(hosts: AllowedHosts): Promise<void> {
  const body = JSON.stringify(hosts);
  await (await caches.open(POLICY_CACHE)).put(POLICY_KEY, new Response(body, { headers: { 'Content-Type': 'application/json' } }));
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // Straight from the server: a copy in the HTTP cache could belong to the previous version.
      await cache.addAll([...PRECACHED].map((url) => new Request(url, { cache: 'reload' })));
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL_CACHE) await caches.delete(name);
      }
      // The first visit's page (and its workers) go through this worker at once, so the model
      // files it fetches are kept for offline use without waiting for a reload.
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as ToServiceWorker | null;
  if (message?.type === 'skip-waiting') {
    void sw.skipWaiting();
  } else if (message?.type === 'forget-model') {
    event.waitUntil(forgetModel(message.id).then(() => event.ports[0]?.postMessage({ forgotten: true })));
  } else if (message?.type === 'allow') {
    const hosts = readAllowedHosts(message.hosts);
    event.waitUntil(
      storeAllowedHosts(hosts).then(() => {
        const reply: AllowReply = { policy: contentSecurityPolicy(hosts) };
        event.ports[0]?.postMessage(reply);
      }),
    );
  }
});

/** The app page: the precached shell with the current policy, or the network when nothing is cached yet. */
async function page(request: Request): Promise<Response> {
  const policy = contentSecurityPolicy(await allowedHosts());
  const cached = await (await caches.open(SHELL_CACHE)).match('/index.html');
  const response = cached ?? (await fetch(request));
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.ok || !type.includes('text/html')) return withHeaders(response, ISOLATION);
  const html = replaceMetaPolicy(await response.text(), policy);
  return withHeaders(response, { ...ISOLATION, 'Content-Security-Policy': policy, 'Content-Type': 'text/html; charset=utf-8' }, html);
}

/** A worker script also needs the policy as a header: a page's meta element does not reach its workers. */
async function headersFor(request: Request): Promise<Record<string, string>> {
  if (request.destination !== 'worker' && request.destination !== 'sharedworker') return ISOLATION;
  return { ...ISOLATION, 'Content-Security-Policy': contentSecurityPolicy(await allowedHosts()) };
}

async function shellFile(request: Request, path: string): Promise<Response> {
  const cached = await (await caches.open(SHELL_CACHE)).match(path);
  return withHeaders(cached ?? (await fetch(request)), await headersFor(request));
}

/** Copies of model files still being written to the cache. */
const pendingPuts = new Set<Promise<void>>();

/** Drops a model's kept files. Waits for copies being written first, so a damaged file caught by the page cannot land after the drop. */
async function forgetModel(id: string): Promise<void> {
  await Promise.all([...pendingPuts]);
  const cache = await caches.open(MODEL_CACHE);
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.startsWith(`/models/${id}/`)) await cache.delete(request);
  }
}

/** Model files: from the cache when the app has fetched them before, else from the network, kept when whole. */
async function modelFile(event: FetchEvent, path: string): Promise<Response> {
  const { request } = event;
  const cache = await caches.open(MODEL_CACHE);
  const cached = await cache.match(path);
  if (cached) return withHeaders(cached, ISOLATION, request.method === 'HEAD' ? null : cached.body);
  const response = await fetch(request);
  const isPage = (response.headers.get('Content-Type') ?? '').includes('text/html');
  if (request.method === 'GET' && response.status === 200 && !isPage) {
    // cache.put fails (and keeps nothing) when the body does not arrive whole.
    const put: Promise<void> = cache
      .put(path, response.clone())
      .catch(() => undefined)
      .finally(() => pendingPuts.delete(put));
    pendingPuts.add(put);
    event.waitUntil(put);
  }
  return withHeaders(response, ISOLATION);
}

/** A file fetched when first needed and kept in this version's shell cache from then on. */
async function onDemandFile(event: FetchEvent, path: string): Promise<Response> {
  const { request } = event;
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(path);
  if (cached) return withHeaders(cached, await headersFor(request));
  const response = await fetch(request);
  if (response.status === 200) event.waitUntil(cache.put(path, response.clone()).catch(() => undefined));
  return withHeaders(response, await headersFor(request));
}

const OFFERED_INDEX = /^\/models\/.+\/whereabouts-index\.(json|wbx)$/;

sw.addEventListener('fetch', (event: FetchEvent) => {
  const { request } = event;
  const url = new URL(request.url);
  // Other origins (a hub or tile server the user allowed) go straight to the network, under the CSP.
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    // The app has one page; a file opened in a tab (a model's config.json, say) is not the app.
    if (/\.[a-z0-9]+$/i.test(url.pathname) && !url.pathname.endsWith('.html')) return;
    event.respondWith(page(request));
  } else if (OFFERED_INDEX.test(url.pathname)) {
    // An offered coordinate index goes to IndexedDB once checked; a second copy here would only take space.
    return;
  } else if (url.pathname.startsWith('/models/') && (request.method === 'GET' || request.method === 'HEAD') && !request.headers.has('range')) {
    event.respondWith(modelFile(event, url.pathname));
  } else if (request.method === 'GET' && PRECACHED.has(url.pathname)) {
    event.respondWith(shellFile(request, url.pathname));
  } else if (request.method === 'GET' && ON_DEMAND.has(url.pathname)) {
    event.respondWith(onDemandFile(event, url.pathname));
  }
});
