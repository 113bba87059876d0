import { GeoError } from './errors';
import { haversineKm } from './haversine';
import type { Km, LatLon } from './types';

export const ACCURACY_THRESHOLDS = [
  { name: 'street', km: 1 },
  { name: 'city', km: 25 },
  { name: 'region', km: 200 },
  { name: 'country', km: 750 },
  { name: 'continent', km: 2500 },
] as const;

export type ThresholdName = (typeof ACCURACY_THRESHOLDS)[number]['name'];

/** The GeoScore scale: the distance at which the score falls to 5000 / e. */
export const GEOSCORE_SCALE_KM = 1492.7;
export const GEOSCORE_MAX = 5000;

export interface ErrorSummary {
  readonly count: number;
  /** Percentage (0-100) of distances at or under each threshold; all 0 when count is 0. */
  readonly accuracyPercent: Readonly<Record<ThresholdName, number>>;
  /** null when count is 0. */
  readonly geoScoreMean: number | null;
  readonly geoScoreMedian: number | null;
  readonly medianKm: Km | null;
}

/** A labelled point, one row of an `IMG_ID,LAT,LON` file. */
export interface ImageLocation extends LatLon {
  readonly id: string;
}

export interface ComparisonSummary extends ErrorSummary {
  /** Images present in both the predictions and the truth. */
  readonly matched: number;
  /** Truth rows that have no prediction. */
  readonly missing: number;
  /** Predictions that have no truth row. */
  readonly extra: number;
  /** Distance for every matched image, in the order of the truth rows. */
  readonly perImage: readonly { readonly id: string; readonly km: Km }[];
}

export function geoScore(distanceKm: Km): number {
  assertDistance(distanceKm);
  return GEOSCORE_MAX * Math.exp(-distanceKm / GEOSCORE_SCALE_KM);
}

/** Geo-R's piecewise-linear distance reward: 1 at 0 km, 0.5 at 750 km, 0.2 at 2500 km, 0 from 20000 km. */
export function distanceReward(distanceKm: Km): number {
  assertDistance(distanceKm);
  if (distanceKm <= 750) return 1 - (0.5 * distanceKm) / 750;
  if (distanceKm <= 2500) return 0.5 - (0.3 * (distanceKm - 750)) / 1750;
  return Math.max(0, 0.2 - (0.2 * (distanceKm - 2500)) / 17500);
}

export function summariseErrors(distancesKm: readonly Km[]): ErrorSummary {
  distancesKm.forEach(assertDistance);
  const count = distancesKm.length;
  const accuracyPercent = Object.fromEntries(
    ACCURACY_THRESHOLDS.map(({ name, km }) => {
      const within = distancesKm.filter((d) => d <= km).length;
      return [name, count === 0 ? 0 : (100 * within) / count];
    }),
  ) as Record<ThresholdName, number>;
  const scores = distancesKm.map(geoScore);

  return {
    count,
    accuracyPercent,
    geoScoreMean: count === 0 ? null : scores.reduce((sum, s) => sum + s, 0) / count,
    geoScoreMedian: median(scores),
    medianKm: median(distancesKm),
  };
}

/** Matches predictions to ground truth by image id and summarises the distance errors. */
export function comparePredictions(
  predictions: ReadonlyMap<string, LatLon> | readonly ImageLocation[],
  truth: readonly ImageLocation[],
): ComparisonSummary {
  const predicted = isMap(predictions) ? predictions : indexById(predictions, 'predictions');
  const truthById = indexById(truth, 'ground truth');

  const perImage: { id: string; km: Km }[] = [];
  for (const [id, actual] of truthById) {
    const guess = predicted.get(id);
    if (guess !== undefined) perImage.push({ id, km: haversineKm(guess, actual) });
  }
  const extra = [...predicted.keys()].filter((id) => !truthById.has(id)).length;

  return {
    ...summariseErrors(perImage.map((row) => row.km)),
    matched: perImage.length,
    missing: truthById.size - perImage.length,
    extra,
    perImage,
  };
}

function isMap(
  value: ReadonlyMap<string, LatLon> | readonly ImageLocation[],
): value is ReadonlyMap<string, LatLon> {
  return !Array.isArray(value);
}

function indexById(rows: readonly ImageLocation[], what: string): Map<string, LatLon> {
  const byId = new Map<string, LatLon>();
  for (const row of rows) {
    if (byId.has(row.id)) {
      throw new GeoError('duplicate-id', `The ${what} list has image "${row.id}" more than once.`);
    }
    byId.set(row.id, row);
  }
  return byId;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function assertDistance(distanceKm: Km): void {
  if (!Number.isFinite(distanceKm) || distanceKm < 0) {
    throw new GeoError(
      'invalid-distance',
      `A distance must be a finite number of kilometres, 0 or more (got ${distanceKm}).`,
    );
  }
}
