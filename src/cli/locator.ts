// One photo through the retrieval pipeline on the command line: check the bytes, encode, search.
import { basename } from 'node:path';
import exifr from 'exifr';
import { checkPhoto } from '../core/photo/dimensions';
import { decodeIndex } from '../core/retrieve/format';
import { checkEncoder, searchIndex, type Match } from '../core/retrieve/search';
import type { CoordinateIndex } from '../core/retrieve/types';
import { haversineKm } from '../core/geo/haversine';
import { isValidLatLon } from '../core/geo/coords';
import type { LatLon } from '../core/geo/types';
import { loadImageEncoder, modelInFolder } from '../../workers/node/geoclip';
import { placeNames } from '../../workers/lib/place-names';
import { loadPlacesNode } from '../../workers/node/places';
import { placeLabel } from '../core/place/label';
import { CliError } from './fail';
import type { PlaceConstraint } from '../core/reason/constraints';
import { regionMask } from './region-flags';
import { readBytes } from './files';

export interface Location {
  image: string;
  /** True when the encoder is a generated test model: the coordinates are noise. */
  testModel: boolean;
  top: Match & { place: string };
  candidates: (Match & { place: string })[];
  least: Match[];
  exif: (LatLon & { km_from_top: number }) | null;
  /** The region the search was restricted to (--bbox, --within, --country), or null. */
  region: { constraints: string[]; kept: number; total: number } | null;
  ms: { encode: number; retrieve: number };
}

export interface Locator {
  index: CoordinateIndex;
  locate(path: string): Promise<Location>;
}

async function exifPoint(bytes: Uint8Array): Promise<LatLon | null> {
  try {
    const found = await exifr.gps(Buffer.from(bytes));
    return found && isValidLatLon(found.latitude, found.longitude) ? { lat: found.latitude, lon: found.longitude } : null;
  } catch {
    return null;
  }
}

export async function createLocator(modelsDir: string, indexPath: string, k: number, constraints: readonly PlaceConstraint[] = []): Promise<Locator> {
  const index = decodeIndex(readBytes(indexPath, 'Index file'));
  const ref = modelInFolder(modelsDir, index.meta.encoderId);
  checkEncoder(index, ref.id, ref.revision);
  // Before any model loads: a region without a gallery place is an error straight away.
  const mask = await regionMask(indexPath, index, constraints);
  const region = mask ? { constraints: constraints.map((c) => c.label), kept: mask.kept, total: index.count } : null;
  const encode = await loadImageEncoder(ref);
  return {
    index,
    async locate(path) {
      const bytes = readBytes(path, 'Image');
      checkPhoto(bytes, basename(path));
      const started = performance.now();
      let embedding: Float32Array;
      try {
        embedding = await encode(bytes);
      } catch (error) {
        throw new Error(`${basename(path)}: ${(error as Error).message}`);
      }
      const encoded = performance.now();
      const result = searchIndex(index, embedding, k, mask ? { allowed: mask.allowed } : {});
      const retrieved = performance.now();
      const places = placeNames(await loadPlacesNode(), result.most).map(placeLabel);
      const candidates = result.most.map((m, i) => ({ ...m, place: places[i]! }));
      const exif = await exifPoint(bytes);
      return {
        image: path,
        testModel: ref.tiny,
        top: candidates[0]!,
        candidates,
        least: result.least,
        exif: exif ? { ...exif, km_from_top: haversineKm(exif, candidates[0]!) } : null,
        region,
        ms: { encode: encoded - started, retrieve: retrieved - encoded },
      };
    },
  };
}

export interface FullLocateOptions {
  /** The --models folder. */
  models: string;
  /** The --index file. */
  index: string;
}

const fullLocators = new Map<string, Promise<import('./full').FullLocator>>();

/** One photo through the whole method (cluemap, reasoning, refinement, final choice); its answer's coordinates. */
export async function locateFull(path: string, options: FullLocateOptions): Promise<LatLon> {
  const key = `${options.models}\n${options.index}`;
  let locator = fullLocators.get(key);
  if (!locator) {
    const { createFullLocator } = await import('./full');
    locator = createFullLocator(options);
    fullLocators.set(key, locator);
  }
  const found = await (await locator).locate(path);
  if (!found.final) throw new CliError(`${path}: no candidate has a location`, 1);
  return { lat: found.final.lat, lon: found.final.lon };
}
