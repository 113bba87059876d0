import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/core/retrieve/errors';
import { GEOCLIP_LOGIT_SCALE, checkEncoder, createSearcher, searchIndex, type Match } from '../../../src/core/retrieve/search';
import { seededRandom } from '../../../src/core/retrieve/random';
import type { CoordinateIndex } from '../../../src/core/retrieve/types';
import { buildIndexFromEmbeddings } from '../../../src/core/retrieve/build';
import { META, captureError, dequantised, fixture, randomMatrix, rankedRows, referenceDots } from './helpers';

// Scores may differ from the float64 reference by the int16 rounding of the query (SIMD kernel)
// and the float32 rounding of the result; a probability then moves by logitScale times that.
const TOLERANCE = 5e-5;

/**
 * The returned rows must be the reference top k, except that rows whose reference scores
 * lie within TOLERANCE of the k-th may trade places (the kernels round the query).
 */
function expectTopK(matches: Match[], reference: Float64Array, k: number, direction: 1 | -1, allowed?: Uint8Array): void {
  const signed = reference.map((score) => direction * score);
  const ranked = rankedRows(signed, allowed);
  const expected = ranked.slice(0, k);
  expect(matches.length).toBe(expected.length);
  const cutoff = signed[expected[expected.length - 1]!]!;
  const returned = new Set(matches.map((m) => m.i));
  for (const row of expected) {
    if (!returned.has(row)) expect(signed[row]! - cutoff).toBeLessThan(TOLERANCE);
  }
  for (const match of matches) {
    expect(signed[match.i]! - cutoff).toBeGreaterThan(-TOLERANCE);
    expect(Math.abs(match.score - reference[match.i]!)).toBeLessThan(TOLERANCE);
  }
}

function softmax(scores: Float64Array, allowed?: Uint8Array): Float64Array {
  let max = -Infinity;
  scores.forEach((s, i) => {
    if (!allowed || allowed[i]) max = Math.max(max, s);
  });
  const out = scores.map((s, i) => (!allowed || allowed[i] ? Math.exp(GEOCLIP_LOGIT_SCALE * (s - max)) : 0));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

function sumP(matches: Match[]): number {
  return matches.reduce((total, m) => total + m.p, 0);
}

describe('searchIndex', () => {
  for (const [element, kernel] of [
    ['int8', 'wasm-simd'],
    ['int8', 'js'],
    ['fp16', 'js'],
  ] as const) {
    it(`matches a brute-force float64 search (${element}, ${kernel} kernel)`, () => {
      const dim = 32;
      const { index } = fixture(3000, dim, element, 21);
      const stored = dequantised(index);
      const searcher = createSearcher(index, kernel);
      expect(searcher.kernel).toBe(kernel);
      for (let n = 0; n < 8; n++) {
        const query = randomMatrix(1, dim, 500 + n);
        const reference = referenceDots(stored, dim, query);
        const probabilities = softmax(reference);
        const { most, least } = searcher.search(query, 15);

        expectTopK(most, reference, 15, 1);
        expectTopK(least, reference, 15, -1);
        // With these seeds no near-ties straddle the cut, so the sets are exactly the reference's.
        expect(new Set(most.map((m) => m.i))).toEqual(new Set(rankedRows(reference).slice(0, 15)));
        expect(new Set(least.map((m) => m.i))).toEqual(new Set(rankedRows(reference.map((s) => -s)).slice(0, 15)));
        for (let r = 1; r < 15; r++) {
          expect(most[r]!.score).toBeLessThanOrEqual(most[r - 1]!.score);
          expect(least[r]!.score).toBeGreaterThanOrEqual(least[r - 1]!.score);
        }
        for (const match of [...most, ...least]) {
          expect(Math.abs(match.p / probabilities[match.i]! - 1)).toBeLessThan(GEOCLIP_LOGIT_SCALE * 2 * TOLERANCE);
          expect(match.lat).toBeCloseTo(index.latLon[2 * match.i]!, 4);
          expect(match.lon).toBeCloseTo(index.latLon[2 * match.i + 1]!, 4);
        }
      }
    });
  }

  it('gives probabilities that sum to 1 over the whole gallery', () => {
    const { index } = fixture(500, 32, 'int8', 3);
    const { most, least } = searchIndex(index, randomMatrix(1, 32, 4), 500);
    expect(most.length).toBe(500);
    expect(least.length).toBe(500);
    expect(sumP(most)).toBeCloseTo(1, 10);
    expect(most.map((m) => m.i).reverse()).toEqual(least.map((m) => m.i));
  });

  it('leaves rows outside the allowed mask out, with no probability mass', () => {
    const dim = 32;
    const { index } = fixture(2000, dim, 'int8', 5);
    const random = seededRandom(9);
    const allowed = Uint8Array.from({ length: 2000 }, () => (random() < 0.3 ? 1 : 0));
    const allowedCount = allowed.reduce((a, b) => a + b, 0);
    const query = randomMatrix(1, dim, 6);
    const reference = referenceDots(dequantised(index), dim, query);

    const top = searchIndex(index, query, 15, { allowed });
    expectTopK(top.most, reference, 15, 1, allowed);
    expectTopK(top.least, reference, 15, -1, allowed);

    const everything = searchIndex(index, query, 2000, { allowed });
    expect(everything.most.length).toBe(allowedCount);
    expect(everything.most.every((m) => allowed[m.i] === 1)).toBe(true);
    expect(sumP(everything.most)).toBeCloseTo(1, 10);
    const probabilities = softmax(reference, allowed);
    for (const match of top.most) expect(Math.abs(match.p / probabilities[match.i]! - 1)).toBeLessThan(GEOCLIP_LOGIT_SCALE * 2 * TOLERANCE);
  });

  it('normalises the query first', () => {
    const { index } = fixture(300, 32, 'int8', 8);
    const query = randomMatrix(1, 32, 9);
    const scaled = query.map((v) => v * 7.5);
    expect(searchIndex(index, scaled, 10)).toEqual(searchIndex(index, query, 10));
  });

  it('handles k of 0, k beyond the gallery, and an empty mask', () => {
    const { index } = fixture(20, 16, 'int8', 10);
    const query = randomMatrix(1, 16, 11);
    expect(searchIndex(index, query, 0)).toEqual({ most: [], least: [] });
    expect(searchIndex(index, query, 50).most.length).toBe(20);
    expect(searchIndex(index, query, 5, { allowed: new Uint8Array(20) })).toEqual({ most: [], least: [] });
  });

  it('rejects a query of the wrong dimension, a bad k, a zero query and a wrong-sized mask', () => {
    const { index } = fixture(20, 16, 'int8', 12);
    const codeOf = (run: () => unknown) => (captureError(run) as IndexError).code;
    const error = captureError(() => searchIndex(index, new Float32Array(512).fill(1), 5)) as IndexError;
    expect(error).toBeInstanceOf(IndexError);
    expect(error.code).toBe('dim-mismatch');
    expect(error.message).toMatch(/512 dimensions.*16-dimensional/);
    expect(codeOf(() => searchIndex(index, new Float32Array(16).fill(1), -1))).toBe('bad-input');
    expect(codeOf(() => searchIndex(index, new Float32Array(16).fill(1), 1.5))).toBe('bad-input');
    expect(codeOf(() => searchIndex(index, new Float32Array(16), 5))).toBe('bad-input');
    expect(codeOf(() => searchIndex(index, new Float32Array(16).fill(1), 5, { allowed: new Uint8Array(3) }))).toBe('bad-input');
  });
});

describe('checkEncoder', () => {
  const index: Pick<CoordinateIndex, 'meta'> = { meta: META };

  it('accepts the encoder the index was built with', () => {
    expect(() => checkEncoder(index, META.encoderId, META.encoderRevision)).not.toThrow();
  });

  it('names both encoders when they differ', () => {
    for (const [id, revision] of [
      ['someone/other-encoder', META.encoderRevision],
      [META.encoderId, 'def456'],
    ] as const) {
      const error = captureError(() => checkEncoder(index, id, revision)) as IndexError;
      expect(error).toBeInstanceOf(IndexError);
      expect(error.code).toBe('encoder-mismatch');
      expect(error.message).toContain(`"${META.encoderId}" (revision ${META.encoderRevision})`);
      expect(error.message).toContain(`"${id}" (revision ${revision})`);
    }
  });
});

describe('match coordinates', () => {
  it('come back as the decimals the gallery was written with, not float32 noise', () => {
    const coords = { lat: Float32Array.of(-33.9, 48.856614), lon: Float32Array.of(151.2, 2.352222) };
    const meta = { encoderId: 'e', encoderRevision: 'r', gallerySource: 's', createdAt: '2026-01-01T00:00:00Z' };
    const index = buildIndexFromEmbeddings(coords, Float32Array.of(1, 0, 0, 1), 2, meta);
    const { most } = searchIndex(index, Float32Array.of(1, 0.1), 2);
    expect(most.map((m) => [m.lat, m.lon])).toEqual([
      [-33.9, 151.2],
      [48.85661, 2.35222],
    ]);
  });
});
