import { describe, expect, it } from 'vitest';
import { ExportError, NOISE_NOTE, readExport, writeExport, type ExportFormat, type ExportRow } from '../../../src/core/export';
import { csvField, guardFormula, readCsv, writeCsv } from '../../../src/core/export/csv';
import { readGeoJson, writeGeoJson } from '../../../src/core/export/geojson';
import { readKml, writeKml } from '../../../src/core/export/kml';
import { escapeXml, parseXml } from '../../../src/core/export/xml';
import { exampleRows } from './rows';

/** What a reader can give back: names that XML cannot carry lose those characters. */
function expectedAfter(format: ExportFormat, row: ExportRow): ExportRow {
  const round = (x: number, d: number) => Number(x.toFixed(d));
  const clean = (s: string) => (format === 'kml' ? s.replace(/\u0001/g, '\uFFFD') : s);
  return {
    ...row,
    file: clean(row.file),
    place: clean(row.place),
    lat: round(row.lat, 6),
    lon: round(row.lon, 6),
    probability: Number(row.probability.toPrecision(6)),
    truth: row.truth ? { lat: round(row.truth.lat, 6), lon: round(row.truth.lon, 6) } : null,
    errorKm: row.errorKm === null ? null : round(row.errorKm, 3),
  };
}

describe.each(['csv', 'geojson', 'kml'] as const)('%s export', (format) => {
  it('reads back exactly what was written, hostile names included', () => {
    const rows = exampleRows();
    const back = readExport(format, writeExport(format, rows));
    expect(back).toEqual(rows.map((row) => expectedAfter(format, row)));
  });

  it('carries the confidence columns: mass within each radius, the credible radii and the country shares', () => {
    const [row] = exampleRows().slice(1, 2);
    const text = writeExport(format, [row!]);
    for (const name of ['mass_within_1km', 'mass_within_2500km', 'radius_50_km', 'radius_90_km', 'country_shares']) expect(text).toContain(name);
    if (format !== 'geojson') expect(text).toContain('PT=0.5;BR=0.25;sea=0.125');
    expect(readExport(format, text)[0]!.confidence).toEqual(row!.confidence);
  });

  it('says which point the confidence is around, and reads it back', () => {
    const rows = exampleRows().filter((row) => row.confidence);
    const text = writeExport(format, rows);
    expect(text).toContain('confidence_around');
    const back = readExport(format, text);
    expect(back.map((row) => row.confidence?.around)).toEqual(rows.map((row) => row.confidence!.around));
    expect(new Set(back.map((row) => row.confidence?.around))).toEqual(new Set(['top', 'refined', 'final']));
    // Without a confidence there is nothing to be around.
    const [none] = exampleRows().filter((row) => !row.confidence);
    expect(readExport(format, writeExport(format, [none!]))[0]!.confidence).toBeNull();
  });

  it('refuses a confidence around a point it does not know', () => {
    const [row] = exampleRows().slice(1, 2);
    const text = writeExport(format, [row!]);
    const damaged = format === 'geojson' ? text.replace('"confidence_around": "refined"', '"confidence_around": "elsewhere"') : text.replace(/refined(<\/value>|\r\n)/, 'elsewhere$1');
    expect(damaged).not.toBe(text);
    expect(() => readExport(format, damaged)).toThrow(/confidence_around is not one of top, refined, final/);
  });

  it('writes an empty batch that reads back as empty', () => {
    expect(readExport(format, writeExport(format, []))).toEqual([]);
  });

  it('refuses rows with impossible coordinates', () => {
    const [row] = exampleRows();
    expect(() => writeExport(format, [{ ...row!, lat: 91 }])).toThrow(ExportError);
    expect(() => writeExport(format, [{ ...row!, lon: Number.NaN }])).toThrow(/longitude/);
    expect(() => writeExport(format, [{ ...row!, truth: null, errorKm: 3 }])).toThrow(/both/);
  });
});

describe('CSV', () => {
  it('follows RFC 4180: CRLF line ends, quotes doubled inside quoted fields', () => {
    const text = writeCsv(exampleRows().slice(0, 2));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(
      'file,lat,lon,probability,place,exif_lat,exif_lon,error_km,mode,models,note,' +
        'mass_within_1km,mass_within_25km,mass_within_200km,mass_within_750km,mass_within_2500km,radius_50_km,radius_90_km,country_shares,confidence_around',
    );
    expect(text).toContain('"comma, and ""quotes"".jpg"');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('simple')).toBe('simple');
  });

  it('stops spreadsheets from running names as formulas, and keeps negative numbers as numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', "'"]) expect(guardFormula(`${start}x`)).toBe(`'${start}x`);
    expect(guardFormula('photo.jpg')).toBe('photo.jpg');
    const text = writeCsv(exampleRows());
    const cells = text.split('\r\n').slice(1).join('\n');
    expect(cells).not.toMatch(/(^|,)"?[=+@]/m);
    expect(cells).toMatch(/(^|,)-89\.500000,/m); // a latitude stays a number
    expect(cells).toContain(`"'=HYPERLINK(""http://example.invalid"",""click"").jpg"`);
  });

  it('reads a file written before confidence_around existed as measured around the top place', () => {
    const rows = exampleRows().slice(0, 2);
    const lines = writeCsv(rows).split('\r\n');
    const older = lines.map((line) => (line === '' ? line : line.slice(0, line.lastIndexOf(',')))).join('\r\n');
    expect(older.split('\r\n')[0]!.endsWith(',country_shares')).toBe(true);
    const back = readCsv(older);
    expect(back[1]!.confidence).toEqual({ ...rows[1]!.confidence!, around: 'top' });
    expect(back[1]!.mode).toBe(rows[1]!.mode);
  });

  it('labels test-model rows as noise', () => {
    const text = writeCsv(exampleRows().slice(0, 1));
    expect(text).toContain(NOISE_NOTE);
  });

  it('explains what is wrong with a damaged file', () => {
    expect(() => readCsv('name,lat\r\n')).toThrow(/header/);
    const text = writeCsv(exampleRows().slice(1, 2)).replace('-77.250000', 'north');
    expect(() => readCsv(text)).toThrow(/Line 2, lat is not a number/);
    expect(() => readCsv(`${writeCsv([])}"unclosed\r\n`)).toThrow(ExportError);
  });
});

describe('GeoJSON', () => {
  it('is a FeatureCollection of Points in [longitude, latitude] order', () => {
    const [row] = exampleRows();
    const parsed = JSON.parse(writeGeoJson([row!]));
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed.features[0].geometry).toEqual({ type: 'Point', coordinates: [-179.75, -89.5] });
    expect(parsed.features[0].properties.note).toBe(NOISE_NOTE);
  });

  it('carries confidence_around as a property, null without a confidence', () => {
    const rows = exampleRows().slice(1, 3);
    const parsed = JSON.parse(writeGeoJson(rows));
    expect(parsed.features[0].properties.confidence_around).toBe('refined');
    expect(parsed.features[1].properties.confidence_around).toBeNull();
    delete parsed.features[0].properties.confidence_around;
    expect(readGeoJson(JSON.stringify(parsed))[0]!.confidence!.around).toBe('top');
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(() => readGeoJson('{"type":"Feature"}')).toThrow(/FeatureCollection/);
    expect(() => readGeoJson('not json')).toThrow(/not valid JSON/);
    expect(() => readGeoJson('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[200,0]},"properties":{}}]}')).toThrow(/longitude/);
  });
});

describe('KML', () => {
  it('escapes names so that they stay text, and writes lon,lat,0 coordinates', () => {
    const rows = exampleRows();
    const text = writeKml(rows);
    expect(text).not.toContain('<b>');
    expect(text).toContain('&lt;b&gt;&amp;amp; &quot;tags&quot; &amp; &apos;apostrophes&apos;&lt;/b&gt;.jpg');
    expect(text).toContain('<coordinates>-179.750000,-89.500000,0</coordinates>');
    expect(text).not.toContain('\u0001');
    // Every Placemark survives: no name closed an element early.
    expect(parseXml(text).children[0]!.children.filter((c) => c.name === 'Placemark')).toHaveLength(rows.length);
  });

  it('writes confidence_around as ExtendedData and says it in the description', () => {
    const [row] = exampleRows().slice(1, 2);
    const text = writeKml([row!]);
    expect(text).toContain('<Data name="confidence_around"><value>refined</value></Data>');
    expect(text).toContain(`within ${row!.confidence!.radius90Km.toFixed(3)} km of the refined point`);
    const older = text.replace(/\s*<Data name="confidence_around">.*<\/Data>/, '');
    expect(older).not.toContain('confidence_around');
    expect(readKml(older)[0]!.confidence!.around).toBe('top');
  });

  it('escapes a carriage return so that a reader keeps it', () => {
    expect(escapeXml('a\r\nb')).toBe('a&#13;\nb');
    const [row] = exampleRows();
    expect(readKml(writeKml([{ ...row!, file: 'a\r\nb.jpg' }]))[0]!.file).toBe('a\r\nb.jpg');
  });

  it('refuses malformed XML with a line number', () => {
    expect(() => parseXml('<kml><Document></kml>')).toThrow(/closing tag/);
    expect(() => parseXml('<a>&bogus;</a>')).toThrow(/unknown entity/);
    expect(() => parseXml('<a>\n\n & </a>')).toThrow(/Line 3: a bare "&"/);
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY e "boom">]><x/>')).toThrow(/document type/);
    expect(() => readKml('<kml xmlns="http://www.opengis.net/kml/2.2"></kml>')).toThrow(/no Document/);
  });

  it('reads entities, character references and CDATA', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><r a="x &amp; y"><t>&#x1F30D;&#233;<![CDATA[<raw> & ]]></t><e/></r>');
    expect(root.attributes.a).toBe('x & y');
    expect(root.children[0]!.text).toBe('🌍é<raw> & ');
    expect(root.children[1]!.name).toBe('e');
  });
});
