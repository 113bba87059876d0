import { validateLatLon } from './coords';
import { parseCsv } from './csv';
import { GeoError } from './errors';
import type { ImageLocation } from './metrics';

const REQUIRED_COLUMNS = ['IMG_ID', 'LAT', 'LON'] as const;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads an `IMG_ID,LAT,LON` file (ground truth or predictions). The header is required;
 * column names are case-insensitive and may come in any order, other columns are ignored.
 * Any malformed row is an error naming its line; coordinates are never clamped.
 */
export function parseLocationCsv(text: string): ImageLocation[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) {
    const message = 'The file is empty; it should start with the header IMG_ID,LAT,LON.';
    throw new GeoError('invalid-csv', message);
  }

  const names = header.fields.map((name) => name.toUpperCase());
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new GeoError(
      'invalid-csv',
      `Line ${header.line}: the header must name the columns IMG_ID, LAT and LON ` +
        `(missing ${missing.join(', ')}).`,
      header.line,
    );
  }
  const repeated = REQUIRED_COLUMNS.find(
    (column) => names.indexOf(column) !== names.lastIndexOf(column),
  );
  if (repeated !== undefined) {
    const message = `Line ${header.line}: the header names ${repeated} twice.`;
    throw new GeoError('invalid-csv', message, header.line);
  }
  const idAt = names.indexOf('IMG_ID');
  const latAt = names.indexOf('LAT');
  const lonAt = names.indexOf('LON');

  const firstLineOf = new Map<string, number>();
  return rows.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      throw new GeoError(
        'invalid-csv',
        `Line ${line}: expected ${names.length} fields like the header, found ${fields.length}.`,
        line,
      );
    }
    const id = fields[idAt]!;
    if (id === '') throw new GeoError('invalid-csv', `Line ${line}: the IMG_ID is empty.`, line);

    const earlier = firstLineOf.get(id);
    if (earlier !== undefined) {
      const message = `Line ${line}: image "${id}" already appeared on line ${earlier}.`;
      throw new GeoError('duplicate-id', message, line);
    }
    firstLineOf.set(id, line);

    const lat = readNumber(fields[latAt]!, 'LAT', line);
    const lon = readNumber(fields[lonAt]!, 'LON', line);
    try {
      return { id, ...validateLatLon(lat, lon) };
    } catch (error) {
      if (!(error instanceof GeoError)) throw error;
      throw new GeoError(error.code, `Line ${line}: ${error.message}`, line);
    }
  });
}

function readNumber(text: string, column: string, line: number): number {
  if (!DECIMAL.test(text)) {
    const shown = text === '' ? 'empty' : `"${text}"`;
    const message = `Line ${line}: ${column} is ${shown}, not a decimal number.`;
    throw new GeoError('invalid-csv', message, line);
  }
  return Number(text);
}
