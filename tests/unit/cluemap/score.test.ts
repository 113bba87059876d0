import { describe, expect, it } from 'vitest';
import { localConsistency, relationshipStrength, scoreCues, semanticCoherence } from '../../../src/core/cluemap/score';
import { matrix, matrixFromRows } from '../../../src/core/cluemap/types';
import { CUE_CUE, CUE_PATCH, EXPECTED } from './example';

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
}

describe('cue scores', () => {
  it('takes local consistency as the best patch, the first on a tie', () => {
    const local = localConsistency(CUE_PATCH);
    expectClose(
      local.map((l) => l.score),
      EXPECTED.local,
    );
    expect(local.map((l) => l.patch)).toEqual(EXPECTED.bestPatch);
  });

  it('takes semantic coherence as the mean similarity to the other cues', () => {
    expectClose(semanticCoherence(CUE_CUE), EXPECTED.semantic);
  });

  it('weighs the two equally in the relationship strength', () => {
    expect(relationshipStrength(0.3, 0.325)).toBeCloseTo(0.3125, 12);
    const scores = scoreCues(CUE_PATCH, CUE_CUE);
    expectClose(
      scores.map((s) => s.relationshipStrength),
      EXPECTED.strength,
    );
    expect(scores[3]).toMatchObject({ bestPatch: 0 });
  });

  it('gives a lone cue a semantic coherence of 0, so local consistency alone ranks it', () => {
    const [only] = scoreCues(matrixFromRows([[0.2, 0.4]]), matrixFromRows([[1]]));
    expect(only).toEqual({ localConsistency: 0.4, bestPatch: 1, semanticCoherence: 0, relationshipStrength: 0.2 });
  });

  it('handles no cues at all', () => {
    expect(scoreCues(matrix(0, 10, []), matrix(0, 0, []))).toEqual([]);
  });

  it('refuses mismatched shapes, missing patches and non-finite values', () => {
    expect(() => scoreCues(CUE_PATCH, matrixFromRows([[1]]))).toThrow(RangeError);
    expect(() => semanticCoherence(matrix(1, 2, [1, 0]))).toThrow(RangeError);
    expect(() => scoreCues(matrix(1, 0, []), matrixFromRows([[1]]))).toThrow(RangeError);
    expect(() => scoreCues(matrixFromRows([[Number.NaN]]), matrixFromRows([[1]]))).toThrow(RangeError);
  });
});
