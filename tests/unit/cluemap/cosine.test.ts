import { describe, expect, it } from 'vitest';
import { cosineMatrix, cosineRow, embeddingRows } from '../../../src/core/cluemap/cosine';
import { entry } from '../../../src/core/cluemap/types';

describe('cosine matrices', () => {
  it('normalises rows first, so scale does not matter', () => {
    // Rows (3, 4), (0, 2), (0, 0) against (1, 0), (0, -5):
    //   (3, 4) -> (0.6, 0.8): 0.6 and -0.8;  (0, 2) -> (0, 1): 0 and -1;  zero row: 0 and 0.
    const m = cosineMatrix(embeddingRows(Float32Array.from([3, 4, 0, 2, 0, 0]), 2), embeddingRows(Float32Array.from([1, 0, 0, -5]), 2));
    expect([m.rows, m.cols]).toEqual([3, 2]);
    expect(Array.from(m.values)).toEqual([0.6, -0.8, 0, -1, 0, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('gives 1 on the diagonal of a set against itself', () => {
    const rows = embeddingRows(Float32Array.from([1, 2, 3, -1, 0.5, 2]), 3);
    const m = cosineMatrix(rows, rows);
    expect(entry(m, 0, 0)).toBeCloseTo(1, 12);
    expect(entry(m, 1, 1)).toBeCloseTo(1, 12);
    expect(entry(m, 0, 1)).toBeCloseTo(entry(m, 1, 0), 12);
  });

  it('compares one vector with a set', () => {
    expect(Array.from(cosineRow(Float32Array.from([0, 3]), embeddingRows(Float32Array.from([1, 0, 1, 1]), 2)))).toEqual([0, expect.closeTo(Math.SQRT1_2, 6)]);
  });

  it('refuses data that does not split into rows, and mismatched widths', () => {
    expect(() => embeddingRows(new Float32Array(5), 2)).toThrow(RangeError);
    expect(() => cosineMatrix(embeddingRows(new Float32Array(4), 2), embeddingRows(new Float32Array(6), 3))).toThrow(RangeError);
  });
});
