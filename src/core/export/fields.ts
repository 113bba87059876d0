// Shared checks and number formatting for the writers and readers.
import { ExportError, type ExportRow } from './types';

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
