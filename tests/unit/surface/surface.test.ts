import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import { searchIndex } from '../../../src/core/retrieve/search';
import { seededRandom } from '../../../src/core/retrieve/random';
import { confidenceJson, describeSurface } from '../../../src/core/surface/describe';
import { MASS_RADII_KM, sharesOf, surfaceOf } from '../../../src/core/surface/surface';
import { fixture, randomMatrix } from '../retrieve/helpers';
import { pointsIndex, softmaxOf } from './helpers';

const km = (a: [number, number], b: [number, number]) => {
  const f = (v: number) => Math.fround(v);
  return haversineKm({ lat: f(a[0]), lon: f(a[1]) }, { lat: f(b[0]), lon: f(b[1]) });
};

describe('probability surface, by hand', () => {
  // Probabilities 0.4, 0.15, 0.15, 0.1, 0.12, 0.03, 0.05; the last row is left out by the mask.
  const points: [number, number][] = [
    [0, 0], // the answer
    [0, 0.005], // 0.56 km
    [0, 0.1], // 11.1 km
    [1, 0], // 111 km
    [0, 5], // 556 km
    [10, 10], // 1,561 km
    [45, 90], // far away
    [0, 0.001], // left out: would be within 1 km
  ];
  const weights = [4, 1.5, 1.5, 1, 1.2, 0.3, 0.5, null];
  const index = pointsIndex(points);
  const softmax = softmaxOf(weights);
  const countries = { ids: Int32Array.from([0, 0, 0, 1, 1, -1, 1, 0]), names: ['AA', 'BB'] };

  it('sums the mass within 1, 25, 200, 750 and 2500 km over the allowed rows only', () => {
    const surface = surfaceOf(index, softmax, { countries });
    expect(surface.answer).toEqual({ lat: 0, lon: 0, row: 0 });
    expect(surface.allowedRows).toBe(7);
    const expected = [0.55, 0.7, 0.8, 0.92, 0.95];
    surface.massWithin.forEach((mass, t) => expect(mass, `${MASS_RADII_KM[t]} km`).toBeCloseTo(expected[t]!, 7));
  });

  it('finds the radii holding 50 % and 90 % of the mass', () => {
    const surface = surfaceOf(index, softmax);
    // 0.4 at the answer, 0.55 once the row 0.56 km away is in: the 50 % radius is that row's distance.
    expect(surface.radius50Km).toBeCloseTo(km(points[0]!, points[1]!), 6);
    // 0.4 + 0.15 + 0.15 + 0.1 = 0.8, then 0.92 with the row 556 km away.
    expect(surface.radius90Km).toBeCloseTo(km(points[0]!, points[4]!), 6);
  });

  it('groups the mass by country, the open sea under an empty code', () => {
    const surface = surfaceOf(index, softmax, { countries });
    expect(surface.countries.map((s) => s.name)).toEqual(['AA', 'BB', '']);
    expect(surface.countries[0]!.mass).toBeCloseTo(0.7, 7);
    expect(surface.countries[1]!.mass).toBeCloseTo(0.27, 7);
    expect(surface.countries[2]!.mass).toBeCloseTo(0.03, 7);
  });

  it('keeps the most probable places, most probable first, and their share', () => {
    const surface = surfaceOf(index, softmax, { keep: 3 });
    [0.4, 0.15, 0.15].forEach((p, n) => expect(surface.kept.p[n]).toBeCloseTo(p, 7));
    expect(Array.from(surface.kept.lon)).toEqual([0, 0.005, 0.1].map(Math.fround));
    expect(surface.keptMass).toBeCloseTo(0.7, 7);
  });

  it('groups regions with sharesOf and writes the CLI fields naming the kilometres', async () => {
    const regions = { ids: Int32Array.from([0, 1, 1, -1, -1, -1, -1, 0]), names: ['North', 'South'] };
    const shares = sharesOf(softmax, regions);
    expect(shares.map((s) => s.name)).toEqual(['North', 'South']);
    expect(shares[0]!.mass).toBeCloseTo(0.4, 7);
    expect(shares[1]!.mass).toBeCloseTo(0.3, 7);

    const described = await describeSurface(index, softmax, { countries: () => countries, regionsIn: async (code) => (code === 'AA' ? regions : { ids: new Int32Array(8).fill(-1), names: [] }) });
    expect(described.confidence.regionCountry).toBe('AA');
    const json = confidenceJson(described.confidence);
    expect(Object.keys(json)).toEqual([
      'mass_within_1km', 'mass_within_25km', 'mass_within_200km', 'mass_within_750km', 'mass_within_2500km',
      'radius_50_km', 'radius_90_km', 'country_shares', 'region_shares', 'allowed_rows', 'around',
    ]);
    expect(json.around).toEqual({ source: 'top', lat: 0, lon: 0 });
    expect(json.mass_within_25km).toBe(0.7);
    expect(json.region_shares).toEqual([
      { country_code: 'AA', region: 'North', share: 0.4 },
      { country_code: 'AA', region: 'South', share: 0.3 },
    ]);
  });
});

describe('probability surface against brute force', () => {
  it('matches haversine sums and sorted radii on a random gallery with a mask', () => {
    const { index } = fixture(4000, 16, 'int8', 11);
    const random = seededRandom(5);
    const allowed = Uint8Array.from({ length: index.count }, () => (random() < 0.7 ? 1 : 0));
    const query = randomMatrix(1, 16, 99);
    const result = searchIndex(index, query, 5, { allowed, keepSoftmax: true, logitScale: 30 });
    const softmax = result.softmax!;
    const surface = surfaceOf(index, softmax, { keep: 500 });

    const top = result.most[0]!;
    expect(surface.answer.row).toBe(top.i);
    const rows: { km: number; p: number }[] = [];
    for (let i = 0; i < index.count; i++) {
      if (!allowed[i]) continue;
      const p = Math.exp(softmax.logitScale * (softmax.scores[i]! - softmax.max)) / softmax.sum;
      rows.push({ km: haversineKm({ lat: index.latLon[2 * top.i]!, lon: index.latLon[2 * top.i + 1]! }, { lat: index.latLon[2 * i]!, lon: index.latLon[2 * i + 1]! }), p });
    }
    MASS_RADII_KM.forEach((r, t) => {
      const brute = rows.filter((row) => row.km <= r).reduce((a, row) => a + row.p, 0);
      expect(surface.massWithin[t]).toBeCloseTo(brute, 10);
    });
    rows.sort((a, b) => a.km - b.km);
    const radius = (share: number) => {
      let mass = 0;
      for (const row of rows) if ((mass += row.p) >= share) return row.km;
      return NaN;
    };
    expect(surface.radius50Km).toBeCloseTo(radius(0.5), 3);
    expect(surface.radius90Km).toBeCloseTo(radius(0.9), 3);
    expect(surface.allowedRows).toBe(rows.length);
    // The kept places carry the same probabilities as the matches.
    expect(surface.kept.p[0]).toBeCloseTo(top.p, 6);
    expect(surface.kept.p[4]).toBeCloseTo(result.most[4]!.p, 6);
  });

  it('gives rows left out by the mask no mass at all', () => {
    const { index } = fixture(500, 8, 'fp16', 3);
    const allowed = new Uint8Array(index.count);
    allowed[10] = 1;
    allowed[20] = 1;
    const result = searchIndex(index, randomMatrix(1, 8, 4), 2, { allowed, keepSoftmax: true });
    const surface = surfaceOf(index, result.softmax!);
    expect(surface.allowedRows).toBe(2);
    expect(surface.kept.p.length).toBe(2);
    expect(surface.keptMass).toBeCloseTo(1, 9);
    expect(surface.massWithin[4]).toBeLessThanOrEqual(1 + 1e-12);
    expect([10, 20]).toContain(surface.answer.row);
  });
});
