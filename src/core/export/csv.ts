// CSV export (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break,
// quotes doubled) and its reader.
import { parseCsv } from '../geo/csv';
import { GeoError } from '../geo/errors';
import { CONFIDENCE_FIELDS, checkRow, confidenceCells, degrees, kilometres, probability, readConfidence, readLatitude, readLongitude, readNumber, readOptionalNumber } from './fields';
import { ExportError, NOISE_NOTE, type ExportRow } from './types';

export const CSV_HEADER = ['file', 'lat', 'lon', 'probability', 'place', 'exif_lat', 'exif_lon', 'error_km', 'mode', 'models', 'note', ...CONFIDENCE_FIELDS] as const;

/** The header before confidence_around was written: such files are still read (their confidence is around the top place). */
const HEADER_WITHOUT_AROUND = CSV_HEADER.filter((name) => name !== 'confidence_around');

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
// Text cells that start with one get a leading apostrophe, which spreadsheets hide; a cell that
// already starts with an apostrophe gets one too, so that the reader can always take one off.
const FORMULA_START = /^[=+\-@\t\r']/;

/** A text cell made safe to open in a spreadsheet. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function unguard(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

/** Quotes a field when RFC 4180 requires it, and when it has edge spaces a reader might trim. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cells(row: ExportRow): string[] {
  return [
    guardFormula(row.file),
    degrees(row.lat),
    degrees(row.lon),
    probability(row.probability),
    guardFormula(row.place),
    row.truth ? degrees(row.truth.lat) : '',
    row.truth ? degrees(row.truth.lon) : '',
    row.errorKm === null ? '' : kilometres(row.errorKm),
    guardFormula(row.mode),
    guardFormula(row.models.join(' ')),
    row.noise ? NOISE_NOTE : '',
    ...confidenceCells(row.confidence),
  ];
}

export function writeCsv(rows: readonly ExportRow[]): string {
  rows.forEach(checkRow);
  const lines = [CSV_HEADER.join(','), ...rows.map((row) => cells(row).map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Reads a CSV written by `writeCsv` back into rows. */
export function readCsv(text: string): ExportRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof GeoError) throw new ExportError(`The CSV cannot be read: ${error.message}`);
    throw error;
  }
  const [header, ...body] = records;
  const columns = header?.fields.join(',');
  if (!header || (columns !== CSV_HEADER.join(',') && columns !== HEADER_WITHOUT_AROUND.join(','))) {
    throw new ExportError(`The CSV does not start with the header ${CSV_HEADER.join(',')}.`);
  }
  const width = header.fields.length;
  return body.map(({ line, fields }) => {
    if (fields.length !== width) throw new ExportError(`Line ${line}: expected ${width} fields, found ${fields.length}.`);
    const [file, lat, lon, p, place, exifLat, exifLon, errorKm, mode, models, note, ...confidence] = fields;
    const at = (name: string) => `Line ${line}, ${name}`;
    const truthLat = readOptionalNumber(exifLat!, at('exif_lat'));
    const truthLon = readOptionalNumber(exifLon!, at('exif_lon'));
    if ((truthLat === null) !== (truthLon === null)) throw new ExportError(`${at('exif_lat')}: an EXIF point needs both coordinates.`);
    const modelList = unguard(models!);
    return {
      file: unguard(file!),
      lat: readLatitude(readNumber(lat!, at('lat')), at('lat')),
      lon: readLongitude(readNumber(lon!, at('lon')), at('lon')),
      probability: readNumber(p!, at('probability')),
      place: unguard(place!),
      truth: truthLat === null || truthLon === null ? null : { lat: readLatitude(truthLat, at('exif_lat')), lon: readLongitude(truthLon, at('exif_lon')) },
      errorKm: readOptionalNumber(errorKm!, at('error_km')),
      mode: unguard(mode!),
      models: modelList === '' ? [] : modelList.split(' '),
      noise: note === NOISE_NOTE,
      confidence: readConfidence((name) => confidence[CONFIDENCE_FIELDS.indexOf(name)] ?? '', at),
    };
  });
}
