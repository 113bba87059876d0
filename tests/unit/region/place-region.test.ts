// The shapes of chosen countries and regions against the test the search's allow-mask uses: a point
// is shaded exactly when the place names put it in that country (or, for a cell, that region).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlacesNode } from '../../../workers/node/places';
import { placeOutline, placeRegions } from '../../../workers/lib/place-region';
import { countryPolygons } from '../../../workers/lib/country-box';
import type { Places } from '../../../workers/lib/places';
import type { Polygons } from '../../../src/core/region/outline';
import { boxWidth, inArea } from '../../../src/core/region/area';
import { placeGrid } from '../../../src/core/region/grid';

let places: Places;
let known: Set<string>;

beforeAll(async () => {
  places = await loadPlacesNode();
  known = new Set(places.geocoder.places.countries);
});

function inRing(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

const inPolygons = (polygons: Polygons, lat: number, lon: number) =>
  polygons.some(([outer, ...holes]) => inRing(outer!, lon, lat) && !holes.some((hole) => inRing(hole, lon, lat)));

/** A fixed sequence in [0, 1), so the sample is the same on every run. */
function* seeded(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1664525 + 1013904223) >>> 0;
    yield state / 2 ** 32;
  }
}

describe('country shapes', () => {
  it('hold exactly the points the place names put in the country', () => {
    const random = seeded(7);
    for (const code of ['FR', 'US', 'PT', 'GB', 'GF', 'FJ']) {
      const polygons = countryPolygons(code, known)!;
      const regions = placeRegions(places, { countryCode: code, regionCode: null });
      let inside = 0;
      for (const bounds of regions.map((r) => r.bounds)) {
        for (let k = 0; k < 300; k++) {
          const lat = bounds.south + random.next().value! * (bounds.north - bounds.south);
          const lon = ((bounds.west + random.next().value! * boxWidth(bounds) + 540) % 360) - 180;
          const named = places.countryAt({ lat, lon }) === code;
          expect(inPolygons(polygons, lat, lon), `${code} at ${lat}, ${lon}`).toBe(named);
          if (named) inside++;
        }
      }
      expect(inside, code).toBeGreaterThan(0);
    }
  });

  it('France is cut as the place names cut it: French Guiana is its own', () => {
    const france = placeRegions(places, { countryCode: 'FR', regionCode: null });
    expect(france.some((part) => inArea(part.bounds, 4, -53))).toBe(false); // Cayenne
    expect(france.some((part) => part.contains(48.86, 2.35))).toBe(true);
    expect(placeRegions(places, { countryCode: 'GF', regionCode: null }).some((part) => part.contains(4.93, -52.33))).toBe(true);
  });

  it('a point in two parts\' boxes is in the grid once', () => {
    const parts = placeRegions(places, { countryCode: 'US', regionCode: null });
    const grid = placeGrid(parts, 25);
    const keys = new Set<string>();
    for (let i = 0; i < grid.length; i += 2) keys.add(`${grid[i]},${grid[i + 1]}`);
    expect(keys.size).toBe(grid.length / 2);
    for (let i = 0; i < grid.length; i += 200) expect(places.countryAt({ lat: grid[i]!, lon: grid[i + 1]! })).toBe('US');
  });
});

describe('region shapes', () => {
  it('are cells whose centres the region test accepts', () => {
    const outline = placeOutline(places, { countryCode: 'US', regionCode: 'CA' })!;
    expect(outline.cellKm).toBeGreaterThan(1);
    expect(outline.polygons.length).toBeGreaterThan(10);
    // The cell width as cellOutline makes it (96 cells along the longer side of the box).
    const width = boxWidth(outline.bounds);
    const height = outline.bounds.north - outline.bounds.south;
    const dLon = width / Math.ceil(width / (Math.max(width, height) / 96));
    for (const [ring] of outline.polygons) {
      const [west, south] = ring![0]!;
      const [east, north] = ring![2]!;
      // The first and last cells of each merged run: their centres pass the test.
      for (const lon of [west! + dLon / 2, east! - dLon / 2]) {
        expect(places.geocoder.regionKeyAt({ lat: (south! + north!) / 2, lon })).toBe('US-CA');
      }
    }
    expect(placeOutline(places, { countryCode: 'US', regionCode: 'no such region' })).toBeNull();
  });
});
