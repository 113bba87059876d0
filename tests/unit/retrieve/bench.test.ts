import { describe, expect, it } from 'vitest';
import { benchQuery, randomIndex } from '../../../src/core/retrieve/bench';
import { encodeIndex } from '../../../src/core/retrieve/format';

describe('benchQuery', () => {
  it('times the requested runs with the injected clock', () => {
    let tick = 0;
    const index = randomIndex({ count: 500, dim: 32, seed: 1 });
    const result = benchQuery(index, { runs: 7, warmup: 2, now: () => (tick += 1.5) });
    expect(result.runs).toBe(7);
    expect(result.timingsMs).toEqual(Array(7).fill(1.5));
    expect(result.medianMs).toBe(1.5);
    expect(result.kernel).toBe('wasm-simd');
    expect([result.count, result.dim, result.k]).toEqual([500, 32, 15]);
  });

  it('builds the same random index for the same seed', () => {
    const a = encodeIndex(randomIndex({ count: 50, dim: 16, seed: 3 }));
    const b = encodeIndex(randomIndex({ count: 50, dim: 16, seed: 3 }));
    expect(a).toEqual(b);
    expect(encodeIndex(randomIndex({ count: 50, dim: 16, seed: 4 }))).not.toEqual(a);
  });
});
