// A denser grid for a region, encoded in batches like the main gallery: each finished batch is
// kept (builds store) so a reload resumes, and the finished grid is stored as an extra index whose
// key names the main index it extends. A full disk is a clear error, and nothing half-written stays.
import type { BuildProgress, GridRequest, IndexInfo, LoadedModel } from '../../src/bridge/types';
import { areaKey } from '../../src/core/region/area';
import { regionGrid } from '../../src/core/region/grid';
import { IndexBuilder } from '../../src/core/retrieve/build';
import { encodeGallery } from '../../src/core/retrieve/encode-gallery';
import { encodeIndex } from '../../src/core/retrieve/format';
import { forgetBuild, saveBatch, savedBatches } from '../store/builds';
import { saveIndex } from '../store/indexes';
import { gridIndexKey, indexInfo, indexKey } from './index-keys';
import { UserFacingError } from './errors';

const GRID_BATCH_ROWS = 512;

export function gridKeyFor(model: Pick<LoadedModel, 'id' | 'revision'>, request: GridRequest): string {
  const where = request.place ? `place:${request.place.countryCode}${request.place.regionCode === null ? '' : `-${request.place.regionCode}`}` : areaKey(request.area);
  return gridIndexKey(indexKey(model), `${where}@${request.spacingKm}km`);
}

export async function buildGrid(
  model: LoadedModel,
  request: GridRequest,
  encode: (latLon: Float32Array, count: number) => Promise<Float32Array>,
  onProgress: (p: BuildProgress) => Promise<void>,
  signal: AbortSignal,
  /** For a chosen country or region, its points (placeGridPoints, made where the borders are loaded). */
  placePoints?: Float64Array,
): Promise<IndexInfo> {
  let points: Float64Array;
  if (request.place && !placePoints) throw new UserFacingError('bad-grid', 'The grid of a country or region needs its points.');
  try {
    points = placePoints ?? regionGrid(request.area, request.spacingKm);
  } catch (error) {
    throw new UserFacingError('bad-grid', (error as Error).message);
  }
  const count = points.length / 2;
  const lat = new Float32Array(count);
  const lon = new Float32Array(count);
  for (let i = 0; i < count; i++) [lat[i], lon[i]] = [points[2 * i]!, points[2 * i + 1]!];
  const key = gridKeyFor(model, request);
  const meta = { encoderId: model.id, encoderRevision: model.revision, gallerySource: `grid: ${request.label}, ${request.spacingKm} km`, createdAt: new Date().toISOString() };
  const builder = new IndexBuilder({ coords: { lat, lon }, dim: model.dim, meta, element: 'int8' });
  const done = new Set<number>();
  for (const batch of await savedBatches(key)) {
    if (batch.rows.length !== Math.min(GRID_BATCH_ROWS, count - batch.start) * model.dim) continue;
    builder.add(batch.start, batch.rows);
    done.add(batch.start);
  }
  const resumedFrom = builder.doneCount;
  let shown: Promise<void> = Promise.resolve();
  await encodeGallery({
    lat,
    lon,
    batchRows: GRID_BATCH_ROWS,
    done,
    encode,
    onBatch: async ({ start, rows }) => {
      await shown;
      builder.add(start, rows);
      await saveBatch(key, start, rows);
    },
    onProgress: (doneRows, total) => {
      shown = onProgress({ done: doneRows, total, resumedFrom });
    },
    isCancelled: () => signal.aborted,
  });
  const index = builder.finish();
  const bytes = encodeIndex(index);
  const info = indexInfo(key, index, bytes.byteLength);
  try {
    await saveIndex(info, bytes);
  } catch (error) {
    await forgetBuild(key).catch(() => undefined);
    throw error;
  }
  await forgetBuild(key);
  return info;
}
