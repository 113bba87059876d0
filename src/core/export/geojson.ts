// GeoJSON export (RFC 7946): a FeatureCollection of Points, positions in [longitude, latitude] order.
import { checkRow, readCentreSource, readLatitude, readLongitude } from './fields';
import { ExportError, NOISE_NOTE, type ExportConfidence, type ExportRow } from './types';

export interface BatchFeatureProperties {
  file: string;
  probability: number;
  place: string;
  exif_lat: number | null;
  exif_lon: number | null;
  error_km: number | null;
  mode: string;
  models: string[];
  note: string | null;
  mass_within_1km: number | null;
  mass_within_25km: number | null;
  mass_within_200km: number | null;
  mass_within_750km: number | null;
  mass_within_2500km: number | null;
  radius_50_km: number | null;
  radius_90_km: number | null;
  /** Largest first; country_code null for the open sea. */
  country_shares: { country_code: string | null; share: number }[];
  /** The point the masses and radii are around: 'top', 'refined' or 'final'; null without a confidence. */
  confidence_around: string | null;
}

const MASS_KEYS = ['mass_within_1km', 'mass_within_25km', 'mass_within_200km', 'mass_within_750km', 'mass_within_2500km'] as const;

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function confidenceProperties(c: ExportConfidence | null): Pick<BatchFeatureProperties, (typeof MASS_KEYS)[number] | 'radius_50_km' | 'radius_90_km' | 'country_shares' | 'confidence_around'> {
  const share = (x: number) => Number(x.toPrecision(6));
  return {
    mass_within_1km: c ? share(c.massWithin[0]!) : null,
    mass_within_25km: c ? share(c.massWithin[1]!) : null,
    mass_within_200km: c ? share(c.massWithin[2]!) : null,
    mass_within_750km: c ? share(c.massWithin[3]!) : null,
    mass_within_2500km: c ? share(c.massWithin[4]!) : null,
    radius_50_km: c ? round(c.radius50Km, 3) : null,
    radius_90_km: c ? round(c.radius90Km, 3) : null,
    country_shares: c ? c.countries.map((s) => ({ country_code: s.name || null, share: share(s.mass) })) : [],
    confidence_around: c ? c.around : null,
  };
}

function readConfidenceProperties(properties: Record<string, unknown>, at: string): ExportConfidence | null {
  if (properties.radius_50_km === null || properties.radius_50_km === undefined) return null;
  const shares = properties.country_shares;
  if (!Array.isArray(shares)) throw new ExportError(`${at} country_shares is not a list.`);
  return {
    massWithin: MASS_KEYS.map((key) => number(properties[key], `${at} ${key}`)),
    radius50Km: number(properties.radius_50_km, `${at} radius_50_km`),
    radius90Km: number(properties.radius_90_km, `${at} radius_90_km`),
    countries: shares.map((item: unknown) => {
      if (!isRecord(item)) throw new ExportError(`${at} has a country share that is not an object.`);
      const code = item.country_code;
      if (code !== null && typeof code !== 'string') throw new ExportError(`${at} has a country code that is not text.`);
      return { name: code ?? '', mass: number(item.share, `${at} share`) };
    }),
    around: readCentreSource(properties.confidence_around === undefined || properties.confidence_around === null ? null : text(properties.confidence_around, `${at} confidence_around`), `${at} confidence_around`),
  };
}

function feature(row: ExportRow) {
  const properties: BatchFeatureProperties = {
    file: row.file,
    probability: Number(row.probability.toPrecision(6)),
    place: row.place,
    exif_lat: row.truth ? round(row.truth.lat, 6) : null,
    exif_lon: row.truth ? round(row.truth.lon, 6) : null,
    error_km: row.errorKm === null ? null : round(row.errorKm, 3),
    mode: row.mode,
    models: [...row.models],
    note: row.noise ? NOISE_NOTE : null,
    ...confidenceProperties(row.confidence),
  };
  return {
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [round(row.lon, 6), round(row.lat, 6)] },
    properties,
  };
}

export function writeGeoJson(rows: readonly ExportRow[]): string {
  rows.forEach(checkRow);
  // JSON.stringify escapes every character a JSON reader needs escaped; names stay data.
  return `${JSON.stringify({ type: 'FeatureCollection', features: rows.map(feature) }, null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ExportError(`${what} is not text.`);
  return value;
}

function number(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ExportError(`${what} is not a number.`);
  return value;
}

function optionalNumber(value: unknown, what: string): number | null {
  return value === null || value === undefined ? null : number(value, what);
}

/** Reads a GeoJSON written by `writeGeoJson` back into rows. */
export function readGeoJson(source: string): ExportRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new ExportError(`The GeoJSON is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed) || parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    throw new ExportError('The GeoJSON is not a FeatureCollection.');
  }
  return parsed.features.map((item: unknown, i: number) => {
    const at = `Feature ${i + 1}`;
    if (!isRecord(item) || item.type !== 'Feature' || !isRecord(item.geometry) || !isRecord(item.properties)) {
      throw new ExportError(`${at} is not a Feature with a geometry and properties.`);
    }
    const { geometry, properties } = item;
    const position = geometry.coordinates;
    if (geometry.type !== 'Point' || !Array.isArray(position) || position.length < 2) throw new ExportError(`${at} is not a Point.`);
    const lon = readLongitude(number(position[0], `${at} longitude`), `${at} longitude`);
    const lat = readLatitude(number(position[1], `${at} latitude`), `${at} latitude`);
    const exifLat = optionalNumber(properties.exif_lat, `${at} exif_lat`);
    const exifLon = optionalNumber(properties.exif_lon, `${at} exif_lon`);
    if ((exifLat === null) !== (exifLon === null)) throw new ExportError(`${at}: an EXIF point needs both coordinates.`);
    const models = properties.models;
    if (!Array.isArray(models)) throw new ExportError(`${at} models is not a list.`);
    return {
      file: text(properties.file, `${at} file`),
      lat,
      lon,
      probability: number(properties.probability, `${at} probability`),
      place: text(properties.place, `${at} place`),
      truth: exifLat === null || exifLon === null ? null : { lat: readLatitude(exifLat, `${at} exif_lat`), lon: readLongitude(exifLon, `${at} exif_lon`) },
      errorKm: optionalNumber(properties.error_km, `${at} error_km`),
      mode: text(properties.mode, `${at} mode`),
      models: models.map((m: unknown) => text(m, `${at} model`)),
      noise: properties.note === NOISE_NOTE,
      confidence: readConfidenceProperties(properties, at),
    };
  });
}
