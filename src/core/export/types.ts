import type { LatLon } from '../geo/types';
import type { CentreSource } from '../surface/surface';

/** One located photo of a batch, as the exports carry it. */
export interface ExportRow {
  /** The photo's file name (or its path inside a dropped folder). Untrusted text. */
  readonly file: string;
  /** The answer: latitude and longitude in decimal degrees. */
  readonly lat: number;
  readonly lon: number;
  /** The answer's probability in [0, 1]: for a refined point, that of the gallery place it was found around. */
  readonly probability: number;
  /** Place name for the answer ('' when none is known). Untrusted text. */
  readonly place: string;
  /** GPS stored in the photo's EXIF, when it carries one. */
  readonly truth: LatLon | null;
  /** Great-circle distance from the answer to `truth`, in km (null without a truth). */
  readonly errorKm: number | null;
  /** How the answer was found: 'retrieval' (the top gallery place) or 'retrieval+refine' (a refined point). */
  readonly mode: string;
  /** The models that produced it, as "id@revision". */
  readonly models: readonly string[];
  /** True when a generated test model produced the answer: the coordinates are noise. */
  readonly noise: boolean;
  /** How sure the model is (src/core/surface); null when it was not computed. */
  readonly confidence: ExportConfidence | null;
}

/** The answer's confidence in kilometres and the country shares, as the exports carry them. */
export interface ExportConfidence {
  /** Mass within 1, 25, 200, 750 and 2500 km of the answer (MASS_RADII_KM), in that order. */
  readonly massWithin: readonly number[];
  readonly radius50Km: number;
  readonly radius90Km: number;
  /** Largest first; name is an ISO 3166-1 code, '' for the open sea. */
  readonly countries: readonly { readonly name: string; readonly mass: number }[];
  /**
   * The point the masses and radii are measured around: the top gallery place, the refined point,
   * or the full mode's final answer. Files written before this was recorded read as 'top' (the
   * batch then always answered with the top gallery place).
   */
  readonly around: CentreSource;
}

export const CENTRE_SOURCES: readonly CentreSource[] = ['top', 'refined', 'final'];

export type ExportFormat = 'csv' | 'geojson' | 'kml';

export const EXPORT_MIME: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv;charset=utf-8',
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
};

export const EXPORT_EXTENSION: Readonly<Record<ExportFormat, string>> = {
  csv: 'csv',
  geojson: 'geojson',
  kml: 'kml',
};

/** Text put beside every answer of a test model, in every format. */
export const NOISE_NOTE = 'test model output: noise, not a location';

export type ExportErrorCode = 'invalid-export';

/** An export file that cannot be read back; the message says where and why. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  readonly code: ExportErrorCode = 'invalid-export';
}
