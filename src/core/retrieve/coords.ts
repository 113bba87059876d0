import { IndexError } from './errors';
import type { GalleryCoordinates } from './types';

/** Throws 'bad-input' unless lat is in [-90, 90] and lon in [-180, 180]. */
export function assertCoordinate(lat: number, lon: number, where: string): void {
  if (!(lat >= -90 && lat <= 90)) throw new IndexError('bad-input', `Latitude ${lat} at ${where} is outside -90..90.`);
  if (!(lon >= -180 && lon <= 180)) throw new IndexError('bad-input', `Longitude ${lon} at ${where} is outside -180..180.`);
}

/**
 * Parses a gallery CSV whose header names LAT and LON columns (any case, any position,
 * other columns ignored). Accepts LF or CRLF line ends, a UTF-8 byte-order mark and blank lines.
 */
export function parseCoordinateCsv(text: string): GalleryCoordinates {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines.findIndex((line) => line.trim() !== '');
  if (headerLine < 0) throw new IndexError('bad-csv', 'The coordinate file is empty.');

  const columns = splitFields(lines[headerLine]!).map((name) => name.toUpperCase());
  const latColumn = columns.indexOf('LAT');
  const lonColumn = columns.indexOf('LON');
  if (latColumn < 0 || lonColumn < 0) {
    throw new IndexError('bad-csv', `Line ${headerLine + 1}: the header must name LAT and LON columns, found "${lines[headerLine]!.trim()}".`);
  }

  const lat: number[] = [];
  const lon: number[] = [];
  for (let n = headerLine + 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    const fields = splitFields(line);
    const lineNumber = n + 1;
    const latValue = parseNumber(fields[latColumn], 'LAT', lineNumber);
    const lonValue = parseNumber(fields[lonColumn], 'LON', lineNumber);
    if (latValue < -90 || latValue > 90) throw new IndexError('bad-csv', `Line ${lineNumber}: latitude ${latValue} is outside -90..90.`);
    if (lonValue < -180 || lonValue > 180) throw new IndexError('bad-csv', `Line ${lineNumber}: longitude ${lonValue} is outside -180..180.`);
    lat.push(latValue);
    lon.push(lonValue);
  }
  if (lat.length === 0) throw new IndexError('bad-csv', 'The coordinate file has a header but no rows.');
  return { lat: Float32Array.from(lat), lon: Float32Array.from(lon) };
}

function splitFields(line: string): string[] {
  return line.split(',').map((field) => field.trim().replace(/^"(.*)"$/, '$1').trim());
}

function parseNumber(field: string | undefined, column: string, lineNumber: number): number {
  if (field === undefined || field === '') throw new IndexError('bad-csv', `Line ${lineNumber}: the ${column} value is missing.`);
  const value = Number(field);
  if (!Number.isFinite(value)) throw new IndexError('bad-csv', `Line ${lineNumber}: the ${column} value "${field}" is not a number.`);
  return value;
}
