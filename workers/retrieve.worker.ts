// Retrieve worker: keeps the verified coordinate index in memory, answers queries against it,
// and names places offline (place data loaded on first use).
import * as Comlink from 'comlink';
import type { DownloadProgress, IndexInfo, LoadedModel, OfferedIndexResult, QueryResult, Restriction } from '../src/bridge/types';
import type { LatLon } from '../src/core/geo/types';
import { installErrorTransfer } from '../src/bridge/wire';
import { decodeIndex } from '../src/core/retrieve/format';
import { checkEncoder, prepareSearch, searchIndex, type SearchResult, type Softmax } from '../src/core/retrieve/search';
import { describeSurface, massesAround, type Masses } from '../src/core/surface';
import { surfaceGeography } from './lib/row-geography';
import type { CoordinateIndex } from '../src/core/retrieve/types';
import { UserFacingError } from './lib/errors';
import { cancelOperation, withOperation } from './lib/operations';
import { GRID_SEPARATOR, indexInfo, indexKey, isGridOf } from './lib/index-keys';
import { deleteIndex, indexKeysStartingWith, listIndexes, loadIndexBytes, saveIndex } from './store/indexes';
import { placeNames } from './lib/place-names';
import { createGalleryMasks } from './lib/gallery-mask';
import type { PlaceConstraint } from '../src/core/reason/constraints';
import { combineIndexes } from '../src/core/retrieve/combine';
import { emptyRestriction } from '../src/core/region/restrict';
import { regionChoices, type RegionChoice } from '../src/core/region/choices';
import type { RegionOutline } from '../src/core/region/outline';
import type { PlaceTarget } from './lib/place-region';
import { loadPlaces } from './lib/places';
import { fetchOfferedIndex } from './lib/offered-index';
import { progressPort } from './lib/progress-port';
import type { GazetteerHit, GazetteerQuery } from '../src/core/place/gazetteer';
import type { PlaceName } from '../src/core/place/types';

installErrorTransfer();

/**
 * The open index: the main gallery with any denser regional grids appended (one softmax over
 * all). `key` names the combination, so masks are cached per combination.
 */
let open: { key: string; mainKey: string; main: CoordinateIndex; extras: string[]; index: CoordinateIndex } | null = null;
const galleryMasks = createGalleryMasks(loadPlaces);

/** The main index with the extra grids stored for it now (read again after a grid is built or deleted). */
async function withExtras(mainKey: string, main: CoordinateIndex): Promise<NonNullable<typeof open>> {
  const extraKeys = await indexKeysStartingWith(`${mainKey}${GRID_SEPARATOR}`);
  const extras: CoordinateIndex[] = [];
  const usable: string[] = [];
  for (const key of extraKeys) {
    const stored = await loadIndexBytes(key).catch(() => null);
    if (!stored) continue;
    try {
      const extra = decodeIndex(stored.bytes);
      if (extra.dim !== main.dim) continue;
      extras.push(extra);
      usable.push(key);
    } catch {
      // A damaged extra grid is left out of the search; it stays listed so it can be deleted.
    }
  }
  const index = combineIndexes(main, extras);
  prepareSearch(index);
  return { key: [mainKey, ...usable].join('+'), mainKey, main, extras: usable, index };
}

function decodeOrExplain(bytes: Uint8Array, what: string): CoordinateIndex {
  try {
    return decodeIndex(bytes);
  } catch (error) {
    const reason = (error as Error).message;
    throw new UserFacingError('index-damaged', `${what} cannot be used: ${reason}`);
  }
}

/**
 * The latest query's softmax, so the masses can be measured again around the answer actually shown
 * (the refined point, the final answer) without searching again. Only the latest is kept: one
 * Float32Array the size of the index.
 */
let latest: { queryId: number; index: CoordinateIndex; softmax: Softmax } | null = null;

/** The query's probability surface (a few milliseconds); the whole softmax never leaves the worker. */
async function withSurface(queryId: number, current: { key: string; index: CoordinateIndex }, found: SearchResult, restriction: Restriction | null): Promise<QueryResult> {
  const { softmax, ...matches } = found;
  latest = softmax && matches.most.length > 0 ? { queryId, index: current.index, softmax } : null;
  if (!softmax || matches.most.length === 0) return { ...matches, restriction, surface: null, queryId };
  // Without the place data the masses and radii are still exact; only "where else" is missing.
  const geography = await loadPlaces().then(
    (places) => surfaceGeography(places, current.index, () => galleryMasks.rowCountryCodes(current.key, current.index)),
    () => null,
  );
  const { countries: _all, ...surface } = await describeSurface(current.index, softmax, geography);
  return { ...matches, restriction, surface, queryId };
}

const api = {
  cancel: cancelOperation,
  listIndexes,

  async deleteIndex(key: string): Promise<void> {
    await deleteIndex(key);
    if (open?.mainKey === key) open = null;
    else if (open && isGridOf(key, open.mainKey)) open = await withExtras(open.mainKey, open.main);
  },

  async openIndexFor(model: LoadedModel): Promise<IndexInfo | null> {
    const key = indexKey(model);
    if (open?.mainKey === key) {
      // A grid built since (in the GeoCLIP worker) joins the search here.
      const extras = await indexKeysStartingWith(`${key}${GRID_SEPARATOR}`);
      if (extras.join('+') !== open.extras.join('+')) open = await withExtras(key, open.main);
      return indexInfo(key, open.main, 0);
    }
    const stored = await loadIndexBytes(key);
    if (!stored) return null;
    const index = decodeOrExplain(stored.bytes, 'The stored coordinate index');
    checkEncoder(index, model.id, model.revision);
    prepareSearch(index); // pay the one-off kernel set-up now, not on the first photo
    open = await withExtras(key, index);
    void galleryMasks.rowCountryCodes(open.key, open.index).catch(() => undefined); // each row's country, for the first answer's "where else"
    return stored.info;
  },

  async downloadIndex(opId: number, model: LoadedModel, manifestUrl: string, fromFolder: boolean, onProgress: (p: DownloadProgress) => void): Promise<OfferedIndexResult> {
    const progress = progressPort(onProgress);
    try {
      return await withOperation(opId, async (signal) => {
        const fetched = await fetchOfferedIndex(model, manifestUrl, fromFolder, (p) => void progress.report(p), signal);
        if (fetched.status !== 'fetched') return fetched;
        let index: CoordinateIndex;
        try {
          index = decodeIndex(fetched.bytes);
          checkEncoder(index, model.id, model.revision);
        } catch (error) {
          return { status: 'refused', reason: (error as Error).message };
        }
        const key = indexKey(model);
        const info = indexInfo(key, index, fetched.bytes.byteLength);
        await saveIndex(info, fetched.bytes);
        prepareSearch(index);
        open = await withExtras(key, index);
        return { status: 'downloaded', info };
      });
    } finally {
      progress.release();
    }
  },

  /** How many rows the open search covers: the main gallery and its extra grids. */
  openRows(): { main: number; extra: number } | null {
    return open ? { main: open.main.count, extra: open.index.count - open.main.count } : null;
  },

  /** Countries' first-level regions that the place data knows, for the region picker. */
  async regionChoices(): Promise<RegionChoice[]> {
    return regionChoices((await loadPlaces()).geocoder.places);
  },

  /** The grid points inside a chosen country or region (its denser grid is encoded in the GeoCLIP worker). */
  async placeGridPoints(target: PlaceTarget, spacingKm: number): Promise<Float64Array> {
    const [places, { placeGridPoints }] = await Promise.all([loadPlaces(), import('./lib/place-region')]);
    const points = placeGridPoints(places, target, spacingKm);
    return Comlink.transfer(points, [points.buffer]);
  },

  /** The shape of a chosen country or region, to shade on the map; null when the data has none. */
  async regionOutline(target: PlaceTarget): Promise<RegionOutline | null> {
    // The border shapes come with the place data's border module, loaded with it, not with the worker.
    const [places, { placeOutline }] = await Promise.all([loadPlaces(), import('./lib/place-region')]);
    return placeOutline(places, target);
  },

  async importIndex(model: LoadedModel, file: Blob): Promise<IndexInfo> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const index = decodeOrExplain(bytes, 'This index file');
    checkEncoder(index, model.id, model.revision);
    if (index.dim !== model.dim) {
      throw new UserFacingError('index-dim', `This index has ${index.dim}-dimensional embeddings but the loaded encoder makes ${model.dim}.`);
    }
    const key = indexKey(model);
    const info = indexInfo(key, index, bytes.byteLength);
    await saveIndex(info, bytes);
    open = await withExtras(key, index);
    return info;
  },

  async query(opId: number, embedding: Float32Array, k: number, constraints: PlaceConstraint[] = []): Promise<QueryResult> {
    return withOperation(opId, async () => {
      if (!open) throw new UserFacingError('no-index', 'No coordinate index is open yet.');
      const current = open;
      if (constraints.length === 0) return withSurface(opId, current, searchIndex(current.index, embedding, k, { keepSoftmax: true }), null);
      const restriction = await galleryMasks.mask(current.key, current.index, constraints);
      const empty = emptyRestriction(restriction, constraints);
      if (empty !== null) throw new UserFacingError('constraints-empty', empty);
      const found = searchIndex(current.index, embedding, k, { allowed: restriction.allowed, keepSoftmax: true });
      const { allowed: _mask, ...summary } = restriction;
      return withSurface(opId, current, found, { ...summary, notApplied: restriction.notApplied.map((c) => c.label) });
    });
  },

  /**
   * The mass within each radius and the credible radii around `point`, from query `queryId`'s
   * softmax; null when a later query (or none) holds the kept softmax.
   */
  confidenceAround(queryId: number, point: LatLon): Masses | null {
    if (!latest || latest.queryId !== queryId) return null;
    return massesAround(latest.index, latest.softmax, point);
  },

  countryCodes(points: LatLon[]): Promise<(string | null)[]> {
    return galleryMasks.countryCodes(points);
  },


  async placeNames(points: LatLon[]): Promise<PlaceName[]> {
    return placeNames(await loadPlaces(), points);
  },

  async lookupPlace(query: GazetteerQuery): Promise<GazetteerHit | null> {
    return (await loadPlaces()).gazetteer.find(query);
  },
};

export type RetrieveWorker = typeof api;
Comlink.expose(api);
