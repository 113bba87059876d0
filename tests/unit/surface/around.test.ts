// The confidence around an answer that is not a gallery row (the refined point, the final answer).
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM, haversineKm } from '../../../src/core/geo/haversine';
import { searchIndex } from '../../../src/core/retrieve/search';
import { seededRandom } from '../../../src/core/retrieve/random';
import { confidenceJson, describeSurface, recentre } from '../../../src/core/surface/describe';
import { MASS_RADII_KM, massesAround, surfaceOf } from '../../../src/core/surface/surface';
import { aroundWords, confidenceSentence } from '../../../src/core/surface/words';
import { fixture, randomMatrix } from '../retrieve/helpers';
import { pointsIndex, softmaxOf } from './helpers';

describe('masses around a point that is not a gallery row, by hand', () => {
  // Probabilities 0.4, 0.15, 0.15, 0.1, 0.12, 0.03, 0.05; the last row is left out by the mask.
  const points: [number, number][] = [
    [0, 0], // the top gallery place; 5.56 km from the centre below
    [0, 0.005], // 5.00 km
    [0, 0.1], // 5.56 km
    [1, 0], // 111 km
    [0, 5], // 550 km
    [10, 10], // about 1,560 km
    [45, 90], // far away
    [0, 0.052], // left out: would be within 1 km
  ];
  const weights = [4, 1.5, 1.5, 1, 1.2, 0.3, 0.5, null];
  const index = pointsIndex(points);
  const softmax = softmaxOf(weights);
  // The centre lies between gallery rows, on the equator at 0.05° east.
  const centre = { lat: 0, lon: 0.05 };
  const degreeKm = (EARTH_RADIUS_KM * Math.PI) / 180;

  it('sums the allowed rows within each radius of the point', () => {
    const masses = massesAround(index, softmax, centre);
    // Nothing allowed within 1 km (the row 0.2 km away is masked); the three rows about 5 km away
    // hold 0.7; then 0.1 at 111 km, 0.12 at 550 km, 0.03 at about 1,560 km.
    const expected = [0, 0.7, 0.8, 0.92, 0.95];
    masses.massWithin.forEach((mass, t) => expect(mass, `${MASS_RADII_KM[t]} km`).toBeCloseTo(expected[t]!, 7));
    // Around the top gallery place instead, the street share is 0.55: the centre matters.
    expect(surfaceOf(index, softmax).massWithin[0]).toBeCloseTo(0.55, 7);
  });

  it('finds the 50 % and 90 % radii around the point', () => {
    const masses = massesAround(index, softmax, centre);
    // 0.15 at 5.00 km, then 0.4 and 0.15 at 0.05° (5.56 km): half of the mass is within 0.05°.
    expect(masses.radius50Km).toBeCloseTo(0.05 * degreeKm, 3);
    // 0.7 within 5.56 km, 0.8 with the row at 1° north, 0.92 with the row at 4.95° east.
    expect(masses.radius90Km).toBeCloseTo(4.95 * degreeKm, 2);
  });

  it('is the surface itself when the point is the top gallery place', () => {
    const surface = surfaceOf(index, softmax);
    const masses = massesAround(index, softmax, { lat: 0, lon: 0 });
    expect(masses.massWithin).toEqual(surface.massWithin);
    expect(masses.radius50Km).toBe(surface.radius50Km);
    expect(masses.radius90Km).toBe(surface.radius90Km);
  });

  it('refuses a point without coordinates', () => {
    expect(() => massesAround(index, softmax, { lat: NaN, lon: 0 })).toThrow(RangeError);
  });

  it('recentres the surface: masses, radii and centre move, the country shares stay', async () => {
    const geography = { countries: () => ({ ids: Int32Array.from([0, 0, 0, 1, 1, -1, 1, 0]), names: ['PT', 'ES'] }), regionsIn: () => ({ ids: new Int32Array(8).fill(-1), names: [] }) };
    const surface = await describeSurface(index, softmax, geography);
    expect(surface.confidence.around).toEqual({ lat: 0, lon: 0, source: 'top' });
    const moved = recentre(surface, massesAround(index, softmax, centre), { ...centre, source: 'refined' });
    expect(moved.answer).toEqual({ lat: 0, lon: 0.05, row: -1 });
    expect(moved.massWithin[0]).toBe(0);
    expect(moved.confidence.massWithin[1]).toBeCloseTo(0.7, 7);
    expect(moved.confidence.radius90Km).toBe(moved.radius90Km);
    expect(moved.confidence.countries).toEqual(surface.confidence.countries);
    expect(moved.kept).toBe(surface.kept);
    expect(aroundWords(moved.confidence)).toBe('around the refined point');
    expect(confidenceSentence(moved.confidence)).toContain('lies within 550 km around the refined point; half of it within 6 km.');
    const json = confidenceJson(moved.confidence);
    expect(json.mass_within_1km).toBe(0);
    expect(json.around).toEqual({ source: 'refined', lat: 0, lon: 0.05 });
    expect(aroundWords({ around: { lat: 1, lon: 2, source: 'final' } })).toBe('around the final answer');
  });
});

describe('masses around a point, against brute force', () => {
  it('matches haversine sums and sorted radii on a random gallery with a mask', () => {
    const { index } = fixture(4000, 16, 'int8', 11);
    const random = seededRandom(8);
    const allowed = Uint8Array.from({ length: index.count }, () => (random() < 0.7 ? 1 : 0));
    const { softmax } = searchIndex(index, randomMatrix(1, 16, 42), 5, { allowed, keepSoftmax: true, logitScale: 30 });
    for (const point of [{ lat: 38.72, lon: -9.14 }, { lat: -33.9, lon: 151.2 }, { lat: 89.9, lon: 0 }]) {
      const masses = massesAround(index, softmax!, point);
      const rows: { km: number; p: number }[] = [];
      for (let i = 0; i < index.count; i++) {
        if (!allowed[i]) continue;
        const p = Math.exp(softmax!.logitScale * (softmax!.scores[i]! - softmax!.max)) / softmax!.sum;
        rows.push({ km: haversineKm(point, { lat: index.latLon[2 * i]!, lon: index.latLon[2 * i + 1]! }), p });
      }
      MASS_RADII_KM.forEach((r, t) => {
        const brute = rows.filter((row) => row.km <= r).reduce((a, row) => a + row.p, 0);
        expect(masses.massWithin[t], `${r} km around ${point.lat}, ${point.lon}`).toBeCloseTo(brute, 10);
      });
      rows.sort((a, b) => a.km - b.km);
      const radius = (share: number) => {
        let mass = 0;
        for (const row of rows) if ((mass += row.p) >= share) return row.km;
        return NaN;
      };
      expect(masses.radius50Km).toBeCloseTo(radius(0.5), 3);
      expect(masses.radius90Km).toBeCloseTo(radius(0.9), 3);
    }
  });
});
