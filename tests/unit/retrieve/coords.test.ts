import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCoordinateCsv } from '../../../src/core/retrieve/coords';
import { IndexError } from '../../../src/core/retrieve/errors';
import { captureError } from './helpers';

const GALLERY = '/work/shared/data/geoclip-gallery/coordinates_100K.csv';

function csvError(text: string): IndexError {
  const error = captureError(() => parseCoordinateCsv(text));
  expect(error).toBeInstanceOf(IndexError);
  expect((error as IndexError).code).toBe('bad-csv');
  return error as IndexError;
}

describe('parseCoordinateCsv', () => {
  it('reads LAT,LON rows', () => {
    const { lat, lon } = parseCoordinateCsv('LAT,LON\n1.5,-2.25\n-90,180\n');
    expect([...lat]).toEqual([1.5, -90]);
    expect([...lon]).toEqual([-2.25, 180]);
  });

  it('accepts any header case, extra columns in any order, CRLF, a BOM and blank lines', () => {
    const text = '\uFEFFid,Lon,name,lat\r\n7,10.5,"Somewhere",20.25\r\n\r\n8, -3 ,x, 4 \r\n';
    const { lat, lon } = parseCoordinateCsv(text);
    expect([...lat]).toEqual([20.25, 4]);
    expect([...lon]).toEqual([10.5, -3]);
  });

  it('reports bad rows by line number', () => {
    expect(csvError('LAT,LON\n1,2\n3,abc\n').message).toMatch(/Line 3: the LON value "abc" is not a number/);
    expect(csvError('LAT,LON\n1,2\n\n3\n').message).toMatch(/Line 4: the LON value is missing/);
    expect(csvError('LAT,LON\n91,0\n').message).toMatch(/Line 2: latitude 91 is outside -90..90/);
    expect(csvError('LAT,LON\r\n0,0\r\n0,-180.5\r\n').message).toMatch(/Line 3: longitude -180.5/);
    expect(csvError('LAT,LON\nNaN,0\n').message).toMatch(/Line 2/);
  });

  it('requires a LAT,LON header and at least one row', () => {
    expect(csvError('latitude,longitude\n1,2\n').message).toMatch(/Line 1: the header must name LAT and LON/);
    expect(csvError('').message).toMatch(/empty/);
    expect(csvError('LAT,LON\n').message).toMatch(/no rows/);
  });

  it('reads the real 100K gallery', () => {
    const { lat, lon } = parseCoordinateCsv(readFileSync(GALLERY, 'utf8'));
    expect(lat.length).toBe(100_000);
    expect(lon.length).toBe(100_000);
    expect(lat[0]).toBeCloseTo(-50.943392, 5);
    expect(lon[0]).toBeCloseTo(-72.935664, 5);
    expect(lat[1]).toBeCloseTo(34.201047, 5);
    expect(lon[1]).toBeCloseTo(-118.599931, 5);
  });
});
