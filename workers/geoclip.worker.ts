// GeoCLIP worker: loads the image and location encoders with transformers.js, encodes photos,
// and builds coordinate indexes from the bundled gallery. The only place that runs GeoCLIP.
import * as Comlink from 'comlink';
import { RawImage, Tensor } from '@huggingface/transformers';
import type { LatLon } from '../src/core/geo/types';
import type { BridgeSettings, BuildProgress, DecodedPhoto, FileProgress, IndexInfo, LoadedModel } from '../src/bridge/types';
import { installErrorTransfer } from '../src/bridge/wire';
import { encodeGallery } from '../src/core/retrieve/encode-gallery';
import { parseCoordinateCsv } from '../src/core/retrieve/coords';
import { IndexBuilder } from '../src/core/retrieve/build';
import { encodeIndex } from '../src/core/retrieve/format';
import { l2Normalise } from '../src/core/encode/normalise';
import { refineAround, rowsOf, type RefineOutcome, type RefineSchedule } from '../src/core/refine/refine';
import { UserFacingError, isAbort, throwIfAborted } from './lib/errors';
import { cancelOperation, withOperation } from './lib/operations';
import { LoadOnce } from './lib/load-once';
import { progressPort } from './lib/progress-port';
import { loadGeoclip, type GeoclipModels } from './lib/load-geoclip';
import { forgetBuild, saveBatch, savedBatches } from './store/builds';
import { saveIndex } from './store/indexes';
import { indexInfo, indexKey, GALLERY } from './lib/index-keys';
import { buildGrid } from './lib/build-grid';
import type { GridRequest } from '../src/bridge/types';

installErrorTransfer();

const BUILD_BATCH_ROWS = 1024;

let settings: BridgeSettings = { source: 'self', hubHost: 'https://huggingface.co/', device: 'auto' };
const models = new LoadOnce<GeoclipModels>();

function requireModels(): Promise<GeoclipModels> {
  const loaded = models.current();
  if (!loaded) throw new UserFacingError('no-model', 'No GeoCLIP model is loaded yet.');
  return loaded;
}

async function encodeLocations(loaded: GeoclipModels, latLon: Float32Array, count: number): Promise<Float32Array> {
  const output = await loaded.location({ location: new Tensor('float32', latLon, [count, 2]) });
  return output.location_embeds!.data as Float32Array;
}

const api = {
  cancel: cancelOperation,

  configure(next: BridgeSettings): void {
    if (JSON.stringify(next) !== JSON.stringify(settings)) {
      settings = next;
      models.forget(); // a new source or device means a fresh load
    }
  },

  async load(opId: number, key: string, onProgress: (p: FileProgress) => void): Promise<LoadedModel> {
    const progress = progressPort(onProgress);
    try {
      return await withOperation(opId, async (signal) => {
        const loaded = await models.get(key, () => loadGeoclip(key, settings, (p) => void progress.report(p)));
        throwIfAborted(signal);
        return loaded.info;
      });
    } finally {
      progress.release();
    }
  },

  async encodeImage(opId: number, pixels: DecodedPhoto['pixels']): Promise<Float32Array> {
    return withOperation(opId, async (signal) => {
      const loaded = await requireModels();
      const image = new RawImage(pixels.data, pixels.width, pixels.height, 4).rgb();
      const inputs = await loaded.processor(image);
      // Tensors are released as soon as the embedding is copied out: a batch of hundreds of photos
      // must not keep one set of (possibly GPU-side) buffers per photo waiting for the collector.
      try {
        throwIfAborted(signal);
        const output = await loaded.vision({ pixel_values: inputs.pixel_values });
        try {
          const embedding = l2Normalise(new Float32Array(output.image_embeds!.data as Float32Array));
          return Comlink.transfer(embedding, [embedding.buffer]);
        } finally {
          for (const tensor of Object.values(output)) (tensor as { dispose?: () => void }).dispose?.();
        }
      } finally {
        inputs.pixel_values?.dispose();
      }
    });
  },

  /** Location-encoder embeddings (L2-normalised) of points, for choosing among candidate answers. */
  async encodeLocations(opId: number, points: LatLon[]): Promise<Float32Array[]> {
    return withOperation(opId, async () => {
      const loaded = await requireModels();
      if (points.length === 0) return [];
      const latLon = new Float32Array(points.flatMap((p) => [p.lat, p.lon]));
      const rows = await encodeLocations(loaded, latLon, points.length);
      const dim = loaded.info.dim;
      return points.map((_, i) => l2Normalise(rows.slice(i * dim, (i + 1) * dim)));
    });
  },

  /** Scores new coordinates around the best gallery places (core/refine); each level is one batch. */
  async refine(opId: number, imageEmbedding: Float32Array, starts: LatLon[], schedule?: RefineSchedule): Promise<RefineOutcome> {
    return withOperation(opId, async (signal) => {
      const loaded = await requireModels();
      return refineAround({
        imageEmbedding,
        starts,
        ...(schedule ? { schedule } : {}),
        throwIfAborted: () => throwIfAborted(signal),
        encode: async (points) => rowsOf(await encodeLocations(loaded, new Float32Array(points.flatMap((p) => [p.lat, p.lon])), points.length), points.length),
      });
    });
  },

  async buildIndex(opId: number, onBuildProgress: (p: BuildProgress) => void): Promise<IndexInfo> {
    const progress = progressPort(onBuildProgress);
    // Each batch waits until the UI has shown the previous one, so the build is never more than a
    // batch ahead of the screen: Cancel stops it where the user saw it, however busy the page is.
    let shown: Promise<void> = Promise.resolve();
    const onProgress = (p: BuildProgress) => {
      shown = progress.report(p);
    };
    return withOperation(opId, async (signal) => {
      const loaded = await requireModels();
      const key = indexKey(loaded.info);
      const response = await fetch(GALLERY.url);
      if (!response.ok) throw new UserFacingError('no-gallery', `The coordinate gallery (${GALLERY.url}) could not be read from the app.`);
      const gallery = parseCoordinateCsv(await response.text());
      const meta = { encoderId: loaded.info.id, encoderRevision: loaded.info.revision, gallerySource: GALLERY.source, createdAt: new Date().toISOString() };
      const builder = new IndexBuilder({ coords: gallery, dim: loaded.info.dim, meta, element: 'int8' });
      const done = new Set<number>();
      for (const batch of await savedBatches(key)) {
        if (batch.rows.length !== Math.min(BUILD_BATCH_ROWS, gallery.lat.length - batch.start) * loaded.info.dim) continue;
        builder.add(batch.start, batch.rows);
        done.add(batch.start);
      }
      const resumedFrom = builder.doneCount;
      await encodeGallery({
        lat: gallery.lat,
        lon: gallery.lon,
        batchRows: BUILD_BATCH_ROWS,
        done,
        encode: (latLon, count) => encodeLocations(loaded, latLon, count),
        onBatch: async ({ start, rows }) => {
          await shown;
          builder.add(start, rows);
          await saveBatch(key, start, rows);
        },
        onProgress: (doneRows, total) => onProgress({ done: doneRows, total, resumedFrom }),
        isCancelled: () => signal.aborted,
      });
      const index = builder.finish();
      const bytes = encodeIndex(index);
      const info = indexInfo(key, index, bytes.byteLength);
      await saveIndex(info, bytes);
      await forgetBuild(key);
      return info;
    })
      .catch((error: unknown) => {
        if (isAbort(error)) throw new DOMException('Index build cancelled', 'AbortError');
        throw error;
      })
      .finally(() => progress.release());
  },

  /** Encodes a denser grid for a region and stores it as an extra index beside the main one. */
  async buildRegionGrid(opId: number, request: GridRequest, onBuildProgress: (p: BuildProgress) => void, placePoints?: Float64Array): Promise<IndexInfo> {
    const progress = progressPort(onBuildProgress);
    return withOperation(opId, async (signal) => {
      const loaded = await requireModels();
      return buildGrid(loaded.info, request, (latLon, count) => encodeLocations(loaded, latLon, count), (p) => progress.report(p), signal, placePoints);
    })
      .catch((error: unknown) => {
        if (isAbort(error)) throw new DOMException('Grid build cancelled', 'AbortError');
        throw error;
      })
      .finally(() => progress.release());
  },
};

export type GeoclipWorker = typeof api;
Comlink.expose(api);
