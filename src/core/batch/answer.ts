// What the batch keeps for each located photo, and how it becomes export rows and accuracy figures.
import type { ExportConfidence, ExportRow } from '../export/types';
import type { Confidence } from '../surface/describe';
import { summariseErrors, type ErrorSummary } from '../geo/metrics';
import type { LatLon } from '../geo/types';
import type { BatchItem } from './queue';

/** The one answer kept per photo: no pixels, no embeddings. */
export interface BatchAnswer {
  readonly lat: number;
  readonly lon: number;
  readonly probability: number;
  readonly place: string;
  /** GPS from the photo's EXIF, the ground truth when present. */
  readonly truth: LatLon | null;
  readonly errorKm: number | null;
  /** The file's real format, sniffed from its bytes (only JPEGs get a geotagged copy). */
  readonly kind: string;
  readonly mode: string;
  readonly models: readonly string[];
  /** A generated test model produced it: the coordinates are noise. */
  readonly noise: boolean;
  /** Mass within the five radii, the credible radii and the country shares; null when not computed. */
  readonly confidence: ExportConfidence | null;
}

export function exportRows(items: readonly BatchItem<BatchAnswer>[]): ExportRow[] {
  return items.flatMap((item) =>
    item.status === 'done' && item.result
      ? [{ file: item.name, ...pick(item.result) }]
      : [],
  );
}

function pick(a: BatchAnswer): Omit<ExportRow, 'file'> {
  return { lat: a.lat, lon: a.lon, probability: a.probability, place: a.place, truth: a.truth, errorKm: a.errorKm, mode: a.mode, models: a.models, noise: a.noise, confidence: a.confidence };
}

/** Distance errors of the photos that carried EXIF GPS. */
export function errorsOf(items: readonly BatchItem<BatchAnswer>[]): number[] {
  return items.flatMap((item) => (item.status === 'done' && item.result?.errorKm != null ? [item.result.errorKm] : []));
}

export function accuracyOf(items: readonly BatchItem<BatchAnswer>[]): ErrorSummary {
  return summariseErrors(errorsOf(items));
}

/** What the exports keep of an answer's confidence (regions and map bounds stay on screen). */
export function exportConfidence(confidence: Confidence | null): ExportConfidence | null {
  if (!confidence) return null;
  return {
    massWithin: [...confidence.massWithin],
    radius50Km: confidence.radius50Km,
    radius90Km: confidence.radius90Km,
    countries: confidence.countries.map(({ name, mass }) => ({ name, mass })),
  };
}
