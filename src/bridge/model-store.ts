// Model files kept in this browser, seen from the page: the service worker's copies of the app's
// /models/ folder, the hub downloads transformers.js keeps, and imported folders. Lists them per
// model, downloads a profile for offline use (per file, with progress; files already kept are
// skipped, so an interrupted download resumes where it stopped), deletes one model, and reports
// the storage estimate. Cache API and IndexedDB only; no model runtime.
import { planProfile, type DeviceVariant, type Profile } from '../../models/profiles';
import { resolveUrl } from '../../models/hub';
import { REGISTRY } from '../../models/registry';
import { MODEL_CACHE, type ToServiceWorker } from '../sw/messages';
import { MANIFEST_NAME } from '../../models/manifest';
import { parseConfig, withExternalData } from '../../models/external-data';
import { deleteImported, importedModels } from '../../workers/store/model-folder';
import type { BridgeSettings, FileProgress, StorageView, StoredModel } from './types';

/** transformers.js keeps hub downloads in this cache, keyed by the file's hub address. */
const HUB_CACHE = 'transformers-cache';

function hasCaches(): boolean {
  return typeof caches !== 'undefined';
}

/** The address a model file is fetched from in the given source, which is also its cache key. */
export function fileUrl(settings: BridgeSettings, id: string, revision: string, path: string): string {
  return settings.source === 'hub' ? resolveUrl(settings.hubHost, id, revision, path) : `/models/${id}/${path}`;
}

function cacheNameFor(settings: BridgeSettings): string {
  return settings.source === 'hub' ? HUB_CACHE : MODEL_CACHE;
}

/** Which registered model a cached address belongs to. */
function modelOf(url: string): { id: string; key: string } | null {
  const path = decodeURIComponent(new URL(url, location.href).pathname);
  for (const entry of REGISTRY) {
    if (path.startsWith(`/models/${entry.id}/`) || path.includes(`/${entry.id}/resolve/`)) return { id: entry.id, key: entry.key };
  }
  return null;
}

async function sizeOf(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const header = Number(response.headers.get('content-length'));
  return Number.isFinite(header) && header > 0 ? header : (await response.blob()).size;
}

export async function storedModels(): Promise<StoredModel[]> {
  const models = new Map<string, StoredModel>();
  const add = (id: string, key: string | null, where: StoredModel['where'][number], files: number, bytes: number) => {
    const model = models.get(id) ?? { id, key, where: [], files: 0, bytes: 0 };
    if (!model.where.includes(where)) model.where.push(where);
    model.files += files;
    model.bytes += bytes;
    models.set(id, model);
  };
  if (hasCaches()) {
    for (const [name, where] of [
      [MODEL_CACHE, 'app folder'],
      [HUB_CACHE, 'hub'],
    ] as const) {
      if (!(await caches.has(name))) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const model = modelOf(request.url);
        if (model) add(model.id, model.key, where, 1, await sizeOf(await cache.match(request)));
      }
    }
  }
  for (const imported of await importedModels()) {
    const entry = REGISTRY.find((e) => e.id === imported.modelId || e.id.endsWith(`/${imported.modelId}`));
    add(imported.modelId, entry?.key ?? null, 'imported folder', imported.files, imported.bytes);
  }
  return [...models.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Deletes every kept copy of one model: cached files of the app folder and the hub, and an imported folder. */
export async function deleteModel(id: string): Promise<number> {
  let deleted = 0;
  if (hasCaches()) {
    for (const name of [MODEL_CACHE, HUB_CACHE]) {
      if (!(await caches.has(name))) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (modelOf(request.url)?.id === id && (await cache.delete(request))) deleted++;
      }
    }
  }
  return deleted + (await deleteImported(id));
}

/** Drops the service worker's copies of one model's files, so the next load fetches them afresh. */
export async function forgetCachedModel(id: string): Promise<void> {
  // The service worker may still be writing the damaged copy it just served: let it do the drop,
  // after its pending writes. Without a service worker (or an answer), drop the copies here.
  const worker = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : null;
  if (worker) {
    const channel = new MessageChannel();
    const answered = new Promise<boolean>((resolve) => {
      channel.port1.onmessage = () => resolve(true);
      setTimeout(() => resolve(false), 10_000);
    });
    const message: ToServiceWorker = { type: 'forget-model', id };
    worker.postMessage(message, [channel.port2]);
    if (await answered) return;
  }
  if (!hasCaches() || !(await caches.has(MODEL_CACHE))) return;
  const cache = await caches.open(MODEL_CACHE);
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.startsWith(`/models/${id}/`)) await cache.delete(request);
  }
}

export async function storageEstimate(): Promise<StorageView> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const estimate = await storage?.estimate?.().catch(() => undefined);
  const persisted = await storage?.persisted?.().catch(() => null);
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null };
}

export async function persistStorage(): Promise<boolean> {
  return (await navigator.storage?.persist?.().catch(() => false)) ?? false;
}

/** config.json of a model, from the cache or the network; null when it cannot be read. */
async function configOf(cache: Cache, url: string, signal?: AbortSignal): Promise<unknown> {
  const response = (await cache.match(url)) ?? (await fetch(url, { signal }).catch(() => null));
  return response?.ok ? parseConfig(await response.clone().text()) : null;
}

/** Downloads every file of a profile into the browser's cache for the current source. */
export async function downloadProfile(
  profile: Profile,
  variants: readonly DeviceVariant[],
  settings: BridgeSettings,
  onProgress: (p: FileProgress) => void,
  signal?: AbortSignal,
): Promise<{ files: number; skipped: number; missing: string[] }> {
  if (settings.source === 'folder') {
    throw Object.assign(new Error('Imported folders are already kept in this browser; choose the app folder or a hub to download a profile.'), {
      code: 'download-source',
    });
  }
  if (!hasCaches()) throw Object.assign(new Error('This browser offers no storage for downloads (Cache API).'), { code: 'no-storage' });
  const plan = planProfile(profile, variants);
  const cache = await caches.open(cacheNameFor(settings));
  let files = 0;
  let skipped = 0;
  for (const { entry, files: needed } of plan.models) {
    // The folder's file list comes too, when it has one, so the checks before use work offline.
    const listing = fileUrl(settings, entry.id, entry.revision, MANIFEST_NAME);
    if (settings.source === 'self' && !(await cache.match(listing))) {
      const response = await fetch(listing, { signal }).catch(() => null);
      if (response?.ok && !(response.headers.get('content-type') ?? '').includes('text/html')) await cache.put(listing, response);
    }
    // Graphs that keep their weights in external data files (declared in config.json) need those too.
    const queue = [...needed];
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i]!;
      signal?.throwIfAborted();
      const url = fileUrl(settings, entry.id, entry.revision, file.path);
      // Looked up before config.json is read: reading it through the service worker keeps a copy.
      const kept = await cache.match(url);
      if (file.path === 'config.json') {
        const config = await configOf(cache, url, signal);
        for (const extra of withExternalData(needed, config).slice(needed.length)) queue.push(extra);
      }
      const base = { model: entry.key, file: `${entry.id}/${file.path}` };
      if (kept) {
        const size = await sizeOf(kept);
        onProgress({ ...base, loaded: size, total: size, status: 'done' });
        skipped++;
        continue;
      }
      onProgress({ ...base, loaded: 0, total: file.bytes ?? 0, status: 'initiate' });
      const response = await fetch(url, { signal });
      if (!response.ok || !response.body) {
        throw Object.assign(new Error(`${entry.id}/${file.path} could not be downloaded (HTTP ${response.status}).`), { code: 'download-failed' });
      }
      const total = Number(response.headers.get('content-length')) || file.bytes || 0;
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        onProgress({ ...base, loaded, total, status: 'progress' });
      }
      if (total > 0 && loaded !== total) {
        throw Object.assign(new Error(`${entry.id}/${file.path} arrived incomplete (${loaded} of ${total} bytes).`), { code: 'download-failed' });
      }
      const headers = new Headers(response.headers);
      headers.set('content-length', String(loaded));
      // A file only lands in the cache whole, so a later run skips it or fetches it again.
      await cache.put(url, new Response(new Blob(chunks as BlobPart[]), { status: 200, headers }));
      onProgress({ ...base, loaded, total: loaded, status: 'done' });
      files++;
    }
  }
  return { files, skipped, missing: plan.missing };
}
