import { describe, expect, it } from 'vitest';
import { buildCluemap, type Cluemap } from '../../../src/core/cluemap/build';
import { matrix, matrixFromRows } from '../../../src/core/cluemap/types';
import { CUE_CUE, CUE_PATCH, CUES, EXPECTED } from './example';

function shape(cluemap: Cluemap): { primary: number; attached: number[] }[] {
  return cluemap.clueSets.map((set) => ({ primary: set.primary.index, attached: set.attached.map((cue) => cue.index) }));
}

describe('buildCluemap', () => {
  it('makes the three strongest cues primaries and attaches the rest to the closest', () => {
    const cluemap = buildCluemap(CUES, CUE_PATCH, CUE_CUE);
    expect(cluemap.clueSets.map((set) => set.rank)).toEqual([1, 2, 3]);
    expect(shape(cluemap)).toEqual(EXPECTED.primaries.map((primary, p) => ({ primary, attached: EXPECTED.attached[p] })));
    expect(cluemap.clueSets[0]!.primary).toMatchObject({ text: 'Street sign', bestPatch: 1 });
  });

  it('keeps every cue, in the original order, with its scores', () => {
    const cluemap = buildCluemap(CUES, CUE_PATCH, CUE_CUE);
    expect(cluemap.cues.map((cue) => cue.text)).toEqual(CUES.map((cue) => cue.text));
    cluemap.cues.forEach((cue, i) => {
      expect(cue.index).toBe(i);
      expect(cue.relationshipStrength).toBeCloseTo(EXPECTED.strength[i]!, 12);
      expect(cue.bestPatch).toBe(EXPECTED.bestPatch[i]);
    });
    const placed = cluemap.clueSets.flatMap((set) => [set.primary.index, ...set.attached.map((cue) => cue.index)]);
    expect(placed.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('orders attached cues by strength and breaks ties by the earlier cue', () => {
    // One patch; cue 0 is the only strong one, the others tie on strength and all sit near cue 0.
    const cues = ['a', 'b', 'c', 'd', 'e', 'f'].map((text) => ({ text, description: '' }));
    const cuePatch = matrixFromRows([[0.9], [0.1], [0.1], [0.1], [0.3], [0.1]]);
    const cueCue = matrixFromRows([
      [1, 0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 0],
      [0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 1],
    ]);
    // Every S_s is 0, so S_r = S_l / 2: a 0.45, e 0.15, b c d f 0.05 each.
    // Primaries: a, e, then b (earliest of the tied). c, d, f are equally far (0) from every
    // primary, so they join the most important one, a, in cue order.
    expect(shape(buildCluemap(cues, cuePatch, cueCue))).toEqual([
      { primary: 0, attached: [2, 3, 5] },
      { primary: 4, attached: [] },
      { primary: 1, attached: [] },
    ]);
  });

  it('still forms a cluemap from fewer than three cues', () => {
    // Cues 0 and 1 of the example: S_s is 0.6 for both; S_r = (0.30 + 0.6) / 2 = 0.45 and (0.28 + 0.6) / 2 = 0.44.
    const two = buildCluemap(CUES.slice(0, 2), matrixFromRows([[0.3, 0.25, 0.2], [0.1, 0.28, 0.22]]), matrixFromRows([[1, 0.6], [0.6, 1]]));
    expect(shape(two)).toEqual([
      { primary: 0, attached: [] },
      { primary: 1, attached: [] },
    ]);
    expect(two.cues[0]!.relationshipStrength).toBeCloseTo(0.45, 12);
    expect(two.cues[1]!.relationshipStrength).toBeCloseTo(0.44, 12);

    const one = buildCluemap(CUES.slice(0, 1), matrixFromRows([[0.3, 0.25, 0.2]]), matrixFromRows([[1]]));
    expect(shape(one)).toEqual([{ primary: 0, attached: [] }]);
    expect(one.cues[0]!.relationshipStrength).toBeCloseTo(0.15, 12);

    expect(buildCluemap([], matrix(0, 3, []), matrix(0, 0, []))).toEqual({ cues: [], clueSets: [] });
  });

  it('refuses a cue list that does not match the similarities', () => {
    expect(() => buildCluemap(CUES.slice(0, 4), CUE_PATCH, CUE_CUE)).toThrow(RangeError);
  });
});
