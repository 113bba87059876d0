// Retrieve worker: keeps the verified coordinate index in memory, answers queries against it,
// and names places offline (place data loaded on first use).
import * as Comlink from 'comlink';
import type { DownloadProgress, IndexInfo, LoadedModel, OfferedIndexResult, QueryResult, Restriction } from '../src/bridge/types';
import type { LatLon } from '../src/core/geo/types';
import { installErrorTransfer } from '../src/bridge/wire';
import { decodeIndex } from '../src/core/retrieve/format';
import { checkEncoder, prepareSearch, searchIndex, type SearchResult } from '../src/core/retrieve/search';
import { describeSurface } from '../src/core/surface';
import { surfaceGeography } from './lib/row-geography';
import type { CoordinateIndex } from '../src/core/retrieve/types';
import { UserFacingError } from './lib/errors';
import { cancelOperation, withOperation } from './lib/operations';
import { indexInfo, indexKey } from './lib/index-keys';
import { deleteIndex, listIndexes, loadIndexBytes, saveIndex } from './store/indexes';
import { placeNames } from './lib/place-names';
import { countryCodes, galleryMask, rowCountryCodes } from './lib/gallery-mask';
import type { PlaceConstraint } from '../src/core/reason/constraints';
import { loadPlaces } from './lib/places';
import { fetchOfferedIndex } from './lib/offered-index';
import { progressPort } from './lib/progress-port';
import type { GazetteerHit, GazetteerQuery } from '../src/core/place/gazetteer';
import type { PlaceName } from '../src/core/place/types';

installErrorTransfer();

let open: { key: string; index: CoordinateIndex } | null = null;

function decodeOrExplain(bytes: Uint8Array, what: string): CoordinateIndex {
  try {
    return decodeIndex(bytes);
  } catch (error) {
    const reason = (error as Error).message;
    throw new UserFacingError('index-damaged', `${what} cannot be used: ${reason}`);
  }
}

/** The query's probability surface (a few milliseconds); the whole softmax never leaves the worker. */
async function withSurface(current: { key: string; index: CoordinateIndex }, found: SearchResult, restriction: Restriction | null): Promise<QueryResult> {
  const { softmax, ...matches } = found;
  if (!softmax || matches.most.length === 0) return { ...matches, restriction, surface: null };
  // Without the place data the masses and radii are still exact; only "where else" is missing.
  const geography = await loadPlaces().then(
    (places) => surfaceGeography(places, current.index, () => rowCountryCodes(current.key, current.index)),
    () => null,
  );
  const { countries: _all, ...surface } = await describeSurface(current.index, softmax, geography);
  return { ...matches, restriction, surface };
}

const api = {
  cancel: cancelOperation,
  listIndexes,

  async deleteIndex(key: string): Promise<void> {
    if (open?.key === key) open = null;
    await deleteIndex(key);
  },

  async openIndexFor(model: LoadedModel): Promise<IndexInfo | null> {
    const key = indexKey(model);
    if (open?.key === key) return indexInfo(key, open.index, 0);
    const stored = await loadIndexBytes(key);
    if (!stored) return null;
    const index = decodeOrExplain(stored.bytes, 'The stored coordinate index');
    checkEncoder(index, model.id, model.revision);
    prepareSearch(index); // pay the one-off kernel set-up now, not on the first photo
    open = { key, index };
    void rowCountryCodes(key, index).catch(() => undefined); // each row's country, for the first answer's "where else"
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
        open = { key, index };
        return { status: 'downloaded', info };
      });
    } finally {
      progress.release();
    }
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
    open = { key, index };
    return info;
  },

  async query(opId: number, embedding: Float32Array, k: number, constraints: PlaceConstraint[] = []): Promise<QueryResult> {
    return withOperation(opId, async () => {
      if (!open) throw new UserFacingError('no-index', 'No coordinate index is open yet.');
      const current = open;
      if (constraints.length === 0) return withSurface(current, searchIndex(current.index, embedding, k, { keepSoftmax: true }), null);
      const restriction = await galleryMask(current.key, current.index, constraints);
      if (restriction.kept === 0) {
        throw new UserFacingError('constraints-empty', `No place in the index fits all of these at once: ${constraints.map((c) => c.label).join('; ')}. Undo one of them.`);
      }
      const found = searchIndex(current.index, embedding, k, { allowed: restriction.allowed, keepSoftmax: true });
      const { allowed: _mask, ...summary } = restriction;
      return withSurface(current, found, { ...summary, notApplied: restriction.notApplied.map((c) => c.label) });
    });
  },

  countryCodes(points: LatLon[]): Promise<(string | null)[]> {
    return countryCodes(points);
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
