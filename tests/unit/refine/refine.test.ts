import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/haversine';
import type { LatLon } from '../../../src/core/geo/types';
import { DEFAULT_REFINE_SCHEDULE, refineAround, type EncodePoints } from '../../../src/core/refine/refine';

/**
 * A synthetic location model whose similarity to the image falls with the distance to `target`:
 * the embedding is (cos θ, sin θ) with θ = distance / scale, and the image is (1, 0).
 */
function peakAt(target: LatLon, scaleKm = 2000): { encode: EncodePoints; calls: LatLon[][] } {
  const calls: LatLon[][] = [];
  const encode: EncodePoints = async (points) => {
    calls.push([...points]);
    return points.map((p) => {
      const angle = Math.min(Math.PI, haversineKm(p, target) / scaleKm);
      return new Float32Array([Math.cos(angle), Math.sin(angle)]);
    });
  };
  return { encode, calls };
}
const image = new Float32Array([1, 0]);

describe('refineAround', () => {
  it('converges coarse to fine on a known optimum between gallery places', async () => {
    const target = { lat: 46.2, lon: 6.15 };
    const starts = [{ lat: 46.5, lon: 6.6 }, { lat: 45.9, lon: 5.4 }, { lat: 47.4, lon: 8.5 }];
    const { encode } = peakAt(target);
    expect(Math.min(...starts.map((s) => haversineKm(s, target)))).toBeGreaterThan(40);
    const outcome = await refineAround({ imageEmbedding: image, starts, encode });
    expect(outcome.refined).not.toBeNull();
    expect(haversineKm(outcome.refined!, target)).toBeLessThan(1);
    expect(outcome.refined!.similarity).toBeGreaterThan(outcome.bestStart!.similarity);
  });

  it('gets closer with each finer level', async () => {
    const target = { lat: -33.9, lon: 18.42 };
    const starts = [{ lat: -33.5, lon: 18.9 }];
    const distances: number[] = [];
    const levels = DEFAULT_REFINE_SCHEDULE.levels;
    for (let n = 1; n <= levels.length; n++) {
      const outcome = await refineAround({ imageEmbedding: image, starts, encode: peakAt(target).encode, schedule: { starts: 1, levels: levels.slice(0, n) } });
      distances.push(haversineKm(outcome.refined!, target));
    }
    expect(distances[0]).toBeLessThan(25);
    expect(distances[1]).toBeLessThan(5);
    expect(distances[2]).toBeLessThan(1);
  });

  it('never answers below the best gallery start: no point when the start is the optimum', async () => {
    const start = { lat: 35.68, lon: 139.77 };
    const outcome = await refineAround({ imageEmbedding: image, starts: [start, { lat: 34.7, lon: 135.5 }], encode: peakAt(start).encode });
    expect(outcome.refined).toBeNull();
    expect(outcome.bestStart).toMatchObject({ rank: 1, lat: start.lat, lon: start.lon });
    expect(outcome.points).toBeGreaterThan(2);
  });

  it('compares with the best start by its own encoding, not by the order it was given in', async () => {
    // The second start is the optimum itself; a gain around the first start cannot beat it.
    const target = { lat: 52.52, lon: 13.4 };
    const outcome = await refineAround({ imageEmbedding: image, starts: [{ lat: 52.0, lon: 14.0 }, target], encode: peakAt(target).encode });
    expect(outcome.bestStart!.rank).toBe(2);
    expect(outcome.refined).toBeNull();
  });

  it('refines across the antimeridian and near a pole', async () => {
    for (const [target, start] of [
      [{ lat: -16.9, lon: -179.98 }, { lat: -17.2, lon: 179.7 }],
      [{ lat: 89.95, lon: 120 }, { lat: 89.6, lon: -60 }],
    ] as const) {
      const outcome = await refineAround({ imageEmbedding: image, starts: [start], encode: peakAt(target).encode });
      expect(haversineKm(outcome.refined!, target)).toBeLessThan(1);
    }
  });

  it('encodes each level of every start in one batch and each coordinate once', async () => {
    const target = { lat: 40.4, lon: -3.7 };
    // Two starts at the same place: their grids coincide and are encoded once.
    const starts = [{ lat: 40.6, lon: -3.9 }, { lat: 40.6, lon: -3.9 }, { lat: 41.4, lon: 2.2 }];
    const { encode, calls } = peakAt(target);
    const outcome = await refineAround({ imageEmbedding: image, starts, encode });
    expect(calls).toHaveLength(1 + DEFAULT_REFINE_SCHEDULE.levels.length);
    const all = calls.flat().map((p) => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`);
    expect(new Set(all).size).toBe(all.length);
    expect(outcome.points).toBe(all.length);
    expect(outcome.points).toBeLessThanOrEqual(3 + 3 * 24 + 2 * 24 + 24);
  });

  it('grids the finer levels around the best starts so far only', async () => {
    const target = { lat: 59.33, lon: 18.07 };
    const starts = [{ lat: 59.6, lon: 17.6 }, { lat: 10, lon: 10 }, { lat: -10, lon: -60 }, { lat: 30, lon: 100 }, { lat: 59.0, lon: 18.5 }];
    const { encode, calls } = peakAt(target);
    const outcome = await refineAround({ imageEmbedding: image, starts, encode });
    expect(calls.map((c) => c.length)).toEqual([5, 5 * 24, 2 * 24, 24]);
    expect(outcome.points).toBe(5 + 5 * 24 + 2 * 24 + 24);
    // The far starts never get a finer grid: every later point is near the two starts around the target.
    for (const point of [...calls[2]!, ...calls[3]!]) expect(haversineKm(point, target)).toBeLessThan(120);
    expect(haversineKm(outcome.refined!, target)).toBeLessThan(1);
  });

  it('stops between levels when cancelled', async () => {
    let calls = 0;
    const cancelAfterFirst = () => {
      if (calls > 0) throw new DOMException('Cancelled', 'AbortError');
    };
    const { encode } = peakAt({ lat: 0, lon: 0 });
    const counting: EncodePoints = (points) => {
      calls++;
      return encode(points);
    };
    await expect(refineAround({ imageEmbedding: image, starts: [{ lat: 1, lon: 1 }], encode: counting, throwIfAborted: cancelAfterFirst })).rejects.toThrow(/Cancelled/);
    expect(calls).toBe(1);
  });

  it('returns nothing to refine without starts, and refuses a model that drops rows', async () => {
    const none = await refineAround({ imageEmbedding: image, starts: [], encode: peakAt({ lat: 0, lon: 0 }).encode });
    expect(none).toMatchObject({ refined: null, bestStart: null, points: 0 });
    const short: EncodePoints = async (points) => points.slice(1).map(() => new Float32Array([1, 0]));
    await expect(refineAround({ imageEmbedding: image, starts: [{ lat: 1, lon: 1 }, { lat: 2, lon: 2 }], encode: short })).rejects.toThrow(/1 embeddings for 2 points/);
  });
});
