// One photo through the retrieval pipeline on the command line: check the bytes, encode, search.
import { basename } from 'node:path';
import { checkPhoto } from '../core/photo/dimensions';
import { decodeIndex } from '../core/retrieve/format';
import { checkEncoder, searchIndex, type Match } from '../core/retrieve/search';
import type { CoordinateIndex } from '../core/retrieve/types';
import { haversineKm } from '../core/geo/haversine';
import type { LatLon } from '../core/geo/types';
import { loadImageEncoder, loadLocationEncoder, modelInFolder } from '../../workers/node/geoclip';
import { readPhotoMetadata } from '../../workers/lib/photo-metadata';
import type { PhotoMetadata } from '../core/photo/metadata';
import { placeNames } from '../../workers/lib/place-names';
import { loadPlacesNode } from '../../workers/node/places';
import { placeLabel } from '../core/place/label';
import { CliError } from './fail';
import { confidenceFields } from './surface';
import type { PlaceConstraint } from '../core/reason/constraints';
import { regionMask } from './region-flags';
import { readBytes } from './files';
import { fastAnswer } from '../core/refine/answer';
import { refineInNode, refineJson } from './refine';

export interface Location {
  image: string;
  /** True when the encoder is a generated test model: the coordinates are noise. */
  testModel: boolean;
  top: Match & { place: string };
  candidates: (Match & { place: string })[];
  least: Match[];
  /** The photo's own usable GPS fix (never 0, 0 or an impossible value). */
  exif: (LatLon & { km_from_top: number; km_from_answer: number; source: 'exif' | 'xmp' }) | null;
  /** Why GPS tags in the photo give no usable fix, when they do not. */
  gps_unusable: string | null;
  metadata: Omit<PhotoMetadata, 'gps' | 'gpsUnusable'>;
  /** With --refine: the refined point and its gallery start, each with its similarity to the photo. */
  refine?: ReturnType<typeof refineJson>;
  /** The answer: the refined point when --refine found one, else the top gallery place. */
  answer: LatLon & { source: 'refined' | 'retrieval'; place: string };
  /** How sure, around `answer` (named in its `around`): mass_within_<r>km, radius_50_km, radius_90_km, country_shares, region_shares. */
  confidence: Record<string, unknown>;
  /** The region the search was restricted to (--bbox, --within, --country), or null. */
  region: { constraints: string[]; kept: number; total: number } | null;
  ms: { encode: number; retrieve: number; surface: number; refine?: number };
}

export interface Locator {
  index: CoordinateIndex;
  locate(path: string): Promise<Location>;
}

/** A photo that cannot be opened still tells where it was taken when its metadata says so. */
export async function refusalWithGps(error: unknown, bytes: Uint8Array): Promise<unknown> {
  const { gps } = await readPhotoMetadata(bytes);
  if (!gps || !(error instanceof Error)) return error;
  const message = `${error.message} The image itself could not be read, but its GPS says it was taken at ${gps.lat.toFixed(6)}, ${gps.lon.toFixed(6)}.`;
  return Object.assign(new Error(message), { code: (error as { code?: unknown }).code, gps });
}

export interface LocatorOptions {
  /** Score points between gallery places around the top five (--refine). */
  refine?: boolean;
  /** Leave out gallery places outside these (--bbox, --within, --country). */
  constraints?: readonly PlaceConstraint[];
}

export async function createLocator(modelsDir: string, indexPath: string, k: number, options: LocatorOptions = {}): Promise<Locator> {
  const constraints = options.constraints ?? [];
  const index = decodeIndex(readBytes(indexPath, 'Index file'));
  const ref = modelInFolder(modelsDir, index.meta);
  checkEncoder(index, ref.id, ref.revision);
  // Before any model loads: a region without a gallery place is an error straight away.
  const mask = await regionMask(indexPath, index, constraints);
  const region = mask ? { constraints: constraints.map((c) => c.label), kept: mask.kept, total: index.count } : null;
  const encode = await loadImageEncoder(ref);
  const encodeLocation = options.refine ? await loadLocationEncoder(ref) : null;
  return {
    index,
    async locate(path) {
      const bytes = readBytes(path, 'Image');
      try {
        checkPhoto(bytes, basename(path));
      } catch (error) {
        throw await refusalWithGps(error, bytes);
      }
      const started = performance.now();
      let embedding: Float32Array;
      try {
        embedding = await encode(bytes);
      } catch (error) {
        throw new Error(`${basename(path)}: ${(error as Error).message}`);
      }
      const encoded = performance.now();
      const allowed = mask ? { allowed: mask.allowed } : {};
      const { softmax, ...result } = searchIndex(index, embedding, k, { ...allowed, keepSoftmax: true });
      const retrieved = performance.now();
      // The refinement starts from the top 5 whatever -k asks for.
      const refinement = encodeLocation ? await refineInNode(encodeLocation, embedding, result.most.length >= 5 ? result.most : searchIndex(index, embedding, 5, allowed).most) : null;
      const refinedPoint = refinement?.outcome.refined ?? null;
      const chosen = fastAnswer(result.most[0], refinement?.outcome ?? null)!;
      const beforeSurface = performance.now();
      // How sure, around the answer: the refined point when refinement found one.
      const confidence = await confidenceFields(index, softmax!, chosen.source === 'refined' ? { lat: chosen.lat, lon: chosen.lon, source: chosen.centre } : undefined);
      const surfaced = performance.now();
      const places = placeNames(await loadPlacesNode(), refinedPoint ? [...result.most, refinedPoint] : result.most).map(placeLabel);
      const candidates = result.most.map((m, i) => ({ ...m, place: places[i]! }));
      const answer = { lat: chosen.lat, lon: chosen.lon, source: chosen.source, place: refinedPoint ? places[result.most.length]! : candidates[0]!.place };
      const { gps, gpsUnusable, ...metadata } = await readPhotoMetadata(bytes);
      return {
        image: path,
        testModel: ref.tiny,
        top: candidates[0]!,
        candidates,
        least: result.least,
        exif: gps ? { lat: gps.lat, lon: gps.lon, source: gps.source, km_from_top: haversineKm(gps, candidates[0]!), km_from_answer: haversineKm(gps, answer) } : null,
        gps_unusable: gpsUnusable,
        metadata,
        ...(refinement ? { refine: refineJson(refinement.outcome, refinement.ms, refinedPoint ? answer.place : null) } : {}),
        answer,
        confidence,
        region,
        ms: { encode: encoded - started, retrieve: retrieved - encoded, surface: surfaced - beforeSurface, ...(refinement ? { refine: refinement.ms } : {}) },
      };
    },
  };
}

export interface FullLocateOptions {
  /** The --models folder. */
  models: string;
  /** The --index file. */
  index: string;
  /** --refine: a refined point between gallery places joins the final choice. */
  refine?: boolean;
}

const fullLocators = new Map<string, Promise<import('./full').FullLocator>>();

/** One photo through the whole method (cluemap, reasoning, refinement, final choice); its answer's coordinates. */
export async function locateFull(path: string, options: FullLocateOptions): Promise<LatLon> {
  const key = `${options.models}\n${options.index}\n${options.refine === true}`;
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
