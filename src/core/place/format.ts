// The place data file (public/geodata/places.bin, gzip-compressed on disk), little-endian:
//   "WBPL", u32 version, u32 header length, header JSON (UTF-8, space-padded to 4 bytes),
//   then one column after another: lat and lon (1e-4 degrees, about 11 m, each stored as the
//   difference from the previous place), population, u16 region, u8 country, u8 rank, and the
//   names as UTF-8 joined by "\n". The three 32-bit columns are split into byte planes (all
//   lowest bytes, then all second bytes...): places are grouped by region, so the differences
//   are small and the high planes almost all zeros, which gzip squeezes to nearly nothing.
// The header holds the count, the country codes, the regions and the attribution.
import { NO_REGION, type PlaceTables, type Region } from './types';
import { PlaceDataError } from './errors';
import { decodeUtf8, encodeUtf8 } from '../retrieve/platform';

const MAGIC = 'WBPL';
export const PLACE_FORMAT_VERSION = 1;
const SCALE = 1e4;

interface Header {
  count: number;
  countries: string[];
  /** [country index, admin-1 code, name] */
  regions: [number, string, string][];
  namesBytes: number;
  attribution: string;
}

export function encodePlaces(tables: PlaceTables): Uint8Array {
  const { count } = tables;
  const names = encodeUtf8(tables.names.join('\n'));
  const header: Header = {
    count,
    countries: [...tables.countries],
    regions: tables.regions.map((r) => [r.country, r.code, r.name]),
    namesBytes: names.byteLength,
    attribution: tables.attribution,
  };
  let headerText = JSON.stringify(header);
  while ((12 + encodeUtf8(headerText).byteLength) % 4 !== 0) headerText += ' ';
  const headerBytes = encodeUtf8(headerText);

  const columns = 12 + headerBytes.byteLength;
  const total = columns + count * (4 + 4 + 4 + 2 + 1 + 1) + names.byteLength;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(encodeUtf8(MAGIC), 0);
  view.setUint32(4, PLACE_FORMAT_VERSION, true);
  view.setUint32(8, headerBytes.byteLength, true);
  bytes.set(headerBytes, 12);

  let at = columns;
  at = writePlanes(bytes, at, differences(tables.lat));
  at = writePlanes(bytes, at, differences(tables.lon));
  at = writePlanes(bytes, at, tables.population);
  for (let i = 0; i < count; i++, at += 2) view.setUint16(at, tables.region[i]!, true);
  for (let i = 0; i < count; i++, at += 1) view.setUint8(at, tables.country[i]!);
  for (let i = 0; i < count; i++, at += 1) view.setUint8(at, tables.rank[i]!);
  bytes.set(names, at);
  return bytes;
}

export function decodePlaces(bytes: Uint8Array): PlaceTables {
  if (bytes.byteLength < 12 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) {
    throw new PlaceDataError('bad-magic', 'This is not a Whereabouts place data file.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== PLACE_FORMAT_VERSION) {
    throw new PlaceDataError('unsupported-version', `The place data file has version ${version}; this app reads version ${PLACE_FORMAT_VERSION}.`);
  }
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.byteLength) throw new PlaceDataError('truncated', 'The place data file is cut short.');
  const header = readHeader(bytes.subarray(12, 12 + headerLength));
  const { count } = header;
  const columns = 12 + headerLength;
  if (columns + count * 16 + header.namesBytes !== bytes.byteLength) {
    throw new PlaceDataError('truncated', `The place data file has ${bytes.byteLength} bytes; its header promises ${columns + count * 16 + header.namesBytes}.`);
  }

  const lat = sums(readPlanes(bytes, columns, count));
  const lon = sums(readPlanes(bytes, columns + 4 * count, count));
  const population = new Uint32Array(readPlanes(bytes, columns + 8 * count, count).buffer);
  const region = new Uint16Array(count);
  const country = new Uint8Array(count);
  const rank = new Uint8Array(count);
  let at = columns + 12 * count;
  for (let i = 0; i < count; i++, at += 2) region[i] = view.getUint16(at, true);
  country.set(bytes.subarray(at, at + count));
  at += count;
  rank.set(bytes.subarray(at, at + count));
  at += count;
  const names = count === 0 ? [] : utf8(bytes.subarray(at)).split('\n');
  if (names.length !== count) throw new PlaceDataError('bad-header', `The place data file names ${names.length} places; its header says ${count}.`);

  const regions: Region[] = header.regions.map(([c, code, name]) => ({ country: c, code, name }));
  for (let i = 0; i < count; i++) {
    if (country[i]! >= header.countries.length || (region[i] !== NO_REGION && region[i]! >= regions.length)) {
      throw new PlaceDataError('bad-header', `Place ${i} refers to a country or region the file does not list.`);
    }
  }
  return { count, names, lat, lon, population, country, region, rank, countries: header.countries, regions, attribution: header.attribution };
}

function readHeader(bytes: Uint8Array): Header {
  let header: Partial<Header>;
  try {
    header = JSON.parse(decodeUtf8(bytes)) as Partial<Header>;
  } catch {
    throw new PlaceDataError('bad-header', 'The place data file has an unreadable header.');
  }
  const { count, countries, regions, namesBytes, attribution } = header;
  if (
    !Number.isInteger(count) || count! < 0 ||
    !Array.isArray(countries) || countries.length > 256 ||
    !Array.isArray(regions) || regions.length >= NO_REGION ||
    !Number.isInteger(namesBytes) || namesBytes! < 0 ||
    typeof attribution !== 'string'
  ) {
    throw new PlaceDataError('bad-header', 'The place data file has an incomplete header.');
  }
  return header as Header;
}

/** Degrees as whole steps of 1/SCALE, each minus the one before. */
function differences(degrees: Float64Array): Int32Array {
  const out = new Int32Array(degrees.length);
  let previous = 0;
  for (let i = 0; i < degrees.length; i++) {
    const steps = Math.round(degrees[i]! * SCALE);
    out[i] = steps - previous;
    previous = steps;
  }
  return out;
}

function sums(steps: Int32Array): Float64Array {
  const out = new Float64Array(steps.length);
  let total = 0;
  for (let i = 0; i < steps.length; i++) out[i] = (total += steps[i]!) / SCALE;
  return out;
}

function writePlanes(bytes: Uint8Array, at: number, values: Int32Array | Uint32Array): number {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    bytes[at + i] = v & 0xff;
    bytes[at + n + i] = (v >>> 8) & 0xff;
    bytes[at + 2 * n + i] = (v >>> 16) & 0xff;
    bytes[at + 3 * n + i] = (v >>> 24) & 0xff;
  }
  return at + 4 * n;
}

function readPlanes(bytes: Uint8Array, at: number, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = bytes[at + i]! | (bytes[at + n + i]! << 8) | (bytes[at + 2 * n + i]! << 16) | (bytes[at + 3 * n + i]! << 24);
  }
  return out;
}

function utf8(bytes: Uint8Array): string {
  try {
    return decodeUtf8(bytes);
  } catch {
    throw new PlaceDataError('bad-header', 'The place names in the place data file are not valid UTF-8.');
  }
}
