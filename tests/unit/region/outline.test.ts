import { describe, expect, it } from 'vitest';
import { box, inArea } from '../../../src/core/region/area';
import { placeGrid } from '../../../src/core/region/grid';
import { boundsOfPolygons, cellOutline, regionBounds, widen } from '../../../src/core/region/outline';
import type { PlaceTables } from '../../../src/core/place/types';
import { NO_REGION } from '../../../src/core/place/types';

function tables(points: { lat: number; lon: number; country: number; region: number }[]): PlaceTables {
  return {
    count: points.length,
    names: points.map((_, i) => `P${i}`),
    lat: Float64Array.from(points.map((p) => p.lat)),
    lon: Float64Array.from(points.map((p) => p.lon)),
    population: new Uint32Array(points.length),
    country: Uint8Array.from(points.map((p) => p.country)),
    region: Uint16Array.from(points.map((p) => p.region)),
    rank: new Uint8Array(points.length).fill(5),
    countries: ['PT', 'FJ'],
    regions: [{ country: 0, code: '14', name: 'Lisboa' }, { country: 1, code: 'W', name: 'Western' }],
    attribution: '',
  };
}

describe('region outlines', () => {
  it('cells whose centres pass the test, merged along each row', () => {
    // A 10 x 10 degree box; the test keeps the west half below 5 N and everything above.
    const outline = cellOutline(box(0, 0, 10, 10), (lat, lon) => lat > 5 || lon < 5, 10);
    expect(outline.cellKm).toBeCloseTo(111.19, 1);
    expect(outline.polygons).toHaveLength(10); // one merged run per row
    const first = outline.polygons[0]![0]!;
    expect(first).toEqual([[0, 0], [5, 0], [5, 1], [0, 1], [0, 0]]);
    const top = outline.polygons[9]![0]!;
    expect(top[1]).toEqual([10, 9]);
    expect(outline.parts).toEqual([box(0, 0, 10, 10)]);
  });

  it('a gap splits a row; nothing inside gives no polygon', () => {
    const split = cellOutline(box(0, 0, 1, 4), (_lat, lon) => lon < 1 || lon > 3, 4);
    expect(split.polygons.map((p) => [p[0]![0]![0], p[0]![1]![0]])).toEqual([[0, 1], [3, 4]]);
    expect(cellOutline(box(0, 0, 1, 1), () => false).polygons).toEqual([]);
  });

  it('across the antimeridian the longitudes run on past 180, and the test sees wrapped ones', () => {
    const seen: number[] = [];
    const outline = cellOutline(box(-20, 170, -10, -170), (_lat, lon) => (seen.push(lon), true), 20);
    expect(seen.every((lon) => lon >= -180 && lon <= 180)).toBe(true);
    expect(outline.polygons[0]![0]![1]![0]).toBeCloseTo(190, 6);
  });

  it('a region\'s box is around its settlements, widened by the margin', () => {
    const t = tables([
      { lat: 38.7, lon: -9.1, country: 0, region: 0 },
      { lat: 39.2, lon: -8.7, country: 0, region: 0 },
      { lat: 41.1, lon: -8.6, country: 0, region: NO_REGION },
      { lat: -17.8, lon: 177.4, country: 1, region: 1 },
      { lat: -16.8, lon: -179.9, country: 1, region: 1 },
    ]);
    const lisboa = regionBounds(t, 'PT', '14', 111.19)!;
    expect(lisboa.south).toBeCloseTo(37.7, 2);
    expect(lisboa.north).toBeCloseTo(40.2, 2);
    expect(inArea(lisboa, 41.1, -8.6)).toBe(false);
    const western = regionBounds(t, 'FJ', 'W', 10)!;
    expect(western.west).toBeGreaterThan(177);
    expect(western.east).toBeLessThan(-179.5); // crosses the antimeridian: narrow, not 357 degrees
    expect(regionBounds(t, 'PT', '99')).toBeNull();
    expect(widen(box(80, 0, 89.9, 10), 200)).toMatchObject({ west: -180, east: 180, north: 90 });
  });

  it('the box around polygons', () => {
    expect(boundsOfPolygons([[[[1, 2], [3, 2], [3, 4], [1, 2]]], [[[10, -5], [11, -5], [11, -4], [10, -5]]]])).toEqual(box(-5, 1, 4, 11));
    expect(boundsOfPolygons([])).toBeNull();
  });
});

describe('a grid over chosen regions', () => {
  it('joins each part\'s grid, kept by its own test', () => {
    const west = { bounds: box(0, 0, 1, 1), contains: (_lat: number, lon: number) => lon < 0.5 };
    const east = { bounds: box(0, 10, 1, 11), contains: () => true };
    const grid = placeGrid([west, east], 25);
    const lons = Array.from(grid).filter((_, i) => i % 2 === 1);
    expect(lons.some((lon) => lon > 10)).toBe(true);
    expect(lons.every((lon) => lon < 0.5 || lon >= 10)).toBe(true);
    expect(() => placeGrid([], 10)).toThrow(/Choose/);
    // A part too small for the spacing adds nothing; only no point at all is refused.
    const islet = { bounds: box(5, 5, 5.01, 5.01), contains: (lat: number) => lat > 5.009 }; // its one grid point is not on it
    expect(placeGrid([islet, east], 25).length).toBe(placeGrid([east], 25).length);
    expect(() => placeGrid([islet], 25)).toThrow(/No grid point/);
    expect(() => placeGrid([west], 30)).toThrow(/spacing/);
  });
});
