// The probability surface of one query: GeoCLIP's softmax over every allowed gallery row, reduced
// to what the answer screen and the exports need. The mass within r km of the answer, the credible
// radii and the country shares are exact sums over ALL allowed rows, not only the kept ones.
//
// Speed (100K rows in a few milliseconds): each row's unit vector is computed once per index, so
// "within r km" is a comparison of squared chord lengths (monotonic in great-circle distance) with
// no trigonometry per row; the credible radii come from a histogram over the chord, and only the
// rows of the one bucket where the mass crosses 50 % (or 90 %) are sorted.
import { EARTH_RADIUS_KM } from '../geo/haversine';
import { TopK } from '../retrieve/topk';
import type { Softmax } from '../retrieve/search';
import type { CoordinateIndex } from '../retrieve/types';

export type { Softmax };

/** The papers' street, city, region, country and continent thresholds. */
export const MASS_RADII_KM = [1, 25, 200, 750, 2500] as const;
export type MassRadiusKm = (typeof MASS_RADII_KM)[number];

/** How many of the most probable places the surface keeps for the map. */
export const KEPT_PLACES = 3000;

/** Each row's group (a country, a region) as a small integer; -1 for none (open sea). */
export interface RowGroups {
  readonly ids: Int32Array;
  /** The group's name by id, e.g. ISO codes for countries. */
  readonly names: readonly string[];
}

export interface Share {
  /** The group's name: an ISO 3166-1 code for countries, a region's name for regions. */
  readonly name: string;
  /** Sum of the probabilities of its allowed rows, in [0, 1]. */
  readonly mass: number;
}

export interface KeptPlaces {
  /** Most probable first: the gallery rows, their coordinates and probabilities. */
  readonly rows: Int32Array;
  readonly lat: Float32Array;
  readonly lon: Float32Array;
  readonly p: Float32Array;
}

export interface Surface {
  /** The point the masses and radii are measured from: the top gallery row, or the answer recentre() moved them to (row -1). */
  readonly answer: { readonly lat: number; readonly lon: number; readonly row: number };
  /** Rows that had a share of the softmax (the allowed rows). */
  readonly allowedRows: number;
  readonly kept: KeptPlaces;
  /** Share of the whole mass held by the kept places. */
  readonly keptMass: number;
  /** Share of the mass within each of MASS_RADII_KM of the answer, in that order. */
  readonly massWithin: readonly number[];
  /** The smallest distance from the answer within which 50 % (90 %) of the mass lies. */
  readonly radius50Km: number;
  readonly radius90Km: number;
  /** Countries by mass, largest first; rows at sea are grouped under ''. Empty without country data. */
  readonly countries: readonly Share[];
}

const unitCache = new WeakMap<Float32Array, Float64Array>();

/** Unit vectors of the index's rows, [x0, y0, z0, x1, ...], computed once per coordinate array. */
export function rowUnitVectors(latLon: Float32Array): Float64Array {
  let xyz = unitCache.get(latLon);
  if (!xyz) {
    const count = latLon.length / 2;
    xyz = new Float64Array(count * 3);
    const deg = Math.PI / 180;
    for (let i = 0; i < count; i++) {
      const phi = latLon[2 * i]! * deg;
      const lambda = latLon[2 * i + 1]! * deg;
      const c = Math.cos(phi);
      xyz[3 * i] = c * Math.cos(lambda);
      xyz[3 * i + 1] = c * Math.sin(lambda);
      xyz[3 * i + 2] = Math.sin(phi);
    }
    unitCache.set(latLon, xyz);
  }
  return xyz;
}

/** Squared chord between two points on the unit sphere that are `km` apart on Earth. */
function chord2OfKm(km: number): number {
  const c = 2 * Math.sin(Math.min(Math.PI, km / EARTH_RADIUS_KM) / 2);
  return c * c;
}

function kmOfChord2(chord2: number): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(chord2) / 2));
}

const BUCKETS = 8192;

/** Each row's probability (0 for rows left out), computed once per softmax and shared by sharesOf. */
const probabilitiesOf = new WeakMap<Softmax, Float64Array>();

function probabilities(softmax: Softmax): Float64Array {
  let probs = probabilitiesOf.get(softmax);
  if (!probs) {
    const { scores, max, sum, logitScale } = softmax;
    probs = new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) probs[i] = scores[i] === -Infinity ? 0 : Math.exp(logitScale * (scores[i]! - max)) / sum;
    probabilitiesOf.set(softmax, probs);
  }
  return probs;
}

export interface SurfaceOptions {
  /** The row to measure from; by default the most probable allowed row. */
  answerRow?: number;
  /** How many of the most probable places to keep (KEPT_PLACES by default). */
  keep?: number;
  /** Each row's country, for the country shares. */
  countries?: RowGroups;
}

/**
 * Reduces a softmax over an index to its surface. Throws nothing for an empty softmax (every row
 * left out): the masses are then 0 and the radii NaN, which callers prevent by refusing empty masks.
 */
export function surfaceOf(index: CoordinateIndex, softmax: Softmax, options: SurfaceOptions = {}): Surface {
  const { count, latLon } = index;
  const { scores, max, sum, logitScale } = softmax;
  if (scores.length !== count) throw new RangeError(`The softmax has ${scores.length} scores for an index of ${count} rows.`);
  const keep = Math.min(options.keep ?? KEPT_PLACES, count);
  const xyz = rowUnitVectors(latLon);

  let answerRow = options.answerRow ?? -1;
  if (answerRow < 0) {
    let best = -Infinity;
    for (let i = 0; i < count; i++) {
      if (scores[i]! > best) {
        best = scores[i]!;
        answerRow = i;
      }
    }
  }
  const centre: Vec3 = answerRow >= 0 ? [xyz[3 * answerRow]!, xyz[3 * answerRow + 1]!, xyz[3 * answerRow + 2]!] : [0, 0, 0];
  const masses = massesFrom(xyz, softmax, centre);

  const country = options.countries;
  const countryMass = country ? new Float64Array(country.names.length) : null;
  let seaMass = 0;
  const top = new TopK(keep);
  const probs = probabilities(softmax);
  let allowedRows = 0;
  for (let i = 0; i < count; i++) {
    const score = scores[i]!;
    if (score === -Infinity) continue;
    allowedRows++;
    if (countryMass) {
      const id = country!.ids[i]!;
      if (id >= 0) countryMass[id]! += probs[i]!;
      else seaMass += probs[i]!;
    }
    if (score > top.threshold) top.offer(i, score);
  }

  const kept = top.sorted();
  const keptPlaces: KeptPlaces = {
    rows: Int32Array.from(kept, ({ id }) => id),
    lat: new Float32Array(kept.length),
    lon: new Float32Array(kept.length),
    p: new Float32Array(kept.length),
  };
  let keptMass = 0;
  kept.forEach(({ id, key }, n) => {
    const p = Math.exp(logitScale * (key - max)) / sum;
    keptPlaces.lat[n] = latLon[2 * id]!;
    keptPlaces.lon[n] = latLon[2 * id + 1]!;
    keptPlaces.p[n] = p;
    keptMass += p;
  });

  const countries: Share[] = [];
  if (countryMass) {
    country!.names.forEach((name, id) => {
      if (countryMass[id]! > 0) countries.push({ name, mass: countryMass[id]! });
    });
    if (seaMass > 0) countries.push({ name: '', mass: seaMass });
    countries.sort((a, b) => b.mass - a.mass || a.name.localeCompare(b.name));
  }

  return {
    answer: { lat: answerRow >= 0 ? latLon[2 * answerRow]! : NaN, lon: answerRow >= 0 ? latLon[2 * answerRow + 1]! : NaN, row: answerRow },
    allowedRows,
    kept: keptPlaces,
    keptMass,
    ...masses,
    countries,
  };
}

/**
 * The distance of the row at which the mass, summed outwards from the answer, first reaches
 * `target`. The histogram finds the bucket where that happens; only that bucket's rows are sorted.
 */
function credibleRadiusKm(target: number, bucketMass: Float64Array, bucketScale: number, chords: Float64Array, probs: Float64Array): number {
  let below = 0;
  let bucket = 0;
  for (; bucket < bucketMass.length; bucket++) {
    if (below + bucketMass[bucket]! >= target) break;
    below += bucketMass[bucket]!;
  }
  if (bucket === bucketMass.length) bucket = bucketMass.length - 1; // rounding: the last bucket holds the rest
  const inBucket: { c2: number; p: number }[] = [];
  for (let i = 0; i < chords.length; i++) {
    const c2 = chords[i]!;
    if (c2 < 0 || Math.min(bucketMass.length - 1, Math.floor(c2 * bucketScale)) !== bucket) continue;
    inBucket.push({ c2, p: probs[i]! });
  }
  if (inBucket.length === 0) return NaN;
  inBucket.sort((a, b) => a.c2 - b.c2);
  let mass = below;
  for (const row of inBucket) {
    mass += row.p;
    if (mass >= target) return kmOfChord2(row.c2);
  }
  return kmOfChord2(inBucket[inBucket.length - 1]!.c2);
}

/** Mass grouped by a per-row group (regions inside one country, say), largest first; rows with id -1 are skipped. */
export function sharesOf(softmax: Softmax, groups: RowGroups): Share[] {
  const probs = probabilities(softmax);
  const mass = new Float64Array(groups.names.length);
  for (let i = 0; i < probs.length; i++) {
    const id = groups.ids[i]!;
    if (id >= 0) mass[id]! += probs[i]!;
  }
  const shares: Share[] = [];
  groups.names.forEach((name, id) => {
    if (mass[id]! > 0) shares.push({ name, mass: mass[id]! });
  });
  return shares.sort((a, b) => b.mass - a.mass || a.name.localeCompare(b.name));
}

/** Where the masses and radii are measured from, and which answer that point is. */
export interface Centre {
  readonly lat: number;
  readonly lon: number;
  /** 'top': the top gallery place; 'refined': the refined point; 'final': the full mode's final answer. */
  readonly source: CentreSource;
}
export type CentreSource = 'top' | 'refined' | 'final';

/** The mass within MASS_RADII_KM of a point and the 50 % / 90 % credible radii around it. */
export interface Masses {
  readonly massWithin: readonly number[];
  readonly radius50Km: number;
  readonly radius90Km: number;
}

/**
 * The masses and radii around any point (the refined point or the final answer, not only a gallery
 * row): the same exact sums over the allowed rows as surfaceOf, with the squared chord to `point`.
 */
export function massesAround(index: CoordinateIndex, softmax: Softmax, point: { readonly lat: number; readonly lon: number }): Masses {
  const { count, latLon } = index;
  const { scores } = softmax;
  if (scores.length !== count) throw new RangeError(`The softmax has ${scores.length} scores for an index of ${count} rows.`);
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon)) throw new RangeError(`No masses around an invalid point (${point.lat}, ${point.lon}).`);
  const deg = Math.PI / 180;
  const c = Math.cos(point.lat * deg);
  return massesFrom(rowUnitVectors(latLon), softmax, [c * Math.cos(point.lon * deg), c * Math.sin(point.lon * deg), Math.sin(point.lat * deg)]);
}

type Vec3 = readonly [number, number, number];

/** The mass within each of MASS_RADII_KM of a unit vector, and the credible radii around it, over the allowed rows. */
function massesFrom(xyz: Float64Array, softmax: Softmax, [ax, ay, az]: Vec3): Masses {
  const { scores } = softmax;
  const count = scores.length;
  const limits = MASS_RADII_KM.map(chord2OfKm);
  const within = new Float64Array(limits.length);
  const bucketMass = new Float64Array(BUCKETS);
  const bucketScale = BUCKETS / 4; // the squared chord runs from 0 to 4
  const chords = new Float64Array(count);
  const probs = probabilities(softmax);
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (scores[i] === -Infinity) {
      chords[i] = -1;
      continue;
    }
    const p = probs[i]!;
    total += p;
    const dx = xyz[3 * i]! - ax;
    const dy = xyz[3 * i + 1]! - ay;
    const dz = xyz[3 * i + 2]! - az;
    const c2 = dx * dx + dy * dy + dz * dz;
    chords[i] = c2;
    for (let t = limits.length - 1; t >= 0 && c2 <= limits[t]!; t--) within[t]! += p;
    bucketMass[Math.min(BUCKETS - 1, Math.floor(c2 * bucketScale))]! += p;
  }
  const radius = (share: number) => credibleRadiusKm(share * total, bucketMass, bucketScale, chords, probs);
  return { massWithin: Array.from(within), radius50Km: radius(0.5), radius90Km: radius(0.9) };
}
