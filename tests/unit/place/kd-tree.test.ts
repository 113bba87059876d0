import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import { buildKdTree, nearestInTree, unitVectors } from '../../../src/core/place/kd-tree';
import { seededRandom } from '../../../src/core/retrieve/random';

function randomPoints(count: number, seed: number) {
  const random = seededRandom(seed);
  // Uniform on the sphere, plus points crowded at the poles and along the antimeridian.
  return Array.from({ length: count }, (_, i) => {
    if (i % 10 === 0) return { lat: 89 + random(), lon: random() * 360 - 180 };
    if (i % 10 === 1) return { lat: random() * 180 - 90, lon: random() < 0.5 ? 179.5 + random() / 2 : -180 + random() / 2 };
    return { lat: (Math.asin(2 * random() - 1) * 180) / Math.PI, lon: random() * 360 - 180 };
  });
}

describe('k-d tree on the sphere', () => {
  it('finds the same nearest point as a brute-force haversine search', () => {
    const points = randomPoints(3000, 1729);
    const tree = buildKdTree(unitVectors(points.map((p) => p.lat), points.map((p) => p.lon)), Uint32Array.from(points.keys()));
    for (const query of randomPoints(500, 99)) {
      const found = nearestInTree(tree, query);
      const best = Math.min(...points.map((p) => haversineKm(p, query)));
      expect(haversineKm(points[found.id]!, query)).toBeCloseTo(best, 6);
    }
  });

  it('crosses the antimeridian and the pole', () => {
    const points = [
      { lat: -17, lon: 179.9 },
      { lat: -17, lon: 170 },
      { lat: 89.9, lon: 0 },
      { lat: 80, lon: 180 },
    ];
    const tree = buildKdTree(unitVectors(points.map((p) => p.lat), points.map((p) => p.lon)), Uint32Array.from(points.keys()));
    expect(nearestInTree(tree, { lat: -17, lon: -179.9 }).id).toBe(0);
    expect(nearestInTree(tree, { lat: 89.95, lon: 180 }).id).toBe(2);
  });

  it('keeps separate trees in separate spans', () => {
    const points = [
      { lat: 0, lon: 0 },
      { lat: 0, lon: 1 },
      { lat: 0, lon: 50 },
      { lat: 0, lon: 60 },
    ];
    const tree = buildKdTree(unitVectors(points.map((p) => p.lat), points.map((p) => p.lon)), Uint32Array.of(0, 1, 2, 3), [[0, 2], [2, 4]]);
    expect(nearestInTree(tree, { lat: 0, lon: 0.2 }, 2, 4).id).toBe(2);
    expect(nearestInTree(tree, { lat: 0, lon: 55.2 }, 0, 2).id).toBe(1);
    expect(nearestInTree(tree, { lat: 0, lon: 0 }, 2, 2).id).toBe(-1);
  });
});
