import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM, haversineKm } from '../../../src/core/geo/haversine';

const paris = { lat: 48.8566, lon: 2.3522 };
const london = { lat: 51.5074, lon: -0.1278 };

describe('haversineKm', () => {
  it('is zero for the same point', () => {
    expect(haversineKm(paris, paris)).toBe(0);
  });

  it('gives about 343.5 km from Paris to London, in either direction', () => {
    expect(haversineKm(paris, london)).toBeCloseTo(343.56, 1);
    expect(haversineKm(london, paris)).toBeCloseTo(haversineKm(paris, london), 9);
  });

  it('gives half the circumference (pi * 6371 = 20015.09 km) for antipodes', () => {
    expect(EARTH_RADIUS_KM).toBe(6371);
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(20015.087, 2);
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(20015.087, 2);
    expect(haversineKm({ lat: 33.9, lon: 151.2 }, { lat: -33.9, lon: -28.8 })).toBeCloseTo(20015.087, 2);
  });

  it('gives 111.195 km for one degree along the equator and across the date line', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111.195, 3);
    expect(haversineKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(111.195, 3);
  });

  it('treats every longitude at a pole as the same point', () => {
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: 90, lon: 123 })).toBeCloseTo(0, 9);
  });
});
