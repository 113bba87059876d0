import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import { gridAround, offsetPoint } from '../../../src/core/refine/points';

const valid = (p: { lat: number; lon: number }) => p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180;

describe('offsetPoint', () => {
  it('walks the given distance in the given direction', () => {
    const lisbon = { lat: 38.72, lon: -9.14 };
    const north = offsetPoint(lisbon, 0, 25);
    expect(haversineKm(lisbon, north)).toBeCloseTo(25, 6);
    expect(north.lat).toBeGreaterThan(lisbon.lat);
    expect(north.lon).toBeCloseTo(lisbon.lon, 9);
    const east = offsetPoint(lisbon, 10, 0);
    expect(haversineKm(lisbon, east)).toBeCloseTo(10, 6);
    expect(east.lon).toBeGreaterThan(lisbon.lon);
    const diagonal = offsetPoint(lisbon, 3, 4);
    expect(haversineKm(lisbon, diagonal)).toBeCloseTo(5, 6);
  });

  it('crosses the antimeridian into longitudes of the other sign', () => {
    const fiji = { lat: -17.7, lon: 179.95 };
    const east = offsetPoint(fiji, 25, 0);
    expect(east.lon).toBeLessThan(-179);
    expect(valid(east)).toBe(true);
    expect(haversineKm(fiji, east)).toBeCloseTo(25, 6);
  });

  it('stays on the sphere at and past a pole', () => {
    const pole = { lat: 90, lon: 0 };
    for (const [e, n] of [[25, 0], [0, 25], [-25, -25]] as const) {
      const p = offsetPoint(pole, e, n);
      expect(valid(p)).toBe(true);
      expect(haversineKm(pole, p)).toBeCloseTo(Math.hypot(e, n), 6);
    }
    const nearPole = { lat: 89.9, lon: 45 };
    const over = offsetPoint(nearPole, 0, 50); // about 11 km to the pole, then down the other side
    expect(valid(over)).toBe(true);
    expect(haversineKm(nearPole, over)).toBeCloseTo(50, 6);
  });
});

describe('gridAround', () => {
  it('lays (2n+1)² - 1 points at the spacing, without the centre', () => {
    const centre = { lat: 48.85, lon: 2.35 };
    const grid = gridAround(centre, 5, 2);
    expect(grid).toHaveLength(24);
    expect(grid.some((p) => haversineKm(p, centre) < 1e-6)).toBe(false);
    const nearest = grid.map((p) => haversineKm(p, centre)).sort((a, b) => a - b);
    expect(nearest[0]).toBeCloseTo(5, 6);
    expect(nearest.at(-1)).toBeCloseTo(Math.hypot(10, 10), 6);
  });

  it('gives distinct valid points at the south pole and on the antimeridian', () => {
    for (const centre of [{ lat: -90, lon: 0 }, { lat: 0, lon: 180 }, { lat: 65, lon: -180 }]) {
      const grid = gridAround(centre, 25, 3);
      expect(grid).toHaveLength(48);
      expect(grid.every(valid)).toBe(true);
      const keys = new Set(grid.map((p) => `${p.lat.toFixed(5)},${p.lon.toFixed(5)}`));
      expect(keys.size).toBe(48);
      for (const p of grid) expect(haversineKm(p, centre)).toBeLessThanOrEqual(Math.hypot(75, 75) + 1e-6);
    }
  });

  it('refuses a spacing or a size it cannot lay out', () => {
    expect(() => gridAround({ lat: 0, lon: 0 }, 0, 2)).toThrow(/spacing/);
    expect(() => gridAround({ lat: 0, lon: 0 }, 5, 0)).toThrow(/step/);
  });
});
