// KML 2.2 export: one Placemark per photo, the fields in ExtendedData, and its reader.
import { CONFIDENCE_FIELDS, checkRow, confidenceCells, degrees, kilometres, probability, readConfidence, readLatitude, readLongitude, readNumber, readOptionalNumber } from './fields';
import { ExportError, NOISE_NOTE, type ExportRow } from './types';
import { child, children, escapeXml, parseXml, type XmlElement } from './xml';

const KML_NS = 'http://www.opengis.net/kml/2.2';

const AROUND_TEXT = { top: 'the top gallery place', refined: 'the refined point', final: 'the final answer' } as const;

function data(name: string, value: string): string {
  return `        <Data name="${name}"><value>${escapeXml(value)}</value></Data>`;
}

function placemark(row: ExportRow): string {
  const summary = [row.place || 'unnamed place', `probability ${probability(row.probability)}`];
  if (row.errorKm !== null) summary.push(`${kilometres(row.errorKm)} km from the EXIF GPS`);
  if (row.confidence) summary.push(`90 % of the model's belief within ${kilometres(row.confidence.radius90Km)} km of ${AROUND_TEXT[row.confidence.around]}`);
  if (row.noise) summary.push(NOISE_NOTE);
  return [
    '    <Placemark>',
    `      <name>${escapeXml(row.file)}</name>`,
    `      <description>${escapeXml(summary.join('; '))}</description>`,
    '      <ExtendedData>',
    data('file', row.file),
    data('probability', probability(row.probability)),
    data('place', row.place),
    data('exif_lat', row.truth ? degrees(row.truth.lat) : ''),
    data('exif_lon', row.truth ? degrees(row.truth.lon) : ''),
    data('error_km', row.errorKm === null ? '' : kilometres(row.errorKm)),
    data('mode', row.mode),
    data('models', row.models.join(' ')),
    data('note', row.noise ? NOISE_NOTE : ''),
    ...confidenceCells(row.confidence).map((value, i) => data(CONFIDENCE_FIELDS[i]!, value)),
    '      </ExtendedData>',
    `      <Point><coordinates>${degrees(row.lon)},${degrees(row.lat)},0</coordinates></Point>`,
    '    </Placemark>',
  ].join('\n');
}

export function writeKml(rows: readonly ExportRow[], title = 'Whereabouts batch'): string {
  rows.forEach(checkRow);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<kml xmlns="${KML_NS}">`,
    '  <Document>',
    `    <name>${escapeXml(title)}</name>`,
    ...rows.map(placemark),
    '  </Document>',
    '</kml>',
    '',
  ].join('\n');
}

function extendedData(mark: XmlElement, at: string): Map<string, string> {
  const found = new Map<string, string>();
  const extended = child(mark, 'ExtendedData');
  if (!extended) throw new ExportError(`${at} has no ExtendedData.`);
  for (const item of children(extended, 'Data')) {
    const name = item.attributes.name;
    if (name !== undefined) found.set(name, child(item, 'value')?.text ?? '');
  }
  return found;
}

/** Reads a KML written by `writeKml` back into rows. */
export function readKml(source: string): ExportRow[] {
  const root = parseXml(source);
  if (root.name !== 'kml' || root.attributes.xmlns !== KML_NS) throw new ExportError('The file is not a KML 2.2 document.');
  const doc = child(root, 'Document');
  if (!doc) throw new ExportError('The KML has no Document element.');
  return children(doc, 'Placemark').map((mark, i) => {
    const at = `Placemark ${i + 1}`;
    const fields = extendedData(mark, at);
    const field = (name: string) => {
      const value = fields.get(name);
      if (value === undefined) throw new ExportError(`${at} has no "${name}" data.`);
      return value;
    };
    const position = (child(child(mark, 'Point') ?? mark, 'coordinates')?.text ?? '').trim().split(',');
    if (position.length < 2) throw new ExportError(`${at} has no Point coordinates.`);
    const truthLat = readOptionalNumber(field('exif_lat'), `${at} exif_lat`);
    const truthLon = readOptionalNumber(field('exif_lon'), `${at} exif_lon`);
    if ((truthLat === null) !== (truthLon === null)) throw new ExportError(`${at}: an EXIF point needs both coordinates.`);
    const models = field('models');
    return {
      file: field('file'),
      lat: readLatitude(readNumber(position[1]!, `${at} latitude`), `${at} latitude`),
      lon: readLongitude(readNumber(position[0]!, `${at} longitude`), `${at} longitude`),
      probability: readNumber(field('probability'), `${at} probability`),
      place: field('place'),
      truth:
        truthLat === null || truthLon === null
          ? null
          : { lat: readLatitude(truthLat, `${at} exif_lat`), lon: readLongitude(truthLon, `${at} exif_lon`) },
      errorKm: readOptionalNumber(field('error_km'), `${at} error_km`),
      mode: field('mode'),
      models: models === '' ? [] : models.split(' '),
      noise: field('note') === NOISE_NOTE,
      // Files written before the confidence columns existed have none: read as no confidence.
      confidence: readConfidence((name) => fields.get(name) ?? '', (name) => `${at} ${name}`),
    };
  });
}
