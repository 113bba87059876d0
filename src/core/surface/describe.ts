// The one function the app's retrieve worker and the CLI both call after a query: the surface,
// the confidence in kilometres and "where else" (countries, and regions in the top country).
import { countryByCode } from '../reason/countries';
import type { Softmax } from '../retrieve/search';
import type { CoordinateIndex } from '../retrieve/types';
import { MASS_RADII_KM, surfaceOf, sharesOf, type Centre, type Masses, type RowGroups, type Share, type Surface } from './surface';

/** Where each gallery row lies, from the offline reverse geocoder (computed once per index by the caller). */
export interface SurfaceGeography {
  /** Each row's country (ISO 3166-1 codes as names). */
  countries(): RowGroups | Promise<RowGroups>;
  /** Each row's first-level region inside one country (other rows -1). */
  regionsIn(countryCode: string): RowGroups | Promise<RowGroups>;
}

/** [south, west, north, east] in degrees. */
export type Bounds = readonly [number, number, number, number];

/** A country's or region's share, with where its most probable places are (to zoom the map there). */
export interface PlaceShare extends Share {
  /** Bounds of the group's kept (most probable) places, or of all its rows when none was kept; null at sea. */
  readonly bounds: Bounds | null;
}

/** How many countries and regions the summary keeps (the rest are small and summed in `other`). */
export const SHARES_KEPT = 8;

/** What is kept of the surface for every answer: in history, exports and the CLI's JSON. */
export interface Confidence {
  /** Mass within MASS_RADII_KM of the answer, same order. */
  readonly massWithin: readonly number[];
  readonly radius50Km: number;
  readonly radius90Km: number;
  /** Largest first, at most SHARES_KEPT; code '' is open sea. */
  readonly countries: readonly PlaceShare[];
  /** Regions inside `regionCountry`, largest first, at most SHARES_KEPT. */
  readonly regions: readonly PlaceShare[];
  readonly regionCountry: string | null;
  /** Rows that shared the softmax. */
  readonly allowedRows: number;
  /** The point the masses and radii are measured from (absent in history kept before it was recorded: the top place). */
  readonly around?: Centre;
}

export interface AnswerSurface extends Surface {
  readonly confidence: Confidence;
}

export async function describeSurface(index: CoordinateIndex, softmax: Softmax, geography: SurfaceGeography | null, keep?: number): Promise<AnswerSurface> {
  const countries = geography ? await geography.countries() : undefined;
  const surface = surfaceOf(index, softmax, { countries, keep });
  const topCountry = surface.countries.find((share) => share.name !== '')?.name ?? null;
  const regionRows = geography && topCountry ? await geography.regionsIn(topCountry) : null;
  const regions = regionRows ? sharesOf(softmax, regionRows) : [];
  const located = (shares: readonly Share[], groups: RowGroups | undefined | null): PlaceShare[] =>
    shares.slice(0, SHARES_KEPT).map((share) => ({ ...share, bounds: groups && share.name !== '' ? groupBounds(index, surface.kept.rows, groups, share.name) : null }));
  return {
    ...surface,
    confidence: {
      massWithin: surface.massWithin,
      radius50Km: surface.radius50Km,
      radius90Km: surface.radius90Km,
      countries: located(surface.countries, countries),
      regions: located(regions, regionRows),
      regionCountry: topCountry,
      allowedRows: surface.allowedRows,
      around: { lat: surface.answer.lat, lon: surface.answer.lon, source: 'top' },
    },
  };
}

/** What recentre needs of a surface: its centre, masses and confidence (the worker's QuerySurface is one). */
interface Centred {
  readonly answer: { readonly lat: number; readonly lon: number; readonly row: number };
  readonly massWithin: readonly number[];
  readonly radius50Km: number;
  readonly radius90Km: number;
  readonly confidence: Confidence;
}

/**
 * The surface measured from another answer (the refined point, the final answer): the masses and
 * radii from massesAround; the country and region shares do not depend on the centre and stay.
 */
export function recentre<S extends Centred>(surface: S, masses: Masses, around: Centre): S {
  const row = around.source === 'top' ? surface.answer.row : -1;
  return {
    ...surface,
    answer: { lat: around.lat, lon: around.lon, row },
    ...masses,
    confidence: { ...surface.confidence, ...masses, around },
  };
}

/** Bounds of a group's rows among `preferred` (the kept places), else of all its rows. */
function groupBounds(index: CoordinateIndex, preferred: Int32Array, groups: RowGroups, name: string): Bounds | null {
  const id = groups.names.indexOf(name);
  if (id < 0) return null;
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const take = (row: number) => {
    const lat = index.latLon[2 * row]!;
    const lon = index.latLon[2 * row + 1]!;
    box[0] = Math.min(box[0]!, lat);
    box[1] = Math.min(box[1]!, lon);
    box[2] = Math.max(box[2]!, lat);
    box[3] = Math.max(box[3]!, lon);
  };
  for (const row of preferred) if (groups.ids[row] === id) take(row);
  if (box[0] === Infinity) for (let row = 0; row < groups.ids.length; row++) if (groups.ids[row] === id) take(row);
  return box[0] === Infinity ? null : (box as unknown as Bounds);
}

/** The name a person reads for a country code ('' is the open sea). */
export function countryName(code: string): string {
  if (code === '') return 'Open sea';
  return countryByCode(code)?.name ?? code;
}

function round(value: number, digits: number): number {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}

/** The CLI's JSON fields for the answer: mass_within_<r>km, radius_50_km, radius_90_km, country_shares, region_shares. */
export function confidenceJson(confidence: Confidence): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  MASS_RADII_KM.forEach((km, t) => (fields[`mass_within_${km}km`] = round(confidence.massWithin[t]!, 6)));
  fields.radius_50_km = round(confidence.radius50Km, 3);
  fields.radius_90_km = round(confidence.radius90Km, 3);
  fields.country_shares = confidence.countries.map((s) => ({ country_code: s.name || null, country: countryName(s.name), share: round(s.mass, 6) }));
  fields.region_shares = confidence.regions.map((s) => ({ country_code: confidence.regionCountry, region: s.name, share: round(s.mass, 6) }));
  fields.allowed_rows = confidence.allowedRows;
  if (confidence.around) fields.around = { source: confidence.around.source, lat: round(confidence.around.lat, 6), lon: round(confidence.around.lon, 6) };
  return fields;
}
