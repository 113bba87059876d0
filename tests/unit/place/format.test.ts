import { describe, expect, it } from 'vitest';
import { decodePlaces, encodePlaces } from '../../../src/core/place/format';
import { PlaceDataError } from '../../../src/core/place/errors';
import { NO_REGION } from '../../../src/core/place/types';
import { loadPlacesNode } from '../../../workers/node/places';
import { tablesOf } from './tables';

const rows = [
  { name: 'São Paulo', lat: -23.5475, lon: -46.63611, country: 'BR', region: 'São Paulo', population: 10021295, rank: 1 },
  { name: 'Suva', lat: -18.14161, lon: 178.44149, country: 'FJ', region: 'Central', population: 77366, rank: 0 },
  { name: 'Lambasa, "north"', lat: -16.41667, lon: 179.38333, country: 'FJ', population: 0 },
  { name: 'Alert', lat: 82.50112, lon: -62.34812, country: 'CA', region: 'Nunavut', population: 62 },
];

describe('place data file', () => {
  it('round-trips names, columns and regions, positions to 1e-4 degrees', () => {
    const tables = tablesOf(rows);
    const back = decodePlaces(encodePlaces(tables));
    expect(back.count).toBe(4);
    expect(back.names).toEqual(rows.map((r) => r.name));
    expect([...back.population]).toEqual([10021295, 77366, 0, 62]);
    expect([...back.region]).toEqual([...tables.region]);
    expect(back.region[2]).toBe(NO_REGION);
    expect([...back.rank]).toEqual([1, 0, 5, 5]);
    expect(back.countries).toEqual(['BR', 'FJ', 'CA']);
    expect(back.regions).toEqual(tables.regions);
    rows.forEach((r, i) => {
      expect(Math.abs(back.lat[i]! - r.lat)).toBeLessThanOrEqual(0.00005 + 1e-12);
      expect(Math.abs(back.lon[i]! - r.lon)).toBeLessThanOrEqual(0.00005 + 1e-12);
    });
  });

  it('round-trips an empty table', () => {
    expect(decodePlaces(encodePlaces(tablesOf([]))).count).toBe(0);
  });

  it('refuses other files, other versions and cut files with a reason', () => {
    const bytes = encodePlaces(tablesOf(rows));
    const codeOf = (b: Uint8Array) => {
      try {
        decodePlaces(b);
        return 'read';
      } catch (error) {
        expect(error).toBeInstanceOf(PlaceDataError);
        return (error as PlaceDataError).code;
      }
    };
    expect(codeOf(new TextEncoder().encode('LAT,LON\n1,2\n'))).toBe('bad-magic');
    const other = bytes.slice();
    other[4] = 9;
    expect(codeOf(other)).toBe('unsupported-version');
    expect(codeOf(bytes.subarray(0, bytes.length - 3))).toBe('truncated');
    expect(codeOf(bytes.subarray(0, 20))).toBe('truncated');
  });

  it('holds the real data with its attribution', async () => {
    const { geocoder } = await loadPlacesNode();
    const { places } = geocoder;
    expect(places.count).toBeGreaterThan(120_000);
    expect(places.countries.length).toBeGreaterThan(240);
    expect(places.regions.length).toBeGreaterThan(3000);
    expect(places.attribution).toMatch(/GeoNames.*CC BY 4\.0/);
  });
});
