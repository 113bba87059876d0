import { parseCoordinates } from '../geo/coords';
import { GeoError } from '../geo/errors';
import type { LatLon } from '../geo/types';
import { readPair, type PairProblem } from './coordinate-text';
import { emptyNames, type NameField, type Reading } from './answer-reading';
import type { JsonObject, JsonValue } from '../text/lenient-json';
import { normaliseName, normaliseText } from './names';

type Field = NameField | 'reasons' | 'lat' | 'lon' | 'coordinates';

const KEYS: Readonly<Record<Field, readonly string[]>> = {
  country: ['country', 'countryname', 'nation'],
  countryCode: ['countrycode', 'countryiso', 'iso', 'isocode', 'iso2', 'isoalpha2', 'iso31661', 'cc', 'code', 'alpha2'],
  region: ['region', 'state', 'province', 'regionstate', 'stateregion', 'stateprovince', 'admin1', 'prefecture'],
  city: ['city', 'town', 'citytown', 'locality', 'municipality', 'village'],
  landmark: ['landmark', 'landmarkname', 'poi', 'pointofinterest'],
  reasons: ['reasons', 'reason', 'reasoning', 'explanation', 'rationale', 'justification', 'evidence', 'why'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'long', 'longitude'],
  coordinates: ['coordinates', 'coordinate', 'coords', 'gps', 'gpscoordinates', 'latlon', 'latlng', 'latlong', 'lonlat', 'lnglat', 'location', 'position', 'point'],
};
const FIELD_OF_KEY = new Map<string, Field>(
  (Object.entries(KEYS) as [Field, readonly string[]][]).flatMap(([field, keys]) => keys.map((key) => [key, field] as const)),
);

interface Collected {
  values: Map<Field, JsonValue>;
  /** Coordinates given as [lon, lat] (GeoJSON, or a key such as "lnglat"). */
  lonFirst: boolean;
}

/** One JSON object's answer, or null when the object holds no answer field at all. */
export function readJsonAnswer(object: JsonObject): Reading | null {
  const collected: Collected = { values: new Map(), lonFirst: false };
  collect(object, collected);
  if (collected.values.size === 0) return null;
  const { values } = collected;

  const names = emptyNames();
  for (const field of ['country', 'countryCode', 'region', 'city', 'landmark'] as const) {
    names[field] = nameOf(values.get(field));
  }
  names.reasons = reasonsOf(values.get('reasons'));

  const pairs: LatLon[] = [];
  const problems: PairProblem[] = [];
  const attempt = (read: () => LatLon) => {
    try {
      pairs.push(read());
    } catch (error) {
      if (!(error instanceof GeoError)) throw error;
      problems.push({ kind: error.code === 'out-of-range' ? 'out-of-range' : 'unreadable', message: error.message });
    }
  };

  const lat = coordinateText(values.get('lat'));
  const lon = coordinateText(values.get('lon'));
  if (lat !== null && lon !== null) attempt(() => readPair(lat, lon));
  else if (lat !== null || lon !== null) {
    problems.push({ kind: 'unpaired', message: `The answer gives a ${lat !== null ? 'latitude' : 'longitude'} without a ${lat !== null ? 'longitude' : 'latitude'}.` });
  }
  for (const read of coordinateReaders(values.get('coordinates'), collected.lonFirst)) attempt(read);
  return { names, pairs, problems };
}

/** Gathers answer fields from an object and any objects nested in it; outer fields win. */
function collect(object: JsonObject, into: Collected): void {
  const nested: JsonObject[] = [];
  for (const [key, value] of Object.entries(object)) {
    const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    const field = FIELD_OF_KEY.get(normalised);
    if (isObject(value)) {
      if (value.type === 'Point') into.lonFirst = true; // GeoJSON
      nested.push(value);
    } else if (field !== undefined && !into.values.has(field)) {
      into.values.set(field, value);
      if (field === 'coordinates' && /^(?:lonlat|lnglat)$/.test(normalised)) into.lonFirst = true;
    }
  }
  if (object.type === 'Point') into.lonFirst = true;
  for (const inner of nested) collect(inner, into);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function coordinateText(value: JsonValue | undefined): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && /\d/.test(value)) return value;
  return null;
}

/** Readers for a "coordinates" value: "48.85, 2.29", [48.85, 2.29], or a list of such pairs. */
function coordinateReaders(value: JsonValue | undefined, lonFirst: boolean): (() => LatLon)[] {
  if (typeof value === 'string') return /\d/.test(value) ? [() => parseCoordinates(value)] : [];
  if (!Array.isArray(value) || value.length === 0) return [];
  const [first, second] = value.map(coordinateText);
  const isOnePair = value.length === 2 && first != null && second != null && !/[,;]/.test(first + second);
  if (isOnePair) return [() => (lonFirst ? readPair(second, first) : readPair(first, second))];
  if (value.every((item) => Array.isArray(item) || typeof item === 'string')) {
    return value.flatMap((item) => coordinateReaders(item, lonFirst));
  }
  const message = `The answer's coordinates ${JSON.stringify(value)} are not one latitude and one longitude.`;
  return [
    () => {
      throw new GeoError('invalid-coordinates', message);
    },
  ];
}

function nameOf(value: JsonValue | undefined): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return normaliseName(value);
  if (Array.isArray(value)) return nameOf(value.find((item) => typeof item === 'string'));
  return null;
}

function reasonsOf(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [normaliseText(value)].filter((reason) => reason !== null);
  if (Array.isArray(value)) return value.flatMap((item) => reasonsOf(item));
  if (isObject(value)) return Object.entries(value).flatMap(([key, item]) => reasonsOf(item).map((reason) => `${key}: ${reason}`));
  return [];
}
