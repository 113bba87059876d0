import { describe, expect, it } from 'vitest';
import { buildCluemap } from '../../../src/core/cluemap/build';
import { cosineMatrix, cosineRow, embeddingRows, withoutRow } from '../../../src/core/cluemap/cosine';
import { addCue, editCue, rebuildCluemap, removeCue, withCue, withEditedCue, withoutCue, type CluemapInputs } from '../../../src/core/cluemap/edit';
import type { Cue } from '../../../src/core/cluemap/types';
import { CUE_CUE, CUE_PATCH, CUES } from './example';

const EXAMPLE: CluemapInputs = { cues: CUES, cuePatch: CUE_PATCH, cueCue: CUE_CUE };

describe('removing a cue', () => {
  it('re-ranks the rest without encoding anything again', () => {
    // Without c1 (the Street sign, set 1's primary) four cues remain and S_s averages over three:
    //   c0 (0.2 + 0.4 + 0.1) / 3 = 0.2333   S_r = (0.30 + 0.2333) / 2 = 0.2667
    //   c2 (0.2 + 0.1 + 0.7) / 3 = 0.3333   S_r = (0.26 + 0.3333) / 2 = 0.2967
    //   c3 (0.4 + 0.1 + 0.0) / 3 = 0.1667   S_r = (0.12 + 0.1667) / 2 = 0.1433
    //   c4 (0.1 + 0.7 + 0.0) / 3 = 0.2667   S_r = (0.21 + 0.2667) / 2 = 0.2383
    // Primaries: c2, c0, c4 (c4 was only attached before). c3 is closest to c0 (0.4): set 2.
    const after = removeCue(EXAMPLE, 1);
    expect(after.cues.map((cue) => cue.text)).toEqual(['Clock tower', 'Red bus', 'Cobblestones', 'Bus stop']);
    const cluemap = rebuildCluemap(after);
    expect(cluemap.clueSets.map((set) => [set.primary.text, set.attached.map((cue) => cue.text)])).toEqual([
      ['Red bus', []],
      ['Clock tower', ['Cobblestones']],
      ['Bus stop', []],
    ]);
    const strengths = cluemap.cues.map((cue) => cue.relationshipStrength);
    [0.8 / 3, 0.89 / 3, 0.43 / 3, 0.715 / 3].forEach((expected, i) => expect(strengths[i]).toBeCloseTo(expected, 12));
    // Indices refer to the new list.
    expect(cluemap.clueSets[0]!.primary.index).toBe(1);
  });

  it('slices the row and column out of the matrices', () => {
    const after = removeCue(EXAMPLE, 0);
    expect(after.cuePatch.rows).toBe(4);
    expect(after.cuePatch.cols).toBe(3);
    expect(Array.from(after.cuePatch.values).slice(0, 3)).toEqual([0.1, 0.28, 0.22]);
    expect(after.cueCue.rows).toBe(4);
    expect(Array.from(after.cueCue.values).slice(0, 4)).toEqual([1, 0.3, 0.5, 0.2]);
    expect(EXAMPLE.cues).toHaveLength(5);
  });

  it('can remove down to nothing', () => {
    let inputs = EXAMPLE;
    while (inputs.cues.length > 0) inputs = removeCue(inputs, 0);
    expect(rebuildCluemap(inputs)).toEqual({ cues: [], clueSets: [] });
  });

  it('refuses an index that is not there', () => {
    expect(() => removeCue(EXAMPLE, 5)).toThrow(RangeError);
    expect(() => removeCue(EXAMPLE, -1)).toThrow(RangeError);
    expect(() => removeCue(EXAMPLE, 1.5)).toThrow(RangeError);
  });
});

describe('adding and editing a cue', () => {
  // Embeddings small enough to reason about; the edit path must agree with encoding from scratch.
  const patchEmbeddings = embeddingRows(Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1]), 3);
  const clip = new Map<string, number[]>([
    ['a', [1, 0.2, 0]],
    ['b', [0, 1, 0.3]],
    ['c', [0.2, 0, 1]],
    ['d', [1, 1, 0]],
    ['e', [0, 0.4, 1]],
  ]);
  const sentence = new Map<string, number[]>([
    ['a', [1, 0, 0, 0]],
    ['b', [0.5, 1, 0, 0]],
    ['c', [0, 0.2, 1, 0]],
    ['d', [0, 0, 0.3, 1]],
    ['e', [1, 0, 0, 1]],
  ]);
  const cue = (text: string): Cue => ({ text, description: '' });
  const rows = (table: Map<string, number[]>, cues: readonly Cue[]) =>
    embeddingRows(Float32Array.from(cues.flatMap((c) => table.get(c.text)!)), table.get('a')!.length);
  const fromScratch = (cues: readonly Cue[]): CluemapInputs => ({
    cues,
    cuePatch: cosineMatrix(rows(clip, cues), patchEmbeddings),
    cueCue: cosineMatrix(rows(sentence, cues), rows(sentence, cues)),
  });
  const similaritiesOf = (text: string, others: readonly Cue[]) => ({
    toPatches: cosineRow(Float32Array.from(clip.get(text)!), patchEmbeddings),
    toCues: cosineRow(Float32Array.from(sentence.get(text)!), rows(sentence, others)),
  });

  it('adds a cue from its own embeddings only', () => {
    const start = fromScratch(['a', 'b', 'c', 'd'].map(cue));
    const added = addCue(start, cue('e'), similaritiesOf('e', start.cues));
    expect(rebuildCluemap(added)).toEqual(rebuildCluemap(fromScratch(['a', 'b', 'c', 'd', 'e'].map(cue))));
  });

  it('edits a cue from its new embeddings only', () => {
    const start = fromScratch(['a', 'b', 'c', 'd'].map(cue));
    const edited = editCue(start, 1, cue('e'), similaritiesOf('e', start.cues));
    const expected = rebuildCluemap(fromScratch(['a', 'e', 'c', 'd'].map(cue)));
    const actual = rebuildCluemap(edited);
    expect(actual.clueSets.map((set) => set.primary.text)).toEqual(expected.clueSets.map((set) => set.primary.text));
    actual.cues.forEach((scored, i) => expect(scored.relationshipStrength).toBeCloseTo(expected.cues[i]!.relationshipStrength, 6));
  });

  it('refuses similarity rows of the wrong length', () => {
    const start = fromScratch(['a', 'b'].map(cue));
    expect(() => addCue(start, cue('c'), { toPatches: [0.1, 0.2], toCues: [0.1, 0.2] })).toThrow(RangeError);
    expect(() => addCue(start, cue('c'), { toPatches: [0.1, 0.2, 0.3, 0.4], toCues: [0.1] })).toThrow(RangeError);
  });

  it('keeps stored embeddings in step with a removal', () => {
    const sentences = rows(sentence, ['a', 'b', 'c'].map(cue));
    expect(Array.from(withoutRow(sentences, 1).data)).toEqual([1, 0, 0, 0, 0, 0.2, 1, 0].map(Math.fround));
  });
});

describe('edits on the cue list', () => {
  it('removes, adds and replaces without touching the original', () => {
    const cues = CUES.slice(0, 2);
    expect(withoutCue(cues, 0)).toEqual([CUES[1]]);
    expect(withCue(cues, { text: '  Palm   trees ', description: ' tall\nfan palms ' }).at(-1)).toEqual({ text: 'Palm trees', description: 'tall fan palms' });
    expect(withEditedCue(cues, 1, { text: 'Road sign', description: '' })[1]).toEqual({ text: 'Road sign', description: '' });
    expect(cues).toEqual(CUES.slice(0, 2));
  });

  it('refuses an empty cue and a missing index', () => {
    expect(() => withCue([], { text: '   ', description: 'x' })).toThrow(RangeError);
    expect(() => withEditedCue(CUES, 9, CUES[0]!)).toThrow(RangeError);
  });
});

describe('edits agree with building from the edited list', () => {
  it('matches buildCluemap on the sliced inputs', () => {
    const after = removeCue(EXAMPLE, 3);
    expect(rebuildCluemap(after)).toEqual(buildCluemap(after.cues, after.cuePatch, after.cueCue));
  });
});
