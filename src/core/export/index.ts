// Batch results as files: CSV, GeoJSON and KML writers, and readers for each.
import { readCsv, writeCsv } from './csv';
import { readGeoJson, writeGeoJson } from './geojson';
import { readKml, writeKml } from './kml';
import type { ExportFormat, ExportRow } from './types';

export { EXPORT_EXTENSION, EXPORT_MIME, ExportError, NOISE_NOTE, type ExportFormat, type ExportRow } from './types';
export { readCsv, writeCsv, readGeoJson, writeGeoJson, readKml, writeKml };

export function writeExport(format: ExportFormat, rows: readonly ExportRow[]): string {
  if (format === 'csv') return writeCsv(rows);
  if (format === 'geojson') return writeGeoJson(rows);
  return writeKml(rows);
}

export function readExport(format: ExportFormat, text: string): ExportRow[] {
  if (format === 'csv') return readCsv(text);
  if (format === 'geojson') return readGeoJson(text);
  return readKml(text);
}
