// The bridge: the one place where the UI reaches the workers. Every long call takes an
// AbortSignal; aborting it cancels the work inside the worker too.
import * as Comlink from 'comlink';
import type { Bridge, BridgeSettings, Device, FileProgress, GenerateRequest, OfferedIndexResult } from './types';
import { installErrorTransfer } from './wire';
import { WorkerHandle } from './worker-handle';
import { REGISTRY, filesFor } from '../../models/registry';
import { PROFILES, findProfile, planProfile, type DeviceVariant } from '../../models/profiles';
import { deleteModel, downloadProfile, fileUrl, forgetCachedModel, persistStorage, storageEstimate, storedModels } from './model-store';
import { OFFERED_INDEX_MANIFEST } from '../core/retrieve/offered-index';
import type { PhotoWorker } from '../../workers/photo.worker';
import type { GeoclipWorker } from '../../workers/geoclip.worker';
import type { RetrieveWorker } from '../../workers/retrieve.worker';
import type { VlmWorker } from '../../workers/vlm.worker';
import type { EncodersWorker } from '../../workers/encoders.worker';
import { needsFreshWorker } from '../../workers/lib/vlm-errors';

installErrorTransfer();

let nextOperation = 1;

function abortError(): DOMException {
  return new DOMException('Cancelled', 'AbortError');
}

/** Calls `run` with a fresh operation id and cancels that operation in the worker when `signal` aborts. */
async function cancellable<R>(
  signal: AbortSignal | undefined,
  cancel: (id: number) => Promise<void>,
  run: (id: number) => Promise<R>,
): Promise<R> {
  if (signal?.aborted) throw abortError();
  const id = nextOperation++;
  const onAbort = () => void cancel(id).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await run(id);
    if (signal?.aborted) throw abortError();
    return result;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'internal';
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError' || codeOf(error) === 'aborted';
}

async function probe(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'HEAD' });
    return response.ok && !(response.headers.get('content-type') ?? '').includes('text/html');
  } catch {
    return false;
  }
}

interface MinimalGpu {
  requestAdapter(): Promise<{ features: ReadonlySet<string> } | null>;
}

/** The files a device needs differ (dtype); this is the variant the workers would pick here. */
async function deviceVariant(preference: BridgeSettings['device']): Promise<DeviceVariant> {
  if (preference === 'wasm') return 'wasm';
  const gpu = (navigator as Navigator & { gpu?: MinimalGpu }).gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  if (!adapter) return 'wasm';
  return adapter.features.has('shader-f16') ? 'webgpu-f16' : 'webgpu';
}

/** Codes of a model file that was there but unusable: a kept copy of it must not be used again. */
const BAD_FILE = /^model-(broken|wrong|size|checksum)$/;

export function createBridge(): Bridge {
  const photo = new WorkerHandle<PhotoWorker>('photo reader', () => new Worker(new URL('../../workers/photo.worker.ts', import.meta.url), { type: 'module' }));
  const geoclip = new WorkerHandle<GeoclipWorker>('GeoCLIP worker', () => new Worker(new URL('../../workers/geoclip.worker.ts', import.meta.url), { type: 'module' }));
  const retrieve = new WorkerHandle<RetrieveWorker>('index worker', () => new Worker(new URL('../../workers/retrieve.worker.ts', import.meta.url), { type: 'module' }));
  const vlm = new WorkerHandle<VlmWorker>('language model worker', () => new Worker(new URL('../../workers/vlm.worker.ts', import.meta.url), { type: 'module' }));
  const encoders = new WorkerHandle<EncodersWorker>('encoders worker', () => new Worker(new URL('../../workers/encoders.worker.ts', import.meta.url), { type: 'module' }));
  let settings: BridgeSettings = { source: 'self', hubHost: 'https://huggingface.co/', device: 'auto' };

  // Cancelling never starts a worker: if the GeoCLIP worker was restarted, there is nothing to cancel.
  const cancelGeoclip = (id: number) => geoclip.ifRunning((api) => api.cancel(id));

  // transformers.js 4.3.1 queues every ONNX session creation and every inference run of a worker
  // on one promise chain (webInitChain, webInferenceChain) that never recovers from a rejection:
  // after one failure, every later load or run in that worker fails with the same error. So after
  // an unexpected failure (not a cancel, not one of our own checks) the GeoCLIP worker is replaced;
  // the next photo loads the model again in a fresh one.
  // A WebGPU failure while running a model (most often a lost device) moves this visit to WASM
  // when the user left the device on automatic, so the next try runs instead of failing again.
  let loadedDevice: Device | null = null;
  let webgpuFailed = false;
  const effective = (): BridgeSettings => (webgpuFailed && settings.device === 'auto' ? { ...settings, device: 'wasm' } : settings);

  const restartGeoclipAfter = (error: unknown): never => {
    if (isAbort(error) || codeOf(error) !== 'internal') throw error;
    geoclip.reset();
    if (loadedDevice === 'webgpu' && settings.device === 'auto') {
      webgpuFailed = true;
      throw Object.assign(
        new Error(
          `The graphics device failed while running the model (${(error as Error).message}). Whereabouts switched to WebAssembly for the rest of this visit; try the photo again.`,
        ),
        { code: 'gpu-failed' },
      );
    }
    throw error;
  };

  // The language model keeps its own record of WebGPU trouble: after the device is lost or runs
  // out of memory while writing, its worker is replaced and the model runs on WASM from then on.
  let vlmLoaded: { key: string; device: Device } | null = null;
  let vlmOnWasm = false;
  const vlmSettings = (): BridgeSettings => (vlmOnWasm ? { ...effective(), device: 'wasm' } : effective());
  const cancelVlm = (id: number) => vlm.ifRunning((api) => api.cancel(id));

  const loadVlm = (key: string, onProgress: (p: FileProgress) => void, signal?: AbortSignal) =>
    cancellable(signal, cancelVlm, (id) =>
      vlm.call(async (api) => {
        await api.configure(vlmSettings());
        const loaded = await api.load(id, key, Comlink.proxy(onProgress));
        vlmLoaded = { key, device: loaded.device };
        return loaded;
      }),
    ).catch((error: unknown) => {
      if (!isAbort(error)) {
        vlm.reset();
        vlmLoaded = null;
      }
      throw error;
    });

  // Stop must not lose the text: aborting cancels the generation in the worker, which resolves
  // with what was written so far.
  const generateOnce = async (request: GenerateRequest, onToken: (text: string) => void, signal?: AbortSignal) => {
    const id = nextOperation++;
    const onAbort = () => void cancelVlm(id).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const messages = request.messages.map(({ role, text }) => ({ role, text }));
      return await vlm.call((api) => api.generate(id, { pixels: request.pixels, messages, maxNewTokens: request.maxNewTokens, stopAtAnswer: request.stopAtAnswer === true }, Comlink.proxy(onToken)));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };

  const cancelEncoders = (id: number) => encoders.ifRunning((api) => api.cancel(id));
  const restartEncodersAfter = (error: unknown): never => {
    if (!isAbort(error) && codeOf(error) === 'internal') encoders.reset();
    throw error;
  };

  return {
    async configure(next) {
      settings = { ...next };
      vlmLoaded = null;
      await geoclip.call((api) => api.configure(effective()));
      await vlm.ifRunning((api) => api.configure(vlmSettings()));
      await encoders.ifRunning((api) => api.configure(effective()));
    },

    async listModels() {
      return Promise.all(
        REGISTRY.map(async (entry) => {
          const files = filesFor(entry, 'wasm', false);
          const bytes = files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);
          const available = settings.source === 'self' ? await probe(`/models/${entry.id}/config.json`) : null;
          return { key: entry.key, kind: entry.kind, id: entry.id, revision: entry.revision, purpose: entry.purpose, tiny: entry.tiny, bytes, available };
        }),
      );
    },

    async listProfiles(device) {
      const variant = await deviceVariant(webgpuFailed && device === 'auto' ? 'wasm' : device);
      return PROFILES.map((profile) => {
        const plan = planProfile(profile, [variant]);
        const { name, label, note, keys } = profile;
        return { name, label, note, keys: [...keys], bytes: plan.bytes, unsized: plan.unsized, missing: plan.missing, variant };
      });
    },

    async downloadProfile(name, onProgress, signal) {
      const profile = findProfile(name);
      if (!profile) throw Object.assign(new Error(`There is no profile called "${name}".`), { code: 'unknown-profile' });
      return downloadProfile(profile, [await deviceVariant(effective().device)], effective(), onProgress, signal);
    },

    storedModels: () => storedModels(),
    deleteModel: async (id) => {
      await deleteModel(id);
    },
    storage: () => storageEstimate(),
    persistStorage: () => persistStorage(),

    async importModelFolder(files) {
      const { importModelFiles } = await import('./import-folder');
      return importModelFiles(files);
    },

    readPhoto(file, signal) {
      const name = (file as File).name ?? 'pasted image';
      return cancellable(signal, (id) => photo.ifRunning((api) => api.cancel(id)), (id) => photo.call((api) => api.readPhoto(id, file, name)));
    },

    readPhotoMetadata(file) {
      return photo.call((api) => api.readMetadata(file));
    },

    loadGeoclip(key, onProgress, signal) {
      return cancellable(signal, cancelGeoclip, (id) =>
        geoclip.call(async (api) => {
          // A fresh worker (first use, or after a restart) must get the settings before it loads.
          await api.configure(effective());
          const loaded = await api.load(id, key, Comlink.proxy(onProgress));
          loadedDevice = loaded.device;
          return loaded;
        }),
      ).catch(async (error: unknown) => {
        // Nothing useful is loaded after a failed load, and transformers.js may be stuck on it: start afresh.
        if (!isAbort(error)) geoclip.reset();
        // A damaged file the service worker kept would fail every later load: drop the model's copies.
        const id = REGISTRY.find((entry) => entry.key === key)?.id;
        if (id && settings.source === 'self' && BAD_FILE.test(codeOf(error))) await forgetCachedModel(id).catch(() => undefined);
        throw error;
      });
    },

    encodeImage(pixels, signal) {
      return cancellable(signal, cancelGeoclip, (id) => geoclip.call((api) => api.encodeImage(id, pixels))).catch(restartGeoclipAfter);
    },

    listIndexes: () => retrieve.call((api) => api.listIndexes()),
    deleteIndex: (key) => retrieve.call((api) => api.deleteIndex(key)),
    openIndexFor: (model) => retrieve.call((api) => api.openIndexFor(model)),

    async buildIndex(model, onProgress, signal) {
      await cancellable(signal, cancelGeoclip, (id) => geoclip.call((api) => api.buildIndex(id, Comlink.proxy(onProgress)))).catch(
        restartGeoclipAfter,
      );
      const opened = await retrieve.call((api) => api.openIndexFor(model));
      if (!opened) throw Object.assign(new Error('The index was built but could not be opened.'), { code: 'index-missing' });
      return opened;
    },

    downloadIndex(model, onProgress, signal): Promise<OfferedIndexResult> {
      const where = effective();
      const manifestUrl = fileUrl(where, model.id, model.revision, OFFERED_INDEX_MANIFEST);
      return cancellable(signal, (id) => retrieve.ifRunning((api) => api.cancel(id)), (id) =>
        retrieve.call((api): Promise<OfferedIndexResult> => api.downloadIndex(id, model, manifestUrl, where.source === 'folder', Comlink.proxy(onProgress))),
      );
    },

    importIndex: (model, file) => retrieve.call((api) => api.importIndex(model, file)),

    async buildRegionGrid(model, request, onProgress, signal) {
      // A country's or region's points are made where the borders and place data are loaded.
      const place = request.place;
      const points = place ? await retrieve.call((api) => api.placeGridPoints({ countryCode: place.countryCode, regionCode: place.regionCode }, request.spacingKm)) : undefined;
      const built = await cancellable(signal, cancelGeoclip, (id) => geoclip.call((api) => api.buildRegionGrid(id, request, Comlink.proxy(onProgress), points))).catch(
        restartGeoclipAfter,
      );
      await retrieve.call((api) => api.openIndexFor(model)); // the new grid joins the search
      return built;
    },

    regionChoices: () => retrieve.call((api) => api.regionChoices()),

    regionOutline: (target) => retrieve.call((api) => api.regionOutline({ countryCode: target.countryCode, regionCode: target.regionCode })),

    query(embedding, k, signal, constraints = []) {
      return cancellable(signal, (id) => retrieve.ifRunning((api) => api.cancel(id)), (id) =>
        retrieve.call((api) => api.query(id, embedding, k, [...constraints])),
      );
    },

    confidenceAround: (queryId, point) => retrieve.call((api) => api.confidenceAround(queryId, { lat: point.lat, lon: point.lon })),

    encodeLocations(points, signal) {
      return cancellable(signal, cancelGeoclip, (id) => geoclip.call((api) => api.encodeLocations(id, [...points]))).catch(restartGeoclipAfter);
    },

    refine(imageEmbedding, starts, signal) {
      return cancellable(signal, cancelGeoclip, (id) => geoclip.call((api) => api.refine(id, imageEmbedding, starts.map(({ lat, lon }) => ({ lat, lon }))))).catch(
        restartGeoclipAfter,
      );
    },

    countryCodes: (points) => retrieve.call((api) => api.countryCodes([...points])),

    loadVlm,

    async generate(request, onToken, signal) {
      if (signal?.aborted) return { text: '', tokenCount: 0, firstTokenMs: null, tokensPerSecond: null, stopped: true, fellBackToWasm: false };
      try {
        return { ...(await generateOnce(request, onToken, signal)), fellBackToWasm: false };
      } catch (error) {
        const code = codeOf(error);
        if (!needsFreshWorker(code)) throw error;
        vlm.reset();
        const retry = vlmLoaded;
        vlmLoaded = null;
        const gpuTrouble = code === 'device-lost' || code === 'out-of-memory' || code === 'inference-failed';
        if (!gpuTrouble || retry?.device !== 'webgpu' || settings.device !== 'auto') throw error;
        vlmOnWasm = true;
        await loadVlm(retry.key, () => undefined, signal);
        return { ...(await generateOnce(request, onToken, signal)), fellBackToWasm: true };
      }
    },

    loadEncoders(clipKey, embedderKey, onProgress, signal) {
      return cancellable(signal, cancelEncoders, (id) =>
        encoders.call(async (api) => {
          await api.configure(effective());
          return api.load(clipKey, embedderKey, Comlink.proxy(onProgress), id);
        }),
      ).catch((error: unknown) => {
        if (!isAbort(error)) encoders.reset();
        throw error;
      });
    },

    encodePatches(pixels, signal) {
      return cancellable(signal, cancelEncoders, (id) => encoders.call((api) => api.encodePatches(pixels, id))).catch(restartEncodersAfter);
    },

    encodeCues(cues, signal) {
      return cancellable(signal, cancelEncoders, (id) => encoders.call((api) => api.encodeCues([...cues], id))).catch(restartEncodersAfter);
    },

    placeNames: (points) => retrieve.call((api) => api.placeNames(points)),

    // The history lives in IndexedDB, which the page reaches directly: no model work, no worker.
    saveHistory: async (record) => (await import('../../workers/store/history')).saveRecord(record),
    loadHistory: async (id) => (await (await import('../../workers/store/history')).loadRecord(id)) ?? null,
    listHistory: async () => (await import('../../workers/store/history')).listRecords(),
    deleteHistory: async (id) => (await import('../../workers/store/history')).deleteRecord(id),
    clearHistory: async () => (await import('../../workers/store/history')).deleteAllRecords(),
    lookupPlace: (query) => retrieve.call((api) => api.lookupPlace(query)),
  };
}
