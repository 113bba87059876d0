import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/core/geo/csv';
import { parseLocationCsv } from '../../../src/core/geo/location-csv';

function errorOf(run: () => unknown): { code: string; line: number | undefined; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; line: number | undefined; message: string };
  }
  throw new Error('expected an error');
}

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, embedded commas and line breaks', () => {
    const records = parseCsv('a,"b, c","say ""hi"""\r\n\r\n"multi\r\nline", x ,\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b, c', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'x', ''] },
    ]);
  });

  it('ignores a byte-order mark and a missing final newline', () => {
    expect(parseCsv('\uFEFFa,b')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
  });

  it('reports an unclosed quote and a stray quote by line', () => {
    expect(errorOf(() => parseCsv('a\n"b,c\nd'))).toMatchObject({ code: 'invalid-csv', line: 2 });
    expect(errorOf(() => parseCsv('a\nb"c'))).toMatchObject({ code: 'invalid-csv', line: 2 });
    expect(errorOf(() => parseCsv('"a" b'))).toMatchObject({ code: 'invalid-csv', line: 1 });
  });
});

describe('parseLocationCsv', () => {
  it('reads rows with a case-insensitive header, CRLF, quotes and blank lines', () => {
    const text = 'img_id,Lat,LON\r\n1.jpg,48.8566,2.3522\r\n\r\n"2, copy.jpg","-33.9", 151.2\r\n   \r\n';
    expect(parseLocationCsv(text)).toEqual([
      { id: '1.jpg', lat: 48.8566, lon: 2.3522 },
      { id: '2, copy.jpg', lat: -33.9, lon: 151.2 },
    ]);
  });

  it('finds the columns in any order and ignores others', () => {
    expect(parseLocationCsv('LON,note,IMG_ID,LAT\n10,x,a,20\n')).toEqual([{ id: 'a', lat: 20, lon: 10 }]);
  });

  it('accepts a header with no rows', () => {
    expect(parseLocationCsv('IMG_ID,LAT,LON\n')).toEqual([]);
  });

  it('requires the header', () => {
    expect(errorOf(() => parseLocationCsv(''))).toMatchObject({ code: 'invalid-csv' });
    expect(errorOf(() => parseLocationCsv('a.jpg,1,2\n'))).toMatchObject({ code: 'invalid-csv', line: 1 });
    expect(errorOf(() => parseLocationCsv('\n\nIMG_ID,LAT\n')).message).toMatch(/^Line 3: .*missing LON/);
    expect(errorOf(() => parseLocationCsv('IMG_ID,LAT,LON,lat\n'))).toMatchObject({ code: 'invalid-csv' });
  });

  it.each([
    ['IMG_ID,LAT,LON\na,1,2\nb,1\n', 3, 'invalid-csv', /expected 3 fields/],
    ['IMG_ID,LAT,LON\na,1,2,3\n', 2, 'invalid-csv', /found 4/],
    ['IMG_ID,LAT,LON\n,1,2\n', 2, 'invalid-csv', /IMG_ID is empty/],
    ['IMG_ID,LAT,LON\na,north,2\n', 2, 'invalid-csv', /LAT is "north"/],
    ['IMG_ID,LAT,LON\na,1,\n', 2, 'invalid-csv', /LON is empty/],
    ['IMG_ID,LAT,LON\na,48°51\',2\n', 2, 'invalid-csv', /not a decimal number/],
    ['IMG_ID,LAT,LON\na,1,2\n\nb,91,2\n', 4, 'out-of-range', /^Line 4: Latitude 91 is out of range/],
    ['IMG_ID,LAT,LON\na,1,-180.5\n', 2, 'out-of-range', /Longitude -180.5/],
    ['IMG_ID,LAT,LON\na,1,2\na,3,4\n', 3, 'duplicate-id', /already appeared on line 2/],
  ])('rejects %j at line %i', (text, line, code, message) => {
    const error = errorOf(() => parseLocationCsv(text));
    expect(error).toMatchObject({ code, line });
    expect(error.message).toMatch(message);
  });
});
