import { describe, expect, it } from 'vitest';
import { fitTokenIds, padTokenRows } from '../../../src/core/cluemap/token-rows';

describe('fitTokenIds', () => {
  it('leaves rows that fit alone', () => {
    expect(fitTokenIds([9, 1, 2, 10], 77, 10)).toEqual([9, 1, 2, 10]);
    expect(fitTokenIds([9, 1, 10], 3, 10)).toEqual([9, 1, 10]);
  });

  it('cuts a long row to the context and ends it with the end marker', () => {
    const ids = [9, ...Array.from({ length: 100 }, (_, i) => i), 10];
    const fitted = fitTokenIds(ids, 77, 10);
    expect(fitted).toHaveLength(77);
    expect(fitted[0]).toBe(9);
    expect(fitted[75]).toBe(74);
    expect(fitted[76]).toBe(10);
  });

  it('refuses a context too small for the markers', () => {
    expect(() => fitTokenIds([1, 2, 3], 1, 3)).toThrow(RangeError);
  });
});

describe('padTokenRows', () => {
  it('pads on the right to the longest row, with masks', () => {
    expect(padTokenRows([[1, 2, 3], [4]], 0)).toEqual({ rows: 2, length: 3, ids: [1, 2, 3, 4, 0, 0], mask: [1, 1, 1, 1, 0, 0] });
  });

  it('handles no rows', () => {
    expect(padTokenRows([], 0)).toEqual({ rows: 0, length: 0, ids: [], mask: [] });
  });
});
