// Shared checks and number formatting for the writers and readers.
import { MASS_RADII_KM } from '../surface/surface';
import type { CentreSource } from '../surface/surface';
import { CENTRE_SOURCES, ExportError, type ExportConfidence, type ExportRow } from './types';

/** Coordinates with 6 decimals (about 11 cm), enough for any GPS. */
export function degrees(value: number): string {
  return value.toFixed(6);
}

export function kilometres(value: number): string {
  return value.toFixed(3);
}

export function probability(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** Refuses rows that would make an export no reader can trust. */
export function checkRow(row: ExportRow, at: number): void {
  const where = `Row ${at + 1} (${JSON.stringify(row.file)})`;
  if (!Number.isFinite(row.lat) || row.lat < -90 || row.lat > 90) throw new ExportError(`${where} has a latitude out of range: ${row.lat}.`);
  if (!Number.isFinite(row.lon) || row.lon < -180 || row.lon > 180) throw new ExportError(`${where} has a longitude out of range: ${row.lon}.`);
  if (!Number.isFinite(row.probability) || row.probability < 0 || row.probability > 1) {
    throw new ExportError(`${where} has a probability outside [0, 1]: ${row.probability}.`);
  }
  if (row.errorKm !== null && (!Number.isFinite(row.errorKm) || row.errorKm < 0)) throw new ExportError(`${where} has an impossible error distance: ${row.errorKm}.`);
  if ((row.truth === null) !== (row.errorKm === null)) throw new ExportError(`${where} must have both an EXIF point and an error distance, or neither.`);
}

/** Parses a number written by a writer; `what` names the field in the message. */
export function readNumber(text: string, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new ExportError(`${what} is not a number: ${JSON.stringify(text)}.`);
  return value;
}

export function readOptionalNumber(text: string, what: string): number | null {
  return text.trim() === '' ? null : readNumber(text, what);
}

export function readLatitude(value: number, what: string): number {
  if (value < -90 || value > 90) throw new ExportError(`${what} is not a latitude: ${value}.`);
  return value;
}

export function readLongitude(value: number, what: string): number {
  if (value < -180 || value > 180) throw new ExportError(`${what} is not a longitude: ${value}.`);
  return value;
}

/** The confidence columns, named after their kilometres: mass_within_1km ... radius_90_km, country_shares, confidence_around. */
export const CONFIDENCE_FIELDS = [...MASS_RADII_KM.map((km) => `mass_within_${km}km`), 'radius_50_km', 'radius_90_km', 'country_shares', 'confidence_around'] as const;

/** Which point the confidence is around; empty or absent (files written before it was recorded) is the top gallery place. */
export function readCentreSource(text: string | null | undefined, what: string): CentreSource {
  const value = (text ?? '').trim();
  if (value === '') return 'top';
  const source = CENTRE_SOURCES.find((s) => s === value);
  if (!source) throw new ExportError(`${what} is not one of ${CENTRE_SOURCES.join(', ')}: ${JSON.stringify(text)}.`);
  return source;
}

const SEA = 'sea';

/** "PT=0.41;BR=0.22;sea=0.03": ISO codes (or "sea") with their share of the mass. */
export function countrySharesText(countries: ExportConfidence['countries']): string {
  return countries.map((c) => `${c.name || SEA}=${probability(c.mass)}`).join(';');
}

function readCountryShares(text: string, what: string): ExportConfidence['countries'] {
  if (text.trim() === '') return [];
  return text.split(';').map((item) => {
    const match = /^([A-Z]{2}|sea)=(.+)$/.exec(item.trim());
    if (!match) throw new ExportError(`${what} has an unreadable country share: ${JSON.stringify(item)}.`);
    return { name: match[1] === SEA ? '' : match[1]!, mass: readNumber(match[2]!, what) };
  });
}

/** The confidence as text cells, in CONFIDENCE_FIELDS order; empty cells when there is none. */
export function confidenceCells(confidence: ExportConfidence | null): string[] {
  if (!confidence) return CONFIDENCE_FIELDS.map(() => '');
  return [
    ...confidence.massWithin.map(probability),
    kilometres(confidence.radius50Km),
    kilometres(confidence.radius90Km),
    countrySharesText(confidence.countries),
    confidence.around,
  ];
}

/** Reads the confidence cells back (by field name); null when they are all empty. */
export function readConfidence(field: (name: (typeof CONFIDENCE_FIELDS)[number]) => string, at: (name: string) => string): ExportConfidence | null {
  if (CONFIDENCE_FIELDS.every((name) => field(name).trim() === '')) return null;
  return {
    massWithin: MASS_RADII_KM.map((km) => readNumber(field(`mass_within_${km}km` as (typeof CONFIDENCE_FIELDS)[number]), at(`mass_within_${km}km`))),
    radius50Km: readNumber(field('radius_50_km'), at('radius_50_km')),
    radius90Km: readNumber(field('radius_90_km'), at('radius_90_km')),
    countries: readCountryShares(field('country_shares'), at('country_shares')),
    around: readCentreSource(field('confidence_around'), at('confidence_around')),
  };
}
